#!/usr/bin/env bash
# factloom load/query refuse what is not theirs to send before contacting any store (issue 15):
# endpoints that are not http(s) (file:// used to print the file in an error), --graph values
# that are not absolute IRIs, bad --auth and --max-response values. No store is needed.
# usage: bash tests/cli/store_usage.sh FACTLOOM_BINARY SOURCE_DIR
set -uo pipefail

FL=$(realpath "$1")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-store-usage.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

printf '<https://example.org/a> <https://example.org/b> "secret line" .\n' >"$WORK/a.nt"
printf 'root:x:0:0:secret-file-content\n' >"$WORK/passwd"

# expect WHAT STATUS PATTERN -- command...: exit status, a stderr line matching PATTERN, and
# nothing of the local file in the output.
expect() {
  local what=$1 status=$2 pattern=$3
  shift 4
  local rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  if [[ $rc != "$status" ]]; then
    fail "$what: exit $rc, expected $status ($(head -c 300 "$WORK/err"))"
  elif ! grep -Eq -- "$pattern" "$WORK/err"; then
    fail "$what: message does not match /$pattern/: $(cat "$WORK/err")"
  elif grep -q "secret-file-content" "$WORK/out" "$WORK/err"; then
    fail "$what: the local file's content was printed"
  else
    pass "$what: exit $status, $(head -n 1 "$WORK/err" | cut -c1-110)"
  fi
}

expect "load --endpoint file://" 2 "--endpoint needs an http:// or https:// URL" -- \
  "$FL" load --endpoint "file://$WORK/passwd" --sparql "http://127.0.0.1:1/sparql" "$WORK/a.nt"
expect "load --sparql file://" 2 "--sparql needs an http:// or https:// URL" -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" --sparql "file://$WORK/passwd" "$WORK/a.nt"
expect "load --endpoint ftp://" 2 "needs an http:// or https:// URL" -- \
  "$FL" load --endpoint "ftp://127.0.0.1:1/x" --sparql "http://127.0.0.1:1/sparql" "$WORK/a.nt"
expect "query --endpoint file://" 2 "--endpoint needs an http:// or https:// URL" -- \
  "$FL" query --endpoint "file://$WORK/passwd" -e "SELECT * { ?s ?p ?o }"
expect "query --endpoint gopher://" 2 "needs an http:// or https:// URL" -- \
  "$FL" query --endpoint "gopher://127.0.0.1:1/x" -e "ASK {}"
# Port 1: were the store contacted, the error would be "connection refused", exit 3.
expect "load --graph relative" 2 "--graph needs an absolute IRI" -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" --graph "graph1" "$WORK/a.nt"
expect "load --graph with a space" 2 "--graph needs an absolute IRI" -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" --graph "https://e.org/a b" "$WORK/a.nt"
expect "load --graph with an escape" 2 '--graph needs an absolute IRI.*\\x1b' -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" --graph $'https://e.org/\e[31m' "$WORK/a.nt"
if grep -q $'\e' "$WORK/err"; then fail "an ESC reached the terminal raw"; fi
export FL_TEST_PW=pw
expect "load --auth wrong" 2 "--auth is digest, basic or safe" -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" --user u --password-env FL_TEST_PW \
  --auth plain "$WORK/a.nt"
expect "load --auth without --user" 2 "--auth needs --user" -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" --auth basic "$WORK/a.nt"
expect "query --max-response 0" 2 "--max-response needs a number of MiB" -- \
  "$FL" query --endpoint "http://127.0.0.1:1/sparql" --max-response 0 -e "ASK {}"
expect "an http endpoint is contacted (exit 3)" 3 "connection refused" -- \
  "$FL" load --endpoint "http://127.0.0.1:1/sparql-graph-crud" "$WORK/a.nt"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
