#!/usr/bin/env bash
# factloom validate: exit codes, the text report and the Turtle report.
# Usage: bash validate.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
. "$(dirname "$0")/lib.sh"

cat >"$tmp/shapes.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:PersonShape a sh:NodeShape ;
  sh:targetClass ex:Person ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "a person needs a name"@en ] .
TTL
cat >"$tmp/good.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:age 42 .
TTL
cat >"$tmp/bad.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
ex:bob a ex:Person ; ex:age "old" .
TTL

expect help 0 "$bin" validate --help
contains help out "--report"
expect conforms 0 "$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/good.ttl"
contains conforms out "conforms"
expect violates 1 "$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/bad.ttl"
contains violates out "violation: focus ex:bob path ex:name: a person needs a name"
contains violates out "violation: focus ex:bob path ex:age:"
contains violates out "value: \"old\""
contains violates out "does not conform: 2 results"
expect stdin 1 sh -c "'$bin' validate --shapes '$tmp/shapes.ttl' - < '$tmp/bad.ttl'"
# --report turtle prints the report and exits 0 whether or not the data conforms.
expect turtle 0 "$bin" validate --shapes "$tmp/shapes.ttl" --report turtle "$tmp/bad.ttl"
contains turtle out "sh:ValidationReport"
contains turtle out "sh:conforms \"false\"^^xsd:boolean"
contains turtle out "\"a person needs a name\"@en"
[ "$(grep -c 'a sh:ValidationReport' "$tmp/out")" = 1 ] || fail "turtle: not one report node"
expect turtle-conforms 0 "$bin" validate --shapes "$tmp/shapes.ttl" --report turtle "$tmp/good.ttl"
contains turtle-conforms out "sh:conforms \"true\"^^xsd:boolean"

# Usage errors (2), unreadable files (3), refused input (1).
expect unknown-option 2 "$bin" validate --shape "$tmp/shapes.ttl" "$tmp/good.ttl"
contains unknown-option err "did you mean '--shapes'"
expect bad-format 2 "$bin" validate --report xml "$tmp/good.ttl"
expect bad-extension 2 "$bin" validate "$tmp/data.txt"
expect missing-data 3 "$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/missing.ttl"
expect missing-shapes 3 "$bin" validate --shapes "$tmp/missing-shapes.ttl" "$tmp/good.ttl"
printf '@prefix ex: <http://example.org/> .\nex:a ex:b .\n' >"$tmp/syntax.ttl"
expect syntax-error 1 "$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/syntax.ttl"
contains syntax-error err "syntax.ttl:"

cat >"$tmp/ill.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Broken sh:targetNode ex:a ; sh:minCount "many" .
TTL
expect ill-formed 1 "$bin" validate --shapes "$tmp/ill.ttl" "$tmp/good.ttl"
contains ill-formed err "shape ex:Broken: sh:minCount must be a non-negative xsd:integer"
expect ill-formed-turtle 1 "$bin" validate --shapes "$tmp/ill.ttl" --report turtle "$tmp/good.ttl"

cat >"$tmp/sparql.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:S sh:targetNode ex:a ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] .
TTL
expect sparql 1 "$bin" validate --shapes "$tmp/sparql.ttl" --report turtle "$tmp/good.ttl"
contains sparql err "shape ex:S: uses SHACL-SPARQL (sh:sparql), which factloom does not support"
[ -s "$tmp/out" ] && fail "sparql: a report was printed"

# Fact files: the default shapes, and violations located at the fact that caused them.
if [ -f "$src/samples/actors.facts" ]; then
  expect samples 0 "$bin" validate "$src/samples"
  cp "$src/samples/actors.facts" "$tmp/actors.facts"
  cat >"$tmp/broken.facts" <<'FACTS'
# A meeting without participants.
meeting lonely-meeting "A meeting with nobody"@en
  place:  berlin
  status: held
reference-data broken "Every fact file has a source or declares reference data"@en
FACTS
  expect facts 1 "$bin" validate "$tmp/actors.facts" "$tmp/broken.facts"
  contains facts out "broken.facts:2:1: error: focus :lonely-meeting path fl:participant:"
  contains facts out " 2 | meeting lonely-meeting"
  contains facts out "   | ^"
fi

# An ontology file whose syntax cannot be told is a usage error (it used to crash reading it).
printf '<rdf:RDF/>\n' >"$tmp/ontology.owl"
expect ontology-syntax 2 "$bin" validate --shapes "$tmp/shapes.ttl" --ontology "$tmp/ontology.owl" "$tmp/good.ttl"
contains ontology-syntax err "cannot tell the RDF syntax of ontology file"
: >"$tmp/empty.facts"
expect ontology-syntax-facts 2 "$bin" validate --ontology "$tmp/ontology.owl" "$tmp/empty.facts"

# A duration too large to count in days is a located diagnostic (it used to be "internal error:
# stol", exit 70).
if [ -f "$src/samples/berlin-talks.facts" ]; then
  mkdir "$tmp/weeks"
  cp "$src"/samples/*.facts "$tmp/weeks/"
  sed -i 's/^  duration:    5h$/  duration:    99999999999999999999w/' "$tmp/weeks/berlin-talks.facts"
  grep -q 99999999999999999999w "$tmp/weeks/berlin-talks.facts" || fail "weeks: no edit"
  expect huge-weeks 1 "$bin" validate "$tmp/weeks"
  contains huge-weeks err "berlin-talks.facts:93:16: error: not a duration: expected weeks and days"
fi

finish validate
