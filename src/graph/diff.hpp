// A fact-level diff of two graphs: facts added, removed and changed, with blank nodes matched by
// a canonical signature of their content (never by their labels).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "graph/graph.hpp"

namespace factloom::graph::diff {

/// One triple in N-Triples form; blank nodes are written "_:c" + their content signature.
struct Fact {
  std::string s, p, o;
  std::string entity;  ///< the subject, or for a blank subject the IRI that reaches it
  std::string article; ///< the named graph, else the entity's prov:wasDerivedFrom (or empty)
  std::string file;    ///< the file the fact came from (empty when unknown)
  std::uint32_t line = 0;
};

/// The same subject and predicate, single-valued on both sides, with another object.
struct Change {
  Fact before;
  Fact after;
};

struct Result {
  std::vector<Fact> added;
  std::vector<Fact> removed;
  std::vector<Change> changed;
  bool equal() const { return added.empty() && removed.empty() && changed.empty(); }
};

/// Every triple of a frozen graph (named graphs merged), canonical, sorted by (s, p, o) and
/// without duplicates. Origins are looked up in `sources`.
std::vector<Fact> canonical_facts(const Graph &graph, const SourceSet &sources);

/// What turns `before` into `after` (both from canonical_facts); sorted and deterministic.
Result compare(const std::vector<Fact> &before, const std::vector<Fact> &after);

/// Text grouped by article, then entity: "+" added, "-" removed, "~" changed, then a summary.
std::string to_text(const Result &result);
/// The same as JSON (articles, entities, facts with file and line, summary).
std::string to_json(const Result &result);
/// "- " and "+ " lines of N-Triples: removals (changed facts' old objects too), then additions.
std::string to_patch(const Result &result);

} // namespace factloom::graph::diff
