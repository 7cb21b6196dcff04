// The whole front end in one call: read inputs (fact files or RDF), parse, bind, build a Graph.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "graph/graph.hpp"

namespace factloom::rdf {
class QuadObserver;
}

namespace factloom::compile {

/// The default base IRI for minted entity IRIs (documented in the README and --help).
inline constexpr const char *default_base = "https://example.org/factloom/";

struct Options {
  std::string base_iri = default_base;
  std::optional<std::string> ontology_path; ///< --ontology FILE; default: the embedded copy
  bool named_graphs = false;                ///< one named graph per source (TriG)
  bool accept_rdf = false;                  ///< also take .ttl/.nt/.nq/.trig inputs as data
  bool freeze = true; ///< sort and index the graph for lookups (writing alone does not need it)
  rdf::QuadObserver *observer = nullptr; ///< told about each quad read from RDF inputs
};

/// Everything a run produced. Diagnostics point into `sources`.
struct Compilation {
  SourceSet sources;
  graph::Graph graph; ///< frozen when compile() returns true and options.freeze
  DiagnosticSink diagnostics;
  std::size_t io_errors = 0; ///< unreadable inputs (exit 3 rather than 1)
};

/// Expands directories (recursively: *.facts, plus RDF files when accept_rdf), sorts paths so
/// the result does not depend on argument order, reads, parses and binds everything.
/// Returns false when any error was reported (diagnostics say which).
bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out);

} // namespace factloom::compile
