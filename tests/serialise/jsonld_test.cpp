// serialise::jsonld_context: the JSON-LD context made from an ontology's properties and prefixes;
// and write_jsonld's values for each kind of term.
#include <doctest/doctest.h>

#include <string>

#include "bind/ontology.hpp"
#include "graph/graph.hpp"
#include "serialise/jsonld.hpp"

using namespace factloom;
using serialise::ContextTerm;

namespace {

const char *const ontology_text =
    "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix ex: <http://example.org/> .\n"
    "fl:Thing a owl:Class .\n"
    "fl:Person a owl:Class ; rdfs:subClassOf fl:Thing .\n"
    "fl:name a owl:DatatypeProperty ; rdfs:range xsd:string .\n"
    "fl:label a owl:DatatypeProperty ; rdfs:range rdf:langString .\n"
    "fl:age a owl:DatatypeProperty ; rdfs:range xsd:nonNegativeInteger .\n"
    "fl:knows a owl:ObjectProperty ; rdfs:range fl:Person .\n"
    "fl:homepage a owl:DatatypeProperty ; rdfs:range xsd:anyURI .\n"
    // Two properties with the local name 'size': neither gets a term.
    "fl:size a owl:DatatypeProperty ; rdfs:range xsd:integer .\n"
    "ex:size a owl:DatatypeProperty ; fl:keyword \"ex-size\" ; rdfs:range xsd:integer .\n"
    // A property named like a prefix gets no term either.
    "fl:ex a owl:DatatypeProperty ; rdfs:range xsd:string .\n";

struct Loaded {
  DiagnosticSink sink;
  bind::Ontology ontology;
};

} // namespace

TEST_SUITE("serialise") {
  TEST_CASE("jsonld context: a term per property by local name, coerced by its range") {
    Loaded l;
    const std::string text = std::string("@prefix rdf: "
                                         "<http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n") +
                             ontology_text;
    REQUIRE(l.ontology.load(text, "onto.ttl", l.sink));
    rdf::PrefixMap prefixes;
    prefixes.add("fl", "https://w3id.org/factloom/ns#");
    prefixes.add("", "https://example.org/factloom/"); // no empty term in JSON-LD
    prefixes.add("ex", "http://example.org/");
    prefixes.add("odd", "http://example.org/odd"); // ends in neither '/' nor '#'
    const serialise::JsonldContext c = serialise::jsonld_context(l.ontology, prefixes);

    REQUIRE(c.prefixes.size() == 2);
    CHECK(c.prefixes[0].name == "ex");
    CHECK(c.prefixes[1].name == "fl");
    const std::string fl = "https://w3id.org/factloom/ns#";
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    const std::vector<ContextTerm> expected = {
        {"age", fl + "age", xsd + "nonNegativeInteger"},
        {"homepage", fl + "homepage", "@id"},
        {"knows", fl + "knows", "@id"},
        {"label", fl + "label", ""},
        {"name", fl + "name", ""},
    };
    CHECK(c.terms == expected);
  }

  TEST_CASE("jsonld writer: coerced values compact, others as value objects, sorted nodes") {
    Loaded l;
    const std::string text = std::string("@prefix rdf: "
                                         "<http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n") +
                             ontology_text;
    REQUIRE(l.ontology.load(text, "onto.ttl", l.sink));
    graph::Graph g;
    g.add_prefix("fl", "https://w3id.org/factloom/ns#");
    auto &t = g.terms();
    const std::string fl = "https://w3id.org/factloom/ns#";
    const auto iri = [&](const std::string &s) { return t.iri(s); };
    const auto b = iri("https://example.org/b"), a = iri("https://example.org/a");
    g.add(b, iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), iri(fl + "Person"));
    g.add(b, iri(fl + "knows"), a);
    g.add(a, iri(fl + "age"),
          t.literal("7", iri("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")));
    g.add(a, iri(fl + "age"), t.literal("x")); // not the range's type: a value object
    g.add(a, iri(fl + "label"), t.literal("Anna", 0, "de"));
    g.add(a, iri(fl + "name"), t.literal("Anna \"A\"\n"));
    const serialise::JsonldContext c = serialise::jsonld_context(l.ontology, g.prefix_map());
    std::string out;
    StringSink sink(out);
    REQUIRE(serialise::write_jsonld(std::move(g), c, {}, sink));
    const auto a_at = out.find("\"@id\": \"https://example.org/a\"");
    const auto b_at = out.find("\"@id\": \"https://example.org/b\"");
    REQUIRE(a_at != std::string::npos);
    REQUIRE(b_at != std::string::npos);
    CHECK(a_at < b_at);
    CHECK(out.find("\"@type\": \"fl:Person\"") != std::string::npos);
    CHECK(out.find("\"knows\": \"https://example.org/a\"") != std::string::npos);
    CHECK(out.find("\"age\": [\n        \"7\",\n        {\n          \"@value\": \"x\"\n") !=
          std::string::npos);
    CHECK(out.find("\"@language\": \"de\"") != std::string::npos);
    CHECK(out.find("\"name\": \"Anna \\\"A\\\"\\n\"") != std::string::npos);
  }
}
