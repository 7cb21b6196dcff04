#!/usr/bin/env bash
# Every sample question (samples/queries/*.rq) asked with rdflib of the output of
# `factloom build samples` alone (no ontology beside it), compared exactly with its .expected
# file: the graph answers on its own, and a second SPARQL engine agrees with the expected answers
# that Virtuoso is checked against (tests/cli/store_virtuoso.sh).
# Usage: bash queries_rdflib.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
bin=${1:?factloom binary}
src=${2:?source dir}
PY=/usr/bin/python3
if ! "$PY" -c 'import rdflib' 2>/dev/null; then
  echo "SKIP: python3-rdflib is not installed (tools/install-deps installs it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0

if ! "$bin" build "$src/samples" -o "$tmp/samples.ttl" 2>"$tmp/err"; then
  echo "FAIL build samples: $(cat "$tmp/err")"
  exit 1
fi
if [ -s "$tmp/err" ]; then
  echo "FAIL build samples printed diagnostics:"; cat "$tmp/err"; failures=$((failures + 1))
fi
# The graph alone: no ontology statement beyond the terms it uses (no rdfs:comment, say).
if grep -q 'rdfs:comment' "$tmp/samples.ttl"; then
  echo "FAIL the output holds ontology comments: is the ontology copied whole?"; failures=$((failures + 1))
fi

mkdir "$tmp/answers"
if ! "$PY" "$src/tests/cli/sparql_tsv.py" query "$tmp/samples.ttl" "$tmp/answers" \
  "$src"/samples/queries/*.rq 2>"$tmp/err"; then
  echo "FAIL rdflib: $(cat "$tmp/err")"
  exit 1
fi
for rq in "$src"/samples/queries/*.rq; do
  name=$(basename "$rq" .rq)
  expected=${rq%.rq}.expected
  { IFS= read -r header; printf '%s\n' "$header"; LC_ALL=C sort; } <"$tmp/answers/$name.tsv" >"$tmp/sorted"
  if diff -u "$expected" "$tmp/sorted" >"$tmp/diff"; then
    passes=$((passes + 1))
    echo "ok   $name ($(($(wc -l <"$expected") - 1)) rows as expected)"
  else
    failures=$((failures + 1))
    echo "FAIL $name: rdflib's answer differs from $expected:"
    cat "$tmp/diff"
  fi
  # An empty answer proves nothing: every sample question has at least one row.
  if [ "$(wc -l <"$expected")" -lt 2 ]; then
    failures=$((failures + 1)); echo "FAIL $name: the expected answer has no row"
  fi
done

# The questions of samples/README.md: each has an answer from the built graph alone.
mkdir "$tmp/readme" "$tmp/readme-answers"
n=$("$PY" "$src/tests/cli/sparql_tsv.py" readme-queries "$src/samples/README.md" "$tmp/readme")
if [ "${n:-0}" -gt 0 ] && "$PY" "$src/tests/cli/sparql_tsv.py" query "$tmp/samples.ttl" "$tmp/readme-answers" \
  "$tmp"/readme/*.rq 2>"$tmp/err"; then
  for answer in "$tmp"/readme-answers/*.tsv; do
    if [ "$(wc -l <"$answer")" -ge 2 ]; then
      passes=$((passes + 1))
    else
      failures=$((failures + 1))
      echo "FAIL samples/README.md question $(basename "$answer" .tsv | tr -d q) has no answer:"
      cat "$tmp/readme/$(basename "$answer" .tsv).rq"
    fi
  done
  echo "ok   samples/README.md: $n questions asked"
else
  failures=$((failures + 1)); echo "FAIL samples/README.md questions: $n found; $(cat "$tmp/err")"
fi

# The normaliser of Virtuoso's deviations maps exactly the two documented forms.
norm() { printf '%s\n' "$1" | "$PY" "$src/tests/cli/sparql_tsv.py" virtuoso-normalise; }
X='http://www.w3.org/2001/XMLSchema#'
check_norm() {  # check_norm IN OUT
  local got
  got=$(norm "$1")
  if [ "$got" = "$2" ]; then passes=$((passes + 1)); else failures=$((failures + 1)); echo "FAIL normalise '$1': '$got', expected '$2'"; fi
}
check_norm "\"18000.0\"^^<${X}duration>" "\"PT5H\"^^<${X}duration>"
check_norm "\"PT5H\"^^<${X}duration>" "\"PT5H\"^^<${X}duration>"
check_norm "\"185400.0\"^^<${X}duration>" "\"P2DT3H30M\"^^<${X}duration>"
check_norm "\"0\"^^<${X}boolean>	\"1\"^^<${X}boolean>" "\"false\"^^<${X}boolean>	\"true\"^^<${X}boolean>"
check_norm "\"0\"^^<${X}integer>	\"P1M\"^^<${X}duration>" "\"0\"^^<${X}integer>	\"P1M\"^^<${X}duration>"

echo "queries with rdflib: $passes passed, $failures failed"
[ "$failures" = 0 ]
