// The output order every writer shares (Turtle, N-Triples, N-Quads, TriG, JSON-LD).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "graph/sink.hpp"
#include "graph/terms.hpp"

namespace factloom::serialise {

/// Sorts `quads` into output order (graph, subject, predicate with rdf:type first, object, by
/// term rank) and drops repeats; unless `keep_graphs`, the same triple in several graphs too.
/// On up to `jobs` threads; the order does not depend on it.
void sort_for_output(const graph::TermTable &terms, graph::TermId type_id, bool keep_graphs,
                     unsigned jobs, std::vector<graph::Quad> &quads);

/// Quads quads[begin, end): a stretch of the output.
struct Run {
  std::uint32_t begin;
  std::uint32_t end;
};

/// The output order of the triples of `quads` (graphs dropped, as Turtle and N-Triples write
/// them) when each subject's quads are together, as a frozen graph holds them: each subject's
/// quads sorted in place and their repeats dropped (quads past a run's end are left over), and
/// the subjects' runs in output order. No sort of all the quads: the runs are taken in the order
/// of the subjects' ranks and each is sorted on its own (a few quads), on up to `jobs` threads.
/// The runs hold the sequence sort_for_output() gives. Nullopt (`quads` unchanged) when a
/// subject's quads are not together.
std::optional<std::vector<Run>> order_by_subject(const graph::TermTable &terms,
                                                 graph::TermId type_id, unsigned jobs,
                                                 std::vector<graph::Quad> &quads);

/// The output order of the triples of `quads` (graphs dropped) in whatever order they come:
/// order_by_subject() when each subject's quads are together; else the quads are first grouped
/// by subject into a new array (16 bytes a quad for a moment), each stretch of one subject
/// copied whole, and each subject's run is sorted on its own: no sort of all the quads for a
/// graph that is not frozen (as a build without validation leaves it). The runs hold the
/// sequence sort_for_output() gives for triples.
std::vector<Run> order_triples(const graph::TermTable &terms, graph::TermId type_id, unsigned jobs,
                               std::vector<graph::Quad> &quads);

} // namespace factloom::serialise
