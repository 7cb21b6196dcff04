// Read-only questions to a frozen graph in the ontology's terms, for the pictures and the site.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/graph.hpp"

namespace factloom::view {

using graph::TermId;

/// A frozen graph seen through the ontology: ids of vocabulary terms, instances of a class and
/// its subclasses (read from the graph's rdfs:subClassOf links), labels in a chosen language and
/// short ids (the part of an IRI after the base).
class Facts {
public:
  /// `graph` must be frozen and outlive this object.
  Facts(const graph::Graph &graph, std::string base_iri, std::string lang);

  const graph::Graph &graph() const { return graph_; }
  /// The id of an IRI, or 0 when the graph does not hold it.
  TermId iri(std::string_view iri) const;
  /// The id of an fl: term by its local name ("Meeting"), or 0.
  TermId fl(std::string_view local) const;
  /// The entity with this short id (base + id), or 0.
  TermId entity(std::string_view short_id) const;

  /// Objects of (s, p, ?) without repeats, in id order.
  std::vector<TermId> objects(TermId s, TermId p) const;
  /// The first object of (s, p, ?), or 0.
  TermId object(TermId s, TermId p) const;
  /// Subjects of (?, p, o) without repeats, in id order.
  std::vector<TermId> subjects(TermId p, TermId o) const;
  /// Instances of `cls` or of any of its subclasses, sorted by short id.
  std::vector<TermId> instances(TermId cls) const;
  bool is_a(TermId s, TermId cls) const;

  /// The lexical form of a literal (or an IRI's text).
  std::string_view text(TermId id) const;
  /// rdfs:label in the chosen language (then English, then untagged, then any); else fl:title,
  /// else fl:text (quotes, statements); else the short id.
  std::string label(TermId id) const;
  /// The IRI without the base, when it starts with it; else prefixed (fl:Held) or in full.
  std::string short_id(TermId id) const;
  /// Whether an IRI names something curated: it has a type, and is not a term of a known
  /// vocabulary, a claim or a qualified participation.
  bool is_entity(TermId id) const;
  /// Every curated entity's short id (for "did you mean").
  std::vector<std::string> entity_ids() const;

  TermId rdf_type = 0, rdfs_label = 0, prov_derived = 0;

private:
  std::string lang_literal(TermId id, TermId p) const;

  const graph::Graph &graph_;
  std::string base_;
  std::string lang_;
  std::unordered_map<TermId, std::vector<TermId>> subclasses_; ///< class -> direct subclasses
  std::unordered_map<std::string_view, TermId> fl_terms_;      ///< fl: terms the views name
};

/// Whether a date (xsd:date, gYearMonth, gYear lexical form) lies in [from, to] when compared on
/// their common prefix; an empty bound is open. A missing date is outside any bounded window.
bool in_window(std::string_view date, std::string_view from, std::string_view to);

} // namespace factloom::view
