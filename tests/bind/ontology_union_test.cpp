// bind::Ontology: classes declared owl:unionOf (the range of counter-to is "a proposal or a
// stance"), and keywords shared by properties of unrelated domains, in a small ontology and in
// the embedded one.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "bind/ontology.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

using namespace factloom;
using namespace factloom::bind;

namespace {

const char *const prefixes = "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
                             "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                             "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

// Only the union says that proposals and stances are positions: no rdfs:subClassOf.
const char *const unions =
    "fl:Thing a owl:Class .\n"
    "fl:Proposal a owl:Class ; rdfs:subClassOf fl:Thing .\n"
    "fl:Stance a owl:Class ; rdfs:subClassOf fl:Thing .\n"
    "fl:Outcome a owl:Class ; rdfs:subClassOf fl:Thing .\n"
    "fl:Person a owl:Class ; rdfs:subClassOf fl:Thing .\n"
    "fl:NegotiatingPosition a owl:Class ; owl:unionOf ( fl:Proposal fl:Stance ) .\n"
    "fl:AnyResult a owl:Class ; owl:unionOf ( fl:Proposal fl:Stance fl:Outcome ) .\n"
    "fl:Date a rdfs:Datatype ; owl:unionOf ( xsd:date xsd:gYear ) .\n"
    "fl:counterTo a owl:ObjectProperty ; rdfs:domain fl:Proposal ;\n"
    "  rdfs:range fl:NegotiatingPosition .\n"
    "fl:status a owl:ObjectProperty ; rdfs:domain fl:Stance ; rdfs:range xsd:string .\n"
    "fl:proposalStatus a owl:ObjectProperty ; fl:keyword \"status\" ;\n"
    "  rdfs:domain fl:Proposal ; rdfs:range xsd:boolean .\n";

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

void load(Loaded &l, const std::string &text) { l.ok = l.ontology.load(text, "onto.ttl", l.sink); }

const PropertyInfo &property(const Ontology &o, std::uint32_t c, const char *keyword) {
  const int i = o.find_property(c, keyword);
  REQUIRE(i >= 0);
  return o.properties()[static_cast<std::size_t>(i)];
}

} // namespace

TEST_SUITE("bind") {
  TEST_CASE("a class declared owl:unionOf is a superclass of its members, named after them") {
    Loaded l;
    load(l, std::string(prefixes) + unions);
    INFO(l.diagnostics());
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    const std::uint32_t position = o.find_class("negotiating-position");
    const std::uint32_t any = o.find_class("any-result");
    const std::uint32_t proposal = o.find_class("proposal");
    const std::uint32_t stance = o.find_class("stance");
    const std::uint32_t person = o.find_class("person");
    REQUIRE(position != 0);
    CHECK(o.classes()[position].members == std::vector<std::uint32_t>{proposal, stance});
    CHECK(o.classes()[proposal].is_a(position));
    CHECK(o.classes()[stance].is_a(position));
    CHECK(o.classes()[proposal].is_a(any));
    CHECK_FALSE(o.classes()[person].is_a(position));
    CHECK(o.describe_class(position) == "a proposal or a stance");
    CHECK(o.describe_class(any) == "a proposal, a stance or an outcome");
    CHECK(o.describe_class(person) == "a person");
    // The range of counter-to is the union class: an entity range.
    const PropertyInfo &counter = property(o, proposal, "counter-to");
    CHECK(counter.range == RangeKind::entity);
    CHECK(counter.range_class == position);
    // A datatype union (like fl:TemporalValue) is not a class: no members, no error.
    CHECK(o.find_class("date") == 0);
  }

  TEST_CASE("the validator's hierarchy has the union memberships, once each") {
    Loaded l;
    // Proposal is stated a subclass of the union as well: the link is not repeated.
    load(l,
         std::string(prefixes) + unions + "fl:Proposal rdfs:subClassOf fl:NegotiatingPosition .\n");
    REQUIRE(l.ok);
    const std::vector<ClassLink> links = l.ontology.subclass_links();
    const std::string fl = "https://w3id.org/factloom/ns#";
    const auto count = [&](const std::string &sub, const std::string &super) {
      return std::count(links.begin(), links.end(), ClassLink{fl + sub, fl + super});
    };
    CHECK(count("Proposal", "NegotiatingPosition") == 1);
    CHECK(count("Stance", "NegotiatingPosition") == 1);
    CHECK(count("Outcome", "AnyResult") == 1);
    CHECK(count("Proposal", "Thing") == 1);
    CHECK(std::is_sorted(links.begin(), links.end(), [](const ClassLink &a, const ClassLink &b) {
      return a.sub < b.sub || (a.sub == b.sub && a.super < b.super);
    }));
    // The datatype union's members are not classes.
    for (const ClassLink &link : links)
      CHECK(link.super != fl + "Date");
  }

  TEST_CASE("one keyword names different properties on unrelated classes") {
    Loaded l;
    load(l, std::string(prefixes) + unions);
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    CHECK(property(o, o.find_class("stance"), "status").range == RangeKind::string);
    CHECK(property(o, o.find_class("proposal"), "status").range == RangeKind::boolean);
    CHECK(o.find_property(o.find_class("person"), "status") < 0);
  }

  TEST_CASE("a property's own kebab name is its first keyword, whatever the file's order") {
    Loaded l;
    load(l, std::string(prefixes) + unions +
                "fl:signatory a owl:ObjectProperty ; fl:keyword \"signatory\", \"signatories\" ;\n"
                "  rdfs:range fl:Person .\n"
                "fl:partyTo a owl:ObjectProperty ; fl:keyword \"party\", \"parties\" ;\n"
                "  rdfs:range fl:Person .\n");
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    const std::uint32_t person = o.find_class("person");
    // Sord orders the values by text ("signatories" < "signatory"): messages must not.
    CHECK(property(o, person, "signatories").keywords ==
          std::vector<std::string>{"signatory", "signatories"});
    // No keyword is the local name: the stored order stands.
    CHECK(property(o, person, "party").keywords == std::vector<std::string>{"parties", "party"});
  }

  TEST_CASE("the embedded ontology: shared keywords of the news vocabulary resolve by kind") {
    Loaded l;
    load(l, std::string(embedded::factloom_ttl));
    INFO(l.diagnostics());
    REQUIRE(l.ok);
    const Ontology &o = l.ontology;
    const std::string fl = "https://w3id.org/factloom/ns#";
    const auto iri = [&](const char *kind, const char *keyword) {
      const std::uint32_t c = o.find_class(kind);
      REQUIRE(c != 0);
      return property(o, c, keyword).iri;
    };
    CHECK(iri("meeting", "status") == fl + "status");
    CHECK(iri("peace-plan", "status") == fl + "proposalStatus");
    CHECK(iri("characterisation", "of") == fl + "characterisationOf");
    CHECK(iri("point", "of") == fl + "pointOf");
    CHECK(iri("characterisation", "by") == fl + "characterisedBy");
    CHECK(iri("pledge", "by") == fl + "pledgedBy");
    CHECK(iri("joint-statement", "by") == fl + "issuedBy");
    CHECK(iri("stance", "toward") == fl + "toward");
    CHECK(iri("post", "toward") == fl + "postToward");
    CHECK(iri("pledge", "to") == fl + "pledgedTo");
    // according-to and via on unrelated kinds alike.
    for (const char *kind : {"meeting", "signing", "stance", "statement", "quote", "post",
                             "proposal", "pledge", "agreement", "characterisation"}) {
      INFO(kind);
      CHECK(iri(kind, "according-to") == fl + "accordingTo");
      CHECK(iri(kind, "via") == fl + "reportedVia");
    }
    CHECK(o.describe_class(property(o, o.find_class("proposal"), "counter-to").range_class) ==
          "a proposal or a stance");
    CHECK(o.describe_class(property(o, o.find_class("signing"), "document").range_class) ==
          "a proposal or a document");
    CHECK(o.describe_class(property(o, o.find_class("stance"), "via").range_class) ==
          "an organisation or a source");
    // The new roles are choices of fl:hadRole.
    const PropertyInfo &role = property(o, o.find_class("participation"), "role");
    std::vector<std::string> roles;
    for (const Individual &i : o.classes()[role.range_class].individuals)
      roles.insert(roles.end(), i.keywords.begin(), i.keywords.end());
    for (const char *r : {"leader", "expected", "tentative"}) {
      INFO(r);
      CHECK(std::find(roles.begin(), roles.end(), r) != roles.end());
    }
  }
}
