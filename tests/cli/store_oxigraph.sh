#!/usr/bin/env bash
# factloom load/query against the Oxigraph engine (tools/oxigraph: the npm `oxigraph` engine behind
# `oxigraph serve`'s routes, a test harness): the samples loaded and counted, every sample query
# answered as samples/queries/*.expected says after Oxigraph's quirks (samples/queries/quirks.tsv),
# on a store whose default graph is NOT the union of its graphs (so the answers come from query's
# default --graph); and the harness's routes and status codes, as oxigraph serve's.
# usage: bash tests/cli/store_oxigraph.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -uo pipefail

FL=$(realpath "$1")
SRC=$(realpath "$2")
OXIGRAPH=$SRC/tools/oxigraph/oxigraph
if ! command -v node >/dev/null || [[ ! -f $SRC/tools/oxigraph/node_modules/oxigraph/package.json ]]; then
  echo "SKIP: the Oxigraph harness is not installed (nodejs, and npm ci in tools/oxigraph: tools/install-deps)"
  exit 77
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-store-oxigraph.XXXXXX")
cleanup() {
  "$OXIGRAPH" stop "$WORK/server" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. "$SRC/tests/cli/lib_ports.sh"
# Up to three tries, each on a new port, when another process took the port first.
for try in 1 2 3; do
  PORT=$(pick_port) || { echo "FAIL: no free port"; exit 1; }
  "$OXIGRAPH" start "$WORK/server" --port "$PORT" 2>"$WORK/start.log" && break
  if ((try < 3)) && grep -qiE 'in use|listen|bind' "$WORK/start.log"; then
    echo "port $PORT was taken; again on another"
    continue
  fi
  cat "$WORK/start.log"
  echo "FAIL: start"
  exit 1
done
URL=http://127.0.0.1:$PORT
BASE=https://example.org/factloom/
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
expect() {  # expect WHAT EXPECTED ACTUAL
  if [[ $2 == "$3" ]]; then pass "$1 ($3)"; else fail "$1: expected '$2', got '$3'"; fi
}

# ---- 1. the samples, counted by factloom's own verification and by a COUNT ----------------
SAMPLES=$("$FL" build -f ntriples "$SRC/samples" | LC_ALL=C sort -u | grep -c .)
if "$FL" load --endpoint "$URL/store" "$SRC/samples" >"$WORK/out" 2>"$WORK/err"; then
  pass "load samples: $(cat "$WORK/out")"
else
  fail "load samples: $(cat "$WORK/err")"
fi
n=$("$FL" query --endpoint "$URL/query" -f tsv -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' | sed -n '2s/^"\([0-9]*\)".*/\1/p')
expect "the default --graph holds the samples" "$SAMPLES" "$n"
n=$("$FL" query --endpoint "$URL/query" -f tsv --store-dataset -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' | sed -n '2s/^"\([0-9]*\)".*/\1/p')
expect "--store-dataset: Oxigraph's default graph is empty (no union)" 0 "$n"

# ---- 2. every sample query, store-neutral expected answers after the quirks table -----------
normalise() { "$PY" "$SRC/tests/cli/sparql_tsv.py" normalise oxigraph "$SRC/samples/queries/quirks.tsv"; }
sorted() { { IFS= read -r header; printf '%s\n' "$header"; LC_ALL=C sort; }; }
for rq in "$SRC"/samples/queries/*.rq; do
  name=$(basename "$rq" .rq)
  expected=${rq%.rq}.expected
  if ! "$FL" query --endpoint "$URL/query" --format tsv "$rq" >"$WORK/q.tsv" 2>"$WORK/err"; then
    fail "query $name: $(cat "$WORK/err")"
    continue
  fi
  normalise <"$WORK/q.tsv" | sorted >"$WORK/q.sorted"
  normalise <"$expected" | sorted >"$WORK/expected"
  if diff -u "$WORK/expected" "$WORK/q.sorted" >"$WORK/diff"; then
    pass "query $name ($(($(wc -l <"$expected") - 1)) rows as expected)"
  else
    fail "query $name differs from $expected (after samples/queries/quirks.tsv):"
    cat "$WORK/diff"
  fi
done

# One graph per article (--per-source, after the queries: its default-graph part replaces the
# samples in the graph load fills): each counted by load; GRAPH ?g reaches them all.
FILES=$(grep -c '/graph> {$' <("$FL" build -f trig "$SRC/samples"))
if "$FL" load --endpoint "$URL/store" --per-source "$SRC/samples" >"$WORK/out" 2>"$WORK/err"; then
  pass "load --per-source: $(tail -1 "$WORK/out")"
else
  fail "load --per-source: $(cat "$WORK/err")"
fi
n=$("$FL" query --endpoint "$URL/query" -f tsv -e 'SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } FILTER (STRENDS(STR(?g), "/graph")) }' | sed -n '2s/^"\([0-9]*\)".*/\1/p')
expect "a graph per source article, reached with GRAPH ?g" "$FILES" "$n"

# ---- 3. the harness: oxigraph serve's routes and status codes ------------------------------
code() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
G="$URL/store?graph=https%3A%2F%2Fexample.org%2Fg"
T='<https://example.org/s> <https://example.org/p> "o" .'
expect "PUT a new graph: 201" 201 "$(code -X PUT -H 'Content-Type: application/n-triples' --data-binary "$T" "$G")"
expect "PUT it again: 204" 204 "$(code -X PUT -H 'Content-Type: application/n-triples' --data-binary "$T" "$G")"
expect "GET it: 200" 200 "$(code -H 'Accept: application/n-triples' "$G")"
expect "GET: the triple" "$T" "$(cat "$WORK/body")"
expect "GET ?default: 200" 200 "$(code -H 'Accept: text/turtle' "$URL/store?default")"
expect "GET the dataset as N-Triples: 400" 400 "$(code -H 'Accept: application/n-triples' "$URL/store")"
expect "GET the dataset as N-Quads: 200" 200 "$(code -H 'Accept: application/n-quads' "$URL/store")"
expect "graph and default at once: 400" 400 "$(code "$URL/store?graph=https%3A%2F%2Fexample.org%2Fg&default")"
expect "no Content-Type: 400" 400 "$(code -X PUT --data-binary "$T" -H 'Content-Type:' "$G")"
expect "an unknown Content-Type: 415" 415 "$(code -X PUT -H 'Content-Type: text/x-nothing' --data-binary "$T" "$G")"
expect "a body that does not parse: 400" 400 "$(code -X POST -H 'Content-Type: text/turtle' --data-binary '<a> <b' "$G")"
expect "POST a graph to the dataset: 201" 201 "$(code -D "$WORK/head" -X POST -H 'Content-Type: text/turtle' --data-binary "$T" "$URL/store")"
if grep -qi "^Location: $URL/store/" "$WORK/head"; then pass "POST to the dataset: Location of the new graph"; else fail "no Location: $(cat "$WORK/head")"; fi
expect "DELETE the graph: 204" 204 "$(code -X DELETE "$G")"
expect "DELETE it again: 404" 404 "$(code -X DELETE "$G")"
expect "GET it: 404" 404 "$(code "$G")"
expect "HEAD an unknown graph: 404" 404 "$(code -I "$G")"
expect "an unknown route: 404" 404 "$(code "$URL/sparql")"
expect "a query that does not parse: 400" 400 "$(code --data-urlencode 'query=SELEKT' "$URL/query")"
expect "a query with no query: 400" 400 "$(code -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data 'x=1' "$URL/query")"
expect "an Accept it cannot give: 406" 406 "$(code -H 'Accept: image/png' --data-urlencode 'query=ASK {}' "$URL/query")"
for accept in application/sparql-results+json application/sparql-results+xml text/tab-separated-values text/csv; do
  expect "Accept $accept" "200 $accept" "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' -H "Accept: $accept" --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 1' "$URL/query")"
done
expect "a direct POST of the query" 200 "$(code -H 'Content-Type: application/sparql-query' --data-binary 'ASK {}' "$URL/query")"
expect "an update: 204" 204 "$(code -H 'Content-Type: application/sparql-update' --data-binary 'INSERT DATA { GRAPH <https://example.org/u> { <https://example.org/s> <https://example.org/p> 1 } }' "$URL/update")"
expect "default-graph-uri and union-default-graph: 400" 400 "$(code --data-urlencode 'query=ASK {}' --data-urlencode 'default-graph-uri=https://example.org/u' --data 'union-default-graph' "$URL/query")"
n=$("$FL" query --endpoint "$URL/query" -f tsv --graph https://example.org/u -e 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' | sed -n '2s/^"\([0-9]*\)".*/\1/p')
expect "query --graph <u>" 1 "$n"

echo "store_oxigraph: $failures failure(s)"
[[ $failures == 0 ]]
