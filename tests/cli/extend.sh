#!/usr/bin/env bash
# Extending the ontology without rebuilding (the example of docs/ontology.md, step by step),
# and `build` and `validate` agreeing on what fails (--fail-on violation|warning|info).
# Usage: bash extend.sh FACTLOOM_BINARY SOURCE_DIR
set -u
bin=${1:?factloom binary}
src=${2:?source dir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }
expect() {  # expect NAME STATUS COMMAND...: the exit status (output in $tmp/out, $tmp/err)
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    fail "$name: exit $got, expected $want"; sed 's/^/  | /' "$tmp/err" | head -20
  else
    pass
  fi
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$tmp/$2"; then pass; else fail "$1: '$3' not in $2"; sed 's/^/  | /' "$tmp/$2" | head -20; fi
}

# ---- 1. The extension example of docs/ontology.md, with no rebuild ----------------------
# Step 1: copy the ontology and the shapes.
mkdir "$tmp/onto"
cp "$src"/ontology/*.ttl "$tmp/onto/"
# Step 2: add the summit, the mediator and the new position to the copy of factloom.ttl.
cat >>"$tmp/onto/factloom.ttl" <<'TTL'

fl:Summit a owl:Class ;
    rdfs:subClassOf fl:Meeting ;
    rdfs:label "summit"@en ;
    rdfs:comment "A meeting of heads of state or government."@en .

fl:mediatedBy a owl:ObjectProperty ;
    fl:keyword "mediator" ;
    rdfs:label "mediated by"@en ;
    rdfs:comment "A third party that mediates the event."@en ;
    rdfs:domain fl:Event ;
    rdfs:range fl:Agent .

fl:Welcomes a fl:Position ;
    rdfs:label "welcomes"@en ;
    rdfs:comment "Greets the matter with approval."@en .
TTL
# Step 3: add fl:Welcomes to the sh:in list of the stance's position in the copy of shapes.ttl.
sed -i 's/sh:in ( fl:Supports /sh:in ( fl:Supports fl:Welcomes /' "$tmp/onto/shapes.ttl"
if grep -q 'sh:in ( fl:Supports fl:Welcomes ' "$tmp/onto/shapes.ttl"; then pass; else fail "shapes edit: the stance position's sh:in list was not found"; fi
# Step 4: a fact file that uses them.
cat >"$tmp/summit.facts" <<'FACTS'
source summit-report
  title:     "Leaders to meet at a summit"@en
  publisher: "Example Wire"
  url:       <https://example.org/2025/12/16/summit>
  published: 2025-12-16

summit example-summit "Example summit"@en
  participant: merz as host, zelensky, putin
  mediator:    von-der-leyen
  status:      planned

stance nato-welcomes-plan
  holder:   nato
  position: welcomes
  toward:   peace-plan-20
FACTS
# Step 5: build with the edited copies.
expect "extension: build with --ontology and --shapes" 0 \
  "$bin" build --ontology "$tmp/onto/factloom.ttl" --shapes "$tmp/onto/shapes.ttl" \
  -f ntriples "$src/samples" "$tmp/summit.facts"
cp "$tmp/out" "$tmp/extended.nt"
FL='https://w3id.org/factloom/ns#'
EX='https://example.org/factloom/'
RDFS='http://www.w3.org/2000/01/rdf-schema#'
RDF='http://www.w3.org/1999/02/22-rdf-syntax-ns#'
contains "extension: the new position" extended.nt "<${EX}nato-welcomes-plan> <${FL}position> <${FL}Welcomes> ."
contains "extension: the new property" extended.nt "<${EX}example-summit> <${FL}mediatedBy> <${EX}von-der-leyen> ."
contains "extension: the new class" extended.nt "<${EX}example-summit> <${RDF}type> <${FL}Summit> ."
# The edited ontology's terms travel with the graph too.
contains "extension: the position's label" extended.nt "<${FL}Welcomes> <${RDFS}label> \"welcomes\"@en ."
contains "extension: the position's type" extended.nt "<${FL}Welcomes> <${RDF}type> <${FL}Position> ."
contains "extension: the class's place" extended.nt "<${FL}Summit> <${RDFS}subClassOf> <${FL}Meeting> ."
# validate agrees, with the same copies.
expect "extension: validate with --ontology and --shapes" 0 \
  "$bin" validate --ontology "$tmp/onto/factloom.ttl" --shapes "$tmp/onto/shapes.ttl" \
  "$src/samples" "$tmp/summit.facts"
# Without the edited shapes, the embedded sh:in list rejects the new position (what --shapes
# is for), at the stance's line.
expect "extension: embedded shapes reject the new position" 1 \
  "$bin" build --ontology "$tmp/onto/factloom.ttl" "$src/samples" "$tmp/summit.facts"
contains "extension: the rejection is located" err "summit.facts:14:13: error: "
contains "extension: the rejection names the position" err "path fl:position"

# ---- 2. --shapes: errors --------------------------------------------------------------------
expect "--shapes: missing file" 3 "$bin" build --shapes "$tmp/none.ttl" "$src/samples"
expect "--shapes: unknown syntax" 2 "$bin" build --shapes "$tmp/shapes.txt" "$src/samples"
contains "--shapes: unknown syntax says so" err "cannot tell the RDF syntax of shapes file"
printf '@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y sh:z .\nbroken\n' >"$tmp/broken.ttl"
expect "--shapes: syntax error" 1 "$bin" build --shapes "$tmp/broken.ttl" "$src/samples"
contains "--shapes: syntax error located" err "broken.ttl:4:1: error: "
expect "--shapes with --no-validate" 2 "$bin" build --no-validate --shapes "$tmp/onto/shapes.ttl" "$src/samples"
expect "--fail-on: unknown level" 2 "$bin" build --fail-on error "$src/samples"
contains "--fail-on: unknown level says the choices" err "violation, warning or info"
expect "validate --fail-on: unknown level" 2 "$bin" validate --fail-on error "$src/samples"
expect "build --help documents --fail-on" 0 "$bin" build --help
contains "build --help documents --fail-on" out "--fail-on LEVEL"
contains "build --help documents --shapes" out "--shapes FILE"
expect "validate --help documents --fail-on" 0 "$bin" validate --help
contains "validate --help documents --fail-on" out "--fail-on LEVEL"

# ---- 3. build and validate agree on what fails, at each level ------------------------------
# Three inputs: one with a violation (and a warning), one with a warning only (embedded shapes:
# a meeting with one participant), one with an info only (custom shapes: sh:Info).
cat >"$tmp/warning.facts" <<'FACTS'
source s
  title:     "T"@en
  publisher: "P"
  url:       <https://example.org/s>
  published: 2025-12-15
person ann "Ann"@en
meeting m1 "M"@en
  participant: ann
  status:      held
FACTS
cat >"$tmp/info-shapes.ttl" <<'TTL'
@prefix fl: <https://w3id.org/factloom/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/shapes#> .
ex:MeetingDuration a sh:NodeShape ;
  sh:targetClass fl:Meeting ;
  sh:property [ sh:path fl:duration ; sh:minCount 1 ; sh:severity sh:Info ;
                sh:message "How long did it last?"@en ] .
TTL
sed 's/participant: ann/participant: ann, bob/; s/^person ann "Ann"@en$/person ann "Ann"@en\nperson bob "Bob"@en/' \
  "$tmp/warning.facts" >"$tmp/info.facts"
# NAME | INPUT | SHAPES | exit at violation (default), warning, info
cases=$(cat <<TABLE
violation | $src/tests/data/shapes-violations.facts | -                    | 1 1 1
warning   | $tmp/warning.facts                      | -                    | 0 1 1
info      | $tmp/info.facts                         | $tmp/info-shapes.ttl | 0 0 1
TABLE
)
trim() { local s=$1; s=${s#"${s%%[! ]*}"}; printf '%s' "${s%"${s##*[! ]}"}"; }
while IFS='|' read -r name input shapes statuses; do
  name=$(trim "$name"); input=$(trim "$input"); shapes=$(trim "$shapes")
  read -r at_violation at_warning at_info <<<"$statuses"
  shape_args=()
  [ "$shapes" != - ] && shape_args=(--shapes "$shapes")
  for command in build validate; do
    expect "$command $name (default)" "$at_violation" "$bin" "$command" "${shape_args[@]}" "$input"
    expect "$command $name --fail-on violation" "$at_violation" "$bin" "$command" "${shape_args[@]}" --fail-on violation "$input"
    expect "$command $name --fail-on warning" "$at_warning" "$bin" "$command" "${shape_args[@]}" --fail-on warning "$input"
    expect "$command $name --fail-on info" "$at_info" "$bin" "$command" "${shape_args[@]}" --fail-on info "$input"
  done
done <<<"$cases"
# What does not fail is still reported: a warning below --fail-on is printed, and build writes.
expect "build: warning below --fail-on" 0 "$bin" build -o "$tmp/w.ttl" "$tmp/warning.facts"
contains "build: the warning is printed" err "warning.facts:7:1: warning: focus :m1 path fl:participant"
[ -s "$tmp/w.ttl" ] && pass || fail "build: no output written below --fail-on"
expect "build: warning at --fail-on" 1 "$bin" build --fail-on warning -o "$tmp/w2.ttl" "$tmp/warning.facts"
contains "build: the warning is an error at --fail-on warning" err "warning.facts:7:1: error: focus :m1 path fl:participant"
[ -e "$tmp/w2.ttl" ] && fail "build --fail-on warning wrote output" || pass
expect "build: info below --fail-on" 0 "$bin" build --shapes "$tmp/info-shapes.ttl" "$tmp/info.facts"
contains "build: the info is printed" err "How long did it last?"
# validate on RDF data (no fact files) follows the same levels.
cat >"$tmp/warn-shapes.ttl" <<'TTL'
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ] .
TTL
printf '@prefix ex: <http://example.org/> .\nex:bob a ex:Person .\n' >"$tmp/nameless.ttl"
expect "validate RDF: warning, default" 0 "$bin" validate --shapes "$tmp/warn-shapes.ttl" "$tmp/nameless.ttl"
contains "validate RDF: the report still lists the warning" out "warning: focus ex:bob path ex:name"
expect "validate RDF: warning, --fail-on warning" 1 "$bin" validate --fail-on warning --shapes "$tmp/warn-shapes.ttl" "$tmp/nameless.ttl"
expect "validate RDF: warning, --fail-on info" 1 "$bin" validate --fail-on info --shapes "$tmp/warn-shapes.ttl" "$tmp/nameless.ttl"

echo "cli extend: $passes passed, $failures failed"
[ "$failures" = 0 ]
