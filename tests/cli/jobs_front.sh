#!/usr/bin/env bash
# --jobs: the front end (reading, parsing, binding) on several threads gives the same bytes as on
# one: the output (Turtle, TriG, N-Quads) of a generated corpus of 300 articles, and the diagnostics
# (errors, warnings, conflicts across files) of that corpus with broken files added, with
# --jobs 1, 2 and 3 and without --jobs. --jobs 0 and --jobs x are usage errors.
# Usage: bash jobs_front.sh FACTLOOM_BINARY SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"

python3 "$src/tools/bench/generate-corpus" --articles 300 --seed 7 "$tmp/clean" >/dev/null ||
  { echo "FAIL: generate-corpus"; exit 1; }

# A clean corpus: the same output and the same (empty) stderr for every number of threads.
for format in turtle trig nquads; do
  "$bin" build -f "$format" "$tmp/clean" >"$tmp/clean-$format-default" 2>"$tmp/clean-$format-default.err"
  check "clean $format, default jobs" 0 $?
  for j in 1 2 3; do
    "$bin" build -f "$format" --jobs "$j" "$tmp/clean" >"$tmp/clean-$format-$j" 2>"$tmp/clean-$format-$j.err"
    check "clean $format --jobs $j" 0 $?
    ok "clean $format --jobs $j: the output of --jobs 1" cmp "$tmp/clean-$format-1" "$tmp/clean-$format-$j"
    ok "clean $format --jobs $j: the stderr of --jobs 1" cmp "$tmp/clean-$format-1.err" "$tmp/clean-$format-$j.err"
  done
  ok "clean $format: default jobs, the output of --jobs 1" cmp "$tmp/clean-$format-1" "$tmp/clean-$format-default"
  ok "clean $format: not empty" test -s "$tmp/clean-$format-1"
done

# A warning only (a planned meeting dated before its article): output and the warning, the same.
cp -r "$tmp/clean" "$tmp/warn"
cat >"$tmp/warn/zz-warning.facts" <<'FACTS'
source wire-planned-2025-12-17
  title:     "Talks planned"@en
  url:       <https://example.org/wire/planned>
  published: 2025-12-17

person pat-one "Pat One"@en
person pat-two "Pat Two"@en

meeting talks-in-the-past "Talks"@en
  participant: pat-one, pat-two
  status:      planned
  date:        2025-12-01
FACTS
for j in 1 2 3; do
  "$bin" build -j "$j" "$tmp/warn" >"$tmp/warn-$j" 2>"$tmp/warn-$j.err"
  check "warning --jobs $j" 0 $?
  ok "warning --jobs $j: the output of --jobs 1" cmp "$tmp/warn-1" "$tmp/warn-$j"
  ok "warning --jobs $j: the stderr of --jobs 1" cmp "$tmp/warn-1.err" "$tmp/warn-$j.err"
done
ok "warning: reported" grep -q "warning: 'talks-in-the-past' is planned" "$tmp/warn-1.err"

# Errors in many files (syntax and binding), cross-file conflicts, an unreadable file: the same
# diagnostics, in the same order, for every number of threads and for `check` and `build`.
cp -r "$tmp/clean" "$tmp/bad"
cp "$src"/tests/data/bad/*.facts "$tmp/bad/articles/"
mkdir -p "$tmp/bad/conflict" "$tmp/bad/holder"
cp "$src"/tests/data/claims/conflict/*.facts "$tmp/bad/conflict/"
cp "$src"/tests/data/claims/holder/*.facts "$tmp/bad/holder/"
cp "$tmp/warn/zz-warning.facts" "$tmp/bad/"
for command in check build; do
  for j in 1 2 3; do
    "$bin" "$command" --jobs "$j" "$tmp/bad" >/dev/null 2>"$tmp/bad-$command-$j.err"
    check "errors $command --jobs $j" 1 $?
    ok "errors $command --jobs $j: the stderr of --jobs 1" cmp "$tmp/bad-$command-1.err" "$tmp/bad-$command-$j.err"
  done
done
ok "errors: a conflict across files" grep -q "conflicting 'status' for 'geneva-talks'" "$tmp/bad-check-1.err"
ok "errors: an unknown id" grep -q "unknown id" "$tmp/bad-check-1.err"
ok "errors: many" test "$(grep -c ': error: ' "$tmp/bad-check-1.err")" -gt 20

# Usage errors.
for bad in 0 x -1 1x 99999; do
  "$bin" check --jobs "$bad" "$tmp/clean" >/dev/null 2>"$tmp/usage.err"
  check "--jobs $bad" 2 $?
  ok "--jobs $bad: says why" grep -q -- "--jobs needs a number of threads" "$tmp/usage.err"
done
for command in build check validate load; do
  ok "$command --help: --jobs" sh -c "'$bin' $command --help | grep -q -- '--jobs N'"
done

finish jobs_front
