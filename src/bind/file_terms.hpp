// The terms one fact file's binding interns: straight into the sink's table (one thread), or
// into a table of the file's own (a worker thread), merged into the sink's table later in the
// order they were first interned, so that the ids come out as if interned straight away.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/open_index.hpp"
#include "graph/terms.hpp"

namespace factloom::bind {

/// Terms of one file. Direct (a table given): ids are the table's. Local (no table): ids carry
/// `local_bit` and number the file's distinct terms from 1 in the order of their first intern;
/// merge() interns them into the sink's table in that order and gives the id map. Ids without
/// the bit (terms interned before the file, such as entities' IRIs) pass through unchanged.
class FileTerms {
public:
  static constexpr graph::TermId local_bit = 0x80000000U;

  explicit FileTerms(graph::TermTable *direct = nullptr)
      : direct_(direct), index_(direct != nullptr ? 1 : 256) {}

  graph::TermId iri(std::string_view iri) { return intern(graph::TermKind::iri, iri, 0, {}); }
  /// A literal; `datatype` is an id of this object (0: a simple string); a non-empty `lang` makes
  /// it rdf:langString.
  graph::TermId literal(std::string_view lexical, graph::TermId datatype = 0,
                        std::string_view lang = {}) {
    return intern(graph::TermKind::literal, lexical, lang.empty() ? datatype : 0, lang);
  }
  bool direct() const { return direct_ != nullptr; }
  /// Room for about `terms` local terms of `bytes` bytes of text in all.
  void reserve(std::size_t terms, std::size_t bytes) {
    records_.reserve(terms);
    text_.reserve(bytes);
  }
  /// Local terms so far (0 when direct).
  std::size_t size() const { return records_.size(); }

  /// Local mode: interns every local term into `table`, in order; map[k] is the table's id of
  /// local term k (map[0] = 0). Direct mode: an empty map.
  std::vector<graph::TermId> merge(graph::TermTable &table) const;

  /// `id` with a local id replaced through `map` (from merge()).
  static graph::TermId remap(graph::TermId id, const std::vector<graph::TermId> &map) {
    return (id & local_bit) != 0 ? map[id & ~local_bit] : id;
  }

private:
  struct Record {
    std::uint32_t offset; ///< in text_: value, then lang
    std::uint32_t length; ///< of the value
    std::uint32_t lang_length;
    graph::TermId datatype; ///< a local id (with local_bit) or 0
    std::uint32_t hash;     ///< of the term here (its datatype's local id)
    graph::TermKind kind;
    std::uint64_t text_hash; ///< graph::TermTable::text_hash(value, lang)
  };
  graph::TermId intern(graph::TermKind kind, std::string_view value, graph::TermId datatype,
                       std::string_view lang);
  std::string_view value_of(const Record &r) const { return {text_.data() + r.offset, r.length}; }
  std::string_view lang_of(const Record &r) const {
    return {text_.data() + r.offset + r.length, r.lang_length};
  }

  graph::TermTable *direct_;
  std::string text_;
  std::vector<Record> records_;
  OpenIndex index_; ///< term -> local index + 1 (unused when direct)
};

} // namespace factloom::bind
