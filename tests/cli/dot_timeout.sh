#!/usr/bin/env bash
# --dot-timeout: a `dot` that hangs (a fake one on PATH) is stopped. `graph -o FILE.svg` fails
# with exit 3 and says so, writing nothing; `site` writes its pages with a note in place of
# each picture and a warning. A bad value is a usage error (2).
set -u
. "$(dirname "$0")/lib.sh"
mkdir "$tmp/bin"
cat > "$tmp/bin/dot" <<'DOT'
#!/usr/bin/env bash
input=$(cat)
if [ "$input" = "digraph factloom {}" ]; then echo '<svg xmlns="http://www.w3.org/2000/svg"></svg>'; exit 0; fi
exec sleep 60
DOT
chmod +x "$tmp/bin/dot"

"$bin" graph samples --dot-timeout soon -o "$tmp/m.svg" 2> /dev/null; check "graph: bad --dot-timeout" 2 $?
"$bin" site samples --dot-timeout -1 -o "$tmp/s" 2> /dev/null; check "site: bad --dot-timeout" 2 $?
"$bin" graph --help | grep -q -- '--dot-timeout SECONDS'; check "graph --help names it" 0 $?

start=$(date +%s)
PATH="$tmp/bin:$PATH" "$bin" graph samples --dot-timeout 1 -o "$tmp/m.svg" 2> "$tmp/err"
check "graph: dot stopped" 3 $?
ok "graph: in about the timeout" test $(( $(date +%s) - start )) -le 5
ok "graph: says why" grep -q 'did not finish within 1 s' "$tmp/err"
ok "graph: writes nothing" test ! -e "$tmp/m.svg"

start=$(date +%s)
PATH="$tmp/bin:$PATH" "$bin" site samples --jobs 2 --pictures 1 --dot-timeout 1 -o "$tmp/s" 2> "$tmp/err"
check "site: written anyway" 0 $?
ok "site: in about the timeout" test $(( $(date +%s) - start )) -le 8
ok "site: a warning" grep -q 'warning: 3 pictures could not be drawn by dot' "$tmp/err"
ok "site: a note in place of a picture" grep -q 'dot could not draw this picture' "$tmp/s/pictures/meetings.svg"
ok "site: the pages" test -s "$tmp/s/entities/berlin-day-1.html"
finish "dot_timeout"
