// Every namespace and IRI that factloom's code names (everything else comes from the ontology).
#pragma once

#include <array>
#include <string_view>

namespace factloom::vocab {

// Namespaces.
inline constexpr std::string_view rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view rdfs = "http://www.w3.org/2000/01/rdf-schema#";
inline constexpr std::string_view xsd = "http://www.w3.org/2001/XMLSchema#";
inline constexpr std::string_view owl = "http://www.w3.org/2002/07/owl#";
inline constexpr std::string_view sh = "http://www.w3.org/ns/shacl#";
inline constexpr std::string_view prov = "http://www.w3.org/ns/prov#";
inline constexpr std::string_view schema = "http://schema.org/";
inline constexpr std::string_view time = "http://www.w3.org/2006/time#";
inline constexpr std::string_view skos = "http://www.w3.org/2004/02/skos/core#";
inline constexpr std::string_view org = "http://www.w3.org/ns/org#";
inline constexpr std::string_view fl = "https://w3id.org/factloom/ns#";
/// Base IRIs under which the ontology and the shapes files are read.
inline constexpr std::string_view fl_ontology_base = "https://w3id.org/factloom/ns";
inline constexpr std::string_view fl_shapes_base = "https://w3id.org/factloom/shapes";

/// A namespace and its usual prefix name.
struct Namespace {
  std::string_view name;
  std::string_view iri;
};

/// The prefixes factloom declares for queries and uses to shorten IRIs in tables and chunks.
inline constexpr std::array<Namespace, 10> common_namespaces = {{
    {"fl", fl},
    {"rdf", rdf},
    {"rdfs", rdfs},
    {"xsd", xsd},
    {"schema", schema},
    {"prov", prov},
    {"org", org},
    {"skos", skos},
    {"owl", owl},
    {"time", time},
}};

// rdf:, rdfs:, owl:, schema:, prov: terms.
inline constexpr std::string_view rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
inline constexpr std::string_view rdf_lang_string =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
inline constexpr std::string_view rdf_property =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property";
inline constexpr std::string_view rdf_first = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
inline constexpr std::string_view rdf_rest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
inline constexpr std::string_view rdf_nil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
inline constexpr std::string_view rdfs_label = "http://www.w3.org/2000/01/rdf-schema#label";
inline constexpr std::string_view rdfs_comment = "http://www.w3.org/2000/01/rdf-schema#comment";
inline constexpr std::string_view rdfs_class = "http://www.w3.org/2000/01/rdf-schema#Class";
inline constexpr std::string_view rdfs_sub_class_of =
    "http://www.w3.org/2000/01/rdf-schema#subClassOf";
inline constexpr std::string_view rdfs_domain = "http://www.w3.org/2000/01/rdf-schema#domain";
inline constexpr std::string_view rdfs_range = "http://www.w3.org/2000/01/rdf-schema#range";
inline constexpr std::string_view rdfs_literal = "http://www.w3.org/2000/01/rdf-schema#Literal";
inline constexpr std::string_view rdfs_resource = "http://www.w3.org/2000/01/rdf-schema#Resource";
inline constexpr std::string_view xsd_string = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view owl_class = "http://www.w3.org/2002/07/owl#Class";
inline constexpr std::string_view owl_thing = "http://www.w3.org/2002/07/owl#Thing";
inline constexpr std::string_view owl_union_of = "http://www.w3.org/2002/07/owl#unionOf";
inline constexpr std::string_view owl_object_property =
    "http://www.w3.org/2002/07/owl#ObjectProperty";
inline constexpr std::string_view owl_datatype_property =
    "http://www.w3.org/2002/07/owl#DatatypeProperty";
inline constexpr std::string_view owl_functional_property =
    "http://www.w3.org/2002/07/owl#FunctionalProperty";
inline constexpr std::string_view schema_domain_includes = "http://schema.org/domainIncludes";
inline constexpr std::string_view prov_was_derived_from =
    "http://www.w3.org/ns/prov#wasDerivedFrom";
inline constexpr std::string_view rdfs_is_defined_by =
    "http://www.w3.org/2000/01/rdf-schema#isDefinedBy";

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
// Reference data and the event statuses that date checks rely on (helper "dates").
inline constexpr std::string_view fl_reference_data = "https://w3id.org/factloom/ns#ReferenceData";
inline constexpr std::string_view fl_planned = "https://w3id.org/factloom/ns#Planned";
inline constexpr std::string_view fl_held = "https://w3id.org/factloom/ns#Held";

// Claims (statements over time): written by the compiler for fl:variesOverTime properties.
inline constexpr std::string_view fl_varies_over_time =
    "https://w3id.org/factloom/ns#variesOverTime";
inline constexpr std::string_view fl_claim = "https://w3id.org/factloom/ns#Claim";
inline constexpr std::string_view fl_claim_about = "https://w3id.org/factloom/ns#claimAbout";
inline constexpr std::string_view fl_as_of = "https://w3id.org/factloom/ns#asOf";
inline constexpr std::string_view fl_rank = "https://w3id.org/factloom/ns#rank";
inline constexpr std::string_view fl_preferred = "https://w3id.org/factloom/ns#preferred";
inline constexpr std::string_view fl_normal = "https://w3id.org/factloom/ns#normal";

/// The claim terms above, for the same test.
inline constexpr std::array<std::string_view, 7> fl_claim_terms = {
    fl_varies_over_time, fl_claim, fl_claim_about, fl_as_of, fl_rank, fl_preferred, fl_normal};

// External identifiers (issue 13, Wikidata): a property whose values are ids in another
// database, written as the IRI fl:iriPrefix + id after a check against fl:idPattern.
inline constexpr std::string_view fl_iri_prefix = "https://w3id.org/factloom/ns#iriPrefix";
inline constexpr std::string_view fl_id_pattern = "https://w3id.org/factloom/ns#idPattern";

/// The external-identifier terms above, for the same test.
inline constexpr std::array<std::string_view, 2> fl_external_id_terms = {fl_iri_prefix,
                                                                         fl_id_pattern};

/// The fl: terms above, for the test that checks they are declared in the ontology.
inline constexpr std::array<std::string_view, 12> fl_terms = {
    fl_keyword,        fl_qualified_by,   fl_phrase_property, fl_precision_property,
    fl_temporal_value, fl_source,         fl_published,       fl_agent,
    fl_had_role,       fl_reference_data, fl_planned,         fl_held};

} // namespace factloom::vocab
