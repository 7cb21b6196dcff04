// Reading Turtle, N-Triples, N-Quads and TriG into a Graph with Serd.
#pragma once

#include <cstdint>
#include <string>

#include "base/diagnostic.hpp"
#include "base/input.hpp"
#include "base/result.hpp"
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

/// Reads a regular file as read_rdf reads its text, without keeping the text: `file` indexes
/// `sources`, which holds the file's name and no text. The file is read twice in pieces (the
/// guard's scan, then Serd's reading); its text is read into `sources` only when an error is
/// reported in it (for the line and caret). An I/O failure, or a file that changed while it was
/// read, is the error; else whether it was read whole, as read_rdf returns.
Result<bool> read_rdf_file(InputFile &input, SourceSet &sources, std::uint32_t file,
                           const ReadOptions &options, graph::QuadSink &out, DiagnosticSink &sink);

/// The file:// IRI of a path (made absolute).
std::string file_iri(const std::string &path);

} // namespace factloom::rdf
