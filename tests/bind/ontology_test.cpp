// bind::Ontology: classes, keywords, hierarchy, enumerations, properties and their ranges, read
// from a small ontology; and the problems it reports.
#include <doctest/doctest.h>

#include <string>

#include "bind/ontology.hpp"

using namespace factloom;
using namespace factloom::bind;

namespace {

const char *const prefixes = "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
                             "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                             "@prefix ex: <http://example.org/> .\n";

const char *const small = "fl:Thing a owl:Class .\n"
                          "fl:Source a owl:Class ; rdfs:subClassOf fl:Thing .\n"
                          "fl:NewsArticle a owl:Class ; rdfs:subClassOf fl:Source ;\n"
                          "  fl:keyword \"article\" .\n"
                          "fl:Person a owl:Class ; rdfs:subClassOf fl:Thing, ex:Agent .\n"
                          "fl:Status a owl:Class .\n"
                          "fl:Held a fl:Status .\n"
                          "fl:Planned a fl:Status ; fl:keyword \"planned\", \"due\" .\n"
                          "fl:name a owl:DatatypeProperty ; rdfs:range xsd:string .\n"
                          "fl:age a owl:DatatypeProperty, owl:FunctionalProperty ;\n"
                          "  rdfs:domain fl:Person ; rdfs:range xsd:nonNegativeInteger .\n"
                          "fl:status a owl:ObjectProperty ; rdfs:range fl:Status .\n"
                          "fl:knows a owl:ObjectProperty ; fl:keyword \"knows\", \"friend\" ;\n"
                          "  rdfs:domain fl:Person ; rdfs:range fl:Person .\n"
                          "ex:external a owl:DatatypeProperty ; rdfs:range xsd:string .\n";

struct Loaded {
  DiagnosticSink sink;
  Ontology ontology;
  bool ok = false;
  std::string diagnostics() const {
    std::string out;
    for (const Diagnostic &d : sink.all())
      out += render(d, SourceSet());
    return out;
  }
};

Loaded load(const std::string &body) {
  Loaded l;
  l.ok = l.ontology.load(std::string(prefixes) + body, "onto.ttl", l.sink);
  return l;
}

const PropertyInfo &property(const Ontology &o, std::uint32_t c, const char *keyword) {
  const int i = o.find_property(c, keyword);
  REQUIRE(i >= 0);
  return o.properties()[static_cast<std::size_t>(i)];
}

} // namespace

TEST_SUITE("bind") {
  TEST_CASE("classes: keywords, superclasses, sources — indexes ordered by IRI") {
    Loaded l = load(small);
    INFO(l.diagnostics());
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    // Index 0 is "none"; then by IRI: Held? no (an individual), NewsArticle, Person, Source,
    // Status, Thing.
    REQUIRE(o.classes().size() == 6);
    CHECK(o.class_keywords() ==
          std::vector<std::string>{"article", "person", "source", "status", "thing"});
    const std::uint32_t article = o.find_class("article");
    const std::uint32_t person = o.find_class("person");
    const std::uint32_t source = o.find_class("source");
    const std::uint32_t thing = o.find_class("thing");
    CHECK(article == 1);
    CHECK(o.classes()[article].iri == "https://w3id.org/factloom/ns#NewsArticle");
    CHECK(o.classes()[article].supers == std::vector<std::uint32_t>{article, source, thing});
    CHECK(o.classes()[article].is_source);
    CHECK(o.classes()[source].is_source);
    CHECK_FALSE(o.classes()[person].is_source);
    CHECK(o.classes()[person].is_a(thing));
    CHECK_FALSE(o.classes()[thing].is_a(person));
    CHECK(o.find_class("news-article") == 0); // fl:keyword replaces the kebab name
    CHECK(o.describe_class(article) == "an article");
    CHECK(o.describe_class(person) == "a person");
  }

  TEST_CASE("enumerations: individuals of a class and their keywords") {
    Loaded l = load(small);
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    const ClassInfo &status = o.classes()[o.find_class("status")];
    REQUIRE(status.individuals.size() == 2);
    CHECK(status.individuals[0].iri == "https://w3id.org/factloom/ns#Held");
    CHECK(status.individuals[0].keywords == std::vector<std::string>{"held"});
    CHECK(status.individuals[1].keywords == std::vector<std::string>{"planned", "due"});
    const PropertyInfo &p = property(o, o.find_class("thing"), "status");
    CHECK(p.range == RangeKind::enumeration);
    CHECK(p.range_class == o.find_class("status"));
  }

  TEST_CASE("properties: domains, ranges, functional, several keywords, external terms") {
    Loaded l = load(small);
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    const std::uint32_t person = o.find_class("person");
    const std::uint32_t thing = o.find_class("thing");
    CHECK(property(o, thing, "name").range == RangeKind::string);
    CHECK_FALSE(property(o, thing, "name").functional);
    const PropertyInfo &age = property(o, person, "age");
    CHECK(age.range == RangeKind::non_negative_integer);
    CHECK(age.functional);
    CHECK(o.find_property(thing, "age") < 0); // the domain is person
    CHECK(property(o, person, "friend").iri == "https://w3id.org/factloom/ns#knows");
    CHECK(property(o, person, "knows").range == RangeKind::entity);
    CHECK(property(o, person, "knows").keywords == std::vector<std::string>{"knows", "friend"});
    CHECK(o.property_keywords(person) ==
          std::vector<std::string>{"age", "friend", "knows", "name", "status"});
    // ex:external has no keyword: not usable in fact files.
    for (const PropertyInfo &p : o.properties())
      CHECK(p.iri != "http://example.org/external");
  }

  TEST_CASE("the class hierarchy as stated, and the prefixes, come from the one parse") {
    Loaded l = load(small);
    REQUIRE(l.ok);
    const std::string fl = "https://w3id.org/factloom/ns#";
    CHECK(l.ontology.subclass_links() ==
          std::vector<ClassLink>{{fl + "NewsArticle", fl + "Source"},
                                 {fl + "Person", "http://example.org/Agent"},
                                 {fl + "Person", fl + "Thing"},
                                 {fl + "Source", fl + "Thing"}});
    REQUIRE(l.ontology.prefixes().size() == 5);
    CHECK(l.ontology.prefixes()[0].name == "fl");
    CHECK(l.ontology.prefixes()[4].iri == "http://example.org/");
    CHECK(l.ontology.model().size() == 29);
  }

  TEST_CASE("a more specific domain wins a keyword — an equal one is an error") {
    Loaded l =
        load(std::string(small) + "fl:nickname a owl:DatatypeProperty ; fl:keyword \"name\" ;\n"
                                  "  rdfs:domain fl:Person ; rdfs:range xsd:string .\n");
    INFO(l.diagnostics());
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    CHECK(property(o, o.find_class("person"), "name").iri ==
          "https://w3id.org/factloom/ns#nickname");
    CHECK(property(o, o.find_class("thing"), "name").iri == "https://w3id.org/factloom/ns#name");

    Loaded tie =
        load(std::string(small) + "fl:alias a owl:DatatypeProperty ; fl:keyword \"age\" ;\n"
                                  "  rdfs:domain fl:Person ; rdfs:range xsd:string .\n");
    CHECK_FALSE(tie.ok);
    CHECK(tie.diagnostics() ==
          "onto.ttl: error: the keyword 'age' names two properties of "
          "https://w3id.org/factloom/ns#Person: https://w3id.org/factloom/ns#age and "
          "https://w3id.org/factloom/ns#alias\n");
  }

  TEST_CASE("ontology problems: ranges, keywords, syntax") {
    Loaded no_range = load(std::string(small) + "fl:size a owl:DatatypeProperty .\n"
                                                "fl:weight a owl:DatatypeProperty ; rdfs:range "
                                                "xsd:hexBinary .\n");
    CHECK_FALSE(no_range.ok);
    CHECK(no_range.diagnostics() ==
          "onto.ttl: error: property https://w3id.org/factloom/ns#size has no rdfs:range; "
          "factloom needs exactly one\n"
          "onto.ttl: error: property https://w3id.org/factloom/ns#weight has the range "
          "http://www.w3.org/2001/XMLSchema#hexBinary, which factloom cannot read values for\n");
    Loaded twice = load(std::string(small) + "fl:Human a owl:Class ; fl:keyword \"person\" .\n");
    CHECK_FALSE(twice.ok);
    CHECK(twice.diagnostics() == "onto.ttl: error: the keyword 'person' names two classes: "
                                 "https://w3id.org/factloom/ns#Human and "
                                 "https://w3id.org/factloom/ns#Person\n");
    // Syntax errors keep their place (line 6: the first line after the prefixes).
    Loaded broken = load("fl:Thing a owl:Class ;\n  rdfs:label .\n");
    CHECK_FALSE(broken.ok);
    CHECK(broken.diagnostics().rfind("onto.ttl:7:", 0) == 0);
    CHECK(broken.diagnostics().find("error: cannot read the ontology: ") != std::string::npos);
  }

  TEST_CASE("the embedded ontology loads, and loading again starts afresh") {
    Loaded l = load(small);
    REQUIRE(l.ok);
    const std::size_t classes = l.ontology.classes().size();
    REQUIRE(l.ontology.load(std::string(prefixes) + small, "again.ttl", l.sink));
    CHECK(l.ontology.classes().size() == classes);
    CHECK(l.ontology.subclass_links().size() == 4);
  }
}

TEST_SUITE("bind") {
  TEST_CASE("ids in another database: fl:iriPrefix and fl:idPattern, both and well-formed") {
    Loaded l =
        load(std::string(small) + "ex:same fl:keyword \"ref\" ; a owl:ObjectProperty ;\n"
                                  "  fl:iriPrefix \"http://example.org/item/\" ;\n"
                                  "  fl:idPattern \"Q[1-9][0-9]*\" ; rdfs:range owl:Thing .\n");
    INFO(l.diagnostics());
    REQUIRE(l.ok);
    const PropertyInfo &p = property(l.ontology, l.ontology.find_class("person"), "ref");
    CHECK(p.range == RangeKind::external_id);
    CHECK(p.iri_prefix == "http://example.org/item/");
    CHECK(p.id_pattern == "Q[1-9][0-9]*");

    Loaded half = load(std::string(small) + "ex:same fl:keyword \"ref\" ; a owl:ObjectProperty ;\n"
                                            "  fl:iriPrefix \"http://example.org/item/\" ;\n"
                                            "  rdfs:range owl:Thing .\n");
    CHECK_FALSE(half.ok);
    CHECK(half.diagnostics() == "onto.ttl: error: property http://example.org/same needs both "
                                "fl:iriPrefix and fl:idPattern, or neither\n");
    Loaded bad = load(std::string(small) + "ex:same fl:keyword \"ref\" ; a owl:ObjectProperty ;\n"
                                           "  fl:iriPrefix \"http://example.org/item/\" ;\n"
                                           "  fl:idPattern \"Q[1-9\" ; rdfs:range owl:Thing .\n");
    CHECK_FALSE(bad.ok);
    CHECK(bad.diagnostics().find("has an fl:idPattern that is not a regular expression") !=
          std::string::npos);
  }
}
