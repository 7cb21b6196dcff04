// The ontology as the compiler sees it: kinds, properties, ranges and choices, read from Turtle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/text.hpp"
#include "rdf/model.hpp"
#include "rdf/prefixes.hpp"

namespace factloom::bind {

/// What a property's values are.
enum class RangeKind {
  entity,      ///< an id of a thing of the range class
  enumeration, ///< a keyword of an individual of the range class
  resource,    ///< an id or a <web address>
  string,      ///< "text" (no language tag)
  lang_string, ///< "text"@lang or "text"
  any_uri,     ///< <https://…>, written as an IRI node
  external_id, ///< an id in another database (Q42), written as the IRI iri_prefix + id
  integer,
  non_negative_integer,
  decimal,
  boolean,
  duration,
  temporal ///< a date (any precision), a date-time, or a phrase relative to the article
};

struct Individual {
  std::string iri;
  std::vector<std::string> keywords;
};

struct ClassInfo {
  std::string iri;
  std::string keyword;
  std::vector<std::uint32_t> supers; ///< every superclass index, itself included
  /// owl:unionOf: the classes this one is the union of (each is also its subclass), or empty.
  std::vector<std::uint32_t> members;
  bool is_source = false; ///< fl:Source or a subclass
  std::vector<Individual> individuals;
  bool is_a(std::uint32_t other) const;
};

struct PropertyInfo {
  std::string iri;
  std::vector<std::string> keywords;
  std::vector<std::uint32_t> domains; ///< class indexes; empty = any kind
  RangeKind range = RangeKind::string;
  std::string range_iri;
  std::uint32_t range_class = 0; ///< entity/enumeration: class index
  bool functional = false;
  std::string qualified_by;    ///< IRI of the link to a qualified node, or empty
  std::string phrase_property; ///< temporal: companions for relative dates
  std::string precision_property;
  bool varies_over_time = false; ///< fl:variesOverTime true: recorded per source as a claim
  std::string iri_prefix;        ///< fl:iriPrefix: values are external ids (RangeKind::external_id)
  std::string id_pattern; ///< fl:idPattern: the form of such an id (ECMAScript regex, whole id)
};

/// An rdfs:subClassOf link between two class IRIs.
struct ClassLink {
  std::string sub;
  std::string super;
  friend bool operator==(const ClassLink &, const ClassLink &) = default;
};

/// Every rdfs:subClassOf statement of `model` between two IRIs, and every member of a class
/// declared owl:unionOf (member, union), sorted by sub, then super, without repeats. For
/// validators that need an ontology's class hierarchy.
std::vector<ClassLink> subclass_links(const rdf::Model &model);

/// Kinds and properties by keyword. Class index 0 is unused (a "none" sentinel).
/// The ontology is parsed once into an rdf::Model (Sord), which stays available for queries.
class Ontology {
public:
  /// Reads the ontology Turtle (`text`, named `name` in diagnostics). Problems (a property
  /// without a range, a keyword used twice) are reported to `sink`; returns false on errors.
  /// Syntax errors are reported as "name:line:col: error: cannot read the ontology: ...".
  bool load(std::string_view text, const std::string &name, DiagnosticSink &sink);

  const std::vector<ClassInfo> &classes() const { return classes_; }
  const std::vector<PropertyInfo> &properties() const { return properties_; }
  /// The prefixes the ontology declares, in declaration order.
  const std::vector<rdf::Prefix> &prefixes() const { return model_.prefixes().entries(); }
  /// Class index by keyword, or 0.
  std::uint32_t find_class(std::string_view keyword) const;
  /// Property index applicable to class `c` by keyword, or -1.
  int find_property(std::uint32_t c, std::string_view keyword) const;
  /// Keywords of all properties applicable to class `c` (for hints), sorted.
  std::vector<std::string> property_keywords(std::uint32_t c) const;
  std::vector<std::string> class_keywords() const;
  /// Human name of a class for messages: "a person", "an organisation"; a union names its
  /// members: "a proposal or a stance".
  std::string describe_class(std::uint32_t c) const;
  /// The ontology's statements, as read.
  const rdf::Model &model() const { return model_; }
  /// The class hierarchy as stated (every rdfs:subClassOf between IRIs), for the validator.
  std::vector<ClassLink> subclass_links() const { return bind::subclass_links(model_); }

private:
  friend class OntologyReader; // fills the tables from the model (bind/ontology_reader.hpp)
  bool read_model(std::string_view text, const std::string &name, DiagnosticSink &sink);

  rdf::Model model_;
  std::vector<ClassInfo> classes_;
  std::vector<PropertyInfo> properties_;
  using KeywordMap = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> class_by_keyword_;
  /// By class index: keyword -> property index.
  std::vector<KeywordMap> property_by_class_;
};

/// "PeacePlan" → "peace-plan", "partOf" → "part-of".
std::string kebab(std::string_view local_name);

} // namespace factloom::bind
