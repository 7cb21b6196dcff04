#!/usr/bin/env bash
# export --quickstatements (issue 13, point 4): the samples' commands compared line by line with
# a hand-written expected file whose every line cites its fact (--cite), each citation checked
# against the fact file; a small corpus for qualifiers, participants and two references; the
# summary of what is not exported; a mapping given with --mapping; errors and exit codes.
# Usage: bash quickstatements.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
bin=${1:?factloom binary}
src=${2:?source dir}
[ -x "$bin" ] || { echo "no binary at $bin"; exit 77; }
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

expect() {  # expect NAME STATUS COMMAND...   (stdout in $tmp/out, stderr in $tmp/err)
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$want" ]; then
    fail "$name: exit $got, expected $want"; sed 's/^/  | /' "$tmp/out" "$tmp/err" | head -20
  fi
}
contains() {  # contains NAME FILE TEXT
  grep -qF -- "$3" "$2" || { fail "$1: '$3' not in $(basename "$2")"; sed 's/^/  | /' "$2" | head -20; }
}
same_lines() {  # same_lines NAME EXPECTED GOT: the first differing line, if any
  local n=1 want got
  while :; do
    want=$(sed -n "${n}p" "$2"); got=$(sed -n "${n}p" "$3")
    [ -z "$want" ] && [ -z "$got" ] && [ "$n" -gt "$(wc -l <"$2")" ] && break
    if [ "$want" != "$got" ]; then
      fail "$1: line $n differs"; echo "  expected: $want"; echo "  got:      $got"; return
    fi
    n=$((n + 1))
  done
}
cited_blocks() {  # cited_blocks NAME FILE: each '# file:line' names the first line of a block
  local cite file line text
  while IFS= read -r cite; do
    file=${cite%:*}; line=${cite##*:}
    text=$(sed -n "${line}p" "$file" 2>/dev/null)
    case $text in
      [a-z]*) ;;
      *) fail "$1: $cite is not the first line of a fact block: '$text'" ;;
    esac
  done < <(sed -n 's/.*\t# //p' "$2")
}

cd "$src" || exit 1

# The samples, line by line against the hand-written file; every citation checked.
expect "samples" 0 "$bin" export --quickstatements --cite samples
same_lines "samples" tests/cli/quickstatements.expected "$tmp/out"
cited_blocks "samples" "$tmp/out"
[ "$(wc -l <"$tmp/out")" -gt 0 ] || fail "samples: no command"
# What is not exported is summarised on stderr, by kind and reason, with file:line.
contains "summary count" "$tmp/err" "quickstatements: 17 commands; "
contains "summary merz" "$tmp/err" "post: 'merz' has no Wikidata item (1)"
contains "summary merz line" "$tmp/err" "  samples/berlin-talks.facts:52 "
contains "summary position" "$tmp/err" "post: no position item for the role 'President' in Q212 (1)"
contains "summary statements" "$tmp/err" "statement: a statement in the article's words is not verbatim, and P1683 (quotation) holds verbatim text only (19)"
contains "summary kremlin" "$tmp/err" "quote: 'kremlin' has no Wikidata item (2)"
contains "summary kremlin line" "$tmp/err" "  samples/berlin-talks.facts:205 berlin-talks-2025-12-15/quote-4"
contains "summary meetings" "$tmp/err" "meeting: the meeting has no Wikidata item (factloom creates none)"

# Without --cite: the same commands, without the citation column; --summary FILE, -o FILE.
expect "plain" 0 "$bin" export --quickstatements samples -o "$tmp/plain.qs" --summary "$tmp/summary"
sed 's/\t# [^\t]*$//' tests/cli/quickstatements.expected >"$tmp/want.qs"
same_lines "plain" "$tmp/want.qs" "$tmp/plain.qs"
[ ! -s "$tmp/out" ] || fail "plain: stdout is not empty with -o"
grep -q "quickstatements:" "$tmp/err" && fail "plain: the summary went to stderr with --summary"
contains "summary file" "$tmp/summary" "post: 'merz' has no Wikidata item (1)"

# A small corpus: start and end qualifiers from two articles, one reference each; participants
# of an event with an item; a participant without one; a date of month and year precision;
# quotes (P1683, a monolingual text) dated by their own date (a week: its month) or by the
# earliest publication, and the quotes and the paraphrase that are not exported, with reasons.
d=tests/data/quickstatements
expect "corpus" 0 "$bin" export --quickstatements --cite "$d/b.facts" "$d/d.facts" "$d/actors.facts" "$d/c.facts" "$d/a.facts"
same_lines "corpus" "$d/expected.qs" "$tmp/out"
cited_blocks "corpus" "$tmp/out"
contains "corpus aide" "$tmp/err" "meeting: 'aide' has no Wikidata item (1)"
contains "corpus aide line" "$tmp/err" "  $d/a.facts:14 summit"
contains "corpus no participant" "$tmp/err" "event: no value for P710 (1)"
contains "corpus no participant line" "$tmp/err" "  $d/a.facts:24 quiet-summit"
contains "corpus no language" "$tmp/err" "quote: the text has no language tag (P1683 is a monolingual text) (1)"
contains "corpus no language line" "$tmp/err" "  $d/c.facts:15 article-c/quote-1"
contains "corpus double quote" "$tmp/err" "quote: the text holds a double quote, a tab, a line break or '|', which a QuickStatements command cannot carry (1)"
contains "corpus double quote line" "$tmp/err" "  $d/c.facts:19 article-c/quote-2"
contains "corpus paraphrase line" "$tmp/err" "  $d/c.facts:27 article-c/statement-1"
expect "corpus order" 0 "$bin" export --quickstatements --cite "$d"
same_lines "corpus order" "$d/expected.qs" "$tmp/out"

# A mapping given with --mapping is used without recompiling: a position for the samples'
# President of Ukraine (an id of the form only) gives Zelensky's post a command.
{ cat ontology/wikidata.ttl
  printf '\nwd:Q4000000003 a flwd:Position ; flwd:organisation wd:Q212 ; flwd:role "President" .\n'
} >"$tmp/more.ttl"
expect "more" 0 "$bin" export --quickstatements --cite --mapping "$tmp/more.ttl" samples
contains "more zelensky" "$tmp/out" "$(printf 'Q3874799\tP39\tQ4000000003\tS577\t+2025-12-15T00:00:00Z/11\t')"
contains "more line" "$tmp/out" "# samples/berlin-talks.facts:37"
[ "$(wc -l <"$tmp/out")" = 18 ] || fail "more: $(wc -l <"$tmp/out") commands, not 18"

# A quotation rule is data: without it (the embedded mapping less flwd:quotation), quotes are
# listed as having no statement in the mapping, and the posts' commands are unchanged.
sed '/^flwd:quotation$/,/^$/d' ontology/wikidata.ttl >"$tmp/noquote.ttl"
expect "no quotation rule" 0 "$bin" export --quickstatements --mapping "$tmp/noquote.ttl" samples
[ "$(wc -l <"$tmp/out")" = 2 ] || fail "no quotation rule: $(wc -l <"$tmp/out") commands, not 2"
contains "no quotation rule quotes" "$tmp/err" "quote: a statement in the article's words is not verbatim"

# An ill-formed mapping: file:line:col and exit 1, no output; an unreadable one: exit 3.
printf '@prefix flwd: <https://w3id.org/factloom/wikidata#> .\n@prefix fl: <https://w3id.org/factloom/ns#> .\nflwd:r a flwd:Reference ;\n  flwd:from fl:url ;\n  flwd:pid "854" .\n' >"$tmp/bad.ttl"
expect "bad mapping" 1 "$bin" export --quickstatements --mapping "$tmp/bad.ttl" samples -o "$tmp/bad.qs"
contains "bad mapping place" "$tmp/err" "bad.ttl:5:12: error: mapping: flwd:pid expects a Wikidata property id"
[ ! -e "$tmp/bad.qs" ] || fail "bad mapping: an output was written"
printf 'flwd:r a flwd:Reference ;\n' >"$tmp/syntax.ttl"
expect "syntax mapping" 1 "$bin" export --quickstatements --mapping "$tmp/syntax.ttl" samples
contains "syntax mapping place" "$tmp/err" "syntax.ttl:1:"
expect "missing mapping" 3 "$bin" export --quickstatements --mapping "$tmp/none.ttl" samples
contains "missing mapping name" "$tmp/err" "none.ttl"

# Usage errors: exit 2.
expect "no format" 2 "$bin" export samples
expect "no input" 2 "$bin" export --quickstatements
: >"$tmp/same"
expect "summary is output" 2 "$bin" export --quickstatements samples -o "$tmp/same" --summary "$tmp/same"
expect "output is input" 2 "$bin" export --quickstatements "$d/a.facts" -o "$d/a.facts"

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "quickstatements: all passed"
