#!/usr/bin/env bash
# factloom lsp on the command line: help, usage errors, and the exit status of a session
# (0 after shutdown and exit, 1 when the input ends without them).
set -uo pipefail
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
"$bin" lsp --help | grep -q "factloom.json" || fail "--help does not name the settings file"
"$bin" --help | grep -q "^  lsp " || fail "factloom --help does not list lsp"
"$bin" lsp samples > /dev/null 2>&1
[ $? -eq 2 ] || fail "a path is a usage error (2)"
"$bin" lsp --bogus > /dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown option is a usage error (2)"
"$bin" lsp < /dev/null > /dev/null
[ $? -eq 1 ] || fail "input ending without shutdown and exit is 1"
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
out=$( { frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'
         frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
         frame '{"jsonrpc":"2.0","method":"exit"}'; } | "$bin" lsp)
status=$?
[ $status -eq 0 ] || fail "shutdown then exit is 0, got $status"
grep -q '"id":2,"jsonrpc":"2.0","result":null' <<< "$out" || fail "no answer to shutdown: $out"
printf 'Content-Length: 5\r\n\r\n{' | "$bin" lsp > /dev/null
[ $? -eq 1 ] || fail "a message cut short is 1"
echo ok
