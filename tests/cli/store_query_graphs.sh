#!/usr/bin/env bash
# factloom query --graph / --named-graph / --store-dataset against a throw-away Virtuoso
# (tools/virtuoso): a query that names no graphs runs on the graph `load` fills by default, not on
# Virtuoso's union of every graph; --graph (repeatable) and --named-graph choose the dataset
# (SPARQL 1.1 Protocol default-graph-uri / named-graph-uri); a query's own FROM or GRAPH, and
# --store-dataset, get the store's own dataset; bad flags are usage errors.
# usage: bash tests/cli/store_query_graphs.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -uo pipefail

FL=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/cli/lib_virtuoso.sh"
virtuoso_start query-graphs
BASE=https://example.org/factloom/
OTHER=https://example.org/other-graph
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
# n [FLAGS...] -e QUERY: the single number a COUNT query answers.
n() { "$FL" query --endpoint "$SPARQL" --format tsv "$@" | sed -n '2s/^"\([0-9]*\)".*/\1/p'; }
expect() {  # expect WHAT EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then pass "$1 ($3)"; else fail "$1: expected '$2', got '$3'"; fi
}

"$FL" build -f ntriples "$SRC/samples" | LC_ALL=C sort -u >"$WORK/samples.nt"
SAMPLES=$(grep -c . "$WORK/samples.nt")
"$FL" build -f ntriples "$SRC/tests/data/good/meeting.facts" | LC_ALL=C sort -u >"$WORK/meeting.nt"
MEETING=$(grep -c . "$WORK/meeting.nt")
"$FL" load --endpoint "$GSP" "$SRC/samples" >/dev/null 2>"$WORK/err" || fail "load samples: $(cat "$WORK/err")"
"$FL" load --endpoint "$GSP" --graph "$OTHER" "$SRC/tests/data/good/meeting.facts" >/dev/null 2>"$WORK/err" ||
  fail "load meeting: $(cat "$WORK/err")"
ALL='SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'

# The default: the graph load fills by default, not Virtuoso's union (its own system graphs too).
expect "no flags: the default graph of load" "$SAMPLES" "$(n -e "$ALL")"
union=$(n --store-dataset -e "$ALL")
if [[ -n $union && $union -gt $((SAMPLES + MEETING)) ]]; then
  pass "--store-dataset: Virtuoso's union of all graphs ($union)"
else
  fail "--store-dataset: expected more than $((SAMPLES + MEETING)) triples, got '$union'"
fi
expect "--graph other" "$MEETING" "$(n --graph "$OTHER" -e "$ALL")"
expect "--graph base --graph other: their merge" "$(LC_ALL=C sort -u "$WORK/samples.nt" "$WORK/meeting.nt" | wc -l)" \
  "$(n --graph "$BASE" --graph "$OTHER" -e 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }')"
# A query that names its graphs keeps them: FROM, and GRAPH (on the store's dataset).
expect "FROM <other>" "$MEETING" "$(n -e "SELECT (COUNT(*) AS ?n) FROM <$OTHER> WHERE { ?s ?p ?o }")"
expect "GRAPH <other>" "$MEETING" "$(n -e "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$OTHER> { ?s ?p ?o } }")"
# --named-graph: the graphs GRAPH ?g ranges over.
expect "--named-graph other: GRAPH ?g" "$MEETING" \
  "$(n --named-graph "$OTHER" -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')"
expect "--named-graph other: the graph's name" "<$OTHER>" \
  "$("$FL" query --endpoint "$SPARQL" --format tsv --named-graph "$OTHER" -e 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }' | sed -n 2p)"
# The sample queries on a store whose default graph is not a union: the samples in another
# graph, queried with --graph.
"$FL" load --endpoint "$GSP" --graph "${BASE}copy" "$SRC/samples" >/dev/null 2>"$WORK/err" || fail "load copy: $(cat "$WORK/err")"
rq=$SRC/samples/queries/sunday-meeting-participants.rq
"$FL" query --endpoint "$SPARQL" --format tsv "$rq" >"$WORK/default.tsv"
"$FL" query --endpoint "$SPARQL" --format tsv --graph "${BASE}copy" "$rq" >"$WORK/copy.tsv"
if [[ $(wc -l <"$WORK/default.tsv") -gt 2 ]] && cmp -s "$WORK/default.tsv" "$WORK/copy.tsv"; then
  pass "a sample query on --graph <copy>: the answer of the default graph"
else
  fail "a sample query on --graph <copy> differs: $(diff "$WORK/default.tsv" "$WORK/copy.tsv" | head -5)"
fi

# Usage errors (exit 2, one line) and --help.
for bad in "--graph not-an-iri" "--named-graph x" "--store-dataset --graph $OTHER"; do
  # shellcheck disable=SC2086
  "$FL" query --endpoint "$SPARQL" $bad -e 'ASK {}' >/dev/null 2>"$WORK/err"
  rc=$?
  if [[ $rc == 2 ]] && grep -q -- '--graph\|--store-dataset' "$WORK/err"; then pass "usage error: $bad"; else fail "$bad: exit $rc: $(cat "$WORK/err")"; fi
done
"$FL" query --help >"$WORK/help"
if grep -q -- '--store-dataset' "$WORK/help" && grep -q -- '--named-graph' "$WORK/help" && grep -q "$BASE" "$WORK/help"; then
  pass "--help names --graph's default and how to turn it off"
else
  fail "--help: $(cat "$WORK/help")"
fi

echo "store_query_graphs: $failures failure(s)"
[[ $failures == 0 ]]
