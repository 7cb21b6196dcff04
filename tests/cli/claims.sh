#!/usr/bin/env bash
# Statements over time from the command line: a later article updates a meeting (no error,
# the latest value on the meeting, every article's claim kept), two articles of the same day
# that disagree (exit 1, both files, lines and values), the same bytes whatever the order of
# the arguments, and every article's claims validated on their own.
set -u
. "$(dirname "$0")/lib.sh"
d=tests/data/claims

# planned (2025-12-10), then held (2025-12-17): held on the meeting, two ranked claims.
"$bin" build -f ntriples "$d/updates" >"$tmp/up.nt" 2>"$tmp/err"; check "update" 0 $?
ok "update: no diagnostics" test ! -s "$tmp/err"
T='<https://example.org/factloom/geneva-talks>'
FL='https://w3id.org/factloom/ns#'
C='<https://example.org/factloom/geneva-talks/claim'
ok "the meeting is held" grep -qF "$T <${FL}status> <${FL}Held> ." "$tmp/up.nt"
ok "and nothing else" test "$(grep -cF "$T <${FL}status>" "$tmp/up.nt")" = 1
ok "the meeting's date is the later article's" grep -qF "$T <${FL}date> \"2025-12-16\"" "$tmp/up.nt"
ok "the earlier phrase is not on the meeting" test "$(grep -cF "$T <${FL}datePhrase>" "$tmp/up.nt")" = 1
ok "claim planned" grep -qF "$C/wire-2025-12-10/status> <${FL}status> <${FL}Planned> ." "$tmp/up.nt"
ok "claim planned is normal" grep -qF "$C/wire-2025-12-10/status> <${FL}rank> <${FL}normal> ." "$tmp/up.nt"
ok "claim held is preferred" grep -qF "$C/wire-2025-12-17/status> <${FL}rank> <${FL}preferred> ." "$tmp/up.nt"
ok "claim as of" grep -qF "$C/wire-2025-12-10/status> <${FL}asOf> \"2025-12-10\"^^<http://www.w3.org/2001/XMLSchema#date> ." "$tmp/up.nt"
ok "claim source" grep -qF "$C/wire-2025-12-17/status> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://example.org/factloom/wire-2025-12-17> ." "$tmp/up.nt"

# The same bytes whatever the order of the arguments.
"$bin" build "$d/updates/b-held.facts" "$d/updates/a-planned.facts" >"$tmp/ba.ttl"; check "b a" 0 $?
"$bin" build "$d/updates/a-planned.facts" "$d/updates/b-held.facts" >"$tmp/ab.ttl"; check "a b" 0 $?
ok "same bytes in any order" cmp -s "$tmp/ab.ttl" "$tmp/ba.ttl"
"$bin" build -f trig "$d/updates/b-held.facts" "$d/updates/a-planned.facts" >"$tmp/ba.trig"; check "trig b a" 0 $?
"$bin" build -f trig "$d/updates/a-planned.facts" "$d/updates/b-held.facts" >"$tmp/ab.trig"; check "trig a b" 0 $?
ok "same trig bytes in any order" cmp -s "$tmp/ab.trig" "$tmp/ba.trig"
ok "trig: the latest value in the later source's graph" \
  grep -qF "<https://example.org/factloom/wire-2025-12-17/graph> {" "$tmp/ab.trig"

# Two articles of the same day that disagree: one error naming both files, lines and values.
"$bin" build "$d/conflict" >/dev/null 2>"$tmp/err"; check "conflict" 1 $?
ok "conflict: at the second file's line" grep -qF "$d/conflict/b-held.facts:8:11: error: conflicting 'status' for 'geneva-talks'" "$tmp/err"
ok "conflict: names both values and the first file's line" grep -qF "'held' here ($d/conflict/b-held.facts:8), but 'planned' in $d/conflict/a-planned.facts:12, both as of 2025-12-17" "$tmp/err"
ok "conflict: a note at the first file" grep -qF "$d/conflict/a-planned.facts:12:16: note: 'status' is 'planned' here" "$tmp/err"
ok "conflict: one error" grep -qF "1 error, 0 warnings" "$tmp/err"
"$bin" build "$d/conflict/b-held.facts" "$d/conflict/a-planned.facts" >/dev/null 2>"$tmp/err2"; check "conflict reversed" 1 $?
ok "conflict: the same message in any order" cmp -s "$tmp/err" "$tmp/err2"
"$bin" validate "$d/conflict" >/dev/null 2>&1; check "validate conflict" 1 $?

# A single value that does not vary over time (a stance's holder), different in two files: one
# error naming both files, lines and values (it used to be a shape violation naming one file).
"$bin" build "$d/holder" >/dev/null 2>"$tmp/err"; check "holder conflict" 1 $?
ok "holder: both files, lines and values" grep -qF "$d/holder/b-bob.facts:8:11: error: conflicting 'holder' for 'peace-stance': 'bob' here ($d/holder/b-bob.facts:8), but 'ann' in $d/holder/a-ann.facts:12" "$tmp/err"
ok "holder: one error" grep -qF "1 error, 0 warnings" "$tmp/err"
"$bin" build "$d/holder/b-bob.facts" "$d/holder/a-ann.facts" >/dev/null 2>"$tmp/err2"; check "holder reversed" 1 $?
ok "holder: the same message in any order" cmp -s "$tmp/err" "$tmp/err2"

# Each article's claims are validated on their own: an ontology that knows 'rescheduled' but
# shapes that do not; the earlier article's claim is invalid although a later one supersedes it.
sed 's/^fl:Held$/fl:Rescheduled a fl:MeetingStatus ; rdfs:label "rescheduled"@en .\n\nfl:Held/' \
  ontology/factloom.ttl >"$tmp/onto.ttl"
ok "the edited ontology has rescheduled" grep -q "fl:Rescheduled a fl:MeetingStatus" "$tmp/onto.ttl"
"$bin" build --ontology "$tmp/onto.ttl" "$d/superseded" >/dev/null 2>"$tmp/err"; check "superseded invalid claim" 1 $?
ok "the claim's violation is at the article's line" \
  grep -qE "$d/superseded/a-rescheduled.facts:13:16: error: .*/claim/wire-2025-12-10/status.*status: must be one of planned" "$tmp/err"
ok "the meeting itself (held) conforms" test "$(grep -c "error:" "$tmp/err")" = 1

finish claims
