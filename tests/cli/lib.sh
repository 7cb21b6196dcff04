# The common start of the CLI test scripts, sourced right after `set -u`:
#   . "$(dirname "$0")/lib.sh"
# The script is run as `bash SCRIPT FACTLOOM_BINARY SOURCE_DIR`; this sets bin and src, enters
# the source folder, makes a temporary folder $tmp removed on exit, and gives the checks:
#   check NAME EXPECTED_STATUS ACTUAL_STATUS   an exit status
#   ok NAME COMMAND...                         a command that must succeed
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
