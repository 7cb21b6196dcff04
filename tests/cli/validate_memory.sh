#!/usr/bin/env bash
# factloom validate keeps no copy of an RDF file's text (issue 14): a file read from disk is
# streamed; its text is read again only for a syntax error's line and caret. stdin is kept whole.
# Usage: bash validate_memory.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
bin=${1:?factloom binary}
[ -x "$bin" ] || { echo "no binary at $bin"; exit 77; }
[ -x /usr/bin/time ] || { echo "no /usr/bin/time"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }

cat > "$tmp/shapes.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
TTL
# 64 MiB of comments around a few triples: the text is large, the graph is tiny.
python3 - "$tmp/big.nt" <<'PY'
import sys
line = "# " + "x" * 1021 + "\n"
with open(sys.argv[1], "w") as f:
    f.write("<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n")
    for _ in range(64 * 1024):
        f.write(line)
    f.write("<http://example.org/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n")
    f.write("<http://example.org/b> <http://example.org/name> \"B\" .\n")
PY

/usr/bin/time -f '%M' -o "$tmp/rss" "$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/big.nt" \
  > "$tmp/out" 2> "$tmp/err"
status=$?
[ "$status" = 1 ] || fail "one violation: exit $status, expected 1"
grep -qF 'focus ex:a path ex:name' "$tmp/out" || fail "the violation of ex:a is reported"
grep -qF 'does not conform: 1 result' "$tmp/out" || fail "one result"
kib=$(tail -1 "$tmp/rss")
# The text is 64 MiB; factloom's own heap and code are under 20 MiB (about 33 MiB with
# AddressSanitizer's shadow memory): under 48 MiB, the text cannot have been kept whole.
[ "$kib" -lt 49152 ] || fail "peak RSS ${kib} KiB for a 64 MiB file: its text is kept"

# A syntax error at the end of the big file: file:line:col, the source line and the caret.
printf '<http://example.org/c> <http://example.org/name> "open .\n' >> "$tmp/big.nt"
"$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/big.nt" > "$tmp/out" 2> "$tmp/err"
status=$?
[ "$status" = 1 ] || fail "syntax error: exit $status, expected 1"
grep -qF "$tmp/big.nt:65540:" "$tmp/err" || { fail "syntax error's line"; head -c 600 "$tmp/err"; }
grep -qF ' 65540 | <http://example.org/c> <http://example.org/name> "open .' "$tmp/err" ||
  fail "syntax error's source line"
grep -q '^ *| *\^' "$tmp/err" || fail "syntax error's caret"

# stdin (Turtle) still works, and its errors point into it.
"$bin" validate --shapes "$tmp/shapes.ttl" - < "$tmp/big.nt" > "$tmp/out" 2> "$tmp/err"
grep -qF "<stdin>:65540:" "$tmp/err" || fail "stdin syntax error's line"

# A named pipe is read once, whole (it cannot be read again), and not opened twice.
mkfifo "$tmp/pipe.nt"
head -1 "$tmp/big.nt" > "$tmp/one.nt"
cat "$tmp/one.nt" > "$tmp/pipe.nt" &
writer=$!
timeout 20 "$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/pipe.nt" > "$tmp/out" 2> "$tmp/err"
status=$?
kill "$writer" 2> /dev/null
[ "$status" = 1 ] || { fail "named pipe: exit $status, expected 1"; head -c 600 "$tmp/err"; }
grep -qF 'focus ex:a path ex:name' "$tmp/out" || fail "named pipe: the violation of ex:a"

if [ "$failures" -gt 0 ]; then
  echo "cli validate_memory: $failures failed"
  exit 1
fi
echo "cli validate_memory: all passed"
