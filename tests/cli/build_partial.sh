#!/usr/bin/env bash
# build --cache after a few files changed writes the previous output with the changed things'
# groups replaced (a partial build, docs/incremental.md), as a property: a generated corpus goes
# through a seeded random sequence of 40 edits (titles, dates, statuses and participants changed;
# quotes added; an actor renamed or declared again in an article; a source's address removed,
# which the shapes refuse; lines added at the top of actors.facts; files copied, added, deleted
# and renamed; syntax errors; an edit undone; an event's status told again by another article, so
# that its claims are settled across the two; a Wikidata item, whose owl:sameAs the output may
# not have described yet; a corpus with errors put back as it was). After each, `build --cache` and a clean `build`
# give the same output bytes, the same stderr bytes and the same exit status, in Turtle and (every
# third step) in N-Triples. FACTLOOM_CACHE_LOG tells which way each cached run went: many runs
# must be partial. The seed is printed; replay a failure with FACTLOOM_CACHE_SEED=SEED.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_edits.sh"
seed=${FACTLOOM_CACHE_SEED:-$(($(date +%s%N) % 1000000))}
steps=${FACTLOOM_CACHE_STEPS:-40}
echo "build_partial: seed $seed, $steps steps (replay with FACTLOOM_CACHE_SEED=$seed)"
RANDOM=$seed
c=$tmp/corpus
export FACTLOOM_CACHE_LOG=$tmp/log
python3 tools/bench/generate-corpus --articles 40 --seed "$((seed % 89))" "$c" >/dev/null ||
  { echo "FAIL: generate-corpus"; exit 1; }

compare() {  # compare NAME FORMAT: the cached and the clean build agree
  local sa
  "$bin" build --cache "$tmp/cache-$2" -f "$2" -o "$tmp/a.$2" "$c" >/dev/null 2>"$tmp/a.err"
  sa=$?
  rm -f "$tmp/b.$2"
  "$bin" build -f "$2" -o "$tmp/b.$2" "$c" >/dev/null 2>"$tmp/b.err"; sb=$?
  check "$1 ($2): exit status (seed $seed)" "$sb" "$sa"
  if ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
    fail "$1 ($2): stderr differs (seed $seed; last run: $(tail -1 "$tmp/log"))"
    diff "$tmp/a.err" "$tmp/b.err" | head -10
  fi
  if [ "$sb" = 0 ] && ! cmp -s "$tmp/a.$2" "$tmp/b.$2"; then
    fail "$1 ($2): the outputs differ (seed $seed; last run: $(tail -1 "$tmp/log"))"
    diff "$tmp/a.$2" "$tmp/b.$2" | head -20
  fi
  ok "$1 ($2): no temporary file left" test -z "$(find "$tmp" -maxdepth 1 -name '*.tmp*')"
}
actor() {  # a= a random person of actors.facts
  local all
  mapfile -t all < <(grep -oE '^person [a-z0-9-]+' "$c/actors.facts" | cut -d' ' -f2)
  a=${all[$((RANDOM % ${#all[@]}))]}
}
edit() {  # one random edit of the corpus; sets `what`
  local n
  pick
  case $((RANDOM % 19)) in
  0 | 1) common_edit "$((RANDOM % 3))" "$step" ;;
  2) sed -i -E '0,/status: +[a-z]+/s//status: planned/' "$f"; what="a status (claim) in $f" ;;
  3) actor; sed -i -E "0,/participant: +[a-z0-9-]+/s//participant: $a/" "$f"
     what="a participant replaced by $a in $f" ;;
  4) actor; printf '\nquote\n  speaker: %s\n  text: "Step %s"@en\n' "$a" "$step" >>"$f"
     what="a quote of $a added to $f" ;;
  5) actor; sed -i -E "s/^(person $a \")[^\"]*/\\1Renamed $step/" "$c/actors.facts"
     what="$a renamed in actors.facts" ;;
  6) actor; printf '\nperson %s\n' "$a" >>"$f"; what="$a declared again in $f" ;;
  7) sed -i -E '/^ +url: /d' "$f"; what="the address of the source of $f removed" ;;
  8) sed -i "2i # step $step" "$c/actors.facts"; what="a line at the top of actors.facts" ;;
  9) cp "$f" "$c/articles/copy-$step.facts"; what="$f copied with its ids" ;;
  10) common_edit 3 "$step" ;;
  11) rm "$f"; what="file deleted ($f)" ;;
  12) mkdir -p "$c/articles/moved"; mv "$f" "$c/articles/moved/r$step-$(basename "$f")"
      what="file renamed ($f)" ;;
  13) printf 'meeting broken-%s "x\n  participant smith\n' "$step" >>"$f"
      what="a syntax error in $f" ;;
  14) n=$(grep -n -m1 -E '^ +published: ' "$f" | cut -d: -f1)
      [ -n "$n" ] && sed -i -E "${n}s/[0-9]{4}-[0-9]{2}-[0-9]{2}/2031-01-0$((RANDOM % 9 + 1))/" "$f"
      what="the publication date of $f" ;;
  15) cp "$f" "$tmp/saved"; sed -i -E "0,/title: +\"/s//title:     \"Undone /" "$f"
      compare "step $step: a title changed in $f" turtle
      cp "$tmp/saved" "$f"; what="the title of $f put back" ;;
  16 | 17) other; printf '\nevent %s\n  status: %s\n' "$e" "$(grep -m1 -oE 'status: +[a-z]+' "$f" |
        grep -oE '[a-z]+$' || echo held)" >>"$f"
      what="the status of $e (an event of another article) told again in $f" ;;
  18) sed -i -E "0,/^event .*/s//&\n  wikidata: Q$((RANDOM % 3 + 1))$step/" "$f"
      what="a Wikidata item (owl:sameAs) for the event of $f" ;;
  esac
}
other() {  # e= the first event of another article than $f
  local all g
  mapfile -t all < <(articles)
  g=${all[$((RANDOM % ${#all[@]}))]}
  e=$(grep -m1 -oE '^event [a-z0-9-]+' "$g" | cut -d' ' -f2)
  [ "$g" != "$f" ] && [ -n "$e" ] || e=$(grep -m1 -oE '^event [a-z0-9-]+' "$f" | cut -d' ' -f2)
}

compare "first build" turtle
compare "first build" ntriples
ok "the first cached run is a full one" test "$(tail -1 "$tmp/log")" = full
cp -r "$c" "$tmp/good"
for step in $(seq 1 "$steps"); do
  edit
  compare "step $step: $what" turtle
  echo "step $step: $what: $(tail -1 "$tmp/log")" >>"$tmp/steps"
  if [ $((step % 3)) = 0 ]; then compare "step $step: $what" ntriples; fi
  # After a build that failed, the corpus is put back as it was at the last good build (which
  # the failed one kept: the next build starts from it, a partial build binding no file).
  if [ "$sb" = 0 ]; then
    rm -rf "$tmp/good"; cp -r "$c" "$tmp/good"
  else
    rm -rf "$c"; cp -r "$tmp/good" "$c"
    compare "step $step: put back" turtle
  fi
done
partial=$(grep -c ': partial [0-9]' "$tmp/steps")
echo "build_partial: $partial of $steps cached Turtle builds after an edit were partial"
ok "many builds after an edit are partial ($partial of $steps)" test "$partial" -ge $((steps / 4))

# One article's title changed in a corpus without errors: that file alone is bound, and the
# output is the clean build's.
rm -rf "$c" "$tmp"/cache-*
python3 tools/bench/generate-corpus --articles 40 --seed 5 "$c" >/dev/null
compare "a corpus without errors" turtle
f=$(articles | sed -n 7p)
sed -i -E "0,/title: +\"/s//title:     \"Changed /" "$f"
compare "one title changed" turtle
ok "one title changed: a partial build binding one file" \
  test "$(tail -1 "$tmp/log" | cut -d' ' -f1,2)" = "partial 1"
# A failed build keeps the last good one: two failed builds in a row (a syntax error in one
# article, then in another), then both put right, and the build is partial again, binding the two.
g=$(articles | sed -n 11p)
cp "$f" "$tmp/f.saved"; cp "$g" "$tmp/g.saved"
printf 'meeting broken "x\n' >>"$f"
compare "a syntax error" turtle
ok "a syntax error: the build fails" test "$sb" = 1
printf 'meeting broken "x\n' >>"$g"
compare "another syntax error" turtle
cp "$tmp/f.saved" "$f"; cp "$tmp/g.saved" "$g"
sed -i -E "0,/title: +\"/s//title:     \"Again /" "$f" "$g"
compare "both put right, their titles changed" turtle
ok "both put right: a partial build from the last good one, binding the two files" \
  test "$(tail -1 "$tmp/log" | cut -d' ' -f1,2)" = "partial 2"
if [ "$fails" -gt 0 ] || [ -n "${FACTLOOM_CACHE_VERBOSE:-}" ]; then cat "$tmp/steps"; fi
finish build_partial
