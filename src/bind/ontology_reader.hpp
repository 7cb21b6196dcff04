// Inside bind::Ontology::load: the ontology's model turned into the binder's tables, one
// responsibility a step (classes, hierarchy, enumerations, properties, keyword indexes).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/diagnostic.hpp"
#include "bind/ontology.hpp"
#include "rdf/model.hpp"

namespace factloom::bind {

class OntologyReader {
public:
  OntologyReader(Ontology &ontology, const std::string &name, DiagnosticSink &sink);

  // Classes (bind/ontology.cpp).
  /// Every IRI typed owl:Class or rdfs:Class, ordered by IRI (indexes do not depend on the
  /// file's layout), with its keyword.
  void read_classes();
  /// ClassInfo::members: the classes each owl:unionOf class is the union of.
  void read_unions();
  /// ClassInfo::supers: each class's superclasses (itself included), by rdfs:subClassOf and
  /// by membership of an owl:unionOf class.
  void close_superclasses();
  /// ClassInfo::is_source: fl:Source and its subclasses.
  void mark_sources();
  /// Keyword -> class; a keyword naming two classes is an error.
  void index_class_keywords();
  /// Enumeration members: IRIs typed with a known class that are not classes themselves.
  void read_individuals();

  // Properties (bind/ontology_properties.cpp).
  /// Every property with a keyword, ordered by IRI, with its domains, range and companions.
  void read_properties();
  /// (class, keyword) -> property; the most specific domain wins, a tie is an error.
  void index_property_keywords();

private:
  /// The fl:keyword values of a term, else the kebab-case local name of an fl: IRI.
  std::vector<std::string> keywords_of(rdf::Node s) const;
  /// The subjects typed `cls`.
  std::vector<rdf::Node> typed(std::string_view cls) const;
  rdf::Node term(std::string_view iri) const { return model_.iri(iri); }
  /// The index of a class node, or 0.
  std::uint32_t class_index(rdf::Node c) const;

  bool read_property(rdf::Node p, PropertyInfo &info);
  bool read_range(rdf::Node range, PropertyInfo &info);
  bool read_external_id(rdf::Node p, PropertyInfo &info);
  void add_property_key(std::size_t property, std::uint32_t c, const std::string &keyword);
  /// How specific a property's domains are for class `c` (the most derived domain's depth).
  std::size_t specificity(const PropertyInfo &p, std::uint32_t c) const;

  Ontology &onto_;
  const rdf::Model &model_;
  const std::string &name_;
  DiagnosticSink &sink_;
  rdf::Node type_;
  std::unordered_set<rdf::Node, rdf::Node::Hash> class_nodes_; ///< every node typed as a class
  std::vector<rdf::Node> ordered_;                             ///< IRI classes, by IRI
  std::unordered_map<rdf::Node, std::uint32_t, rdf::Node::Hash> class_index_;
  /// Member class -> the owl:unionOf classes it belongs to.
  std::unordered_map<rdf::Node, std::vector<rdf::Node>, rdf::Node::Hash> unions_of_;
};

} // namespace factloom::bind
