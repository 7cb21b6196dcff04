#!/usr/bin/env bash
# check --cache after a few files changed binds those and the files they reach only (a partial
# check, docs/incremental.md), as a property: a generated corpus goes through a seeded random
# sequence of edits, many of them reaching across files (an id misspelt and one declared that
# answers its "did you mean"; an actor declared again in an article, with the same kind or
# another; a place where a person is expected, whose note shows a line of actors.facts; lines
# added at the top of actors.facts, which move every line those notes show; an actor's
# declaration removed; an article copied with its ids, so that two files declare them; files
# added, deleted and renamed; syntax errors). After each, `check --cache` and a clean `check`
# print the same bytes and exit with the same status. FACTLOOM_CACHE_LOG tells which way each
# cached run went: most runs must be partial, and a partial run after one article's edit binds
# few files. The seed is printed; replay a failure with FACTLOOM_CACHE_SEED=SEED.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_edits.sh"
seed=${FACTLOOM_CACHE_SEED:-$(($(date +%s%N) % 1000000))}
steps=${FACTLOOM_CACHE_STEPS:-60}
echo "check_partial: seed $seed, $steps steps (replay with FACTLOOM_CACHE_SEED=$seed)"
RANDOM=$seed
c=$tmp/corpus
cache=$tmp/cache
export FACTLOOM_CACHE_LOG=$tmp/log
python3 tools/bench/generate-corpus --articles 40 --seed "$((seed % 89))" "$c" >/dev/null ||
  { echo "FAIL: generate-corpus"; exit 1; }

compare() {  # compare NAME: the cached and the clean check agree
  local sa sb
  "$bin" check --cache "$cache" "$c" >"$tmp/a.out" 2>"$tmp/a.err"; sa=$?
  "$bin" check "$c" >"$tmp/b.out" 2>"$tmp/b.err"; sb=$?
  check "$1: exit status (seed $seed)" "$sb" "$sa"
  if ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
    fail "$1: stderr differs (seed $seed; last run: $(tail -1 "$tmp/log"))"
    diff "$tmp/a.err" "$tmp/b.err" | head -20
  fi
  ok "$1: nothing on stdout" test ! -s "$tmp/a.out"
}
actor() {  # a= a random person of actors.facts
  local all
  mapfile -t all < <(grep -oE '^person [a-z0-9-]+' "$c/actors.facts" | cut -d' ' -f2)
  a=${all[$((RANDOM % ${#all[@]}))]}
}
place() { grep -m1 -oE '^place [a-z0-9-]+' "$c/actors.facts" | cut -d' ' -f2; }
edit() {  # one random edit of the corpus; sets `what`
  local f2 a n
  pick
  case $((RANDOM % 16)) in
  0 | 1 | 2) common_edit "$((RANDOM % 3))" "$step" ;;
  3) actor; printf '\nquote\n  speaker: %s\n  text: "Step %s"@en\n' "$a" "$step" >>"$f"
     what="a quote of $a added to $f" ;;
  4) actor; unknown=${a}x; printf '\nquote\n  speaker: %s\n  text: "Step %s"@en\n' "$unknown" "$step" >>"$f"
     what="an unknown id ($unknown) in $f" ;;
  5) pick; printf '\nperson %s "Step %s"@en\n' "$unknown" "$step" >>"$f"
     what="the unknown id $unknown declared in $f" ;;
  6) actor; printf '\nperson %s "Someone else %s"@en\n' "$a" "$step" >>"$f"
     what="$a declared again in $f" ;;
  7) actor; printf '\norganisation %s "Step %s"@en\n' "$a" "$step" >>"$f"
     what="$a declared again as an organisation in $f" ;;
  8) printf '\nquote\n  speaker: %s\n  text: "Step %s"@en\n' "$(place)" "$step" >>"$f"
     what="a place as a speaker in $f" ;;
  9) sed -i "2i # step $step" "$c/actors.facts"; what="a line at the top of actors.facts" ;;
  10) actor; n=$(grep -n -m1 -E "^person $a( |\$)" "$c/actors.facts" | cut -d: -f1)
      [ -n "$n" ] && sed -i "${n}d" "$c/actors.facts"; what="the declaration of $a removed" ;;
  11) cp "$f" "$c/articles/copy-$step.facts"; what="$f copied with its ids" ;;
  12) common_edit 3 "$step" ;;
  13) rm "$f"; what="file deleted ($f)" ;;
  14) mkdir -p "$c/articles/moved"; f2="$c/articles/moved/r$step-$(basename "$f")"
      mv "$f" "$f2"; what="file renamed ($f)" ;;
  15) printf 'meeting broken-%s "x\n  participant smith\n' "$step" >>"$f"
      what="a syntax error in $f" ;;
  esac
}

unknown=smith-0x
compare "first check"
ok "the first cached run is a full one" test "$(tail -1 "$tmp/log")" = full
for step in $(seq 1 "$steps"); do
  edit
  compare "step $step: $what"
  echo "step $step: $what: $(tail -1 "$tmp/log")" >>"$tmp/steps"
done
partial=$(grep -c '^partial' "$tmp/log")
echo "check_partial: $partial of $steps cached runs after an edit were partial"
ok "most runs after an edit are partial ($partial of $steps)" test "$partial" -ge $((steps / 2))

# One article's title changed in a corpus without errors: that file alone is bound.
rm -rf "$c" "$cache"
python3 tools/bench/generate-corpus --articles 40 --seed 5 "$c" >/dev/null
compare "a corpus without errors"
f=$(articles | sed -n 7p)
sed -i -E "0,/title: +\"/s//title:     \"Changed /" "$f"
compare "one title changed"
ok "one title changed: a partial run binding one file" \
  test "$(tail -1 "$tmp/log" | cut -d' ' -f1,2)" = "partial 1"
if [ "$fails" -gt 0 ]; then cat "$tmp/steps"; fi
finish check_partial
