#!/usr/bin/env bash
# factloom validate --jobs: the same reports (text and Turtle) and exit status for 1 and 2 threads,
# on N-Triples data with violations (skipped while the binary has no --jobs flag).
# Usage: bash jobs_back.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
bin=${1:?factloom binary}
[ -x "$bin" ] || { echo "no binary at $bin"; exit 77; }
"$bin" validate --help 2>&1 | grep -q -- '--jobs' || { echo "validate has no --jobs yet"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

cat >"$tmp/shapes.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:PersonShape a sh:NodeShape ;
  sh:targetClass ex:Person ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ; sh:minInclusive 0 ] ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:pattern "^[A-Z]" ] ;
  sh:property [ sh:path ex:knows ; sh:class ex:Person ] .
TTL
# 3,000 people (enough focus nodes for several blocks), some of them breaking each constraint.
awk 'BEGIN {
  for (i = 0; i < 3000; i++) {
    s = "<http://example.org/p" i ">"
    print s " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Person> ."
    if (i % 11 != 0) print s " <http://example.org/name> \"" (i % 13 == 0 ? "lower" : "Name") i "\" ."
    age = (i % 17 == 0) ? "\"-" i "\"^^<http://www.w3.org/2001/XMLSchema#integer>" \
        : (i % 23 == 0) ? "\"x\"" : "\"" (i % 90) "\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    print s " <http://example.org/age> " age " ."
    if (i % 19 == 0) print s " <http://example.org/age> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> ."
    print s " <http://example.org/knows> <http://example.org/" (i % 29 == 0 ? "thing" : "p") (i * 7) % 3000 "> ."
  }
}' >"$tmp/data.nt"

for report in text turtle; do
  for jobs in 1 2; do
    "$bin" validate --jobs "$jobs" --report "$report" --shapes "$tmp/shapes.ttl" "$tmp/data.nt" \
      >"$tmp/$report.$jobs" 2>"$tmp/$report.$jobs.err"
    echo $? >"$tmp/$report.$jobs.status"
  done
  if ! cmp -s "$tmp/$report.1" "$tmp/$report.2"; then
    echo "FAIL --report $report: --jobs 1 and --jobs 2 differ"
    diff "$tmp/$report.1" "$tmp/$report.2" | head -20
    failures=$((failures + 1))
  fi
  if ! cmp -s "$tmp/$report.1.status" "$tmp/$report.2.status"; then
    echo "FAIL --report $report: exit statuses differ"
    failures=$((failures + 1))
  fi
  want=1 # violations; the Turtle report is a result, exit 0
  [ "$report" = turtle ] && want=0
  if [ "$(cat "$tmp/$report.1.status")" != "$want" ]; then
    echo "FAIL --report $report: exit $(cat "$tmp/$report.1.status"), expected $want"
    sed 's/^/  | /' "$tmp/$report.1.err" | head
    failures=$((failures + 1))
  fi
done
results=$(grep -o 'sh:ValidationResult' "$tmp/turtle.1" | wc -l)
if [ "$results" -lt 500 ]; then
  echo "FAIL: only $results results in the Turtle report"
  failures=$((failures + 1))
fi
[ "$failures" = 0 ] && echo "ok" || exit 1
