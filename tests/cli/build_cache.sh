#!/usr/bin/env bash
# build --cache DIR and check --cache DIR, as a property: a generated corpus goes through a seeded
# random sequence of edits (a title or date changed, a claim's value changed, a line added or
# deleted, a file added, deleted or renamed, an id renamed everywhere, an id broken where it is
# declared and fixed, a syntax error introduced and fixed, a same-size edit with the modification
# time put back, a file only touched); after each, `build --cache` and a clean `build` give the
# same output bytes, the same stderr bytes and the same exit status, and so do `check --cache`
# and `check`. An unchanged run is answered from the cache (the cache file is not written again);
# a changed output, an ontology changed in place, other options, and a damaged or foreign cache
# (truncated, bytes flipped, a random file, empty, another magic, a folder in its place) give a
# full run with the same bytes and nothing more said. The seed is printed; replay a failure with
# FACTLOOM_CACHE_SEED=SEED.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_edits.sh"
seed=${FACTLOOM_CACHE_SEED:-$(($(date +%s%N) % 1000000))}
echo "build_cache: seed $seed (replay with FACTLOOM_CACHE_SEED=$seed)"
RANDOM=$seed
c=$tmp/corpus
cache=$tmp/cache
python3 tools/bench/generate-corpus --articles 24 --seed "$((seed % 97))" "$c" >/dev/null ||
  { echo "FAIL: generate-corpus"; exit 1; }
cp -r "$c" "$tmp/pristine"

stamp() { stat -c '%i %s %.9Y %.9Z' "$1" 2>/dev/null; }
compare() {  # compare NAME [OPTIONS...]: cached and clean runs agree
  local name=$1 sa
  shift
  rm -f "$tmp/b.out"
  "$bin" build --cache "$cache" "$@" -o "$tmp/a.out" "$c" 2>"$tmp/a.err"; sa=$?
  "$bin" build "$@" -o "$tmp/b.out" "$c" 2>"$tmp/b.err"; sb=$?
  [ -z "${FACTLOOM_CACHE_VERBOSE:-}" ] || echo "$name: exit $sb"
  check "$name: exit status (seed $seed)" "$sb" "$sa"
  if ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
    echo "FAIL: $name: stderr differs (seed $seed)"; diff "$tmp/a.err" "$tmp/b.err" | head -10
    fails=$((fails + 1))
  fi
  if [ "$sb" = 0 ]; then ok "$name: same bytes (seed $seed)" cmp -s "$tmp/a.out" "$tmp/b.out"; fi
  "$bin" check --cache "$cache" "$c" 2>"$tmp/a.err"; sa=$?
  "$bin" check "$c" 2>"$tmp/b.err"; sb=$?
  check "$name: check exit status (seed $seed)" "$sb" "$sa"
  ok "$name: check stderr (seed $seed)" cmp -s "$tmp/a.err" "$tmp/b.err"
}
answered() {  # answered NAME [OPTIONS...]: the run is answered from the cache, the same bytes
  local name=$1 before out_before
  shift
  before=$(stamp "$cache/build.flc")
  out_before=$(stamp "$tmp/a.out")
  sleep 0.05
  compare "$name" "$@"
  ok "$name: answered from the cache (not written again)" test "$(stamp "$cache/build.flc")" = "$before"
  ok "$name: the output left in place" test "$(stamp "$tmp/a.out")" = "$out_before"
}
recorded() {  # recorded NAME [OPTIONS...]: a full run that writes the cache again
  local name=$1 before
  shift
  before=$(stamp "$cache/build.flc")
  sleep 0.05
  compare "$name" "$@"
  ok "$name: a full run (the cache written again)" test "$(stamp "$cache/build.flc")" != "$before"
}
declared_id() { grep -m1 -oE '^person [a-z0-9-]+' "$c/actors.facts" | cut -d' ' -f2; }
rename_everywhere() {  # rename_everywhere OLD NEW [FILES...]: whole words
  local old=$1 new=$2
  shift 2
  sed -i -E "s/(^|[^a-z0-9-])$old([^a-z0-9-]|$)/\\1$new\\2/g" "$@"
}
edit() {  # one random edit of the corpus; sets `what`
  local f id all
  pick
  case $((RANDOM % 11)) in
  0 | 1) common_edit "$((RANDOM % 2))" "$step" ;;
  2) # Another status than the one there (the same one would leave the file's bytes as they were).
     to=planned; [ "$(grep -m1 -oE 'status: +[a-z]+' "$f" | awk '{print $2}')" = planned ] && to=held
     grep -qE 'status: +[a-z]+' "$f" || printf '# step %s\n' "$step" >>"$f"
     sed -i -E "0,/status: +[a-z]+/s//status: $to/" "$f"; what="a status (claim) in $f" ;;
  3) common_edit 2 "$step" ;;
  4) printf '\nquote\n  speaker: %s\n  text: "Step %s"@en\n' "$(declared_id)" "$step" >>"$f"
     what="a block added to $f" ;;
  5) common_edit 3 "$step" ;;
  6) rm "$f"; what="file deleted ($f)" ;;
  7) mkdir -p "$c/articles/moved"; mv "$f" "$c/articles/moved/r$step-$(basename "$f")"
     what="file renamed ($f)" ;;
  8) id=$(declared_id); mapfile -t all < <(find "$c" -name '*.facts')
     rename_everywhere "$id" "${id}r$step" "${all[@]}"; what="id $id renamed everywhere" ;;
  9) id=$(declared_id); rename_everywhere "$id" "${id}b$step" "$c/actors.facts"
     compare "step $step: id $id broken where it is declared"
     mapfile -t all < <(find "$c" -name '*.facts')
     rename_everywhere "$id" "${id}b$step" "${all[@]}"; what="id $id fixed where it is used" ;;
  10) cp "$f" "$tmp/saved.facts"; printf 'meeting broken-%s "x\n  participant smith\n' "$step" >>"$f"
     compare "step $step: syntax error in $f"
     cp "$tmp/saved.facts" "$f"; what="syntax error fixed in $f" ;;
  esac
}

compare "first build"
ok "a build cache was written" test -s "$cache/build.flc"
ok "a check cache was written" test -s "$cache/check.flc"
answered "unchanged"
answered "unchanged, other --jobs" --jobs 1
for step in $(seq 1 6); do
  edit
  recorded "step $step: $what"
  answered "step $step: unchanged after it"
done

# The corpus as generated (without errors) for the rest.
rm -rf "$c"
cp -r "$tmp/pristine" "$c"
recorded "the corpus as generated"
ok "the corpus as generated builds" test "$sb" = 0

# Edits that a stat alone would miss, and a touch that changes nothing.
pick
old=$(stat -c %y "$f")
size=$(stat -c %s "$f")
old_ns=$(stat -c %.9Y "$f")
sed -i -E '0,/(title: +")./s//\1~/' "$f"
touch -d "$old" "$f"
ok "the size and modification time are the same" test "$(stat -c '%s %.9Y' "$f")" = "$size $old_ns"
recorded "same size, the modification time put back"
size=$(stat -c %s "$f")
touch "$f"
sed -i -E '0,/(title: +")./s//\1^/' "$f"
ok "the size is the same" test "$(stat -c %s "$f")" = "$size"
recorded "same size, at once after a run"
touch "$f"
answered "a file touched, its bytes the same"

# The output: changed, removed, or another one.
printf 'x' >>"$tmp/a.out"
recorded "the output changed"
rm -f "$tmp/a.out"
recorded "the output removed"
recorded "N-Triples" -f ntriples
answered "N-Triples again" -f ntriples
recorded "TriG" -f trig
recorded "Turtle again"
recorded "--max-diagnostics 1" --max-diagnostics 1
recorded "--no-validate" --no-validate

# A run with errors is replayed with its diagnostics and status; the output is not touched.
pick
printf 'meeting broken "x\n' >>"$f"
recorded "a syntax error"
answered "the syntax error again"

# The options that turn the cache off or are refused with it.
expect "--cache needs --output" 2 "$bin" build --cache "$cache" "$c"
contains "--cache needs --output: says so" err "--cache needs --output FILE"
expect "--cache with --watch" 2 "$bin" build --cache "$cache" --watch -o "$tmp/w.out" "$c"
before=$(stamp "$cache/build.flc")
"$bin" build --cache "$cache" --no-cache -o "$tmp/a.out" "$c" 2>/dev/null
ok "--no-cache: the cache not written" test "$(stamp "$cache/build.flc")" = "$before"
sed -i '$d' "$f"
recorded "the syntax error fixed"

# A damaged or foreign cache is rebuilt, never trusted, and not talked about.
size=$(stat -c %s "$cache/build.flc")
truncate -s $((size / 2)) "$cache/build.flc"
recorded "truncated cache"
answered "after the truncated cache was written again"
for at in 20 $((size / 2)) $((size - 5)); do
  printf '\377' | dd of="$cache/build.flc" bs=1 seek="$at" conv=notrunc status=none
  recorded "a byte flipped at $at"
done
head -c 4096 /dev/urandom >"$cache/build.flc"
recorded "random file"
ok "a good cache again" test "$(head -c 6 "$cache/build.flc")" = FLINCR
: >"$cache/build.flc"
recorded "empty file"
sed -i '1s/^FLINCR/FLINCX/' "$cache/build.flc"
recorded "foreign magic"
rm -rf "$cache"
mkdir -p "$cache/build.flc"
compare "a folder where the cache file goes"
rm -rf "$cache"
printf 'not a folder' >"$cache"
compare "a file where the cache folder goes"
rm -f "$cache"
compare "the cache made again"

# An ontology change: a property the embedded ontology lacks, used by one article; then the same
# ontology file changed in place.
mkdir "$tmp/onto"
cp ontology/factloom.ttl "$tmp/onto/"
cat >>"$tmp/onto/factloom.ttl" <<'TTL'

fl:mediatedBy a owl:ObjectProperty ;
    fl:keyword "mediator" ;
    rdfs:label "mediated by"@en ;
    rdfs:comment "A third party that mediates the event."@en ;
    rdfs:domain fl:Event ;
    rdfs:range fl:Agent .
TTL
pick
actor=$(declared_id)
printf '\nmeeting cache-extra "Extra"@en\n  participant: %s, %s\n  mediator: %s\n  status: held\n' \
  "$actor" "$(grep -oE '^state [a-z0-9-]+' "$c/actors.facts" | head -1 | cut -d' ' -f2)" \
  "$actor" >>"$f"
recorded "extended ontology" --ontology "$tmp/onto/factloom.ttl"
answered "extended ontology again" --ontology "$tmp/onto/factloom.ttl"
sed -i 's/"mediated by"@en/"mediated through"@en/' "$tmp/onto/factloom.ttl"
recorded "the ontology changed in place" --ontology "$tmp/onto/factloom.ttl"
recorded "embedded ontology again (mediator unknown)"

finish build_cache
