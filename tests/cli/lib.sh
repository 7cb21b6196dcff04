# The common start of the CLI test scripts, sourced right after `set -u`:
#   . "$(dirname "$0")/lib.sh"
# The script is run as `bash SCRIPT FACTLOOM_BINARY SOURCE_DIR`; this sets bin and src, enters
# the source folder, makes a temporary folder $tmp removed on exit, and gives the checks:
#   check NAME EXPECTED_STATUS ACTUAL_STATUS   an exit status
#   ok NAME COMMAND...                         a command that must succeed
#   expect NAME STATUS COMMAND...              a command's exit status; its output is left in
#                                              $tmp/out and $tmp/err (under `timeout
#                                              $EXPECT_TIMEOUT` when that is set)
#   contains NAME FILE TEXT / lacks NAME FILE TEXT   whether $tmp/FILE holds TEXT
#   fail MESSAGE                               a failed check of the script's own
#   finish NAME                                prints the counts; fails if any check failed
# (a script may redefine check or ok after sourcing, to print more on a failure).
bin=${1:?factloom binary}
src=${2:?source dir}
cd "$src" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else echo "FAIL: $1: expected exit $2, got $3"; fails=$((fails + 1)); fi
}
ok() {  # ok NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
finish() {  # finish NAME
  echo "$1: $pass passed, $fails failed"
  [ "$fails" -eq 0 ]
}
fail() {  # fail MESSAGE
  echo "FAIL: $*"; fails=$((fails + 1))
}
expect() {  # expect NAME STATUS COMMAND...
  local name=$1 want=$2 got
  shift 2
  if [ -n "${EXPECT_TIMEOUT:-}" ]; then
    timeout "$EXPECT_TIMEOUT" "$@" >"$tmp/out" 2>"$tmp/err"
  else
    "$@" >"$tmp/out" 2>"$tmp/err"
  fi
  got=$?
  if [ "$got" = "$want" ]; then pass=$((pass + 1)); return; fi
  fail "$name: exit $got, expected $want"; head -c 2000 "$tmp/out" "$tmp/err" | sed 's/^/  | /'
}
contains() {  # contains NAME FILE TEXT
  if grep -qF -- "$3" "$tmp/$2"; then pass=$((pass + 1)); return; fi
  fail "$1: '$3' not in $2"; head -c 2000 "$tmp/$2" | sed 's/^/  | /'
}
lacks() {  # lacks NAME FILE TEXT
  if ! grep -qF -- "$3" "$tmp/$2"; then pass=$((pass + 1)); return; fi
  fail "$1: '$3' in $2"; head -c 2000 "$tmp/$2" | sed 's/^/  | /'
}
