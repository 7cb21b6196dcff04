#!/usr/bin/env bash
# factloom validate --report json|sarif and build --report-file: the SARIF log is valid against the SARIF 2.1.0 schema
# (ajv, tools/sarif), the JSON report's fields and counts agree with the text report.
# Usage: bash report_sarif.sh FACTLOOM_BINARY SOURCE_DIR   (exit 77 = skipped)
set -u
bin=${1:?factloom binary}
src=${2:?source dir}
[ -x "$bin" ] || { echo "no binary at $bin"; exit 77; }
[ -f "$src/samples/actors.facts" ] || { echo "no samples"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# A copy of the samples with two meetings that have no participants: a violation and a warning
# each, from fact files (positions known).
mkdir "$tmp/b"
cp "$src"/samples/*.facts "$tmp/b/"
cat >"$tmp/b/broken.facts" <<'FACTS'
# Meetings without participants.
meeting lonely-meeting "A meeting with nobody"@en
  place:  berlin
  status: held

meeting empty-meeting "Another meeting with nobody"@en
  place:  berlin
  status: held
reference-data broken "Every fact file has a source or declares reference data"@en
FACTS
cd "$tmp" || exit 1
"$bin" validate b >text.out 2>&1
[ $? = 1 ] || fail "text: exit status"
"$bin" validate --report json -o report.json b 2>err
[ $? = 1 ] || fail "json: exit status (a violation fails the run, the report is written)"
"$bin" validate --report sarif -o report.sarif b 2>err
[ $? = 1 ] || fail "sarif: exit status"
"$bin" validate --report sarif b >stdout.sarif 2>err
cmp -s report.sarif stdout.sarif || fail "sarif: -o and stdout differ"
"$bin" validate --report json -j 1 b >j1.json 2>err
cmp -s report.json j1.json || fail "json: differs with one thread"
"$bin" validate --report xml b >/dev/null 2>err
[ $? = 2 ] || fail "unknown report format: not a usage error"

# RDF input: no positions inside the file, so the SARIF results name the focus node only.
"$bin" build --no-validate b/actors.facts b/broken.facts -o data.ttl 2>err || fail "build data.ttl"
"$bin" validate --report sarif -o rdf.sarif data.ttl 2>err
[ $? = 1 ] || fail "rdf sarif: exit status"

# build --report-file: binding errors (an unknown id, twice) and a syntax error become SARIF
# results of their own rule (factloom/input-error); validation did not run.
cp -r b c
sed -i 's/^  place:  berlin$/  place:  nowhere-town/' c/broken.facts
printf 'meeting broken-syntax "x"@en\n  place berlin\n  status: held\nreference-data syn "x"@en\n' >c/syntax.facts
"$bin" build c -o c.ttl --report-file c.sarif >build-c.out 2>&1
[ $? = 1 ] || fail "build c: exit status"
"$bin" build b -o b.ttl --report-file b.json >build-b.out 2>&1
[ $? = 1 ] || fail "build b: exit status"
"$bin" build b -o b.ttl --report-file b.txt >/dev/null 2>&1
[ $? = 2 ] || fail "build --report-file b.txt: not a usage error"
"$bin" build b -o b.ttl --report-file b.txt --report-format sarif >/dev/null 2>&1
[ -s b.txt ] || fail "build --report-format sarif: no report"

python3 - <<'PY' || fail "JSON and SARIF fields and counts"
import json, re
text = open("text.out").read()
m = re.search(r"does not conform: (\d+) results? \((\d+) violations?, (\d+) warnings?, (\d+) infos?\)", text)
assert m, "no summary in the text report"
n, v, w, i = map(int, m.groups())
rep = json.load(open("report.json"))
assert rep["format"] == "factloom-validation-report" and rep["version"] == 1
assert rep["conforms"] is False
s = rep["summary"]
assert (s["results"], s["violations"], s["warnings"], s["infos"]) == (n, v, w, i), (s, n, v, w, i)
assert len(rep["results"]) == n and n == 4, n
for r in rep["results"]:
    for key in ("severity", "severityIri", "focusNode", "path", "value", "shape", "component",
                "message", "messages", "source"):
        assert key in r, key
    assert r["source"]["file"] == "b/broken.facts", r["source"]
    assert r["source"]["line"] in (2, 6) and r["source"]["column"] == 1, r["source"]
    assert r["focusNode"]["type"] == "iri"
    assert r["path"] == "<https://w3id.org/factloom/ns#participant>", r["path"]
    assert r["component"] == "http://www.w3.org/ns/shacl#MinCountConstraintComponent"
levels = sorted(r["severity"] for r in rep["results"])
assert levels == ["violation"] * v + ["warning"] * w, levels
lines = sorted(int(x) for x in re.findall(r"broken\.facts:(\d+):1:", text))
assert lines == sorted(r["source"]["line"] for r in rep["results"]), lines

log = json.load(open("report.sarif"))
assert log["version"] == "2.1.0"
run = log["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "factloom" and driver["version"]
ids = [rule["id"] for rule in driver["rules"]]
assert ids == sorted(set(ids)) and len(ids) == 2, ids  # one rule per shape and component
res = run["results"]
assert len(res) == n
assert sorted(r["level"] for r in res) == ["error"] * v + ["warning"] * w
for r in res:
    assert ids[r["ruleIndex"]] == r["ruleId"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "b/broken.facts", loc
    assert loc["region"]["startLine"] in (2, 6) and loc["region"]["startColumn"] == 1
    assert r["message"]["text"].startswith("focus :")

built = json.load(open("b.json"))
assert built["summary"] == rep["summary"] and built["results"] == rep["results"], built["summary"]
assert built["diagnostics"] == []
run = json.load(open("c.sarif"))["runs"][0]
assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["factloom/input-error"]
got = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]]
assert got == [("c/broken.facts", 3), ("c/broken.facts", 7), ("c/syntax.facts", 2)], got
assert all(r["level"] == "error" for r in run["results"])
assert run["invocations"][0]["executionSuccessful"] is False
text_errors = re.findall(r"^(c/[a-z]+\.facts):(\d+):\d+: error:", open("build-c.out").read(), re.M)
assert [(f, int(l)) for f, l in text_errors] == got, text_errors

rdf = json.load(open("rdf.sarif"))["runs"][0]["results"]
assert len(rdf) == n
for r in rdf:
    loc = r["locations"][0]
    assert "physicalLocation" not in loc, loc
    assert loc["logicalLocations"][0]["fullyQualifiedName"].endswith("-meeting"), loc
PY

check="$src/tools/sarif/check.js"
if [ -d "$src/tools/sarif/node_modules/ajv-draft-04" ] && command -v node >/dev/null; then
  node "$check" report.sarif rdf.sarif c.sarif b.txt >check.out 2>&1 || { fail "schema"; cat check.out; }
  # The check itself rejects a log that breaks the schema.
  python3 -c 'import json; d = json.load(open("report.sarif")); d["runs"][0]["results"][0]["level"] = "fatal"; json.dump(d, open("bad.sarif", "w"))'
  node "$check" bad.sarif >/dev/null 2>&1 && fail "schema check accepted a bad level"
else
  echo "SKIP schema: tools/sarif/node_modules absent (run tools/install-deps)"
  [ $failures = 0 ] && exit 77
fi
[ $failures = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "report_sarif: ok"
