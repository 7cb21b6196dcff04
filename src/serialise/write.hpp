// Graph → Turtle, N-Triples, N-Quads or TriG text: sorted, deterministic, pretty.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/io.hpp"
#include "base/result.hpp"
#include "graph/graph.hpp"
#include "rdf/syntax.hpp"

namespace factloom::serialise {

struct WriteOptions {
  rdf::Syntax syntax = rdf::Syntax::turtle;
  /// Turtle/TriG: declare only the prefixes used (of graph.prefixes()), sorted by name.
  bool only_used_prefixes = true;
  /// Threads for sorting and writing (0: parallel::default_jobs()); the bytes do not depend on it.
  unsigned jobs = 0;
  /// Turtle and N-Triples: when set, receives where each subject's bytes begin in the output, in
  /// output order (a subject's bytes begin with the end of the statement before it), then where
  /// the output's end begins (the last statement's end). build --cache splices outputs with it.
  std::vector<std::uint64_t> *group_starts = nullptr;
};

/// Writes every quad of the frozen `graph` into `out`. Subjects sorted by IRI, `a` first,
/// then predicates and objects sorted; `;` and `,` abbreviation; prefixed names wherever the
/// local part is a Turtle local name that needs no escapes (otherwise a full IRI). Named graphs go
/// into TriG blocks (or N-Quads); Turtle and N-Triples write the union of all graphs.
Result<void> write_graph(const graph::Graph &graph, const WriteOptions &options, ByteSink &out);
/// The same, consuming the graph: its quads are sorted in place and its origins dropped
/// (no copy of the quads), leaving the graph empty but for its terms.
Result<void> write_graph(graph::Graph &&graph, const WriteOptions &options, ByteSink &out);
/// The same, into a string.
Result<void> write_graph(const graph::Graph &graph, const WriteOptions &options, std::string &out);

/// Turtle or N-Triples text of each subject's triples of `graph`, as write_graph() writes them
/// in the middle of an output of more quads with the same terms and prefixes: each begins with
/// the end of the statement before it (another subject's). `starts` gets where each begins in
/// `text`, `subjects` its subject, both in output order. For build --cache, which puts them in
/// place of the previous output's groups (incremental/splice.hpp).
Result<void> write_groups(const graph::Graph &graph, const WriteOptions &options, std::string &text,
                          std::vector<std::uint64_t> &starts, std::vector<graph::TermId> &subjects);

} // namespace factloom::serialise
