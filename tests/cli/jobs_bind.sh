#!/usr/bin/env bash
# --jobs: fact files are bound on worker threads (Binder::bind_file) and merged in file order.
# A generated corpus with binding errors spread over many files -- unknown ids with "did you
# mean" hints, unknown properties, a value given twice, names and single values that disagree across files, claims that conflict across files -- gives the
# same diagnostics, in the same order, and the same output with --jobs 1, 2 and 3; so does the
# corpus with the errors fixed but the cross-file facts kept (named graphs too).
# Usage: bash jobs_bind.sh FACTLOOM_BINARY SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"

python3 "$src/tools/bench/generate-corpus" --articles 200 --seed 5 "$tmp/c" >/dev/null ||
  { echo "FAIL: generate-corpus"; exit 1; }
person=$(sed -n 's/^person \([^ ]*\) .*/\1/p' "$tmp/c/actors.facts" | head -1)
state=$(sed -n 's/^state \([^ ]*\) .*/\1/p' "$tmp/c/actors.facts" | head -1)
topic=$(sed -n 's/^topic \([^ ]*\) .*/\1/p' "$tmp/c/actors.facts" | head -1)
[ -n "$person" ] && [ -n "$state" ] && [ -n "$topic" ] ||
  { echo "FAIL: no person, state or topic in actors.facts"; exit 1; }

# Every seventh article gets facts about shared things; half of them also get mistakes.
n=0
for f in "$tmp"/c/articles/*/*.facts; do
  n=$((n + 1))
  [ $((n % 7)) = 0 ] || continue
  cat >>"$f" <<FACTS

person $person "Another name $n"@en

event shared-talks-$((n % 3)) "Shared talks"@en
  status: $([ $((n % 2)) = 0 ] && echo held || echo planned)

stance shared-stance
  holder:   $([ $((n % 2)) = 0 ] && echo "$person" || echo "$state")
  position: supports
  toward:   $topic
FACTS
  [ $((n % 14)) = 0 ] || continue
  cat >>"$f" <<FACTS

meeting extra-$n "Extra $n"@en
  participant: ${person}x, $person, $person
  participent: $state
  status:      held
FACTS
done
# Claims as of one day from two sources: a conflict the merge order decides.
for k in 1 2; do
  cat >"$tmp/c/zz-same-day-$k.facts" <<FACTS
source same-day-$k
  title:     "Same day $k"@en
  url:       <https://example.org/same-day/$k>
  published: 2025-12-17

event shared-talks-0 "Shared talks"@en
  status: $([ $k = 1 ] && echo held || echo cancelled)
FACTS
done

for j in 1 2 3; do
  "$bin" build --jobs "$j" --max-diagnostics 0 -f trig "$tmp/c" >"$tmp/bad-$j.trig" 2>"$tmp/bad-$j.err"
  check "errors --jobs $j" 1 $?
  ok "errors --jobs $j: the diagnostics of --jobs 1" cmp "$tmp/bad-1.err" "$tmp/bad-$j.err"
done
contains "an unknown id with a hint" bad-1.err "unknown id '${person}x'"
contains "the hint" bad-1.err "did you mean '$person'?"
contains "an unknown property with a hint" bad-1.err "did you mean 'participant'?"
contains "a value given twice" bad-1.err "this value is given twice"
contains "names across files" bad-1.err "conflicting 'name' for '$person'"
contains "single values across files" bad-1.err "conflicting 'holder' for 'shared-stance'"
contains "claims across files" bad-1.err "conflicting 'status' for 'shared-talks-0'"
ok "errors: many" test "$(grep -c ': error: ' "$tmp/bad-1.err")" -gt 40

# The corpus without the mistakes and the conflicts (the shared facts stay): the same bytes.
sed -i -e '/^  participent:/d' -e 's/^  participant: [^ ]*x, [^ ]*, /  participant: /' \
  -e '/^person '"$person"' "Another name/d' -e 's/^  holder:   '"$state"'$/  holder:   '"$person"'/' \
  "$tmp"/c/articles/*/*.facts
rm "$tmp"/c/zz-same-day-2.facts
for format in turtle nquads; do
  for j in 1 2 3; do
    "$bin" build --jobs "$j" -f "$format" "$tmp/c" >"$tmp/out-$format-$j" 2>"$tmp/out-$format-$j.err"
    check "clean $format --jobs $j" 0 $?
    ok "clean $format --jobs $j: the output of --jobs 1" cmp "$tmp/out-$format-1" "$tmp/out-$format-$j"
    ok "clean $format --jobs $j: the stderr of --jobs 1" \
      cmp "$tmp/out-$format-1.err" "$tmp/out-$format-$j.err"
  done
done
ok "clean: claims written" grep -q "shared-talks-0/claim/" "$tmp/out-turtle-1"

finish jobs_bind
