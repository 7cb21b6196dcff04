// The output order every writer shares (Turtle, N-Triples, N-Quads, TriG, JSON-LD).
#pragma once

#include <vector>

#include "graph/sink.hpp"
#include "graph/terms.hpp"

namespace factloom::serialise {

/// Sorts `quads` into output order (graph, subject, predicate with rdf:type first, object, by
/// term rank) and drops repeats; unless `keep_graphs`, the same triple in several graphs too.
/// On up to `jobs` threads; the order does not depend on it.
void sort_for_output(const graph::TermTable &terms, graph::TermId type_id, bool keep_graphs,
                     unsigned jobs, std::vector<graph::Quad> &quads);

} // namespace factloom::serialise
