#!/usr/bin/env bash
# tools/editors: the VS Code manifest, language configuration, settings schema and TextMate
# grammar are valid JSON; the manifest names files that exist; the grammar's patterns compile
# (Python's re reads these Oniguruma patterns alike) and colour the sample lines as intended.
set -euo pipefail
src=$(realpath "$2")
python3 - "$src/tools/editors" << 'PY'
import json, os, re, sys
d = sys.argv[1]
for name in ["package.json", "language-configuration.json", "factloom.schema.json",
             "factloom.tmLanguage.json"]:
    json.load(open(os.path.join(d, name)))
m = json.load(open(os.path.join(d, "package.json")))
c = m["contributes"]
for path in [c["languages"][0]["configuration"], c["grammars"][0]["path"],
             c["jsonValidation"][0]["url"]]:
    assert os.path.exists(os.path.join(d, path)), path
g = json.load(open(os.path.join(d, "factloom.tmLanguage.json")))
def patterns(node):
    if isinstance(node, dict):
        for k in ("match", "begin", "end"):
            if k in node:
                yield node[k]
        for v in node.values():
            yield from patterns(v)
    elif isinstance(node, list):
        for v in node:
            yield from patterns(v)
for p in patterns(g):
    re.compile(p)
r = g["repository"]
h = re.match(r["header-line"]["begin"], 'person zelensky "Volodymyr Zelensky"@en')
assert h.group(1) == "person" and h.group(2) == "zelensky", h.groups()
p = re.match(r["property-line"]["begin"], "  participant: zelensky, umerov as negotiator")
assert p.group(1) == "participant", p.groups()
roles = [x for x in r["value"]["patterns"] if "captures" in x][0]
assert re.search(roles["match"], "umerov as negotiator").group(2) == "negotiator"
print("ok")
PY
