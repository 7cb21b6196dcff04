// Graph: interned quads with the source span that produced each, plus lookup indexes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/source.hpp"
#include "graph/terms.hpp"

namespace factloom::graph {

/// A statement; g = 0 is the default graph.
struct Quad {
  TermId s = 0;
  TermId p = 0;
  TermId o = 0;
  TermId g = 0;
  friend bool operator==(const Quad &, const Quad &) = default;
};

/// Where a quad came from: a file of the run's SourceSet and a byte offset (file 0 = unknown).
struct Origin {
  std::uint32_t file = 0;
  std::uint32_t offset = 0;
};

/// A namespace prefix ("fl" -> "https://w3id.org/factloom/ns#").
struct Prefix {
  std::string name;
  std::string iri;
};

/// An in-memory RDF dataset built for speed: 16 bytes a quad plus 8 for its origin.
/// Add quads, then `freeze()` to sort and deduplicate; lookups need a frozen graph.
class Graph {
public:
  TermTable &terms() { return terms_; }
  const TermTable &terms() const { return terms_; }

  void add(TermId s, TermId p, TermId o, TermId g = 0, SourceSpan from = {});
  void reserve(std::size_t quads);
  void add_prefix(std::string name, std::string iri);
  const std::vector<Prefix> &prefixes() const { return prefixes_; }

  /// Sorts by (s, p, o, g) ids and removes duplicates (keeping the earliest origin).
  void freeze();
  bool frozen() const { return frozen_; }
  std::size_t size() const { return quads_.size(); }
  const std::vector<Quad> &quads() const { return quads_; }
  Origin origin(std::size_t quad_index) const;
  /// The first origin recorded for any quad with this subject (or {}).
  Origin subject_origin(TermId s) const;
  /// Origin of the quad (s, p, o) in any graph (or {}).
  Origin quad_origin(TermId s, TermId p, TermId o) const;

  // Lookups over the union of all graphs (frozen graph only). Results may repeat a term
  // when the same triple is in several named graphs.
  /// Quads with subject s (sorted by p, o).
  std::span<const Quad> with_subject(TermId s) const;
  /// Quads with subject s and predicate p (sorted by o).
  std::span<const Quad> with_subject_predicate(TermId s, TermId p) const;
  /// Subjects x with (x, p, o).
  std::vector<TermId> subjects(TermId p, TermId o) const;
  /// All quads with predicate p, as indexes into quads().
  std::span<const std::uint32_t> with_predicate(TermId p) const;
  /// All quads with object o, as indexes into quads().
  std::span<const std::uint32_t> with_object(TermId o) const;
  bool contains(TermId s, TermId p, TermId o) const;

  std::size_t memory_bytes() const;

  /// Moves the quads out and drops the origins (for a writer that consumes the graph).
  std::vector<Quad> take_quads();

private:
  void build_secondary() const;

  TermTable terms_;
  std::vector<Quad> quads_;
  std::vector<Origin> origins_;
  std::vector<Prefix> prefixes_;
  bool frozen_ = false;
  // Secondary indexes built on first use: quad indexes ordered by (p, o, s) and (o, p, s).
  mutable std::vector<std::uint32_t> pos_;
  mutable std::vector<std::uint32_t> osp_;
  // subject_start_[id] .. subject_start_[id + 1]: the quads with subject id (frozen graph).
  std::vector<std::uint32_t> subject_start_;
};

} // namespace factloom::graph
