#!/usr/bin/env bash
# factloom validate under hostile shapes and data (issue 15): deep recursion through shapes,
# regular expressions that hit PCRE2's limits or meet invalid UTF-8, plurals in messages.
# Usage: bash validate_limits.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
. "$(dirname "$0")/lib.sh"
EXPECT_TIMEOUT=60

prefixes='@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .'

# 1. A recursive shape over an 8,000-node chain of data (it used to end in SIGSEGV).
{
  echo "$prefixes"
  echo 'ex:Chain a sh:NodeShape ; sh:targetNode ex:n0 ;'
  echo '  sh:property [ sh:path ex:next ; sh:node ex:Chain ] .'
} >"$tmp/chain-shapes.ttl"
{
  echo "$prefixes"
  for ((i = 0; i < 8000; i++)); do echo "ex:n$i ex:next ex:n$((i + 1)) ."; done
} >"$tmp/chain-data.ttl"
expect deep-data 1 "$bin" validate --shapes "$tmp/chain-shapes.ttl" "$tmp/chain-data.ttl"
contains deep-data err "nested deeper than"
contains deep-data err "ex:Chain"
lacks deep-data err "internal error"
# A short chain of the same shape is fine.
{
  echo "$prefixes"
  for ((i = 0; i < 100; i++)); do echo "ex:n$i ex:next ex:n$((i + 1)) ."; done
} >"$tmp/short-data.ttl"
expect short-data 0 "$bin" validate --shapes "$tmp/chain-shapes.ttl" "$tmp/short-data.ttl"

# 2. 16,000 shapes chained by sh:node (it used to end in SIGSEGV).
{
  echo "$prefixes"
  echo 'ex:S0 a sh:NodeShape ; sh:targetNode ex:x ; sh:node ex:S1 .'
  for ((i = 1; i < 16000; i++)); do echo "ex:S$i sh:node ex:S$((i + 1)) ."; done
  echo 'ex:S16000 sh:minCount 0 .'
} >"$tmp/node-shapes.ttl"
printf '%s\nex:x ex:p ex:y .\n' "$prefixes" >"$tmp/x.ttl"
expect deep-shapes 1 "$bin" validate --shapes "$tmp/node-shapes.ttl" "$tmp/x.ttl"
contains deep-shapes err "nested deeper than"
lacks deep-shapes err "internal error"

# Finding which shapes are recursive is linear: 100,000 chained shapes took about 50 s (0.5 s now).
{
  echo "$prefixes"
  echo 'ex:S0 a sh:NodeShape ; sh:targetNode ex:x ; sh:node ex:S1 .'
  awk 'BEGIN { for (i = 1; i < 100000; i++) printf "ex:S%d sh:node ex:S%d .\n", i, i + 1 }'
  echo 'ex:S100000 sh:minCount 0 .'
} >"$tmp/long-shapes.ttl"
SECONDS=0
expect many-shapes 1 "$bin" validate --shapes "$tmp/long-shapes.ttl" "$tmp/x.ttl"
contains many-shapes err "nested deeper than"
if [ "$SECONDS" -gt 10 ]; then
  fail "many-shapes: took $SECONDS s"
fi

# 3. sh:pattern: PCRE2's errors are reported, never taken as "no match" (which bypassed
# sh:not [ sh:pattern ... ]) nor as a match. Catastrophic backtracking hits the match limit at
# once (it took 147 s over 1,000 values without the JIT and a limit).
{
  echo "$prefixes"
  echo 'ex:P a sh:NodeShape ; sh:targetSubjectsOf ex:v ;'
  echo '  sh:property [ sh:path ex:v ; sh:pattern "^(a|aa)+$" ] .'
} >"$tmp/pattern-shapes.ttl"
long=$(printf 'a%.0s' {1..60})
{
  echo "$prefixes"
  for ((i = 0; i < 1000; i++)); do echo "ex:n$i ex:v \"${long}b$i\" ."; done
} >"$tmp/pattern-data.ttl"
expect match-limit 1 "$bin" validate --shapes "$tmp/pattern-shapes.ttl" "$tmp/pattern-data.ttl"
contains match-limit err "sh:pattern of the property shape on ex:v could not be matched: match limit"
contains match-limit err "focus node ex:n"
lacks match-limit out "conforms"
# Values that match, and short ones that do not, still give ordinary results.
{
  echo "$prefixes"
  echo "ex:ok ex:v \"$long\" ."
  echo 'ex:bad ex:v "ab" .'
} >"$tmp/pattern-small.ttl"
expect pattern-results 1 "$bin" validate --shapes "$tmp/pattern-shapes.ttl" "$tmp/pattern-small.ttl"
contains pattern-results out "does not conform: 1 result (1 violation, 0 warnings, 0 infos)"
# A lone surrogate (invalid UTF-8) under sh:not [ sh:pattern ]: an error, not "conforms".
{
  echo "$prefixes"
  echo 'ex:N a sh:NodeShape ; sh:targetSubjectsOf ex:v ;'
  echo '  sh:property [ sh:path ex:v ; sh:not [ sh:pattern "^x" ] ] .'
} >"$tmp/not-shapes.ttl"
{
  echo "$prefixes"
  printf 'ex:a ex:v "x\xed\xa0\x80" .\n'
} >"$tmp/surrogate.ttl"
expect surrogate 1 "$bin" validate --shapes "$tmp/not-shapes.ttl" "$tmp/surrogate.ttl"
if grep -q "could not be matched" "$tmp/err"; then
  contains surrogate err 'focus node "x\xED\xA0\x80"'
else # the RDF reader may refuse the value itself (also exit 1)
  contains surrogate err "error"
fi
lacks surrogate out "conforms"

# 4. Counts in the summary: "1 result (1 violation", never "1 violations".
{
  echo "$prefixes"
  echo 'ex:W a sh:NodeShape ; sh:targetNode ex:a ; sh:severity sh:Warning ;'
  echo '  sh:property [ sh:path ex:w ; sh:minCount 1 ; sh:severity sh:Warning ] .'
  echo 'ex:I a sh:NodeShape ; sh:targetNode ex:a ;'
  echo '  sh:property [ sh:path ex:i ; sh:minCount 1 ; sh:severity sh:Info ] .'
  echo 'ex:V a sh:NodeShape ; sh:targetNode ex:a ;'
  echo '  sh:property [ sh:path ex:x ; sh:minCount 1 ] ; sh:property [ sh:path ex:y ; sh:minCount 1 ] .'
} >"$tmp/counts-shapes.ttl"
expect counts 1 "$bin" validate --shapes "$tmp/counts-shapes.ttl" "$tmp/x.ttl"
contains counts out "does not conform: 4 results (2 violations, 1 warning, 1 info)"

{
  echo "$prefixes"
  echo 'ex:L a sh:NodeShape ; sh:targetNode ex:a ;'
  echo '  sh:property [ sh:path ex:p ; sh:minLength 1 ] ;'
  echo '  sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:minLength 1 ] ; sh:qualifiedMinCount 1 ] .'
} >"$tmp/one-shapes.ttl"
printf '%s\nex:a ex:p "" .\n' "$prefixes" >"$tmp/empty-value.ttl"
expect one 1 "$bin" validate --shapes "$tmp/one-shapes.ttl" "$tmp/empty-value.ttl"
contains one out 'is shorter than 1 character'
contains one out 'has fewer than 1 value conforming to'
lacks one out '1 characters'
lacks one out '1 values'

finish validate_limits
