// Validate RDF data against SHACL shapes with shacl-engine, for tools/bench/validate-bench.
//
// usage: node validate-shacl-engine.mjs [--dataset n3|rdfjs] [--json] SHAPES DATA...
//
// SHAPES and DATA are Turtle or N-Triples files (by extension: .nt is N-Triples, anything else
// Turtle). Both are read with N3.js's streaming parser into an in-memory dataset (default: an
// N3.Store; --dataset rdfjs: @rdfjs/dataset, the indexed dataset shacl-engine's own examples
// use), then shacl-engine validates the data against the shapes with the SHACL Core
// validations only (no SPARQL), no debug, details, trace or coverage.
//
// Prints one line: the number of validation results, conforms, and the timings in seconds
// (load of the shapes, load of the data, validation, total), or as JSON (--json), which also
// counts the results by sh:sourceConstraintComponent.
// Class hierarchy: shacl-engine 1.1.2 follows rdfs:subClassOf* for sh:targetClass and sh:class
// in the SHAPES graph (lib/resolveClasses.js on the shape's pointer), not in the data graph as
// SHACL 1.0 says; so the rdfs:subClassOf triples must be in SHAPES (validate-bench puts them in
// both files).
//
// Needs, in node_modules beside the script (ES modules resolve from the script's folder, not NODE_PATH):
//   npm install shacl-engine@1.1.2 @rdfjs/data-model@2 @rdfjs/dataset@2 n3@2
// validate-bench installs them in $TMPDIR/factloom-bench/node and runs a copy of this script there.

import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import rdfDataModel from '@rdfjs/data-model'
import rdfDataset from '@rdfjs/dataset'
import N3 from 'n3'
import { Validator } from 'shacl-engine'

function usage (msg) {
  if (msg) process.stderr.write(`validate-shacl-engine: ${msg}\n`)
  process.stderr.write('usage: node validate-shacl-engine.mjs [--dataset n3|rdfjs] [--json] SHAPES DATA...\n')
  process.exit(2)
}

const args = process.argv.slice(2)
let kind = 'n3'
let json = false
const files = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--dataset') kind = args[++i]
  else if (args[i] === '--json') json = true
  else if (args[i].startsWith('--')) usage(`unknown option ${args[i]}`)
  else files.push(args[i])
}
if (files.length < 2 || !['n3', 'rdfjs'].includes(kind)) usage()

function newDataset () {
  return kind === 'n3' ? new N3.Store() : rdfDataset.dataset()
}

// Streams a file through N3.StreamParser into the dataset; resolves with the quad count.
function load (file, dataset) {
  return new Promise((resolve, reject) => {
    const format = file.endsWith('.nt') ? 'application/n-triples' : 'text/turtle'
    const parser = new N3.StreamParser({ format, factory: rdfDataModel })
    let n = 0
    parser.on('data', quad => { dataset.add(quad); n++ })
    parser.on('error', err => reject(new Error(`${file}: ${err.message}`)))
    parser.on('end', () => resolve(n))
    fs.createReadStream(file, { highWaterMark: 1 << 20 }).on('error', reject).pipe(parser)
  })
}

const t0 = performance.now()
const shapes = newDataset()
await load(files[0], shapes)
const t1 = performance.now()
const data = newDataset()
let quads = 0
for (const f of files.slice(1)) quads += await load(f, data)
const t2 = performance.now()
// progress on stderr, so that a run killed by a timeout still says how far it got
process.stderr.write(`validate-shacl-engine: loaded ${quads} quads in ${((t2 - t1) / 1000).toFixed(1)} s, ` +
  `heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB; validating ...\n`)
const validator = new Validator(shapes, { factory: rdfDataModel })
const report = await validator.validate({ dataset: data })
const t3 = performance.now()

const components = {}
for (const r of report.results) {
  const c = r.constraintComponent ? r.constraintComponent.value : '?'
  components[c] = (components[c] || 0) + 1
}
const out = {
  results: report.results.length,
  conforms: report.conforms,
  quads,
  dataset: kind,
  load_shapes_s: (t1 - t0) / 1000,
  load_data_s: (t2 - t1) / 1000,
  validate_s: (t3 - t2) / 1000,
  total_s: (t3 - t0) / 1000,
  heap_used_bytes: process.memoryUsage().heapUsed,
  components
}
if (json) {
  console.log(JSON.stringify(out))
} else {
  console.log(`results ${out.results} conforms ${out.conforms} quads ${quads} (${kind}); ` +
    `load shapes ${out.load_shapes_s.toFixed(3)} s, load data ${out.load_data_s.toFixed(3)} s, ` +
    `validate ${out.validate_s.toFixed(3)} s, total ${out.total_s.toFixed(3)} s`)
}
