// Graph → JSON-LD 1.1: one document with a context made from the ontology, nodes in the order
// of the Turtle output.
#pragma once

#include <string>
#include <vector>

#include "base/io.hpp"
#include "base/result.hpp"
#include "bind/ontology.hpp"
#include "graph/graph.hpp"
#include "rdf/prefixes.hpp"

namespace factloom::serialise {

/// A term of the generated context: `name` stands for the property `iri`; `type` is "@id" for
/// properties whose values are nodes, a datatype IRI for typed values, or empty.
struct ContextTerm {
  std::string name;
  std::string iri;
  std::string type;
  friend bool operator==(const ContextTerm &, const ContextTerm &) = default;
};

/// The context: prefixes (sorted by name; only those ending in '/' or '#', which JSON-LD uses
/// for compact IRIs) and one term per ontology property, named by the local name of its IRI
/// (sorted by name). A local name two properties share, or that is also a prefix name, gets no
/// term (its values are keyed by compact IRI instead).
struct JsonldContext {
  /// "@base": the IRI of the empty prefix (the base of minted IRIs) when it ends in '/'; node
  /// IRIs under it are written relative ("abu-dhabi"). Empty: no base.
  std::string base;
  std::vector<rdf::Prefix> prefixes;
  std::vector<ContextTerm> terms;
};

JsonldContext jsonld_context(const bind::Ontology &ontology, const rdf::PrefixMap &prefixes);

struct JsonldOptions {
  unsigned jobs = 0; ///< threads for sorting (0: parallel::default_jobs()); same bytes
};

/// Writes the union of the graph's quads as one JSON-LD document: {"@context": …, "@graph":
/// [nodes]}, subjects in the Turtle order, rdf:type as "@type", then the properties in Turtle
/// order. Consumes the graph's quads.
Result<void> write_jsonld(graph::Graph &&graph, const JsonldContext &context,
                          const JsonldOptions &options, ByteSink &out);

} // namespace factloom::serialise
