#!/usr/bin/env bash
# factloom build -f nquads: one quad a line, each in the graph TriG puts it in (the default graph
# without a fourth term); the quads of the TriG output exactly; the triples of the N-Triples output
# once graphs are dropped; the same bytes for every number of threads; accepted by Jena's
# `riot --validate` (tools/jena/jena), or by rdflib when Jena is absent (exit 77 when neither is).
# Usage: bash build_nquads.sh FACTLOOM_BINARY SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"

"$bin" build samples -f nquads -o "$tmp/out.nq"; ok "build -f nquads exits 0" test $? = 0
"$bin" build samples -f nq >"$tmp/short.nq"; ok "-f nq is -f nquads" cmp -s "$tmp/out.nq" "$tmp/short.nq"
"$bin" build samples -f trig -o "$tmp/out.trig"
"$bin" build samples -f ntriples -o "$tmp/out.nt"
"$bin" build --help >"$tmp/help"
ok "--help names nquads" grep -q "nquads" "$tmp/help"

# Every line one statement; named graphs as a fourth term; the default graph without one.
ok "every line ends a statement" test "$(grep -cv ' \.$' "$tmp/out.nq")" = 0
ok "named graphs are kept" grep -q '/graph> \.$' "$tmp/out.nq"
ok "the default graph has no fourth term" grep -q '^<http://www.w3.org/2006/time#unitDay> <[^>]*> <[^>]*> \.$' "$tmp/out.nq"
# The quads of the TriG output (as serdi reads them), no more, no fewer.
serdi -i trig -o nquads "$tmp/out.trig" | LC_ALL=C sort >"$tmp/trig-quads"
LC_ALL=C sort "$tmp/out.nq" >"$tmp/nq-sorted"
ok "the quads of the TriG output" cmp -s "$tmp/trig-quads" "$tmp/nq-sorted"
ok "sorted and without repeats" test "$(LC_ALL=C sort -u "$tmp/out.nq" | wc -l)" = "$(wc -l <"$tmp/out.nq")"
# Without their graphs, the distinct triples are the N-Triples output's plus, as in TriG, one
# `<graph> prov:wasDerivedFrom <source>` per named graph (written only where graphs are kept).
serdi -i nquads -o ntriples "$tmp/out.nq" | LC_ALL=C sort -u >"$tmp/nq-triples"
serdi -i ntriples -o ntriples "$tmp/out.nt" | LC_ALL=C sort >"$tmp/nt-sorted"
graphs=$(grep -c '/graph> {$' "$tmp/out.trig")
derived='^<[^>]*/graph> <http://www.w3.org/ns/prov#wasDerivedFrom> <[^>]*> \.$'
ok "one prov:wasDerivedFrom per named graph ($graphs)" \
  test "$(grep -c "$derived" "$tmp/nq-triples")" = "$graphs" -a "$graphs" -gt 5
grep -v "$derived" "$tmp/nq-triples" >"$tmp/nq-data-triples"
ok "the triples of the N-Triples output ($(wc -l <"$tmp/nq-data-triples")/$(wc -l <"$tmp/nt-sorted"))" \
  cmp -s "$tmp/nq-data-triples" "$tmp/nt-sorted"

# Byte-stable: argument order and threads (300 articles: several pieces written in parallel).
mapfile -t reversed < <(ls samples/*.facts | LC_ALL=C sort -r)
"$bin" build -f nquads "${reversed[@]}" >"$tmp/reversed.nq"
ok "argument order does not matter" cmp -s "$tmp/out.nq" "$tmp/reversed.nq"
python3 tools/bench/generate-corpus --articles 300 --seed 11 "$tmp/corpus" >/dev/null ||
  { echo "FAIL: generate-corpus"; exit 1; }
"$bin" build -f nquads -j 1 "$tmp/corpus" >"$tmp/c1.nq"
for j in 2 3; do
  "$bin" build -f nquads -j "$j" "$tmp/corpus" >"$tmp/c$j.nq"
  ok "corpus --jobs $j: the bytes of --jobs 1" cmp -s "$tmp/c1.nq" "$tmp/c$j.nq"
done
ok "the corpus has more than one writer piece" test "$(wc -l <"$tmp/c1.nq")" -gt 40000

# A validator outside Serd.
validated=
if bash tools/jena/jena riot --validate "$tmp/out.nq" "$tmp/c1.nq" 2>"$tmp/riot.err"; then
  validated=jena; pass=$((pass + 1))
elif [ "$?" = 77 ]; then
  if /usr/bin/python3 -c 'import rdflib' 2>/dev/null; then
    n=$(/usr/bin/python3 -c 'import rdflib, sys; d = rdflib.Dataset(); d.parse(sys.argv[1], format="nquads"); print(len(set((s, p, o) for s, p, o, g in d.quads((None, None, None, None)))))' "$tmp/out.nq")
    ok "rdflib reads the triple count ($n)" test "$n" = "$(wc -l <"$tmp/nq-triples")"
    validated=rdflib
  fi
else
  echo "FAIL: riot --validate rejects the output:"; head -5 "$tmp/riot.err"; fails=$((fails + 1))
fi

echo "build_nquads: $pass passed, $fails failed${validated:+ (validated by $validated)}"
[ "$fails" = 0 ] || exit 1
if [ -z "$validated" ]; then
  echo "SKIP: neither Jena (apt-get install libapache-jena-java) nor python3-rdflib is installed"
  exit 77
fi
exit 0
