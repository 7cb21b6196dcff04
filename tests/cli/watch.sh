#!/usr/bin/env bash
# factloom build --watch / check --watch: after the first run, each change to the inputs (an
# edit, a new file in a new folder, a removed file) runs again and prints only what changed; a
# failed build keeps the last good output byte for byte; SIGINT/SIGTERM end the loop with status
# 130/143 and no temporary file. Every wait is bounded, so a hang fails instead of blocking.
set -u
set -m  # job control: a background job keeps SIGINT (a script's jobs would ignore it)
bin=$1
src=$2
cd "$src" || exit 1
[ -d /proc/sys/fs/inotify ] || { echo "watch: no inotify here; skipped"; exit 77; }
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2> /dev/null; rm -rf "$tmp"' EXIT
fails=0
pass=0
ok() {  # ok NAME COMMAND...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else echo "FAIL: $name"; fails=$((fails + 1)); fi
}
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else echo "FAIL: $1: expected exit $2, got $3"; fails=$((fails + 1)); fi
}
eventually() {  # eventually COMMAND...: true once COMMAND is (polled for at most 15 s)
  for _ in $(seq 150); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
runs() { grep -c 'waiting for changes' "$tmp/err"; }
# The last run ended with this outcome line, after more than N runs.
ran_past() {  # ran_past N PATTERN
  [ "$(runs)" -gt "$1" ] && tail -n 1 "$tmp/err" | grep -q "$2"
}
no_temporary() { ! ls -a "$tmp" | grep -q 'tmp-'; }

# ---- usage ----
"$bin" build --watch samples > /dev/null 2> "$tmp/usage"; check "build --watch without -o" 2 $?
ok "it says --output" grep -q -- "--watch needs --output FILE" "$tmp/usage"
"$bin" check --watch - < /dev/null > /dev/null 2> "$tmp/usage"; check "check --watch of stdin" 2 $?
"$bin" build --help | grep -q -- "--watch" ; ok "build --help names --watch" test $? = 0
"$bin" check --help | grep -q -- "--watch" ; ok "check --help names --watch" test $? = 0

# ---- build --watch ----
cp -r samples "$tmp/s"
rm -rf "$tmp/s/queries"
"$bin" build "$tmp/s" -o "$tmp/good.ttl" 2> /dev/null || { echo "FAIL: the samples do not build"; exit 1; }
timeout -s KILL 120 "$bin" build --watch "$tmp/s" -o "$tmp/out.ttl" 2> "$tmp/err" > "$tmp/stdout" &
pid=$!
ok "first run writes the output" eventually ran_past 0 "wrote $tmp/out.ttl"
ok "  as build does" cmp -s "$tmp/out.ttl" "$tmp/good.ttl"
inode=$(stat -c %i "$tmp/out.ttl")

# A mistake: the run fails, says only what is new, and the output stays as it was.
n=$(runs)
sed -i 's/^  from:   ukraine$/  from:   ukrane/' "$tmp/s/berlin-talks.facts"
ok "a mistake: the run fails" eventually ran_past "$n" "errors; $tmp/out.ttl kept as it was"
ok "  the new error in full" grep -q "berlin-talks.facts:19:11: error: unknown id 'ukrane'" "$tmp/err"
ok "  with its hint" grep -q "did you mean 'ukraine'" "$tmp/err"
ok "  the counts" grep -q '^watch: 1 new, 0 fixed, 0 unchanged (1 error, 0 warnings)$' "$tmp/err"
ok "  the output byte-identical to the good one" cmp -s "$tmp/out.ttl" "$tmp/good.ttl"
ok "  the same file (not replaced)" test "$(stat -c %i "$tmp/out.ttl")" = "$inode"
ok "  no temporary file" no_temporary

# The fix: the run writes the output again and names what was fixed in one line.
n=$(runs)
sed -i 's/^  from:   ukrane$/  from:   ukraine/' "$tmp/s/berlin-talks.facts"
ok "the fix: the output is written" eventually ran_past "$n" "wrote $tmp/out.ttl"
ok "  one line for the fixed error" grep -q "^fixed: $tmp/s/berlin-talks.facts:19: unknown id 'ukrane'$" "$tmp/err"
ok "  the counts" grep -q '^watch: 0 new, 1 fixed, 0 unchanged (0 errors, 0 warnings)$' "$tmp/err"
ok "  the output rebuilt (a new file)" test "$(stat -c %i "$tmp/out.ttl")" != "$inode"
ok "  the same bytes as the good build" cmp -s "$tmp/out.ttl" "$tmp/good.ttl"

# A new file in a new folder is compiled in; removing it takes it out again.
mkdir "$tmp/s/more"
cat > "$tmp/s/more/extra.facts.part" <<'FACTS'
reference-data watch-extra "More actors"@en

person watch-newcomer "Watch Newcomer"@en
FACTS
mv "$tmp/s/more/extra.facts.part" "$tmp/s/more/extra.facts"
ok "an added file is compiled" eventually grep -q "watch-newcomer" "$tmp/out.ttl"
ok "  without errors" eventually ran_past 0 "wrote $tmp/out.ttl"
rm "$tmp/s/more/extra.facts"
ok "a removed file is taken out" eventually cmp -s "$tmp/out.ttl" "$tmp/good.ttl"

# An edit to a folder made after the start is seen as well.
n=$(runs)
echo 'person stray "Stray"@en' > "$tmp/s/more/stray.facts"
ok "a file in the new folder: its error" eventually ran_past "$n" "errors; $tmp/out.ttl kept"
ok "  named" grep -q "more/stray.facts:1:1: error:" "$tmp/err"
ok "  the output kept" cmp -s "$tmp/out.ttl" "$tmp/good.ttl"
ok "nothing on stdout" test ! -s "$tmp/stdout"

start=$(date +%s)
kill -INT "$pid"
wait "$pid"
check "SIGINT ends build --watch" 130 $?
pid=
ok "  promptly" test $(( $(date +%s) - start )) -le 5
ok "  no temporary file" no_temporary
ok "  the output kept" cmp -s "$tmp/out.ttl" "$tmp/good.ttl"

# ---- check --watch (with --ontology), and SIGTERM ----
rm "$tmp/s/more/stray.facts"
cp ontology/factloom.ttl "$tmp/onto.ttl"
timeout -s KILL 120 "$bin" check --watch --ontology "$tmp/onto.ttl" "$tmp/s" 2> "$tmp/err" > "$tmp/stdout" &
pid=$!
ok "check --watch: first run" eventually ran_past 0 "no errors; waiting"
n=$(runs)
printf '\n# a comment\n' >> "$tmp/s/actors.facts"
ok "check --watch: an edit runs again" eventually ran_past "$n" "no errors; waiting"
ok "  nothing changed" grep -q '^watch: 0 new, 0 fixed, 0 unchanged (0 errors, 0 warnings)$' "$tmp/err"
n=$(runs)
printf '\n# a comment\n' >> "$tmp/onto.ttl"
ok "an edit to the --ontology file runs again" eventually ran_past "$n" "no errors; waiting"
# Five saves in a row (no pause) are one run, or two if the machine stalls between them.
sleep 0.5
n=$(runs)
for i in 1 2 3 4 5; do printf '# save %s\n' "$i" >> "$tmp/s/actors.facts"; done
ok "a burst of saves runs again" eventually ran_past "$n" "no errors; waiting"
sleep 0.5
ok "  once (debounced), not five times: $(( $(runs) - n )) runs" test $(( $(runs) - n )) -le 2
n=$(runs)
touch "$tmp/s/notes.txt" "$tmp/s/.actors.facts.swp"
sleep 1
ok "  other files are not inputs" test "$(runs)" = "$n"
kill -TERM "$pid"
wait "$pid"
check "SIGTERM ends check --watch" 143 $?
pid=
echo "watch: $pass passed, $fails failed"
[ "$fails" -eq 0 ]
