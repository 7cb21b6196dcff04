#!/usr/bin/env bash
# factloom site: the folder of the samples' site (pages, sources with file:line, pictures when
# dot is there, none with a warning when it is not), written atomically; a folder that is not
# an earlier site is never replaced; usage errors.
set -u
. "$(dirname "$0")/lib.sh"
no_temporaries() { ! ls -a "$tmp" | grep -q 'tmp-'; }

"$bin" site --help > "$tmp/help"; check "site --help" 0 $?
"$bin" site samples > /dev/null 2> "$tmp/err"; check "no -o" 2 $?
ok "asks for -o DIR" grep -q "name the site's folder with -o DIR" "$tmp/err"
"$bin" site -o "$tmp/s" > /dev/null 2>&1; check "no input" 2 $?
"$bin" site --pictures many -o "$tmp/s" samples > /dev/null 2>&1; check "bad --pictures" 2 $?

"$bin" site samples -o "$tmp/site" --pictures 3; check "site samples" 0 $?
ok "an index" grep -q '<h2>Sources</h2>' "$tmp/site/index.html"
ok "a meeting page" test -s "$tmp/site/entities/berlin-day-1.html"
ok "facts with fact file and line" grep -q '<td>date</td><td>2025-12-14</td><td class="at">92</td>' "$tmp/site/entities/berlin-day-1.html"
ok "a timeline" grep -q '<h1>Timeline</h1>' "$tmp/site/timeline.html"
ok "the marker of a site" test -f "$tmp/site/.factloom-site"
if command -v dot > /dev/null; then
  ok "the overview pictures" grep -q '<svg' "$tmp/site/pictures/meetings.svg"
  ok "3 pictures of single things" test "$(ls "$tmp/site/pictures" | wc -l)" = 5
  ok "a picture in its page" grep -q 'src="../pictures/abu-dhabi-economic-talks.svg"' "$tmp/site/entities/abu-dhabi-economic-talks.html"
  # pictures are drawn by one dot a thread: the same bytes whatever the number of threads
  "$bin" site samples -o "$tmp/j1" --jobs 1 --pictures 12 && "$bin" site samples -o "$tmp/j3" --jobs 3 --pictures 12
  ok "the same site and pictures on 1 and 3 threads" diff -r "$tmp/j1" "$tmp/j3"
fi
"$bin" site samples/actors.facts -o "$tmp/site" --pictures 0; check "an earlier site is replaced" 0 $?
ok "by the new one" test ! -e "$tmp/site/entities/berlin-day-1.html"
ok "no temporary folder left" no_temporaries

PATH=/nonexistent "$bin" site samples -o "$tmp/nodot" 2> "$tmp/err"; check "site without dot" 0 $?
ok "warns that pictures are missing" grep -q "warning: no pictures: Graphviz's 'dot' is not installed" "$tmp/err"
ok "and shows none" test "$(ls "$tmp/nodot/pictures" | wc -l)" = 0

# A dot that draws only the empty graph: every other picture is a note, and no link breaks.
mkdir "$tmp/fakebin"
printf '#!/bin/sh\nif grep -q -- "->" ; then echo "dot: fails" >&2; exit 1; fi\necho "<svg/>"\n' > "$tmp/fakebin/dot"
chmod +x "$tmp/fakebin/dot"
PATH="$tmp/fakebin:$PATH" "$bin" site samples -o "$tmp/faildot" --pictures 4 2> "$tmp/err"; check "dot failing" 0 $?
ok "warns of the pictures not drawn" grep -q "warning: .* pictures could not be drawn by dot" "$tmp/err"
ok "the note in place of a picture" grep -q 'could not draw' "$tmp/faildot/pictures/meetings.svg"
ok "every picture a page shows exists" test "$(ls "$tmp/faildot/pictures" | wc -l)" = 6

mkdir "$tmp/mine" && echo precious > "$tmp/mine/notes.txt"
"$bin" site samples -o "$tmp/mine" 2> "$tmp/err"; check "a folder that is not a site" 3 $?
ok "says why" grep -q "did not write" "$tmp/err"
ok "left as it was" test "$(cat "$tmp/mine/notes.txt")" = precious
ok "nothing added" test "$(ls -A "$tmp/mine")" = notes.txt
echo file > "$tmp/plain"
"$bin" site samples -o "$tmp/plain" 2> /dev/null; check "a file as the folder" 3 $?
printf 'meeting m "M"\n  participant: nobody\n' > "$tmp/bad.facts"
"$bin" site "$tmp/bad.facts" -o "$tmp/badsite" 2> /dev/null; check "bad input" 1 $?
ok "no site for bad input" test ! -e "$tmp/badsite"
ok "no temporary folder left at the end" no_temporaries

finish "site"
