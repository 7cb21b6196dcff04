#!/usr/bin/env bash
# factloom graph of RDF: the Turtle, N-Triples and TriG that `factloom build samples` writes
# give the same DOT as the fact files themselves, for every view and filter (the RDF holds
# every triple the pictures read: types, labels, dates, statuses, roles, provenance).
set -u
. "$(dirname "$0")/lib.sh"
"$bin" build samples -o "$tmp/s.ttl" || exit 1
"$bin" build samples -f ntriples -o "$tmp/s.nt" || exit 1
"$bin" build samples -f trig -o "$tmp/s.trig" || exit 1
views=("--view meetings" "--view proposals" "--focus berlin-day-1 --depth 2"
       "--view meetings --from 2025-12 --to 2026-01" "--view meetings --max-nodes 5")
source=$(grep -o '^article [a-z0-9-]*' samples/berlin-talks.facts | head -1 | cut -d' ' -f2)
[ -n "$source" ] && views+=("--view meetings --source $source")
i=0
for view in "${views[@]}"; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  "$bin" graph $view samples -o "$tmp/facts-$i.dot" || { echo "FAIL: graph $view samples"; fails=$((fails + 1)); continue; }
  ok "$view: draws something" grep -q -- '->' "$tmp/facts-$i.dot"
  for rdf in s.ttl s.nt s.trig; do
    # shellcheck disable=SC2086
    "$bin" graph $view "$tmp/$rdf" -o "$tmp/$rdf-$i.dot"
    ok "$view: $rdf gives the same DOT" cmp -s "$tmp/facts-$i.dot" "$tmp/$rdf-$i.dot"
  done
done
finish "graph_rdf"
