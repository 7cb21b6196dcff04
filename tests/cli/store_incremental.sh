#!/usr/bin/env bash
# factloom load --per-source --incremental against a throw-away Virtuoso (tools/virtuoso): a first
# load, then an edit, an addition, a removal and a load killed halfway, each followed by exact
# counts of every graph, asked with SPARQL and compared with the per-graph counts of
# `factloom build -f trig` read back by serdi.
# usage: bash tests/cli/store_incremental.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -uo pipefail

FL=$(realpath "$1")
SRC=$(realpath "$2")
. "$SRC/tests/cli/lib_virtuoso.sh"
if ! command -v serdi >/dev/null 2>&1; then
  echo "SKIP: serdi is not installed (tools/install-deps installs it)"
  exit 77
fi
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3

virtuoso_start incr-test
BASE=https://example.org/incr-test/
MANIFEST=${BASE}factloom/manifest
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# The corpus: 12 generated articles; the 12th (000011, which no other article refers to) is kept
# aside for the addition.
CORPUS=$WORK/corpus
"$SRC/tools/bench/generate-corpus" --articles 12 --seed 3 "$CORPUS" >/dev/null
ARTICLES=$CORPUS/articles/000
mv "$ARTICLES/000011.facts" "$WORK/added.facts"

load() {  # load LOG [OPTION...]: an incremental load of the corpus; output in LOG.out/LOG.err
  local log=$1
  shift
  "$FL" load --per-source --incremental --endpoint "$GSP" --base "$BASE" --graph "$BASE" "$@" \
    "$CORPUS" >"$WORK/$log.out" 2>"$WORK/$log.err"
}
# "GRAPH COUNT" lines, sorted: what the corpus compiles to, per graph (default graph as $BASE).
expected_counts() {
  "$FL" build -f trig --base "$BASE" "$CORPUS" -o "$WORK/corpus.trig" &&
    serdi -i trig -o nquads "$WORK/corpus.trig" | LC_ALL=C sort -u |
    "$PY" -c '
import collections, re, sys
term = re.compile(r"""(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?)""")
counts = collections.Counter()
for line in sys.stdin:
    rest = line.rstrip("\n")
    terms = []
    while True:
        m = term.match(rest)
        if not m:
            break
        terms.append(m.group(1))
        rest = rest[m.end():].lstrip(" ")
    counts[terms[3][1:-1] if len(terms) == 4 else sys.argv[1]] += 1
for g in sorted(counts):
    print(g, counts[g])
' "$BASE"
}
# The same, asked from the store (every graph under $BASE but the manifest).
store_counts() {
  "$FL" query --endpoint "$SPARQL" --format tsv -e "SELECT ?g (COUNT(*) AS ?n) WHERE {
      GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"$BASE\") && ?g != <$MANIFEST>) }
    GROUP BY ?g" | tail -n +2 | sed 's/^<\([^>]*\)>\t"\([0-9]*\)".*/\1 \2/' | LC_ALL=C sort
}
manifest_triples() {
  "$FL" query --endpoint "$SPARQL" --format tsv \
    -e "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$MANIFEST> { ?s ?p ?o } }" |
    sed -n '2s/^"\([0-9]*\)".*/\1/p'
}
pending_marks() {
  "$FL" query --endpoint "$SPARQL" --format tsv \
    -e "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$MANIFEST> { ?s fl:contentHash \"pending\" } }" |
    sed -n '2s/^"\([0-9]*\)".*/\1/p'
}
# Whether an edited title ("Again: ...", section 5) is in the store.
edited_left() {
  "$FL" query --endpoint "$SPARQL" -e "ASK { GRAPH ?g { ?s ?p ?o
    FILTER(STRSTARTS(STR(?g), \"$BASE\") && CONTAINS(STR(?o), \"Again: \")) } }"
}
# check WHAT: every graph holds exactly what the corpus compiles to; the manifest one entry each.
check() {
  expected_counts >"$WORK/expected" || { fail "$1: build of the corpus failed"; return; }
  store_counts >"$WORK/actual"
  local graphs
  graphs=$(wc -l <"$WORK/expected")
  if diff -u "$WORK/expected" "$WORK/actual" >"$WORK/diff"; then
    pass "$1: all $graphs graphs hold exactly the compiled counts"
  else
    fail "$1: per-graph counts differ (expected, store):"
    cat "$WORK/diff"
  fi
  local m
  m=$(manifest_triples)
  if [[ $m == $((graphs + 1)) ]]; then pass "$1: manifest holds $m triples"; else fail "$1: manifest holds '$m' triples, expected $((graphs + 1))"; fi
}
# summary WHAT LOG SENT UNCHANGED REMOVED: the load succeeded and its summary says so.
summary() {
  local want="sent $3 graph.* unchanged $4, removed $5,"
  if grep -Eq "$want" "$WORK/$2.err"; then pass "$1: $(grep -o 'sent.*removed [0-9]*' "$WORK/$2.err")"; else fail "$1: summary does not match /$want/: $(cat "$WORK/$2.err")"; fi
}
# The graph IRI of article file NNNNNN.
graph_of() { echo "${BASE}article-$1/graph"; }

# ---- 1. the first load sends everything -----------------------------------------------------
if load first; then pass "first incremental load"; else fail "first load: $(cat "$WORK/first.err")"; fi
summary "first load" first 12 0 0 # 11 articles and the default graph
check "first load"
if load again; then summary "the same corpus again" again 0 12 0; else fail "again: $(cat "$WORK/again.err")"; fi

# ---- 2. an edit: only that article's graph is sent ---------------------------------------
sed -i '0,/^  duration:/{/^  duration:/d}' "$ARTICLES/000004.facts" # a triple less
if load edit; then summary "an edit" edit 1 11 0; else fail "edit: $(cat "$WORK/edit.err")"; fi
if grep -q "^<$(graph_of 000004)>: [0-9,]* triples (verified)$" "$WORK/edit.out" &&
  [[ $(wc -l <"$WORK/edit.out") == 1 ]]; then
  pass "an edit: only <$(graph_of 000004)> was sent"
else
  fail "an edit: sent $(cat "$WORK/edit.out")"
fi
check "an edit"

# ---- 3. an addition: its graph, and the default graph (its provenance triple) ----------------
mv "$WORK/added.facts" "$ARTICLES/000011.facts"
if load add; then summary "an addition" add 2 11 0; else fail "addition: $(cat "$WORK/add.err")"; fi
check "an addition"

# ---- 4. a removal: its graph is emptied, the default graph resent ----------------------------
rm "$ARTICLES/000011.facts"
if load remove; then summary "a removal" remove 1 11 1; else fail "removal: $(cat "$WORK/remove.err")"; fi
if grep -q "^<$(graph_of 000011)>: removed (verified empty)$" "$WORK/remove.out"; then pass "a removal: reported"; else fail "a removal: $(cat "$WORK/remove.out")"; fi
check "a removal"

# ---- 5. a killed load (SIGKILL while it sends) is repaired by the next one ---------------------
# Every article is edited and loaded a triple a request (slow enough to be killed halfway);
# the kill comes once the first edited graph is in. Then the edits are undone: the graphs not yet
# replaced have their old hash again and are in the store as they were; the replaced ones also
# have their old hash, but hold the edited triples: their pending marks must make the next load
# send them. Either way no "Again:" title may be left in the store.
cp -r "$ARTICLES" "$WORK/original"
sed -i 's/^\(  title: *"\)/\1Again: /' "$ARTICLES"/*.facts
"$FL" load --per-source --incremental --endpoint "$GSP" --base "$BASE" --graph "$BASE" \
  --chunk 1 --parallel 1 "$CORPUS" >"$WORK/killed.out" 2>&1 &
pid=$! # factloom itself (not a subshell), so that the kill reaches it
for _ in $(seq 200); do # until the first edited graph is in, at most 10 s
  [[ $(edited_left) == true ]] && break
  sleep 0.05
done
kill -KILL "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
marks=$(pending_marks)
if [[ $marks == 11 ]]; then pass "killed halfway: 11 pending marks left"; else echo "     (the kill came late: $marks pending marks; the checks below still hold)"; fi
cp "$WORK"/original/*.facts "$ARTICLES/"
if load after-kill; then summary "the load after a kill" after-kill 11 1 0; else fail "after a kill: $(cat "$WORK/after-kill.err")"; fi
check "after a kill"
if [[ $(edited_left) == false ]]; then pass "after a kill: no edited title left in the store"; else fail "after a kill: an edited title is still in the store"; fi
marks=$(pending_marks)
if [[ $marks == 0 ]]; then pass "no pending marks left"; else fail "pending marks left: '$marks'"; fi
if load settled; then summary "then nothing to send" settled 0 12 0; else fail "settled: $(cat "$WORK/settled.err")"; fi

# ---- 7. usage ------------------------------------------------------------------------------
"$FL" load --incremental --endpoint "$GSP" "$CORPUS" >/dev/null 2>"$WORK/err"
rc=$?
if [[ $rc == 2 ]] && grep -q -- "--incremental needs --per-source" "$WORK/err"; then pass "--incremental without --per-source: exit 2"; else fail "--incremental without --per-source: exit $rc, $(cat "$WORK/err")"; fi

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all incremental load checks passed"
