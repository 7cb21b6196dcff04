#!/usr/bin/env bash
# factloom lsp with a real LSP client: Neovim (Debian 12's 0.7) headless, with the shipped
# configuration (tools/editors/factloom.lua), on a copy of samples/ (see lsp_neovim.lua).
# Skips (77) when nvim is not installed.
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
if ! command -v nvim > /dev/null; then
  echo "skipped: nvim is not installed (apt-get install neovim; tools/install-deps does)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/samples" "$work/samples"
export FL_WORKDIR="$work/samples" HOME="$work" XDG_CONFIG_HOME="$work/config" \
  XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache"
status=0
timeout 120 nvim --headless -u NONE -i NONE -n \
  -c "filetype on" -c "let g:factloom_cmd = ['$bin', 'lsp']" \
  -c "luafile $src/tools/editors/factloom.lua" \
  -c "luafile $src/tests/cli/lsp_neovim.lua" > "$work/out" 2>&1 || status=$?
cat "$work/out"
if [ "$status" -ne 0 ]; then
  echo "FAIL: nvim exited with $status"
  exit 1
fi
grep -q "diagnostic at" "$work/out" && grep -q "completion offers zelensky" "$work/out" &&
  grep -q "definition: .*actors.facts" "$work/out" || { echo "FAIL: a step did not report"; exit 1; }
echo; echo "ok"
