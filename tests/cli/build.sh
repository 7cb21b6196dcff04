#!/usr/bin/env bash
# factloom build/check from the command line: exit codes, stdin/stdout, atomic output,
# determinism, and robustness against broken inputs (never a crash, always file:line:col).
set -u
. "$(dirname "$0")/lib.sh"

"$bin" --help > "$tmp/help" 2>&1; check "--help" 0 $?
ok "--help documents the exit codes" grep -q "3   I/O" "$tmp/help"
"$bin" --version > /dev/null; check "--version" 0 $?
"$bin" build --help > /dev/null; check "build --help" 0 $?
"$bin" biuld samples > /dev/null 2> "$tmp/err"; check "unknown command" 2 $?
ok "did you mean build" grep -q "did you mean 'build'" "$tmp/err"
"$bin" build --fromat turtle samples > /dev/null 2> "$tmp/err"; check "unknown option" 2 $?
ok "did you mean --format" grep -q "did you mean '--format'" "$tmp/err"
"$bin" build > /dev/null 2>&1; check "no input" 2 $?
"$bin" build --format rdfxml samples > /dev/null 2>&1; check "bad format" 2 $?
"$bin" build --base 'not an iri' samples > /dev/null 2>&1; check "bad base" 2 $?
"$bin" build "$tmp/missing.facts" > /dev/null 2>&1; check "missing file" 3 $?
mkdir -p "$tmp/empty-dir"
"$bin" build "$tmp/empty-dir" > /dev/null 2> "$tmp/err"; check "folder without fact files" 1 $?
ok "says no fact files were found" grep -q "no fact files" "$tmp/err"

# The samples build, and the output reads back with the same triple count everywhere.
"$bin" build samples -o "$tmp/out.ttl"; check "samples" 0 $?
n_serd=$(serdi -i turtle -o ntriples "$tmp/out.ttl" | wc -l)
n_nt=$("$bin" build samples -f ntriples | wc -l)
ok "turtle and ntriples agree ($n_serd/$n_nt)" test "$n_serd" = "$n_nt" -a "$n_serd" -gt 300
if command -v rapper > /dev/null; then
  n_rapper=$(rapper -q -i turtle -o ntriples "$tmp/out.ttl" | wc -l)
  ok "rapper reads the same count" test "$n_rapper" = "$n_serd"
fi
if /usr/bin/python3 -c 'import rdflib' 2> /dev/null; then
  n_rdflib=$(/usr/bin/python3 -c 'import rdflib, sys; g = rdflib.Graph(); g.parse(sys.argv[1], format="turtle"); print(len(g))' "$tmp/out.ttl")
  ok "rdflib reads the same count" test "$n_rdflib" = "$n_serd"
else
  echo "note: python3-rdflib not installed; rdflib check skipped"
fi
"$bin" build samples -f trig -o "$tmp/out.trig"; check "trig" 0 $?
ok "trig has a named graph" grep -q "/graph> {" "$tmp/out.trig"
ok "trig parses" serdi -i trig -o nquads "$tmp/out.trig" > /dev/null

# Determinism: shuffled arguments and stdin give the same bytes.
mapfile -t reversed < <(ls samples/*.facts | LC_ALL=C sort -r)
"$bin" build "${reversed[@]}" -o "$tmp/b.ttl"
ok "argument order does not matter" cmp -s "$tmp/out.ttl" "$tmp/b.ttl"
"$bin" build - < tests/data/good/meeting.facts > "$tmp/stdin.ttl"; check "stdin" 0 $?
ok "stdin output matches" cmp -s "$tmp/stdin.ttl" tests/data/good/meeting.ttl

# Output is atomic: a failed run leaves an existing file untouched and no temporary files.
echo "precious" > "$tmp/keep.ttl"
"$bin" build tests/data/bad/unknown-id.facts -o "$tmp/keep.ttl" 2> /dev/null; check "bad input" 1 $?
ok "existing output untouched" test "$(cat "$tmp/keep.ttl")" = "precious"
ok "no temporary files left" test "$(ls -A "$tmp" | grep -c '^\.')" = 0
if [ -w /dev/full ]; then
  "$bin" build samples -o /dev/full 2> "$tmp/err"; check "/dev/full via -o" 3 $?
  "$bin" build samples > /dev/full 2> "$tmp/err"; check "/dev/full via stdout" 3 $?
fi
"$bin" build samples -o "$tmp/no/such/dir/out.ttl" 2> /dev/null; check "unwritable folder" 3 $?
"$bin" check samples; check "check samples" 0 $?
# One article with the shared actors file: no warning about the actors it does not mention.
"$bin" build samples/berlin-talks.facts samples/actors.facts -o "$tmp/one.ttl" 2> "$tmp/err"
check "one article with the actors" 0 $?
ok "one article with the actors: no warnings ($(grep -c 'warning:' "$tmp/err"))" test ! -s "$tmp/err"
ok "reference data is defined by its block" grep -q "rdfs:isDefinedBy :shared-actors" "$tmp/one.ttl"
# Provenance is guaranteed: the seed article without its source block is an error at line 1
# (it compiled silently before issue 8).
awk '/^article berlin-talks/ { skip = 1; next } skip && /^  / { next } { skip = 0; print }' \
  samples/berlin-talks.facts > "$tmp/no-source.facts"
ok "the source block was deleted" test "$(grep -c '^article' "$tmp/no-source.facts")" = 0
"$bin" build samples/actors.facts "$tmp/no-source.facts" -o "$tmp/ns.ttl" 2> "$tmp/err"
check "article without its source block" 1 $?
ok "no source: an error at line 1" grep -q "no-source.facts:1:1: error: this file has no source block" "$tmp/err"
ok "no source: no output" test ! -e "$tmp/ns.ttl"

# Bad inputs (tests/data/bad/NAME.facts): each is refused with exit 1 and its own diagnostics.
# A row is NAME | error LINE:COL | words of the message, NAME | note LINE:COL | words, or
# NAME | hint | words of a '= ...' help line below a diagnostic. A file has exactly as many
# errors as it has 'error' rows, and every file in tests/data/bad has a row. Warnings are not
# asserted.
bad_inputs=$(cat <<'TABLE'
ambiguous-duration         | error 6:13 | not a duration: 'm' could mean minutes or months
anonymous-without-source   | error 1:1  | this file has no source block, so its facts cannot be traced to an article
anonymous-without-source   | hint       | add a source block ('source ID' with its title, url and published date), or, for shared actors
anonymous-without-source   | hint       | declare reference data: 'reference-data ID "NAME"'
bare-url                   | error 3:8  | a web address must be written in angle brackets
bare-url                   | hint       | write <https://example.org/2025/12/15/talks>
bad-choice                 | error 4:11 | 'hld' is not one of the choices for 'status'
bad-choice                 | hint       | did you mean 'held'?
bad-escape                 | error 2:15 | invalid escape in text
bad-escape                 | hint       | escapes are \" \\ \n
bad-role                   | error 3:23 | 'hostt' is not one of the choices for 'role'
bad-role                   | hint       | did you mean 'host'?
conflicting-kinds          | error 2:14 | 'ann' is declared twice in this file
conflicting-kinds          | note 1:8   | first declared here
duplicated-line            | error 2:8  | 'ann' is declared twice in this file
duplicated-line            | note 1:8   | first declared here
duplicated-value           | error 4:16 | this value is given twice
duplicated-value           | note 3:16  | first given here
header-with-colon          | error 3:1  | 'meeting' is a kind, and a header line has no colon
header-with-colon          | hint       | write 'meeting m1' to start a new block (it is not a property of a person)
impossible-date            | error 6:9  | not a date: 2025-02 has no day 30
invalid-published          | error 4:14 | not a date: 2026-02 has no day 30
invalid-utf8               | error 1:16 | not valid UTF-8
iri-without-scheme         | error 3:8  | a web address needs a scheme
missing-comma              | error 2:14 | expected the end of the line (separate several values with ','), found '"B"'
misformatted-date          | error 6:13 | a date is written YYYY-MM-DD, not '14 December 2025'
misformatted-date          | hint       | write 2025-12-14
misformatted-date          | error 7:13 | a duration is written with a unit letter, not '5 hours'
misformatted-date          | hint       | write 5h
missing-colon              | error 7:3  | a colon is missing after 'status'
missing-colon              | hint       | 'status' is a property of a meeting: write 'status: planned'
missing-value              | error 3:7  | expected a value: an id, "text", <https://…>, a date (2025-12-14), a duration (5h) or a number, found the end of the line
misspelt-kind              | error 1:1  | unknown kind 'persn'
misspelt-kind              | hint       | did you mean 'person'?
misspelt-property          | error 4:3  | 'participnt' is not a property of a meeting
misspelt-property          | hint       | did you mean 'participant'?
number-expected            | error 6:11 | 'points' expects a whole number
property-before-header     | error 1:1  | this property line comes before any header line
relative-without-published | error 5:9  | 'sunday' is relative, but this file's source has no published date
truncated                  | error 6:12 | unknown id 'ann'
truncated                  | error 7:22 | expected a closing '"' on the same line
two-dates                  | error 7:9  | 'date' takes one value, and it already has one
two-dates                  | note 6:9   | the first value
unclosed-string            | error 1:16 | expected a closing '"' on the same line
unquoted-name              | error 3:12 | expected a name in double quotes or the end of the line, found 'Talks in Berlin'
unknown-id                 | error 4:21 | unknown id 'bbo'
unknown-id                 | hint       | did you mean 'bob'?
wrong-class                | error 5:10 | 'place' expects a place, but 'ann' is a person
wrong-class                | note 1:8   | 'ann' is declared here
TABLE
)
has_line() {  # has_line FILE PATTERN WORDS: a line of FILE matches the glob PATTERN* and has WORDS
  local line
  while IFS= read -r line; do
    # shellcheck disable=SC2053
    [[ $line == $2* && $line == *"$3"* ]] && return 0
  done < "$1"
  return 1
}
trim() { local s=$1; s=${s#"${s%%[! ]*}"}; printf '%s' "${s%"${s##*[! ]}"}"; }
declare -A bad_errors=()
for f in tests/data/bad/*.facts; do
  name=$(basename "$f" .facts)
  "$bin" check "$f" > /dev/null 2> "$tmp/bad-$name.err"
  check "bad input $name" 1 $?
  bad_errors[$name]=0
done
while IFS='|' read -r name what words; do
  name=$(trim "$name"); what=$(trim "$what"); words=$(trim "$words")
  err=$tmp/bad-$name.err
  if [ ! -f "$err" ]; then echo "FAIL: $name is in the bad-input table but not in tests/data/bad"; fails=$((fails + 1)); continue; fi
  case $what in
  error\ * | note\ *)
    kind=${what%% *} at=${what#* }
    if [ "$kind" = error ]; then bad_errors[$name]=$((bad_errors[$name] + 1)); fi
    ok "$name: $kind at $at says: $words" has_line "$err" "tests/data/bad/$name.facts:$at: $kind: " "$words" ;;
  hint) ok "$name: help line says: $words" has_line "$err" ' *= ' "$words" ;;
  *) echo "FAIL: bad-input table row for $name: '$what'"; fails=$((fails + 1)) ;;
  esac
done <<< "$bad_inputs"
for name in "${!bad_errors[@]}"; do
  if [ "${bad_errors[$name]}" = 0 ]; then echo "FAIL: tests/data/bad/$name.facts has no error row in the table"; fails=$((fails + 1)); continue; fi
  n=$(grep -c ': error: ' "$tmp/bad-$name.err")
  ok "$name: ${bad_errors[$name]} errors (got $n)" test "$n" = "${bad_errors[$name]}"
done

# Broken inputs: delete each line, duplicate each line, truncate at many byte offsets and
# corrupt bytes. Every run must end with 0 or 1 (never a crash), and every 1 must say where.
rejected=0
accepted=0
robust() {  # robust FILE...
  for f in "$@"; do
    echo "precious" > "$tmp/precious.ttl"
    "$bin" build samples/actors.facts "$f" -o "$tmp/precious.ttl" > /dev/null 2> "$tmp/err"
    local st=$?
    if [ $st -ne 0 ] && [ $st -ne 1 ]; then echo "FAIL: exit $st on $(basename "$f")"; fails=$((fails + 1)); cp "$f" /tmp/factloom-crash.facts; continue; fi
    if [ $st -eq 1 ]; then
      rejected=$((rejected + 1))
      if ! grep -qE '^[^:]+:[0-9]+:[0-9]+: error: ' "$tmp/err"; then
        echo "FAIL: no file:line:col on $(basename "$f")"; fails=$((fails + 1)); continue
      fi
      if [ "$(cat "$tmp/precious.ttl")" != "precious" ]; then
        echo "FAIL: output touched on $(basename "$f")"; fails=$((fails + 1)); continue
      fi
    else
      accepted=$((accepted + 1))
    fi
    pass=$((pass + 1))
  done
}
article=samples/berlin-talks.facts
lines=$(wc -l < "$article")
mkdir -p "$tmp/m"
for i in $(seq 1 7 "$lines"); do
  sed "${i}d" "$article" > "$tmp/m/del-$i.facts"
  sed "${i}p" "$article" > "$tmp/m/dup-$i.facts"
done
size=$(wc -c < "$article")
for cut in $(seq 1 997 "$size"); do head -c "$cut" "$article" > "$tmp/m/cut-$cut.facts"; done
for at in $(seq 5 1499 "$size"); do
  { head -c "$at" "$article"; printf '\xff\xfe\x00"<'; tail -c +"$((at + 5))" "$article"; } > "$tmp/m/bytes-$at.facts"
done
robust "$tmp"/m/*.facts
# Deleting a comment, a blank line or an optional fact leaves valid input; everything else fails.
echo "broken inputs: $rejected rejected with file:line:col (output untouched), $accepted still valid"
# Duplicated header and property lines are errors, not silent merges.
sed '/^meeting berlin-day-1/p' "$article" > "$tmp/dup-header.facts"
"$bin" check samples/actors.facts "$tmp/dup-header.facts" > /dev/null 2>&1; check "duplicated header" 1 $?
sed '/^  duration:/p' "$article" > "$tmp/dup-prop.facts"
"$bin" check samples/actors.facts "$tmp/dup-prop.facts" > /dev/null 2>&1; check "duplicated property" 1 $?

# Build validates its output against the ontology's shapes: curation mistakes fail the build.
"$bin" build tests/data/shapes-violations.facts -o "$tmp/v.ttl" 2> "$tmp/err"; check "shape violations" 1 $?
ok "no output on violations" test ! -e "$tmp/v.ttl"
ok "meeting without participants, at its line" grep -q "shapes-violations.facts:6:1: error: .*participants" "$tmp/err"
ok "stance without holder, at its line" grep -q "shapes-violations.facts:10:1: error: .*holder" "$tmp/err"
"$bin" build --no-validate tests/data/shapes-violations.facts -o "$tmp/v.ttl"; check "--no-validate" 0 $?

finish "cli build"
