// Reading Turtle, N-Triples, N-Quads and TriG into a Graph with Serd.
#pragma once

#include <cstdint>
#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "graph/sink.hpp"
#include "rdf/syntax.hpp"

namespace factloom::rdf {

struct ReadOptions {
  Syntax syntax = Syntax::turtle;
  std::string base_iri;      ///< Base for relative IRIs; empty = file:// IRI of the path.
  std::string blank_prefix;  ///< Prefix for blank labels, to keep files apart ("b1_").
  bool merge_graphs = false; ///< Put every quad in the default graph.
};

/// Parses `source` (index `file` in the run's SourceSet) into `out`: every statement and
/// every prefix declared. Syntax errors are reported to `diagnostics` with file:line:col;
/// returns false when the text was not fully read (or `out` asked to stop).
bool read_rdf(const SourceFile &source, std::uint32_t file, const ReadOptions &options,
              graph::QuadSink &out, DiagnosticSink &diagnostics);

/// The file:// IRI of a path (made absolute).
std::string file_iri(const std::string &path);

} // namespace factloom::rdf
