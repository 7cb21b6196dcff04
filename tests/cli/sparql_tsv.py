#!/usr/bin/python3
"""SPARQL answers as `factloom query --format tsv` prints them, for comparing stores.

  sparql_tsv.py query GRAPH.ttl OUTDIR QUERY.rq...
      Runs each query with rdflib on the Turtle graph alone and writes OUTDIR/NAME.tsv: the
      header (?var, tab-separated), then one row per solution, each term in N-Triples syntax
      (xsd:string literals without a datatype), unbound variables empty. Rows are not sorted.
      Like `factloom query`, the common prefixes (fl, rdf, rdfs, xsd, schema, prov, org, skos,
      owl, time) are declared for the query unless it declares them itself.

  sparql_tsv.py readme-queries README.md OUTDIR
      Writes each ```sparql block of a Markdown page that is a query (SELECT, ASK, CONSTRUCT or
      DESCRIBE) to OUTDIR/qNN.rq, after the page's first block when that one only declares
      prefixes; prints how many were written.

  sparql_tsv.py virtuoso-normalise < TSV > TSV
      Maps the two known deviations of Virtuoso 7.2 (samples/queries/README.md) to the values
      the graph holds, so that its answers can be compared with the same expected files:
      - xsd:boolean as "1"/"0" -> "true"/"false";
      - xsd:duration as a number of seconds ("18000.0") -> and any day-time xsd:duration
        ("PT5H") both become the canonical day-time form of their length ("PT5H"), since
        Virtuoso keeps the length but not the lexical form. Year-month durations are left as
        they are (and would show as a difference).

  sparql_tsv.py json-tsv < RESULTS.json > TSV
      SPARQL 1.1 JSON results (of a store queried without factloom, such as Jena's
      tdb2.tdbquery --results=JSON) as `factloom query --format tsv` prints them.

  sparql_tsv.py with-prefixes < QUERY > QUERY
      The query with the common prefixes declared, as factloom query sends it.

  sparql_tsv.py normalise STORE QUIRKS.tsv < TSV > TSV
      Applies the rules of samples/queries/quirks.tsv listed for STORE (virtuoso, oxigraph,
      jena): boolean-digit, duration-seconds (the two above) and datatype-as FROM=TO. Applied to
      both the store's answer and the expected file, like virtuoso-normalise. A rule this script
      does not know is an error (exit 2), so the table cannot silently say more than is done.
"""
import os
import re
import sys

XSD = "http://www.w3.org/2001/XMLSchema#"
COMMON = [
    ("fl", "https://w3id.org/factloom/ns#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", XSD),
    ("schema", "http://schema.org/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("time", "http://www.w3.org/2006/time#"),
]


def with_common_prefixes(query):
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z0-9_.-]*):", query))
    head = "".join(f"PREFIX {n}: <{iri}>\n" for n, iri in COMMON if n not in declared)
    return head + query


def escape(text):
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\u%04X" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def term(t):
    from rdflib import BNode, Literal, URIRef
    if t is None:
        return ""
    if isinstance(t, URIRef):
        return "<" + str(t) + ">"
    if isinstance(t, BNode):
        return "_:" + str(t)
    if isinstance(t, Literal):
        text = '"' + escape(str(t)) + '"'
        if t.language:
            return text + "@" + t.language
        if t.datatype is not None and str(t.datatype) != XSD + "string":
            return text + "^^<" + str(t.datatype) + ">"
        return text
    raise TypeError(f"unexpected term {t!r}")


def run_queries(graph_path, outdir, queries):
    import rdflib
    rdflib.NORMALIZE_LITERALS = False  # keep lexical forms as the graph writes them
    graph = rdflib.Graph()
    graph.parse(graph_path, format="turtle")
    for path in queries:
        with open(path, encoding="utf-8") as f:
            text = with_common_prefixes(f.read())
        result = graph.query(text)
        names = [str(v) for v in result.vars]
        lines = ["\t".join("?" + n for n in names)]
        for row in result:
            lines.append("\t".join(term(row[n]) for n in names))
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(outdir, name + ".tsv"), "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


DURATION = re.compile(r'^"([^"]*)"\^\^<' + re.escape(XSD) + r'duration>$')
DAY_TIME = re.compile(r"^(-?)P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
                      r"(?:(\d+(?:\.\d+)?)S)?)?$")
NUMBER = re.compile(r"^-?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$")


def canonical_duration(seconds):
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    out = sign + "P" + (f"{int(days)}D" if days else "")
    time = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
    if secs:
        time += (f"{secs:g}" if secs != int(secs) else f"{int(secs)}") + "S"
    if time:
        out += "T" + time
    return out if out not in ("P", "-P") else "PT0S"


def duration_seconds(lexical):
    if NUMBER.match(lexical):  # Virtuoso: a number of seconds
        return float(lexical)
    m = DAY_TIME.match(lexical)
    if not m or lexical in ("P", "-P", "PT", "-PT") or lexical.endswith("T"):
        return None
    sign, d, h, mi, s = m.groups()
    total = float(d or 0) * 86400 + float(h or 0) * 3600 + float(mi or 0) * 60 + float(s or 0)
    return -total if sign else total


def normalise_cell(cell):
    if cell in ('"1"^^<' + XSD + 'boolean>', '"0"^^<' + XSD + 'boolean>'):
        return '"' + ("true" if cell[1] == "1" else "false") + '"^^<' + XSD + "boolean>"
    m = DURATION.match(cell)
    if m:
        seconds = duration_seconds(m.group(1))
        if seconds is not None:
            return '"' + canonical_duration(seconds) + '"^^<' + XSD + "duration>"
    return cell


def virtuoso_normalise():
    for line in sys.stdin.read().splitlines():
        print("\t".join(normalise_cell(c) for c in line.split("\t")))


def json_term(b):
    if b is None:
        return ""
    if b["type"] == "uri":
        return "<" + b["value"] + ">"
    if b["type"] == "bnode":
        return "_:" + b["value"]
    text = '"' + escape(b["value"]) + '"'
    if "xml:lang" in b:
        return text + "@" + b["xml:lang"]
    dt = b.get("datatype")
    if dt and dt != XSD + "string":
        return text + "^^<" + dt + ">"
    return text


def json_tsv():
    import json
    doc = json.load(sys.stdin)
    names = doc["head"].get("vars", [])
    print("\t".join("?" + n for n in names))
    for row in doc["results"]["bindings"]:
        print("\t".join(json_term(row.get(n)) for n in names))


def read_quirks(store, path):
    rules = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip() or line.startswith("store\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                raise ValueError(f"{path}: a line without store, rule and argument: {line!r}")
            if cols[0] != store:
                continue
            if cols[1] not in ("boolean-digit", "duration-seconds", "datatype-as"):
                raise ValueError(f"{path}: unknown rule {cols[1]!r}")
            rules.append((cols[1], cols[2]))
    return rules


def normalise_with(rules, cell):
    for rule, arg in rules:
        if rule == "boolean-digit" and cell in ('"1"^^<' + XSD + 'boolean>',
                                                '"0"^^<' + XSD + 'boolean>'):
            cell = '"' + ("true" if cell[1] == "1" else "false") + '"^^<' + XSD + "boolean>"
        elif rule == "duration-seconds":
            m = DURATION.match(cell)
            seconds = duration_seconds(m.group(1)) if m else None
            if seconds is not None:
                cell = '"' + canonical_duration(seconds) + '"^^<' + XSD + "duration>"
        elif rule == "datatype-as":
            old, new = arg.split("=", 1)
            if cell.startswith('"') and cell.endswith('"^^<' + old + ">"):
                cell = cell[: -len(old) - 2] + "<" + new + ">"
    return cell


def normalise(store, path):
    rules = read_quirks(store, path)
    for line in sys.stdin.read().splitlines():
        print("\t".join(normalise_with(rules, c) for c in line.split("\t")))


def readme_queries(page, outdir):
    with open(page, encoding="utf-8") as f:
        blocks = re.findall(r"```sparql\n(.*?)```", f.read(), re.S)
    query = re.compile(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")
    prefixes = blocks[0] if blocks and not query.search(blocks[0]) else ""
    n = 0
    for block in blocks:
        if query.search(block):
            n += 1
            with open(os.path.join(outdir, "q%02d.rq" % n), "w", encoding="utf-8") as out:
                out.write(prefixes + block)
    print(n)


def main(argv):
    if len(argv) >= 4 and argv[1] == "query":
        run_queries(argv[2], argv[3], argv[4:])
        return 0
    if len(argv) == 4 and argv[1] == "readme-queries":
        readme_queries(argv[2], argv[3])
        return 0
    if len(argv) == 2 and argv[1] == "json-tsv":
        json_tsv()
        return 0
    if len(argv) == 2 and argv[1] == "with-prefixes":
        sys.stdout.write(with_common_prefixes(sys.stdin.read()))
        return 0
    if len(argv) == 4 and argv[1] == "normalise":
        try:
            normalise(argv[2], argv[3])
        except ValueError as e:
            sys.stderr.write(f"sparql_tsv.py: {e}\n")
            return 2
        return 0
    if len(argv) == 2 and argv[1] == "virtuoso-normalise":
        virtuoso_normalise()
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
