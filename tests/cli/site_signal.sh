#!/usr/bin/env bash
# factloom site interrupted: SIGINT or SIGTERM while the site is written (here while a fake,
# slow `dot` on PATH draws its pictures) leaves the earlier site untouched and no temporary
# folder (.DIR.tmp-*), and factloom ends by that signal (shell status 130 or 143), promptly.
set -u
set -m  # job control: a background job keeps SIGINT (a script's jobs would ignore it)
. "$(dirname "$0")/lib.sh"
# The fake dot answers factloom's probe (an empty graph) at once and hangs on real pictures.
mkdir "$tmp/bin"
cat > "$tmp/bin/dot" <<'DOT'
#!/usr/bin/env bash
input=$(cat)
if [ "$input" = "digraph factloom {}" ]; then echo '<svg xmlns="http://www.w3.org/2000/svg"></svg>'; exit 0; fi
exec sleep 60
DOT
chmod +x "$tmp/bin/dot"

"$bin" site samples -o "$tmp/site" --pictures 0 > /dev/null || { echo "FAIL: the first site"; exit 1; }
cp -a "$tmp/site" "$tmp/before"
for signal in INT TERM; do
  PATH="$tmp/bin:$PATH" "$bin" site samples -o "$tmp/site" --pictures 2 2> "$tmp/err" &
  pid=$!
  for _ in $(seq 100); do  # until the temporary folder is there (at most 10 s)
    ls -a "$tmp" | grep -q '^\.site\.tmp-' && break
    sleep 0.1
  done
  ok "$signal: the site is being written" bash -c "ls -a '$tmp' | grep -q '^\.site\.tmp-'"
  sleep 0.3
  start=$(date +%s)
  kill -s "$signal" "$pid"
  wait "$pid"
  status=$?
  expected=$([ "$signal" = INT ] && echo 130 || echo 143)
  ok "$signal: ends by the signal (status $expected, got $status)" test "$status" = "$expected"
  ok "$signal: promptly" test $(( $(date +%s) - start )) -le 5
  ok "$signal: no temporary folder left" bash -c "! ls -a '$tmp' | grep -q 'tmp-'"
  ok "$signal: the earlier site untouched" diff -r "$tmp/before" "$tmp/site"
done
finish "site_signal"
