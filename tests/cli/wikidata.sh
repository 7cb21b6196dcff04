#!/usr/bin/env bash
# wikidata: Q… on actors and places (issue 13): owl:sameAs the entity IRI in the samples' graph,
# a bad id reported with its position and exit 1, the SHACL shape for hand-made graphs.
# Usage: bash wikidata.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
. "$(dirname "$0")/lib.sh"

# The samples: the eleven items of samples/actors.facts, each on its entity.
expect "samples build" 0 "$bin" build "$src/samples" -f ntriples
for pair in zelensky:Q3874799 trump:Q22686 putin:Q7747 ukraine:Q212 russia:Q159 germany:Q183 \
            berlin:Q64 geneva:Q71 paris:Q90 rubio:Q324546 united-states:Q30; do
  contains "item of ${pair%%:*}" out \
    "/${pair%%:*}> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/${pair#*:}> ."
done
n=$(grep -c 'owl#sameAs> <http://www.wikidata.org/entity/' "$tmp/out")
[ "$n" = 11 ] || fail "eleven items in the samples, not $n"
expect "samples validate" 0 "$bin" validate "$src/samples"

# A bad id: an error at the value, with its caret, and exit 1.
cat >"$tmp/bad.facts" <<'FACTS'
reference-data t "test"@en

city berlin "Berlin"@en
  wikidata: Q064
FACTS
expect "bad id" 1 "$bin" build "$tmp/bad.facts" -o "$tmp/bad.ttl"
contains "bad id position" err "bad.facts:4:13: error: 'wikidata' expects an id of the form Q[1-9][0-9]*"
contains "bad id caret" err "|             ^~~~"
[ ! -e "$tmp/bad.ttl" ] || fail "no output after an error"

# The shape catches what the binder would have refused, in a graph written by hand.
cat >"$tmp/hand.ttl" <<'TTL'
@prefix fl: <https://w3id.org/factloom/ns#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<http://example.org/berlin> a fl:City ;
  owl:sameAs <http://www.wikidata.org/entity/Q064> .
TTL
expect "shape" 1 "$bin" validate "$tmp/hand.ttl"
contains "shape message" out "at most one Wikidata item"

finish wikidata
