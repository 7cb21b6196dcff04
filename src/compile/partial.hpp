// check --cache after a few files changed: a compilation that parses and binds some files only,
// the others known by what a full run recorded of them (the ids they declare).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace factloom::graph {
class Graph;
}
namespace factloom::bind {
class Ontology;
}

namespace factloom::compile {

/// What a fact file gives the other files, as a compilation records it (Options::gives).
struct FileGives {
  /// An id the file declares first: its entity as the binder held it after every file.
  struct Owned {
    std::string id;
    std::uint32_t cls = 0; ///< the ontology's class index
    std::uint32_t begin = 0, end = 0;
  };
  std::vector<Owned> owned;
  /// id_hash() of each id it declares that an earlier file declared first.
  std::vector<std::uint32_t> also;
  /// id_hash() of each id it names (a one-word value) that another file declares first,
  /// sorted, unique.
  std::vector<std::uint32_t> refs;
};

/// build --cache: for each input, by SourceSet index (`files` of them, 0 unused), what the quads
/// that came from it (their origins) add to an output besides their own subjects' groups, as
/// 64-bit hashes of its items, sorted and unique: each term `ontology` describes that they use as
/// predicate or object (OntologyTerms writes its description into the output), and each prefix
/// of the graph's prefix map that their IRIs are written with in Turtle (the output declares
/// those). While the union of all files' items stays the same, so do the output's descriptions
/// of ontology terms and its prefixes.
std::vector<std::vector<std::uint64_t>>
file_vocabulary(const graph::Graph &graph, std::size_t files, const bind::Ontology &ontology);

/// A 32-bit hash of an id (FNV-1a): the same id, the same hash. Two ids may share one, so a
/// set of hashes can only say "maybe".
std::uint32_t id_hash(std::string_view id);

/// Calls `declare(id, cls, begin, end)` for each id a file declared first.
using DeclareKnown = std::function<void(std::string_view id, std::uint32_t cls, std::uint32_t begin,
                                        std::uint32_t end)>;

/// Which files a partial compilation binds (by position in the expanded, sorted inputs); each
/// of the others is not read: `known(i, only, declare)` calls `declare` for the ids it declared
/// first, as an earlier run recorded them (their bytes must outlive the compilation): those
/// whose id_hash() is in `only` (a caller may give more), or all of them when `only` is null.
struct Partial {
  std::vector<bool> bind;
  std::function<void(std::size_t i, const std::unordered_set<std::uint32_t> *only,
                     const DeclareKnown &declare)>
      known;
};

} // namespace factloom::compile
