#!/usr/bin/env bash
# Apache Jena from Debian (libapache-jena-java, through tools/jena/jena and its classpath fix) fed
# by `factloom build -f nquads`: TDB2's bulk loader takes the N-Quads and holds every quad (a COUNT
# per graph kind); the default graph's triples are copied into the graph `load` fills by default;
# every sample query, run by tdb2.tdbquery over the union of the graphs (tdb:unionDefaultGraph),
# answers as samples/queries/*.expected says after Jena's quirks (samples/queries/quirks.tsv).
# Everything is written into a temporary folder.
# usage: bash tests/cli/store_jena.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -uo pipefail

FL=$(realpath "$1")
SRC=$(realpath "$2")
JENA="bash $SRC/tools/jena/jena"
if ! command -v java >/dev/null || [[ ! -f /usr/share/java/jena-tdb2.jar ]]; then
  echo "SKIP: Apache Jena is not installed (apt-get install libapache-jena-java libguava-java libslf4j-java: tools/install-deps)"
  exit 77
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-store-jena.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
export TMPDIR=$WORK
DB=$WORK/tdb2
BASE=https://example.org/factloom/
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
expect() {  # expect WHAT EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then pass "$1 ($3)"; else fail "$1: expected '$2', got '$3'"; fi
}
# jq_count QUERY [--set tdb:unionDefaultGraph=true]: the number a COUNT query answers.
jena_count() {
  $JENA tdb2.tdbquery --loc "$DB" "${@:2}" --results=TSV "$1" 2>>"$WORK/jena.log" | sed -n '2{s/^"\{0,1\}\([0-9]*\).*/\1/p}'
}

"$FL" build -f nquads "$SRC/samples" -o "$WORK/samples.nq" || { echo "FAIL: build -f nquads"; exit 1; }
QUADS=$(grep -c . "$WORK/samples.nq")
DEFAULT=$(grep -vc '/graph> \.$' "$WORK/samples.nq")
if $JENA tdb2.tdbloader --loc "$DB" "$WORK/samples.nq" >"$WORK/load.log" 2>&1; then
  pass "tdb2.tdbloader takes the N-Quads ($QUADS quads)"
else
  fail "tdb2.tdbloader: $(tail -5 "$WORK/load.log")"
fi
expect "every quad in TDB2" "$QUADS" "$(jena_count 'SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }')"
expect "the default graph: the quads without a fourth term" "$DEFAULT" "$(jena_count 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }')"

# The default graph's triples into the graph load fills by default; the queries run on the union.
$JENA tdb2.tdbupdate --loc "$DB" "ADD DEFAULT TO <$BASE>" >>"$WORK/jena.log" 2>&1 || fail "ADD DEFAULT: $(tail -3 "$WORK/jena.log")"
SAMPLES=$("$FL" build -f ntriples "$SRC/samples" | LC_ALL=C sort -u | grep -c .)
GRAPHS=$(grep -c '/graph> {$' <("$FL" build -f trig "$SRC/samples"))
expect "the union: the N-Triples output and one prov:wasDerivedFrom per source graph" "$((SAMPLES + GRAPHS))" \
  "$(jena_count 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' --set tdb:unionDefaultGraph=true)"

normalise() { "$PY" "$SRC/tests/cli/sparql_tsv.py" normalise jena "$SRC/samples/queries/quirks.tsv"; }
sorted() { { IFS= read -r header; printf '%s\n' "$header"; LC_ALL=C sort; }; }
for rq in "$SRC"/samples/queries/*.rq; do
  name=$(basename "$rq" .rq)
  expected=${rq%.rq}.expected
  "$PY" "$SRC/tests/cli/sparql_tsv.py" with-prefixes <"$rq" >"$WORK/q.rq"
  if ! $JENA tdb2.tdbquery --loc "$DB" --set tdb:unionDefaultGraph=true --results=JSON --query "$WORK/q.rq" \
    >"$WORK/q.json" 2>"$WORK/err"; then
    fail "query $name: $(tail -3 "$WORK/err")"
    continue
  fi
  "$PY" "$SRC/tests/cli/sparql_tsv.py" json-tsv <"$WORK/q.json" | normalise | sorted >"$WORK/q.sorted"
  normalise <"$expected" | sorted >"$WORK/expected"
  if diff -u "$WORK/expected" "$WORK/q.sorted" >"$WORK/diff"; then
    pass "query $name ($(($(wc -l <"$expected") - 1)) rows as expected)"
  else
    fail "query $name differs from $expected (after samples/queries/quirks.tsv):"
    cat "$WORK/diff"
  fi
done

echo "store_jena: $failures failure(s)"
[[ $failures == 0 ]]
