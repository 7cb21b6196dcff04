// The IRIs the compiler itself relies on (everything else comes from the ontology).
#pragma once

#include <array>
#include <string_view>

namespace factloom::bind::iri {

inline constexpr std::string_view fl = "https://w3id.org/factloom/ns#";
inline constexpr std::string_view rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view rdf_lang_string =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr std::string_view rdf_property =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property";
inline constexpr std::string_view rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label";
inline constexpr std::string_view rdfs_class = "http://www.w3.org/2000/01/rdf-schema#Class";
inline constexpr std::string_view rdfs_sub_class_of =
    "http://www.w3.org/2000/01/rdf-schema#subClassOf";
inline constexpr std::string_view rdfs_domain = "http://www.w3.org/2000/01/rdf-schema#domain";
inline constexpr std::string_view rdfs_range = "http://www.w3.org/2000/01/rdf-schema#range";
inline constexpr std::string_view rdfs_literal = "http://www.w3.org/2000/01/rdf-schema#Literal";
inline constexpr std::string_view rdfs_resource = "http://www.w3.org/2000/01/rdf-schema#Resource";
inline constexpr std::string_view owl_class = "http://www.w3.org/2002/07/owl#Class";
inline constexpr std::string_view owl_thing = "http://www.w3.org/2002/07/owl#Thing";
inline constexpr std::string_view owl_object_property =
    "http://www.w3.org/2002/07/owl#ObjectProperty";
inline constexpr std::string_view owl_datatype_property =
    "http://www.w3.org/2002/07/owl#DatatypeProperty";
inline constexpr std::string_view owl_functional_property =
    "http://www.w3.org/2002/07/owl#FunctionalProperty";
inline constexpr std::string_view schema_domain_includes = "http://schema.org/domainIncludes";
inline constexpr std::string_view prov_was_derived_from =
    "http://www.w3.org/ns/prov#wasDerivedFrom";
inline constexpr std::string_view xsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view time_ns = "http://www.w3.org/2006/time#";

// fl: terms with a fixed meaning for the compiler (all declared in ontology/factloom.ttl).
inline constexpr std::string_view fl_keyword = "https://w3id.org/factloom/ns#keyword";
inline constexpr std::string_view fl_qualified_by = "https://w3id.org/factloom/ns#qualifiedBy";
inline constexpr std::string_view fl_phrase_property =
    "https://w3id.org/factloom/ns#phraseProperty";
inline constexpr std::string_view fl_precision_property =
    "https://w3id.org/factloom/ns#precisionProperty";
inline constexpr std::string_view fl_temporal_value = "https://w3id.org/factloom/ns#TemporalValue";
inline constexpr std::string_view fl_source = "https://w3id.org/factloom/ns#Source";
inline constexpr std::string_view fl_published = "https://w3id.org/factloom/ns#published";
inline constexpr std::string_view fl_agent = "https://w3id.org/factloom/ns#agent";
inline constexpr std::string_view fl_had_role = "https://w3id.org/factloom/ns#hadRole";

/// The fl: terms above, for the test that checks they are declared in the ontology.
inline constexpr std::array<std::string_view, 9> fl_terms = {
    fl_keyword,        fl_qualified_by, fl_phrase_property, fl_precision_property,
    fl_temporal_value, fl_source,       fl_published,       fl_agent,
    fl_had_role};

} // namespace factloom::bind::iri
