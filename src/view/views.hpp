// Domain views of a graph as DOT: who met whom, proposals and stances, one entity's
// neighbourhood. Classes and properties are found by their IRIs in the graph.
#pragma once

#include <cstddef>
#include <string>

#include "view/dot.hpp"
#include "view/facts.hpp"

namespace factloom::view {

enum class Kind { meetings, proposals, focus };

struct ViewOptions {
  Kind kind = Kind::meetings;
  std::string focus;           ///< --focus ID (the focus view; also selects it)
  int depth = 1;               ///< --depth N around the focus
  std::string from, to;        ///< --from/--to DATE (inclusive; empty: open)
  std::string source;          ///< --source ID: only things derived from this article
  std::size_t max_nodes = 150; ///< --max-nodes: a cap, with a note of what was left out
};

/// The view, or an error message (an unknown --focus or --source id, with a suggestion).
struct ViewResult {
  DotGraph graph;
  std::string error;
};

ViewResult build_view(const Facts &facts, const ViewOptions &options);

/// The id of the DOT node of an entity (its short id).
std::string node_id(const Facts &facts, TermId id);

/// The labels of the roles an agent had in a meeting (from its qualified participations),
/// sorted, repeats kept.
std::vector<std::string> role_labels(const Facts &f, TermId meeting, TermId agent);

} // namespace factloom::view
