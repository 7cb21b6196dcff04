#!/usr/bin/env bash
# factloom graph: DOT of the samples (structure, determinism, atomic -o), usage errors (an
# unknown --focus id with a suggestion), and a clear exit 3 when Graphviz's dot is missing.
set -u
. "$(dirname "$0")/lib.sh"

"$bin" graph --help > "$tmp/help"; check "graph --help" 0 $?
ok "help names the views" grep -q "meetings (default), proposals or focus" "$tmp/help"
"$bin" graph samples > "$tmp/out.dot"; check "graph samples" 0 $?
ok "DOT on stdout" grep -q '^digraph factloom {' "$tmp/out.dot"
ok "a meeting with its date" grep -q '"berlin-day-1" \[label="Berlin talks, day 1\\n2025-12-14 · held"' "$tmp/out.dot"
ok "a role on an edge" grep -q '"umerov" -> "berlin-day-1" \[label="negotiator"\]' "$tmp/out.dot"
"$bin" graph samples -o "$tmp/m.dot"; check "graph -o FILE.dot" 0 $?
ok "-o writes what stdout shows" cmp -s "$tmp/out.dot" "$tmp/m.dot"
mapfile -t files < <(ls samples/*.facts | sort -r)
"$bin" graph "${files[@]}" > "$tmp/reversed.dot"; check "graph in reverse order" 0 $?
ok "same bytes whatever the file order" cmp -s "$tmp/out.dot" "$tmp/reversed.dot"
"$bin" graph --view proposals samples > "$tmp/p.dot"; check "proposals view" 0 $?
ok "a revision" grep -q '"peace-plan-20-dec24" -> "peace-plan-20" \[label="revision of"' "$tmp/p.dot"
"$bin" graph --focus zelensky --depth 1 samples > "$tmp/f.dot"; check "focus view" 0 $?
ok "zelensky in the middle" grep -q '"zelensky" \[.*penwidth="3"' "$tmp/f.dot"

"$bin" graph --focus zelenksy samples > "$tmp/x" 2> "$tmp/err"; check "unknown --focus id" 2 $?
ok "did you mean zelensky" grep -q "unknown id 'zelenksy'; did you mean 'zelensky'?" "$tmp/err"
ok "nothing on stdout" test ! -s "$tmp/x"
"$bin" graph --source nowhere samples > /dev/null 2> "$tmp/err"; check "unknown --source" 2 $?
"$bin" graph --view circles samples > /dev/null 2>&1; check "unknown view" 2 $?
"$bin" graph --view focus samples > /dev/null 2>&1; check "focus without --focus" 2 $?
"$bin" graph --from 2025-13 samples > /dev/null 2>&1; check "bad --from" 2 $?
"$bin" graph --depth 99 --focus zelensky samples > /dev/null 2>&1; check "bad --depth" 2 $?
"$bin" graph -o "$tmp/m.pdf" samples > /dev/null 2>&1; check "unknown picture format" 2 $?
"$bin" graph > /dev/null 2>&1; check "no input" 2 $?
printf 'meeting m "M"\n  participant: nobody\n' > "$tmp/bad.facts"
"$bin" graph "$tmp/bad.facts" > /dev/null 2> "$tmp/err"; check "bad input" 1 $?
ok "diagnostic with its place" grep -q "bad.facts:2:" "$tmp/err"

# A generated corpus of 300 articles: at most --max-nodes meetings and participants, with a note
# of what was left out; the proposals view is capped too.
tools/bench/generate-corpus --articles 300 --seed 2 "$tmp/corpus" > /dev/null
"$bin" graph "$tmp/corpus" --max-nodes 50 > "$tmp/c.dot"; check "graph of a corpus" 0 $?
ok "at most 50 nodes besides the dates" test "$(grep '^  "[^"]*" \[' "$tmp/c.dot" | grep -vc '^  "date:')" -le 50
ok "a note of what was left out" grep -q 'Left out (--max-nodes 50): [0-9]* meetings and [0-9]* participants not shown' "$tmp/c.dot"
"$bin" graph --view proposals "$tmp/corpus" --max-nodes 50 > "$tmp/cp.dot"; check "proposals of a corpus" 0 $?
ok "proposals capped" test "$(grep -c '^  "[^"]*" \[' "$tmp/cp.dot")" -le 50

# Without Graphviz on PATH: exit 3, a clear message, and an existing picture left as it was.
echo old > "$tmp/keep.svg"
PATH=/nonexistent "$bin" graph samples -o "$tmp/keep.svg" 2> "$tmp/err"; check "dot missing" 3 $?
ok "says dot is not installed" grep -q "'dot' is not installed" "$tmp/err"
ok "old picture untouched" test "$(cat "$tmp/keep.svg")" = old
ok "no temporary file left" test "$(ls "$tmp" | grep -c keep)" = 1

finish "graph"
