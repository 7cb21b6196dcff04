// Statements over time: the values of fl:variesOverTime properties, recorded per source as
// claims (fl:Claim), and the final step that gives each thing the value of its latest claim.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/open_index.hpp"
#include "base/source.hpp"
#include "bind/file_terms.hpp"
#include "bind/ontology.hpp"
#include "bind/values.hpp"
#include "graph/sink.hpp"

namespace factloom::bind {

/// One value that a file with a source gives for a time-varying property of a thing.
struct ClaimValue {
  graph::TermId subject = 0;
  std::string_view base_iri;   ///< the subject's IRI is base_iri + subject_id
  std::string_view subject_id; ///< for messages
  std::size_t property = 0;    ///< index in Ontology::properties()
  graph::TermId value = 0;
  graph::TermId graph = 0; ///< the file's named graph (0: the default graph)
  std::uint32_t file = 0;
  graph::TermId source = 0;
  std::string_view source_id;
  const Date *published = nullptr; ///< the source's publication date, or null
  SourceSpan at;                   ///< the value as written
};

/// Where the claims' quads go (the binder's sink, which may have asked to stop).
using EmitQuad = std::function<void(const graph::Quad &, SourceSpan)>;

class FileClaims;

/// Claims are grouped by thing and property; a temporal property's phrase and precision
/// companions belong to the claim of their property (a date with its wording is one claim).
/// Claim nodes are named <thing IRI>/claim/<source id>/<property keyword>.
class Claims {
public:
  Claims(const Ontology &ontology, graph::TermTable &terms);
  /// Whether values of property `property` are recorded as claims.
  bool varies(std::size_t property) const { return group_of_[property] >= 0; }
  /// Adds the claims one file recorded (FileClaims, on any thread), in file order; `map` turns
  /// the file's local term ids into the table's (FileTerms::merge()).
  void append(FileClaims &&file, const std::vector<graph::TermId> &map);
  /// After every file is bound: for each thing and property, the latest claim's values as
  /// direct triples (at the spans that gave them) and a rank for every claim. Two claims as of
  /// the same date (or one of them undated) with different values are an error naming both.
  /// Returns false when nothing was recorded (no quads were sent). The claims are sorted on up
  /// to `jobs` threads (the result does not depend on it).
  bool settle(const SourceSet &sources, const EmitQuad &emit, DiagnosticSink &sink,
              unsigned jobs = 1);

private:
  friend class FileClaims;
  /// One value of a claim; a claim's values are chained in the order they were recorded.
  struct Value {
    graph::TermId property;
    graph::TermId value;
    SourceSpan at;
    std::uint32_t next; ///< the claim's next value (index in values_ + 1), 0 at the last
  };
  struct Claim {
    graph::TermId subject = 0;
    std::uint32_t group = 0;
    std::string_view subject_id; ///< the binder's (it outlives the claims)
    graph::TermId node = 0;
    graph::TermId graph = 0;
    std::uint32_t file = 0;
    int as_of = 0;           ///< yyyymmdd; 0 when the source has no publication date
    std::uint32_t first = 0; ///< the first value (index in values_ + 1)
    std::uint32_t last = 0;  ///< the last value (index in values_ + 1)
    std::uint32_t hash = 0;  ///< of (subject, group), for the index of the file's claims
  };
  /// The IRI term of a property (interned on first use: ids as they always were).
  graph::TermId property_term(std::size_t property) const;
  /// Calls f(value) for each value of `c`, in the order they were recorded.
  template <class F> void each_value(const Claim &c, F &&f) const {
    for (std::uint32_t v = c.first; v != 0; v = values_[v - 1].next)
      f(values_[v - 1]);
  }
  const Value &first_value(const Claim &c) const { return values_[c.first - 1]; }
  void settle_one(const std::vector<std::size_t> &run, const SourceSet &sources,
                  const EmitQuad &emit, DiagnosticSink &sink);
  void report_conflict(const Claim &a, const Claim &b, const SourceSet &sources,
                       DiagnosticSink &sink) const;
  std::string describe_values(const Claim &c, const SourceSet &sources) const;
  std::vector<std::pair<graph::TermId, graph::TermId>> value_set(const Claim &c,
                                                                 graph::TermId only) const;
  bool agree(const Claim &a, const Claim &b) const;

  const Ontology &onto_;
  graph::TermTable &terms_;
  std::vector<int> group_of_; ///< per property: the property whose claim it joins, or -1
  mutable std::vector<graph::TermId> property_terms_; ///< per property, 0 until first used
  // Deques: they grow without copying (no vector doubling at the peak of memory).
  std::deque<Claim> claims_;
  std::deque<Value> values_;
  graph::TermId type_ = 0, claim_ = 0, about_ = 0, derived_ = 0, as_of_ = 0, rank_ = 0;
  graph::TermId preferred_ = 0, normal_ = 0, xsd_date_ = 0;
};

/// The claims of one file, recorded while it is bound (on any thread: the shared Claims is
/// only read): claim nodes are interned in the file's terms, quads go to `emit` at once, and
/// the claims join the others with Claims::append() in file order.
class FileClaims {
public:
  /// `property_terms`: the IRI term of each property (interned before the file is bound).
  FileClaims(const Claims &claims, const std::vector<graph::TermId> &property_terms,
             FileTerms &terms)
      : claims_(claims), property_terms_(property_terms), terms_(terms) {}
  /// Records one value: sends the claim node's description the first time a (thing, property)
  /// is seen in the file, then the value on the claim node.
  void record(const ClaimValue &value, const EmitQuad &emit);

private:
  friend class Claims;
  /// The claim of (subject, group) in the file, made (and described) if new.
  Claims::Claim &claim_for(const ClaimValue &v, const EmitQuad &emit);

  const Claims &claims_;
  const std::vector<graph::TermId> &property_terms_;
  FileTerms &terms_;
  std::vector<Claims::Claim> file_claims_; ///< first/last/next: indexes in file_values_ + 1
  std::vector<Claims::Value> file_values_;
  OpenIndex index_{64};          ///< (subject, group) -> index in file_claims_ + 1
  graph::TermId date_ = 0;       ///< xsd:date in the file's terms, once used
  int as_of_key_ = 0;            ///< the date of as_of_term_ (yyyymmdd)
  graph::TermId as_of_term_ = 0; ///< the last claim's as-of literal, in the file's terms
};

/// Values that must be single across files: a functional property that does not vary over time
/// (a stance's holder, a post's organisation), or one name per language. Two files that give the
/// same thing different ones are an error naming both; the first file (in input order, which
/// compile() sorts) keeps its value.
class SingleValues {
public:
  struct Given {
    graph::TermId subject = 0;
    std::string_view subject_id;
    graph::TermId property = 0;
    std::string_view property_name; ///< the keyword, for messages
    graph::TermId value = 0;
    std::string_view lang; ///< labels: one per language (a view that must outlive this)
    std::uint32_t file = 0;
    SourceSpan at;
  };
  /// Whether the value may be written: false, after an error, when another file gave another.
  bool check(const Given &given, const SourceSet &sources, DiagnosticSink &sink);

private:
  /// The first value given for (subject, property, lang).
  struct First {
    graph::TermId subject;
    graph::TermId property;
    std::string_view lang; ///< a view into the term table (it outlives this)
    graph::TermId value;
    std::uint32_t file;
    std::uint32_t hash;
    SourceSpan at;
  };
  std::deque<First> first_;
  OpenIndex index_; ///< (subject, property, lang) -> first_ index + 1
};

} // namespace factloom::bind
