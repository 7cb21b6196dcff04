# Free ports for a CLI test's throw-away server, sourced:
#   . "$SRC/tests/cli/lib_ports.sh"
#   port_free PORT   nothing accepts connections on 127.0.0.1:PORT
#   pick_port        prints a port P with P and P+1 free, outside the kernel's range of
#                    ephemeral ports: a port in that range can be taken between the check and
#                    the server's listen by any outgoing connection or by any server of another
#                    test bound to port 0 (a CI run failed so: "Failed HTTP listen"). A server
#                    can still lose its port to another test's: start it again on a new one.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local lo=32768 hi=60999 from to p
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  if ((lo > 12000)); then
    from=10000 to=$((lo - 2))
  else
    from=$((hi + 1)) to=65000
  fi
  for _ in $(seq 50); do
    p=$((from + RANDOM % (to - from)))
    if port_free "$p" && port_free "$((p + 1))"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
