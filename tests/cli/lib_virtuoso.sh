# A throw-away Virtuoso (tools/virtuoso) for a CLI test, sourced after FL and SRC are set:
#   . "$SRC/tests/cli/lib_virtuoso.sh"
#   virtuoso_start NAME    skips (exit 77) without Virtuoso (as root, tools/virtuoso installs it
#                          first); makes $WORK (removed on exit, the
#                          server stopped), starts the server on free ports and sets HTTP, SQL,
#                          GSP (Graph Store endpoint) and SPARQL (query endpoint); fails (exit 1)
#                          when the server does not start.
# Also (tests/cli/lib_ports.sh): port_free PORT, pick_port.
VIRTUOSO=$SRC/tools/virtuoso
. "$SRC/tests/cli/lib_ports.sh"
virtuoso_installed() { command -v virtuoso-t >/dev/null 2>&1 || [[ -x /usr/bin/virtuoso-t ]]; }
virtuoso_cleanup() {
  "$VIRTUOSO" stop "$WORK/db" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
virtuoso_start() {  # virtuoso_start NAME
  if [[ ! -x $VIRTUOSO ]]; then
    echo "SKIP: tools/virtuoso not found"
    exit 77
  fi
  if ! virtuoso_installed && ((EUID != 0)); then # as root, tools/virtuoso installs it
    echo "SKIP: virtuoso-opensource-7-bin is not installed (tools/install-deps installs it)"
    exit 77
  fi
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/fl-$1.XXXXXX")
  DB=$WORK/db
  trap virtuoso_cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$DB"
  # Up to three tries, each on new ports, when another process took a port first.
  local try
  for try in 1 2 3; do
    HTTP=$(pick_port) || { echo "FAIL: no free port"; exit 1; }
    SQL=$((HTTP + 1))
    if "$VIRTUOSO" start "$DB" --http-port "$HTTP" --sql-port "$SQL" --buffers 20000 >"$WORK/start.log" 2>&1; then
      break
    fi
    if ((try < 3)) && grep -qiE 'failed .*listen|already in use' "$WORK/start.log"; then
      echo "virtuoso_start: port $HTTP or $SQL was taken; again on other ports"
      continue
    fi
    cat "$WORK/start.log"
    if ! virtuoso_installed; then
      echo "SKIP: Virtuoso could not be installed"
      exit 77
    fi
    echo "FAIL: tools/virtuoso start"
    exit 1
  done
  GSP=http://127.0.0.1:$HTTP/sparql-graph-crud
  SPARQL=http://127.0.0.1:$HTTP/sparql
}
