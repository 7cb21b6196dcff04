#!/usr/bin/env bash
# factloom build -f jsonld: a JSON-LD 1.1 document that a real processor (jsonld.js, pinned in
# tools/jsonld) turns into the same triples as the N-Triples output of the same build (both sides
# canonicalised with URDNA2015, then compared as sorted sets), on the samples and on a generated
# corpus; -f json-ld is the same; the bytes do not depend on the threads; the context has compact
# terms coerced from the ontology; a failed write leaves an existing output alone.
# Usage: bash build_jsonld.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 when node_modules is absent)
set -u
bin=${1:?factloom binary}
src=${2:?source dir}
cd "$src" || exit 1
tonq="$src/tools/jsonld/to-nquads.js"
if ! command -v node >/dev/null || [ ! -d "$src/tools/jsonld/node_modules/jsonld" ]; then
  echo "skipped: jsonld.js is not installed (run tools/install-deps: npm ci in tools/jsonld)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() {  # ok NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}

# same_graph NAME INPUT...: the JSON-LD and the N-Triples of one build are the same set of triples.
same_graph() {
  local name=$1; shift
  "$bin" build "$@" -f jsonld -o "$tmp/$name.jsonld"; ok "$name: -f jsonld exits 0" test $? = 0
  "$bin" build "$@" -f ntriples -o "$tmp/$name.nt"
  node "$tonq" --canonical "$tmp/$name.jsonld" | sort -u >"$tmp/$name.a"
  node "$tonq" --from-nquads "$tmp/$name.nt" | sort -u >"$tmp/$name.b"
  ok "$name: jsonld.js gives triples" test -s "$tmp/$name.a"
  ok "$name: as many triples as N-Triples" \
    test "$(wc -l <"$tmp/$name.a")" = "$(sort -u "$tmp/$name.nt" | wc -l)"
  if ! cmp -s "$tmp/$name.a" "$tmp/$name.b"; then
    diff "$tmp/$name.a" "$tmp/$name.b" | head -20
    ok "$name: the JSON-LD's triples are the N-Triples'" false
  else
    pass=$((pass + 1))
  fi
}

same_graph samples samples
# A base ending in '#': no @base (relative names would resolve elsewhere), full IRIs instead.
same_graph hashbase samples --base 'https://example.org/kb#'
ok "hash base: no @base" test "$(grep -c '"@base"' "$tmp/hashbase.jsonld")" = 0
"$src/tools/bench/generate-corpus" --articles 50 --seed 13 "$tmp/corpus" >/dev/null
same_graph corpus "$tmp/corpus"

"$bin" build samples -f json-ld >"$tmp/alias.jsonld"
ok "-f json-ld is -f jsonld" cmp -s "$tmp/samples.jsonld" "$tmp/alias.jsonld"
"$bin" build samples -f jsonld -j 1 >"$tmp/j1.jsonld"
"$bin" build samples -f jsonld -j 4 >"$tmp/j4.jsonld"
ok "same bytes for -j 1 and -j 4" cmp -s "$tmp/j1.jsonld" "$tmp/j4.jsonld"
ok "same bytes as -o" cmp -s "$tmp/samples.jsonld" "$tmp/j1.jsonld"
"$bin" build --help >"$tmp/help"
ok "--help names jsonld" grep -q "jsonld" "$tmp/help"

# The context: prefixes and compact terms from the ontology, @id coercion for object properties.
ctx() { node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  const c=d["@context"]; process.stdout.write(JSON.stringify(eval(process.argv[2])))' "$tmp/samples.jsonld" "$1"; }
ok "context: version 1.1" test "$(ctx 'c["@version"]')" = "1.1"
ok "context: fl prefix" test "$(ctx 'c.fl')" = '"https://w3id.org/factloom/ns#"'
ok "context: participant coerced to @id" \
  test "$(ctx 'c.participant')" = '{"@id":"fl:participant","@type":"@id"}'
ok "context: @base is the base of minted IRIs" test "$(ctx 'c["@base"]')" = '"https://example.org/factloom/"'
ok "minted IRIs relative to @base" grep -q '"@id": "abu-dhabi"' "$tmp/samples.jsonld"
ok "nodes use the compact key participant" grep -q '"participant":' "$tmp/samples.jsonld"
ok "language tags kept" grep -q '"@language": "en"' "$tmp/samples.jsonld"
# Subjects in the order of the Turtle output.
"$bin" build samples -o "$tmp/samples.ttl"
turtle_subject() { grep '^[^@ 	]' "$tmp/samples.ttl" | sed -n "$1p"; }
ok "first subject as in Turtle" test "$(ctx 'd["@graph"][0]["@id"]')" = "\"$(turtle_subject 1)\""
ok "second subject as in Turtle" test "$(ctx 'd["@graph"][1]["@id"]')" = "\"$(turtle_subject 2)\""
ok "third subject as in Turtle" test "$(ctx 'd["@graph"][2]["@id"]')" = "\"$(turtle_subject 3)\""

# A failed write leaves an existing output as it was (written atomically).
mkdir "$tmp/ro" && echo keep >"$tmp/ro/out.jsonld" && chmod a-w "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
  "$bin" build samples -f jsonld -o "$tmp/ro/out.jsonld" 2>/dev/null
  ok "unwritable folder: exit 3" test $? = 3
  ok "unwritable folder: output kept" test "$(cat "$tmp/ro/out.jsonld")" = keep
fi
chmod u+w "$tmp/ro"

echo "build_jsonld: $pass passed, $fails failed"
test "$fails" = 0
