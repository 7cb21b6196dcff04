#!/usr/bin/env bash
# factloom diff: exit statuses like diff(1), the edits it finds in the samples, and a round trip
# checked by rdflib: OLD's facts (the diff of an empty graph and OLD) with the patch of OLD -> NEW
# applied are isomorphic to NEW as `factloom build -f ntriples` writes it, on the samples with
# edits, on graphs with blank nodes and on two generated corpora.
# Usage: bash diff.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
bin=${1:?factloom binary}
src=$(cd "${2:?source dir}" && pwd)
PY=/usr/bin/python3
if ! "$PY" -c 'import rdflib' 2>/dev/null; then
  echo "SKIP: python3-rdflib is not installed (tools/install-deps installs it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }

status_is() {  # status_is WANT LABEL ARGS...: factloom diff ARGS exits WANT
  local want=$1 label=$2
  shift 2
  "$bin" diff "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then pass; else fail "$label: exit $got, want $want"; sed 's/^/  | /' "$tmp/err" | head -5; fi
}

# apply BASE PATCH OUT: BASE's "+ " lines minus the patch's "- " lines plus its "+ " lines.
apply() {
  "$PY" - "$1" "$2" "$3" <<'PYEOF'
import sys
base = {l[2:] for l in open(sys.argv[1], encoding="utf-8") if l.startswith("+ ")}
minus = {l[2:] for l in open(sys.argv[2], encoding="utf-8") if l.startswith("- ")}
plus = {l[2:] for l in open(sys.argv[2], encoding="utf-8") if l.startswith("+ ")}
missing = minus - base
if missing:
    sys.exit("removed facts that OLD does not hold: %d" % len(missing))
open(sys.argv[3], "w", encoding="utf-8").write("".join(sorted((base - minus) | plus)))
PYEOF
}

isomorphic() {  # isomorphic A.nt B.nt: rdflib's isomorphism (blank nodes by structure)
  "$PY" - "$1" "$2" <<'PYEOF'
import sys
from rdflib import Graph
from rdflib.compare import isomorphic
a = Graph().parse(sys.argv[1], format="nt")
b = Graph().parse(sys.argv[2], format="nt")
sys.exit(0 if len(a) == len(b) and isomorphic(a, b) else 1)
PYEOF
}

: >"$tmp/empty.nt"
# round_trip LABEL OLD NEW NEW.nt: the patch of OLD -> NEW applied to OLD gives NEW.
round_trip() {
  local label=$1
  "$bin" diff --format patch "$tmp/empty.nt" "$2" >"$tmp/old.patch" 2>"$tmp/err"
  "$bin" diff --format patch "$2" "$3" >"$tmp/edit.patch" 2>>"$tmp/err"
  if [ -s "$tmp/err" ]; then fail "$label: diff printed errors"; sed 's/^/  | /' "$tmp/err" | head -5; return; fi
  if ! grep -q '^[-+] ' "$tmp/edit.patch"; then fail "$label: the patch is empty"; return; fi
  if ! apply "$tmp/old.patch" "$tmp/edit.patch" "$tmp/applied.nt"; then fail "$label: apply"; return; fi
  if isomorphic "$tmp/applied.nt" "$4"; then pass; else fail "$label: OLD + patch is not NEW"; fi
}

build_nt() {  # build_nt INPUT OUT.nt
  "$bin" build --no-validate -f ntriples "$1" -o "$2" 2>"$tmp/build.err" ||
    fail "build $1: $(head -3 "$tmp/build.err")"
}

# ---- usage and I/O -----------------------------------------------------------------------
status_is 2 "one input" "$src/samples"
status_is 2 "three inputs" "$src/samples" "$src/samples" "$src/samples"
status_is 2 "unknown format" --format xml "$src/samples" "$src/samples"
status_is 3 "missing input" "$src/samples" "$tmp/missing.ttl"
printf 'event broken\n  date: not-a-date-at-all\n  bogus\n' >"$tmp/broken.facts"
status_is 2 "invalid input" "$src/samples" "$tmp/broken.facts"

# ---- equal graphs: a corpus and its builds ---------------------------------------------------
"$bin" build "$src/samples" -o "$tmp/samples.ttl" 2>/dev/null
"$bin" build -f trig "$src/samples" -o "$tmp/samples.trig" 2>/dev/null
build_nt "$src/samples" "$tmp/samples.nt"
status_is 0 "samples = its Turtle" "$src/samples" "$tmp/samples.ttl"
status_is 0 "Turtle = N-Triples" "$tmp/samples.ttl" "$tmp/samples.nt"
status_is 0 "TriG = TriG" "$tmp/samples.trig" "$tmp/samples.trig"
if [ "$(cat "$tmp/out")" = "0 added, 0 removed, 0 changed" ]; then pass; else fail "equal summary: $(cat "$tmp/out")"; fi

# ---- the samples with edits ------------------------------------------------------------------
cp -r "$src/samples" "$tmp/edited"
sed -i '0,/date:        sunday/s//date:        saturday/' "$tmp/edited/geneva-talks.facts"
sed -i 's/european-allies as tentative, canadian-officials as tentative/european-allies as tentative/' \
  "$tmp/edited/geneva-talks.facts"
sed -i 's/"is unlikely to be constructive"@en/"is not likely to be constructive"@en/' \
  "$tmp/edited/berlin-day-one.facts"
cat >"$tmp/edited/extra.facts" <<'FACTS'
article extra-2026-01-01
  title:     "An extra article"@en
  publisher: "The Moscow Times"
  url:       <https://example.com/extra>
  published: 2026-01-01

person extra-person "Extra Person"@en
FACTS
status_is 1 "samples vs edited" "$src/samples" "$tmp/edited"
out=$(cat "$tmp/out")
expect() {  # expect LABEL GREP-PATTERN: the text report holds it
  if grep -qF -- "$2" <<<"$out"; then pass; else fail "$1: no line with '$2'"; fi
}
expect "changed date" '~ <https://example.org/factloom/geneva-talks/claim/moscow-times-2025-11-23/date> <https://w3id.org/factloom/ns#date> "2025-11-23"^^<http://www.w3.org/2001/XMLSchema#date> -> "2025-11-22"^^<http://www.w3.org/2001/XMLSchema#date>  ('"$src/samples/geneva-talks.facts:48 -> $tmp/edited/geneva-talks.facts:48)"
expect "removed participant" '- <https://w3id.org/factloom/ns#participant> <https://example.org/factloom/canadian-officials>'
expect "changed quote" '"is unlikely to be constructive"@en -> "is not likely to be constructive"@en'
expect "added article" 'article <https://example.org/factloom/extra-2026-01-01>'
expect "added person" '+ <http://www.w3.org/2000/01/rdf-schema#label> "Extra Person"@en  ('
expect "summary" '8 added, 5 removed, 3 changed'
status_is 1 "json" --format json "$src/samples" "$tmp/edited"
if "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["equal"] is False; assert d["summary"]=={"added":8,"removed":5,"changed":3}' "$tmp/out"; then pass; else fail "json summary"; fi
build_nt "$tmp/edited" "$tmp/edited.nt"
round_trip "samples -> edited" "$src/samples" "$tmp/edited" "$tmp/edited.nt"
round_trip "edited -> samples (built)" "$tmp/edited.nt" "$tmp/samples.ttl" "$tmp/samples.nt"
# Deterministic: the same bytes on 1 and 3 threads.
"$bin" diff -j 1 "$src/samples" "$tmp/edited" >"$tmp/one" 2>&1
"$bin" diff -j 3 "$src/samples" "$tmp/edited" >"$tmp/three" 2>&1
if cmp -s "$tmp/one" "$tmp/three"; then pass; else fail "-j 1 and -j 3 differ"; fi

# ---- blank nodes: matched by content, never by label -----------------------------------------
cat >"$tmp/b1.ttl" <<'TTL'
@prefix : <http://x/> .
:e :role _:r1 , _:r2 . _:r1 :agent :ann ; :note [ :text "x" ] . _:r2 :agent :bob .
TTL
cat >"$tmp/b2.ttl" <<'TTL'
@prefix : <http://x/> .
_:q :agent :bob . :e :role _:q , _:p . _:p :note [ :text "x" ] ; :agent :ann .
TTL
cat >"$tmp/b3.nt" <<'NT'
<http://x/e> <http://x/role> _:a .
_:a <http://x/agent> <http://x/ann> .
_:a <http://x/note> _:n .
_:n <http://x/text> "y" .
<http://x/e> <http://x/role> _:b .
_:b <http://x/agent> <http://x/carl> .
NT
status_is 0 "blank labels only" "$tmp/b1.ttl" "$tmp/b2.ttl"
status_is 1 "blank content" "$tmp/b1.ttl" "$tmp/b3.nt"
round_trip "blank nodes" "$tmp/b1.ttl" "$tmp/b3.nt" "$tmp/b3.nt"

# A long RDF list (a chain of 20000 blank nodes) does not exhaust the stack, and the same list
# written with other labels in the opposite order is equal.
"$PY" - "$tmp/list1.ttl" "$tmp/list2.nt" <<'PYEOF'
import sys
n = 20000
open(sys.argv[1], "w").write("@prefix : <http://x/> .\n:e :list (" +
                             " ".join('"%d"' % i for i in range(n)) + ") .\n")
rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
lines = ['<http://x/e> <http://x/list> _:n0 .']
for i in range(n):
    rest = "_:n%d" % (i + 1) if i + 1 < n else "<%snil>" % rdf
    lines += ['_:n%d <%sfirst> "%d" .' % (i, rdf, i), "_:n%d <%srest> %s ." % (i, rdf, rest)]
open(sys.argv[2], "w").write("\n".join(reversed(lines)) + "\n")
PYEOF
status_is 0 "long list, other labels and order" "$tmp/list1.ttl" "$tmp/list2.nt"

# ---- two generated corpora ---------------------------------------------------------------------
gen=$src/tools/bench/generate-corpus
if "$PY" "$gen" --articles 50 --seed 1 "$tmp/c1" >/dev/null 2>&1 &&
  "$PY" "$gen" --articles 50 --seed 2 "$tmp/c2" >/dev/null 2>&1; then
  build_nt "$tmp/c2" "$tmp/c2.nt"
  status_is 1 "corpus seed 1 vs seed 2" "$tmp/c1" "$tmp/c2"
  round_trip "corpus seed 1 -> seed 2" "$tmp/c1" "$tmp/c2" "$tmp/c2.nt"
else
  fail "generate-corpus"
fi

echo "$passes passed, $failures failed"
[ "$failures" = 0 ]
