#!/usr/bin/env node
// A TEST HARNESS, not a product: the Oxigraph engine (npm `oxigraph`, the Rust engine compiled to
// WebAssembly, in memory) behind the HTTP routes and status codes of `oxigraph serve`
// (oxigraph/oxigraph cli/src/main.rs), so factloom's load and query can be tested against a second
// real SPARQL engine where the `oxigraph` binary cannot be installed (Debian has no package).
//
//   node tools/oxigraph/server.js [--bind 127.0.0.1:7878] [--union-default-graph]
//
// Routes (as `oxigraph serve`):
//   GET  /query?query=...         SPARQL 1.1 Protocol; POST /query with application/sparql-query
//   POST /query (form)            or application/x-www-form-urlencoded; default-graph-uri,
//                                 named-graph-uri, union-default-graph. Results by Accept: SPARQL
//                                 JSON (default), XML, TSV, CSV; graphs: N-Quads (default),
//                                 Turtle, N-Triples, TriG, RDF/XML. Parse errors 400, 406, 415.
//   POST /update                  application/sparql-update or form (update=); 204. using-graph-uri
//                                 and using-named-graph-uri are refused (400) by this harness.
//   /store?graph=IRI | ?default   Graph Store Protocol: GET (200; 404 for an unknown graph), PUT
//   /store/NAME (graph = its URL) (201 new graph, 204 replaced), POST (added; 201/204 as
//                                 oxigraph serve), DELETE (204; 404 unknown), HEAD. /store alone:
//                                 the whole dataset (GET, PUT, POST, DELETE).
//   anything else                 404 "METHOD PATH is not supported by this server"
// Error bodies are text/plain. SPARQL bodies are limited to 128 MB (400 beyond), as in serve.
'use strict';

const http = require('http');
const ox = require('oxigraph');

const MAX_SPARQL_BODY = 128 * 1024 * 1024;
const RESULT_FORMATS = {
  'application/sparql-results+json': 'application/sparql-results+json',
  'application/json': 'application/sparql-results+json',
  'application/sparql-results+xml': 'application/sparql-results+xml',
  'application/xml': 'application/sparql-results+xml',
  'text/tab-separated-values': 'text/tab-separated-values',
  'text/tsv': 'text/tab-separated-values',
  'text/csv': 'text/csv',
};
const RDF_FORMATS = {
  'application/n-quads': 'application/n-quads',
  'text/x-nquads': 'application/n-quads',
  'text/turtle': 'text/turtle',
  'application/x-turtle': 'text/turtle',
  'application/n-triples': 'application/n-triples',
  'text/plain': 'application/n-triples',
  'application/trig': 'application/trig',
  'application/rdf+xml': 'application/rdf+xml',
};
const DATASET_FORMATS = new Set(['application/n-quads', 'application/trig']);

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}
const badRequest = (m) => new HttpError(400, m);

const args = process.argv.slice(2);
let bind = '127.0.0.1:7878';
let unionDefaultGraph = false;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--bind') bind = args[++i];
  else if (args[i] === '--union-default-graph') unionDefaultGraph = true;
  else {
    process.stderr.write(`usage: server.js [--bind HOST:PORT] [--union-default-graph]\n`);
    process.exit(2);
  }
}

const store = new ox.Store();
const namedGraphs = new Set(); // graphs created empty (Oxigraph keeps them; JS has no call)

function graphExists(iri) {
  return namedGraphs.has(iri) || store.query(`ASK { GRAPH <${iri}> { } }`);
}

function mediaType(header) {
  return (header || '').split(';')[0].trim().toLowerCase();
}

// The best of `known` (media type -> format) for the Accept header; `fallback` for none or */*.
function negotiate(req, known, fallback, base, example) {
  const header = req.headers.accept || '';
  if (header.trim() === '') return fallback;
  let best = null;
  let bestScore = 0;
  for (let possible of header.split(',')) {
    let score = 1;
    const parts = possible.split(';');
    const last = parts[parts.length - 1].split('=');
    if (parts.length > 1 && last.length === 2 && last[0].trim().toLowerCase() === 'q') {
      score = Number(last[1].trim());
      if (Number.isNaN(score)) throw badRequest(`Invalid Accept media type score: ${last[1]}`);
      possible = parts.slice(0, -1).join(';');
    }
    if (score <= bestScore) continue;
    const type = mediaType(possible);
    if (!type.includes('/')) throw badRequest(`Invalid media type: '${possible}'`);
    let format = null;
    if (type === '*/*') format = fallback;
    else if (type.endsWith('/*')) format = base[type.slice(0, -2)] || null;
    else format = known[type] || null;
    if (format) {
      best = format;
      bestScore = score;
    }
  }
  if (!best) throw new HttpError(406, `The accept header does not provide any accepted format like ${example}`);
  return best;
}

function resultsFormat(req) {
  return negotiate(req, RESULT_FORMATS, 'application/sparql-results+json',
    { application: 'application/sparql-results+json', text: 'application/sparql-results+json' },
    'application/sparql-results+json or text/tsv');
}
function rdfFormat(req) {
  return negotiate(req, RDF_FORMATS, 'application/n-quads',
    { application: 'application/n-quads', text: 'application/n-quads' },
    'application/n-quads or text/turtle');
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (limit && size > limit) {
        reject(badRequest(`SPARQL body payloads are limited to ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// Engine errors: a parse error is the client's (400), anything else the server's (500).
function engineError(e) {
  const m = String(e && e.message ? e.message : e);
  return new HttpError(/^error at |Parser error|parse|Invalid IRI|No scheme/i.test(m) ? 400 : 500, m);
}

function namedNode(iri) {
  if (/[\s<>"{}|^`\\]/.test(iri) || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(iri)) {
    throw badRequest(`Invalid IRI: ${iri}`);
  }
  try {
    return ox.namedNode(iri);
  } catch (e) {
    throw badRequest(String(e.message || e));
  }
}

async function sparqlQuery(req, url) {
  const params = [...url.searchParams];
  let query = null;
  if (req.method === 'POST') {
    const type = mediaType(req.headers['content-type']);
    if (!type) throw badRequest('No Content-Type given');
    const body = (await readBody(req, MAX_SPARQL_BODY)).toString('utf8');
    if (type === 'application/sparql-query') query = body;
    else if (type === 'application/x-www-form-urlencoded') params.push(...new URLSearchParams(body));
    else throw new HttpError(415, `The content media type ${type} is not supported`);
  }
  const defaults = [];
  const named = [];
  let union = false;
  for (const [k, v] of params) {
    if (k === 'query') {
      if (query !== null) throw badRequest('Multiple query parameters provided');
      query = v;
    } else if (k === 'default-graph-uri') defaults.push(v);
    else if (k === 'named-graph-uri') named.push(v);
    else if (k === 'union-default-graph') union = true;
  }
  if (query === null) {
    if (req.method === 'GET') return [200, 'text/turtle', ''];
    throw badRequest("You should set the 'query' parameter");
  }
  const options = { base_iri: `http://${req.headers.host || bind}/query` };
  if (defaults.length === 0 && named.length === 0) union = union || unionDefaultGraph;
  if (union) {
    if (defaults.length || named.length) {
      throw badRequest('default-graph-uri or named-graph-uri and union-default-graph should not be set at the same time');
    }
    options.use_default_graph_as_union = true;
  } else if (defaults.length || named.length) {
    options.default_graph = defaults.map(namedNode);
    options.named_graphs = named.map(namedNode);
  }
  const form = /^\s*(?:(?:#[^\n]*\n|\s+|(?:PREFIX|BASE)\b[^<]*<[^>]*>))*\s*(CONSTRUCT|DESCRIBE)\b/i.test(query);
  options.results_format = form ? rdfFormat(req) : resultsFormat(req);
  let text;
  try {
    text = store.query(query, options);
  } catch (e) {
    throw engineError(e);
  }
  return [200, options.results_format, text];
}

async function sparqlUpdate(req, url) {
  if (req.method === 'GET') return [200, 'text/turtle', ''];
  const type = mediaType(req.headers['content-type']);
  if (!type) throw badRequest('No Content-Type given');
  const body = (await readBody(req, MAX_SPARQL_BODY)).toString('utf8');
  const params = [...url.searchParams];
  let update = null;
  if (type === 'application/sparql-update') update = body;
  else if (type === 'application/x-www-form-urlencoded') params.push(...new URLSearchParams(body));
  else throw new HttpError(415, `The content media type ${type} is not supported`);
  for (const [k, v] of params) {
    if (k === 'update') {
      if (update !== null) throw badRequest('Multiple update parameters provided');
      update = v;
    } else if (k === 'using-graph-uri' || k === 'using-named-graph-uri' || k === 'using-union-graph') {
      throw badRequest(`${k} is not supported by this test harness`);
    }
  }
  if (update === null) throw badRequest("You should set the 'update' parameter");
  try {
    store.update(update, { base_iri: `http://${req.headers.host || bind}/update` });
  } catch (e) {
    throw engineError(e);
  }
  for (const m of update.matchAll(/\bCREATE\s+(?:SILENT\s+)?GRAPH\s*<([^>]*)>/gi)) namedGraphs.add(m[1]);
  for (const m of update.matchAll(/\bDROP\s+(?:SILENT\s+)?GRAPH\s*<([^>]*)>/gi)) namedGraphs.delete(m[1]);
  return [204, null, ''];
}

// The graph a /store request names: {graph: IRI}, {graph: null} for the default graph, or null
// for the whole dataset.
function storeTarget(req, url) {
  if (url.pathname === '/store') {
    const graph = url.searchParams.get('graph');
    const dflt = url.searchParams.has('default');
    if (graph !== null) {
      if (dflt) throw badRequest('Both graph and default parameters should not be set at the same time');
      return { graph: new URL(graph, `http://${req.headers.host || bind}/store`).href };
    }
    return dflt ? { graph: null } : null;
  }
  return { graph: `http://${req.headers.host || bind}${url.pathname}` };
}

function checkedTarget(target) {
  if (target && target.graph !== null) namedNode(target.graph);
  return target;
}

function graphTerm(target) {
  return target.graph === null ? ox.defaultGraph() : namedNode(target.graph);
}

function assertExists(target) {
  if (target.graph !== null && !graphExists(target.graph)) {
    throw new HttpError(404, `The graph <${target.graph}> does not exists`);
  }
}

function clearGraph(target) {
  store.update(target.graph === null ? 'CLEAR DEFAULT' : `CLEAR SILENT GRAPH <${target.graph}>`);
}

async function loadInto(req, target) {
  const type = mediaType(req.headers['content-type']);
  if (!type) throw badRequest('No Content-Type given');
  const format = RDF_FORMATS[type];
  if (!format) throw new HttpError(415, `The content media type ${type} is not supported`);
  const body = await readBody(req, 0);
  const options = { format, base_iri: target && target.graph ? target.graph : undefined };
  if (target) {
    options.to_graph_name = graphTerm(target);
  } else if (!DATASET_FORMATS.has(format)) {
    return null; // a graph format posted to the whole dataset: a new graph (see storeRoute)
  }
  try {
    store.load(body, options);
  } catch (e) {
    throw engineError(e);
  }
  if (target && target.graph !== null) namedGraphs.add(target.graph);
  return body;
}

async function storeRoute(req, url) {
  const target = checkedTarget(storeTarget(req, url));
  switch (req.method) {
    case 'GET':
    case 'HEAD': {
      if (target) assertExists(target);
      if (req.method === 'HEAD') return [200, null, ''];
      const format = rdfFormat(req);
      if (!target && !DATASET_FORMATS.has(format)) {
        throw badRequest(`It is not possible to serialize the full RDF dataset using ${format} that does not support named graphs`);
      }
      const options = { format };
      if (target) options.from_graph_name = graphTerm(target);
      return [200, format, store.dump(options)];
    }
    case 'PUT': {
      if (!target) {
        store.update('CLEAR ALL');
        namedGraphs.clear();
        await loadInto(req, null);
        return [204, null, ''];
      }
      const existed = target.graph === null || graphExists(target.graph);
      clearGraph(target);
      await loadInto(req, target);
      return [existed ? 204 : 201, null, ''];
    }
    case 'POST': {
      if (!target) {
        const type = mediaType(req.headers['content-type']);
        if (DATASET_FORMATS.has(RDF_FORMATS[type])) {
          await loadInto(req, null);
          return [204, null, ''];
        }
        const name = `http://${req.headers.host || bind}/store/${[...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('')}`;
        await loadInto(req, { graph: name });
        return [201, null, '', { Location: name }];
      }
      // As oxigraph serve: 201 when the graph already existed, 204 otherwise.
      const existed = target.graph === null || graphExists(target.graph);
      await loadInto(req, target);
      return [existed ? 201 : 204, null, ''];
    }
    case 'DELETE': {
      if (!target) {
        store.update('CLEAR ALL');
        namedGraphs.clear();
      } else if (target.graph === null) {
        clearGraph(target);
      } else {
        if (!graphExists(target.graph)) throw new HttpError(404, `The graph <${target.graph}> does not exists`);
        store.update(`DROP SILENT GRAPH <${target.graph}>`);
        namedGraphs.delete(target.graph);
      }
      return [204, null, ''];
    }
    default:
      return null;
  }
}

async function route(req) {
  const url = new URL(req.url, `http://${req.headers.host || bind}`);
  const path = url.pathname;
  if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
    return [200, 'text/html', req.method === 'GET' ? '<!DOCTYPE html><title>factloom Oxigraph test harness</title>' : ''];
  }
  if (path === '/query' && (req.method === 'GET' || req.method === 'POST')) return sparqlQuery(req, url);
  if (path === '/update' && (req.method === 'GET' || req.method === 'POST')) return sparqlUpdate(req, url);
  if (path.startsWith('/store')) {
    const answer = await storeRoute(req, url);
    if (answer) return answer;
  }
  throw new HttpError(404, `${req.method} ${path} is not supported by this server`);
}

const server = http.createServer((req, res) => {
  route(req).then(
    ([status, type, body, headers]) => {
      const h = Object.assign({}, headers || {});
      if (type) h['Content-Type'] = type;
      res.writeHead(status, h);
      res.end(body);
    },
    (e) => {
      const status = e instanceof HttpError ? e.status : 500;
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(e && e.message ? e.message : e));
    },
  );
});
server.requestTimeout = 0;
const at = bind.lastIndexOf(':');
server.listen(Number(bind.slice(at + 1)), bind.slice(0, at), () => {
  process.stderr.write(`Listening for requests at http://${bind}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
