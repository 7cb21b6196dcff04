#!/usr/bin/env bash
# The site of the samples in a real browser (Debian's chromium, headless): pages load with no
# console message (no script error), every internal href and src of every page leads to a file
# (and to an element with its #anchor), the search finds a quote, and a screenshot of a meeting
# page is kept in BUILD/artifacts/.
# Skipped (77) where chromium is not installed (tools/install-deps installs it, so CI has it).
set -u
. "$(dirname "$0")/lib.sh"
browser=$(command -v chromium || command -v chromium-browser) ||
  { echo "chromium is not installed: skipped"; exit 77; }
artifacts=$(cd "$(dirname "$bin")" && pwd)/artifacts
mkdir -p "$artifacts"
chrome() {  # chrome ARGS... : headless, its own profile, console messages logged to stderr
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 "$@"
}

"$bin" site samples -o "$tmp/site" --pictures 5 || { echo "FAIL: factloom site"; exit 1; }
site=$tmp/site

for page in index.html timeline.html entities/berlin-day-1.html entities/zelensky.html \
            entities/us-proposal.html kinds/fl~3AMeeting.html; do
  chrome --dump-dom "file://$site/$page" > "$tmp/dom" 2> "$tmp/log"
  ok "$page loads" grep -q '<main id="main">' "$tmp/dom"
  ok "$page: no console message" test "$(grep -c ':CONSOLE' "$tmp/log")" = 0
  grep ':CONSOLE' "$tmp/log" | head -3
done

chrome --dump-dom "file://$site/index.html?q=progress" > "$tmp/dom" 2> "$tmp/log"
ok "search: no console message" test "$(grep -c ':CONSOLE' "$tmp/log")" = 0
results=$(grep -o '<ul id="results"[^>]*>.*</ul>' "$tmp/dom" | head -1)
ok "search finds the quote" grep -q '>a lot of progress was made</a>' <<< "$results"
href=$(grep -o 'href="[^"]*"' <<< "$results" | head -1 | sed 's/href="//; s/"$//')
# A quote is a part of its article: a section of the article's page, the href's anchor.
ok "the result leads to the quote's section of its article's page" \
  grep -q "<section class=\"part\" id=\"${href#*#}\">" "$site/${href%%#*}"
ok "which shows the quote" grep -q 'a lot of progress was made' "$site/${href%%#*}"

python3 - "$site" > "$tmp/links" << 'PY'
import html.parser, os, sys, urllib.parse
root = sys.argv[1]
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.found = []
    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.found.append(value)
checked = broken = anchors = 0
ids = {}  # a page's ids, read once
def has_id(path, name):
    if path not in ids:
        class Ids(html.parser.HTMLParser):
            def __init__(self):
                super().__init__(); self.found = set()
            def handle_starttag(self, tag, attrs):
                self.found.update(v for n, v in attrs if n == "id")
        parser = Ids(); parser.feed(open(path, encoding="utf-8").read()); ids[path] = parser.found
    return name in ids[path]
for folder, _, files in os.walk(root):
    for name in files:
        if not name.endswith(".html"):
            continue
        path = os.path.join(folder, name)
        parser = Links(); parser.feed(open(path, encoding="utf-8").read())
        for link in parser.found:
            target = urllib.parse.urlsplit(link)
            if target.scheme:
                continue
            checked += 1
            where = (os.path.normpath(os.path.join(folder, urllib.parse.unquote(target.path)))
                     if target.path else path)  # "#x": an anchor of the page itself
            if not os.path.isfile(where):
                broken += 1; print("broken:", os.path.relpath(path, root), "->", link)
            elif target.fragment:
                anchors += 1
                if where.endswith(".html") and not has_id(where, urllib.parse.unquote(target.fragment)):
                    broken += 1; print("no such anchor:", os.path.relpath(path, root), "->", link)
print("anchors", anchors)
print("checked", checked, "broken", broken)
PY
ok "every internal link leads to a file" grep -q ' broken 0$' "$tmp/links"
ok "thousands of links checked" test "$(awk '/^checked/ {print $2}' "$tmp/links")" -gt 2000
ok "hundreds of them to an anchor" test "$(awk '/^anchors/ {print $2}' "$tmp/links")" -gt 100
grep '^broken\|^no such anchor' "$tmp/links" | head -5

rm -f "$artifacts/meeting-page.png" "$artifacts/meeting-page-phone.png"
chrome --window-size=1000,1600 --screenshot="$artifacts/meeting-page.png" \
  "file://$site/entities/berlin-day-1.html" > /dev/null 2>&1
chrome --window-size=390,844 --screenshot="$artifacts/meeting-page-phone.png" \
  "file://$site/entities/berlin-day-1.html" > /dev/null 2>&1
ok "a screenshot of the meeting page" test "$(head -c 4 "$artifacts/meeting-page.png" | tail -c 3)" = PNG
ok "and of the page on a phone" test -s "$artifacts/meeting-page-phone.png"

echo "site_browser: $pass passed, $fails failed (screenshots in $artifacts)"
[ "$fails" -eq 0 ]
