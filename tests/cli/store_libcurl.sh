#!/usr/bin/env bash
# libcurl is loaded only by the commands that talk to a store (src/store/curl_api.hpp): the
# other commands start without it and the 29 libraries it brings, and a store command on a machine
# where it cannot be loaded fails with exit 3 and says which library and why. No store is needed:
# the requests go to a port where nothing listens.
# usage: bash tests/cli/store_libcurl.sh FACTLOOM_BINARY SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_ports.sh"

port=$(pick_port)
printf '<https://example.org/a> <https://example.org/b> "c" .\n' >"$tmp/a.nt"
load() { "$bin" load --endpoint "http://127.0.0.1:$port/store" --sparql "http://127.0.0.1:$port/sparql" "$tmp/a.nt"; }

# A command without a store does not load libcurl (the loader's own record of what it loads).
LD_DEBUG=libs "$bin" check samples >/dev/null 2>"$tmp/libs"
check "check samples" 0 $?
ok "the loader ran with LD_DEBUG=libs" grep -q 'calling init' "$tmp/libs"
lacks "check loads no libcurl" libs "libcurl"

# A store command does, and talks HTTP with it: nothing listens, so the connection is refused.
LD_DEBUG=libs load >"$tmp/out" 2>"$tmp/err"
check "load to a closed port" 3 $?
contains "libcurl is loaded" err "libcurl.so.4"
contains "the refused connection is reported" err "connection refused"

# libcurl missing: exit 3, the file and the loader's reason, no internal error.
FACTLOOM_LIBCURL="$tmp/missing/libcurl.so.4" expect "load without libcurl" 3 load
contains "the message names the library" err "cannot load libcurl ($tmp/missing/libcurl.so.4)"
contains "the loader's reason" err "No such file or directory"
contains "where it comes from" err "libcurl4"
lacks "not an internal error" err "internal error"

# A library that is not libcurl: the first function it lacks is named.
FACTLOOM_LIBCURL=libm.so.6 expect "load with another library" 3 load
contains "the missing function is named" err "cannot use libcurl (libm.so.6): it has no function curl_global_init"

# Without a store command, a missing libcurl does not matter.
FACTLOOM_LIBCURL="$tmp/missing/libcurl.so.4" expect "build without libcurl" 0 \
  "$bin" build samples -o "$tmp/out.ttl"
ok "the output is written" test -s "$tmp/out.ttl"

finish store_libcurl
