// Reading Turtle, N-Triples, N-Quads and TriG into a Graph with Serd.
#pragma once

#include <cstdint>
#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "graph/graph.hpp"
#include "rdf/syntax.hpp"

namespace factloom::rdf {

/// Told about each quad as soon as it is read, for consumers that stream (a load that uploads
/// while the file is still being parsed). Called on the reading thread; the graph is not frozen.
class QuadObserver {
public:
  virtual ~QuadObserver() = default;
  /// Quad `index` of `graph` was just added. Returning false stops reading (read_rdf then
  /// returns false without a diagnostic: the observer knows why it stopped).
  virtual bool added(const graph::Graph &graph, std::size_t index) = 0;
};

struct ReadOptions {
  Syntax syntax = Syntax::turtle;
  std::string base_iri;             ///< Base for relative IRIs; empty = file:// IRI of the path.
  std::string blank_prefix;         ///< Prefix for blank labels, to keep files apart ("b1_").
  bool merge_graphs = false;        ///< Put every quad in the default graph.
  QuadObserver *observer = nullptr; ///< Told about each quad as it is added.
};

/// Parses `source` (index `file` in the run's SourceSet) into `graph`. Syntax errors are
/// reported to `sink` with file:line:col; returns false when the text was not fully read.
/// Prefixes declared in the text are added to the graph.
bool read_rdf(const SourceFile &source, std::uint32_t file, const ReadOptions &options,
              graph::Graph &graph, DiagnosticSink &sink);

/// The file:// IRI of a path (made absolute).
std::string file_iri(const std::string &path);

} // namespace factloom::rdf
