#!/usr/bin/env bash
# factloom graph rendered by Graphviz: the DOT of every view of the samples renders with
# `dot` itself, and -o FILE.svg / FILE.png write real pictures. Skipped (77) when dot is absent
# (tools/install-deps installs graphviz, so CI has it).
set -u
. "$(dirname "$0")/lib.sh"
command -v dot > /dev/null || { echo "graphviz's dot is not installed: skipped"; exit 77; }
for view in meetings proposals; do
  "$bin" graph --view "$view" samples -o "$tmp/$view.dot"
  ok "$view: dot accepts the DOT" dot -Tsvg "$tmp/$view.dot" -o "$tmp/$view-dot.svg"
done
"$bin" graph --focus berlin-day-1 --depth 2 samples -o "$tmp/focus.dot"
ok "focus: dot accepts the DOT" dot -Tsvg "$tmp/focus.dot" -o "$tmp/focus.svg"
ok "graph -o FILE.svg" "$bin" graph samples -o "$tmp/m.svg"
ok "an SVG document" grep -q '<svg' "$tmp/m.svg"
ok "the meeting is drawn" grep -q 'Berlin talks, day 1' "$tmp/m.svg"
ok "graph -o FILE.png" "$bin" graph --view proposals samples -o "$tmp/p.png"
ok "a PNG file" test "$(head -c 4 "$tmp/p.png" | tail -c 3)" = PNG
finish "graph_render"
