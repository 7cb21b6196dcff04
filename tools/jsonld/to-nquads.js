// Reads a JSON-LD document (a file, or stdin for '-') and writes its RDF as N-Quads to stdout:
// canonical (URDNA2015: blank nodes relabelled _:c14nN) with --canonical, else as jsonld.js
// converts it. Strict: an unknown term or a dropped value is an error, not a silent loss.
'use strict';
const fs = require('fs');
const jsonld = require('jsonld');

async function main() {
  const args = process.argv.slice(2);
  const canonical = args.includes('--canonical');
  const fromNquads = args.includes('--from-nquads');
  const path = args.find((a) => !a.startsWith('--')) || '-';
  const text = fs.readFileSync(path === '-' ? 0 : path, 'utf8');
  let out;
  if (fromNquads) {
    // N-Triples/N-Quads in, canonical N-Quads out (the other side of a comparison).
    out = await jsonld.canonize(text, {algorithm: 'URDNA2015', inputFormat: 'application/n-quads'});
  } else {
    const doc = JSON.parse(text);
    const options = {format: 'application/n-quads', safe: true};
    out = canonical ? await jsonld.canonize(doc, {algorithm: 'URDNA2015', safe: true})
                    : await jsonld.toRDF(doc, options);
  }
  process.stdout.write(out);
}

main().catch((e) => {
  process.stderr.write('to-nquads: ' + (e && e.message ? e.message : String(e)) + '\n');
  if (e && e.details) process.stderr.write(JSON.stringify(e.details).slice(0, 2000) + '\n');
  process.exit(1);
});
