// Terms interned once: IRIs, blank nodes and literals become dense 32-bit ids.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "rdf/term.hpp"

namespace factloom::graph {

using TermId = std::uint32_t; ///< 0 is "no term".

using rdf::TermKind;
using rdf::TermView;

/// An interning table. Strings live in a chunked arena (never moved), ids are dense from 1.
class TermTable {
public:
  TermTable();
  ~TermTable();
  TermTable(const TermTable &) = delete;
  TermTable &operator=(const TermTable &) = delete;
  TermTable(TermTable &&) noexcept;
  TermTable &operator=(TermTable &&) noexcept;

  TermId iri(std::string_view iri);
  TermId blank(std::string_view label);
  /// A literal; `datatype` 0 means a simple string; a non-empty `lang` makes it rdf:langString
  /// (pass datatype 0 then).
  TermId literal(std::string_view lexical, TermId datatype = 0, std::string_view lang = {});

  /// The hash of a term's text (its value, then its language tag) that interning computes
  /// first. Computed on another thread and given to iri() or literal() with the same text, it
  /// spares the table's thread that work; the ids are the same either way.
  static std::uint64_t text_hash(std::string_view value, std::string_view lang = {});
  /// iri() and literal() with `text_hash` = text_hash(value, lang) computed beforehand.
  TermId iri(std::string_view iri, std::uint64_t text_hash);
  TermId literal(std::string_view lexical, TermId datatype, std::string_view lang,
                 std::uint64_t text_hash);

  /// Lookup without interning; 0 when absent.
  TermId find(TermKind kind, std::string_view value, TermId datatype = 0,
              std::string_view lang = {}) const;

  /// The term; views stay valid as long as the table lives, and `value` and `lang` are
  /// followed by a NUL byte (C libraries may rely on it). `datatype` is the datatype's IRI.
  TermView get(TermId id) const;
  /// A literal's datatype id (0 for simple and language-tagged literals and other terms).
  TermId datatype_of(TermId id) const;
  /// Number of terms (ids run from 1 to size()).
  std::size_t size() const;
  /// Bytes held by the table (arena, records and hash slots).
  std::size_t memory_bytes() const;

  /// rank[id] for every id: the position of the term in the canonical output order
  /// (IRIs, then blank nodes, then literals; each by code-unit order of value, datatype, lang).
  /// With `order`, also the inverse: (*order)[rank] = id (index 0 unused). Sorts on up to
  /// `jobs` threads (0: parallel::default_jobs()); the result does not depend on jobs.
  std::vector<std::uint32_t> ranks(std::vector<TermId> *order = nullptr, unsigned jobs = 1) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace factloom::graph
