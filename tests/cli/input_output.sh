#!/usr/bin/env bash
# Reading inputs and writing outputs under hostile conditions (issue 15): unreadable folder
# entries, an output that is one of the inputs, symlinked and read-only outputs, signals during
# `build -o`, NUL bytes and non-regular files as RDF input.
# Usage: bash input_output.sh FACTLOOM_BINARY SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || { echo "no binary at $bin"; exit 77; }
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else echo "FAIL: $1: expected exit $2, got $3"; sed 's/^/  | /' "$tmp/err" 2>/dev/null | head -20; fails=$((fails + 1)); fi
}

# A folder entry that cannot be read (here: a path longer than PATH_MAX, which even root cannot
# open) is an I/O error with its name; the other files are still read and checked.
mkdir -p "$tmp/walk"
cp samples/actors.facts "$tmp/walk/a.facts"
long=$(printf 'd%.0s' $(seq 250))
deep="$tmp/walk"
for _ in $(seq 18); do deep="$deep/$long"; done
mkdir -p "$deep"
printf 'meeting\n' > "$tmp/walk/z.facts"
"$bin" check "$tmp/walk" > /dev/null 2> "$tmp/err"; check "unreadable folder entry" 3 $?
ok "names the unreadable entry" grep -Eq "cannot read the (folder|entry): File name too long" "$tmp/err"
ok "still reads the other files" grep -q "z.facts:.*error" "$tmp/err"

# The output may not be one of the inputs (by name, symlink or hard link): usage error, untouched.
cp samples/actors.facts "$tmp/x.facts"
sum=$(cksum < "$tmp/x.facts")
"$bin" build "$tmp/x.facts" -o "$tmp/x.facts" > /dev/null 2> "$tmp/err"; check "output is the input" 2 $?
ok "says the output is the input" grep -q "is the input" "$tmp/err"
ln -s x.facts "$tmp/link.facts"
ln "$tmp/x.facts" "$tmp/hard.facts"
"$bin" build "$tmp/x.facts" -o "$tmp/link.facts" > /dev/null 2> "$tmp/err"; check "output is a symlink to the input" 2 $?
"$bin" build "$tmp/x.facts" -o "$tmp/hard.facts" > /dev/null 2> "$tmp/err"; check "output is a hard link to the input" 2 $?
mkdir -p "$tmp/in"
cp samples/actors.facts "$tmp/in/y.facts"
"$bin" build "$tmp/in" -o "$tmp/in/y.facts" > /dev/null 2> "$tmp/err"; check "output is a file of an input folder" 2 $?
mkdir -p "$tmp/in2"
cp samples/actors.facts "$tmp/in2/z.facts"
ln "$tmp/in2/z.facts" "$tmp/z-out.ttl"
"$bin" build "$tmp/in2" -o "$tmp/z-out.ttl" > /dev/null 2> "$tmp/err"; check "output is a hard link to a file of an input folder" 2 $?
ok "names the file found in the folder" grep -q "is the input $tmp/in2/z.facts" "$tmp/err"
ok "inputs untouched" test "$(cksum < "$tmp/x.facts")" = "$sum" -a "$(cksum < "$tmp/in/y.facts")" = "$sum" -a "$(cksum < "$tmp/in2/z.facts")" = "$sum"

# Rebuilding keeps the output's permissions, and writes through a symlink to its target.
"$bin" build samples -o "$tmp/out.ttl" 2> "$tmp/err"; check "build" 0 $?
chmod 640 "$tmp/out.ttl"
"$bin" build samples -o "$tmp/out.ttl" 2> "$tmp/err"; check "rebuild" 0 $?
ok "keeps the mode 640" test "$(stat -c %a "$tmp/out.ttl")" = 640
mkdir -p "$tmp/real"
echo old > "$tmp/real/target.ttl"
ln -s real/target.ttl "$tmp/via-link.ttl"
"$bin" build samples -o "$tmp/via-link.ttl" 2> "$tmp/err"; check "build through a symlink" 0 $?
ok "the link stays a link" test -L "$tmp/via-link.ttl"
ok "the target is written" cmp -s "$tmp/real/target.ttl" "$tmp/out.ttl"
ok "no temporary file left" test -z "$(ls -A "$tmp/real" | grep -v '^target.ttl$')"

# SIGTERM or SIGINT while `build -o` writes removes the temporary file (and the process ends by the signal).
mkdir -p "$tmp/sig"
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("source big-2025\n  title: \"Big\"@en\n  publisher: \"P\"\n"
            "  url: <https://example.org/big>\n  published: 2025-12-15\n\n")
    for i in range(40000):
        f.write("person p%d \"Person %d\"@en\n  alias: \"P%d\", \"Q%d\"\n\n" % (i, i, i, i))
' "$tmp/sig/big.facts"
# Job control on, so that a background build does not start with SIGINT ignored.
set -m
for sig in TERM INT; do
  want=$((128 + $(kill -l "$sig")))
  caught=no
  for attempt in 1 2 3; do
    "$bin" build --no-validate -f ntriples "$tmp/sig/big.facts" -o "$tmp/sig/out.nt" 2> /dev/null &
    pid=$!
    for _ in $(seq 4000); do
      if compgen -G "$tmp/sig/.out.nt.*" > /dev/null; then kill -"$sig" "$pid"; caught=yes; break; fi
      kill -0 "$pid" 2> /dev/null || break
      sleep 0.005
    done
    wait "$pid"; status=$?
    [ "$caught" = yes ] && break
    rm -f "$tmp/sig/out.nt"
  done
  if [ "$caught" = yes ]; then
    check "SIG$sig ends the build by the signal" "$want" "$status"
    ok "no temporary file after SIG$sig" test -z "$(compgen -G "$tmp/sig/.out.nt.*")"
    ok "no output after SIG$sig" test ! -e "$tmp/sig/out.nt"
  else
    echo "note: the build wrote its output before a temporary file was seen; SIG$sig case not run"
  fi
done
set +m

# RDF input: a NUL byte inside a string does not end the document (the violation after it is
# seen); a NUL between statements is an error at its place.
cat > "$tmp/shapes.ttl" <<'TTL'
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Person ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
TTL
printf '@prefix ex: <http://example.org/> .\nex:a ex:note "x\0y" .\nex:bob a ex:Person .\n' > "$tmp/nul.ttl"
"$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/nul.ttl" > "$tmp/out" 2> "$tmp/err"; check "NUL in a string: the rest is read" 1 $?
ok "the violation after the NUL is reported" grep -q "focus ex:bob" "$tmp/out"
printf '@prefix ex: <http://example.org/> .\n\0ex:bob a ex:Person .\n' > "$tmp/nul2.ttl"
"$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/nul2.ttl" > /dev/null 2> "$tmp/err"; check "NUL between statements" 1 $?
ok "NUL reported at its place" grep -q "nul2.ttl:2:1: error: a NUL byte" "$tmp/err"

# A language tag of 300 characters is valid Turtle and is read.
printf '@prefix ex: <http://example.org/> .\nex:a ex:name "x"@%s .\n' "x$(printf 'a%.0s' $(seq 299))" > "$tmp/lang.ttl"
"$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/lang.ttl" > /dev/null 2> "$tmp/err"; check "300-character language tag" 0 $?

# A .ttl that is a symlink to /dev/zero: an I/O error after a bounded read, not a crash.
ln -s /dev/zero "$tmp/zero.ttl"
"$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/zero.ttl" > /dev/null 2> "$tmp/err"; check "/dev/zero as input" 3 $?
ok "says it is a device" grep -q "is a device" "$tmp/err"

# Nesting 15000 deep is refused where the limit is passed, not a crash.
python3 -c 'import sys; print("<http://a> <http://p> " + "[ <http://p> " * 15000 + "1" + " ]" * 15000 + " .")' > "$tmp/deep.ttl"
"$bin" validate --shapes "$tmp/shapes.ttl" "$tmp/deep.ttl" > /dev/null 2> "$tmp/err"; check "deep nesting" 1 $?
ok "nesting limit reported with its place" grep -q "deep.ttl:1:.*nested more than 1000 levels" "$tmp/err"

# Diagnostics are capped: 100 printed, the rest counted; a long line is echoed as a window.
for i in $(seq 300); do echo "meeting m$i \"M\"@en"; echo "  participant: nobody$i"; done > "$tmp/many.facts"
"$bin" check "$tmp/many.facts" > /dev/null 2> "$tmp/err"; check "many errors" 1 $?
ok "at most 100 diagnostics printed" test "$(grep -c ': error: ' "$tmp/err")" -le 100
ok "the rest counted" grep -q "more diagnostics not shown" "$tmp/err"
# --max-diagnostics N changes the cap (every command takes it); 0 prints them all.
"$bin" check --max-diagnostics 5 "$tmp/many.facts" > /dev/null 2> "$tmp/err"; check "--max-diagnostics 5" 1 $?
ok "five printed" test "$(grep -c ': error: ' "$tmp/err")" -eq 5
ok "the cap named in the count line" grep -q "at most 5 are printed; --max-diagnostics" "$tmp/err"
"$bin" check --max-diagnostics=0 "$tmp/many.facts" > /dev/null 2> "$tmp/err"; check "--max-diagnostics 0" 1 $?
all=$(grep -c ': error: ' "$tmp/err")
ok "0 prints every diagnostic" test "$all" -gt 100
ok "nothing left uncounted" bash -c "! grep -q 'not shown' '$tmp/err'"
"$bin" build --max-diagnostics 0 -o "$tmp/many.ttl" "$tmp/many.facts" > /dev/null 2> "$tmp/err"; check "build --max-diagnostics 0" 1 $?
ok "build prints them all too" test "$(grep -c ': error: ' "$tmp/err")" -eq "$all"
"$bin" check --max-diagnostics lots "$tmp/many.facts" > /dev/null 2> "$tmp/err"; check "--max-diagnostics lots" 2 $?
ok "not a number: usage error" grep -q -- "--max-diagnostics needs a number" "$tmp/err"
"$bin" validate --help > "$tmp/out" 2>&1
ok "listed in every command's help" grep -q -- "--max-diagnostics N" "$tmp/out"
{ printf 'meeting m "M"@en\n  participant: '; printf 'x%.0s' $(seq 5000); printf ' nobody\n'; } > "$tmp/long.facts"
"$bin" check "$tmp/long.facts" > /dev/null 2> "$tmp/err"; check "error on a long line" 1 $?
ok "the echoed line is cut to a window" test "$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$tmp/err")" -le 400

finish "cli input_output"
