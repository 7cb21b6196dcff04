// Graph: interned quads with the source span that produced each, plus lookup indexes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/source.hpp"
#include "graph/sink.hpp"
#include "graph/terms.hpp"
#include "rdf/prefixes.hpp"

namespace factloom::graph {

/// Where a quad came from: a file of the run's SourceSet and a byte offset (file 0 = unknown).
struct Origin {
  std::uint32_t file = 0;
  std::uint32_t offset = 0;
};

using rdf::Prefix;

/// An in-memory RDF dataset built for speed: 16 bytes a quad plus 8 for its origin.
/// Add quads, then `freeze()` to sort and deduplicate; lookups need a frozen graph.
/// A Graph is the QuadSink that keeps everything.
class Graph final : public QuadSink {
public:
  TermTable &terms() override { return terms_; }
  const TermTable &terms() const { return terms_; }

  void add(TermId s, TermId p, TermId o, TermId g = 0, SourceSpan from = {});
  bool add(const Quad &quad, SourceSpan from) override {
    add(quad.s, quad.p, quad.o, quad.g, from);
    return true;
  }
  void prefix(std::string_view name, std::string_view iri) override { prefixes_.add(name, iri); }
  void reserve(std::size_t quads) override;
  /// Whether add() records each quad's origin (on by default). Off (before the first add) for
  /// a graph that is only written: 8 bytes a quad less to write and to page in, and origin(),
  /// subject_origin() and quad_origin() answer {} (unknown).
  void keep_origins(bool keep) { keep_origins_ = keep; }
  void add_prefix(std::string_view name, std::string_view iri) { prefixes_.add(name, iri); }
  const rdf::PrefixMap &prefix_map() const { return prefixes_; }
  const std::vector<Prefix> &prefixes() const { return prefixes_.entries(); }

  /// Sorts by (s, p, o, g) ids and removes duplicates (keeping the earliest origin), in place,
  /// on up to `jobs` threads (0:
  /// parallel::default_jobs()); the result does not depend on jobs.
  void freeze(unsigned jobs = 0);
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
  /// Builds the indexes of with_predicate() and with_object() now, on up to `jobs` threads (they
  /// are otherwise built by the first such lookup): call it before lookups from several threads.
  void build_indexes(unsigned jobs = 0) const;
  /// All quads with predicate p, as indexes into quads() (sorted by o, s, g).
  std::span<const std::uint32_t> with_predicate(TermId p) const;
  /// All quads with object o, as indexes into quads() (sorted by p, s, g).
  std::span<const std::uint32_t> with_object(TermId o) const;
  bool contains(TermId s, TermId p, TermId o) const;

  std::size_t memory_bytes() const;

  /// Keeps the quads (and their origins) for which keep(quad) is true, in their order; the terms
  /// stay. A frozen graph stays frozen only when nothing was dropped.
  template <class Keep> void retain(Keep &&keep) {
    std::size_t to = 0;
    for (std::size_t i = 0; i < quads_.size(); ++i) {
      if (!keep(static_cast<const Quad &>(quads_[i])))
        continue;
      quads_[to] = quads_[i];
      if (keep_origins_)
        origins_[to] = origins_[i];
      ++to;
    }
    if (to == quads_.size())
      return;
    quads_.resize(to);
    if (keep_origins_)
      origins_.resize(to);
    frozen_ = false;
    pos_.clear();
    osp_.clear();
    subject_start_.clear();
  }

  /// Moves the quads out and drops the origins (for a writer that consumes the graph).
  std::vector<Quad> take_quads();

private:
  void build_secondary() const { build_indexes(0); }
  void count_subjects(unsigned jobs);
  void group_by_subject(unsigned jobs);
  void split_in_two(std::uint32_t lo, std::uint32_t at, std::uint32_t hi, std::uint32_t mid,
                    unsigned jobs);
  void group_subjects(std::size_t first, std::size_t last);
  template <class Key>
  void flag_sort(std::vector<std::uint32_t> next, const std::uint32_t *end, Key key);
  void sort_subjects(unsigned jobs);
  void drop_duplicates(unsigned jobs);

  TermTable terms_;
  std::vector<Quad> quads_;
  std::vector<Origin> origins_;
  rdf::PrefixMap prefixes_;
  bool frozen_ = false;
  bool keep_origins_ = true;
  // Secondary indexes built on first use: quad indexes ordered by (p, o, s, g) and (o, p, s, g).
  mutable std::vector<std::uint32_t> pos_;
  mutable std::vector<std::uint32_t> osp_;
  // subject_start_[id] .. subject_start_[id + 1]: the quads with subject id (frozen graph).
  std::vector<std::uint32_t> subject_start_;
};

} // namespace factloom::graph
