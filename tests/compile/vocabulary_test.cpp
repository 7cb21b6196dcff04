// The news vocabulary (issue 8): proposals that change, points, signings, pledges, agreements,
// attribution and anonymous sources, posts and roles. The sample file uses every construct and
// conforms to the shapes; its key triples are checked one by one; bad uses give diagnostics.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compile/compile.hpp"
#include "serialise/write.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

using namespace factloom;
namespace fs = std::filesystem;

namespace {

const std::string fl = "https://w3id.org/factloom/ns#";
const std::string base = compile::default_base;

std::string render_all(const compile::Compilation &c) {
  std::string out;
  for (const Diagnostic &d : c.diagnostics.all())
    out += render(d, c.sources);
  return out;
}

std::set<std::string> ntriples(const compile::Compilation &c) {
  std::string nt;
  serialise::WriteOptions o;
  o.syntax = rdf::Syntax::ntriples;
  REQUIRE(serialise::write_graph(c.graph, o, nt).ok());
  std::set<std::string> out;
  std::istringstream lines(nt);
  for (std::string line; std::getline(lines, line);)
    out.insert(line);
  return out;
}

std::string node(const std::string &id) { return "<" + base + id + ">"; }
std::string term(const std::string &local) { return "<" + fl + local + ">"; }
std::string triple(const std::string &s, const std::string &p, const std::string &o) {
  return s + " " + p + " " + o + " .";
}
std::string typed(const std::string &lexical, const std::string &datatype) {
  return "\"" + lexical + "\"^^<http://www.w3.org/2001/XMLSchema#" + datatype + ">";
}

/// A fact file with a source block and `body`, compiled (and checked against the shapes when it
/// compiles); the rendered diagnostics.
struct Snippet {
  compile::Compilation c;
  bool compiled = false;
  std::string text;
  explicit Snippet(const std::string &body) {
    // A folder of its own: ctest runs test cases of this file in parallel processes.
    std::string pattern = (fs::temp_directory_path() / "factloom-vocabulary-test.XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    const fs::path dir = pattern;
    const fs::path file = dir / "snippet.facts";
    std::ofstream(file) << "source s\n  title: \"T\"@en\n  url: <https://example.org/s>\n"
                           "  published: 2025-11-30\n"
                           "person ann \"Ann\"\nperson bob \"Bob\"\nstate osterlich \"Osterlich\"\n"
                           "topic guarantees \"security guarantees\"@en\n"
                           "peace-plan plan \"Plan\"@en\n  proposer: osterlich\n"
                           "  recipient: ann\n"
                        << body;
    compiled = compile::compile({file.string()}, compile::Options{}, c);
    if (compiled)
      compile::check_shapes(c);
    text = render_all(c);
    fs::remove_all(dir);
  }
};

} // namespace

TEST_SUITE("compile") {
  TEST_CASE("the news vocabulary compiles without diagnostics and conforms to the shapes") {
    compile::Compilation c;
    const std::string input = std::string(FL_SOURCE_DIR) + "/tests/data/good/news-vocabulary.facts";
    const bool ok = compile::compile({input}, compile::Options{}, c);
    INFO(render_all(c));
    REQUIRE(ok);
    compile::check_shapes(c);
    CHECK(render_all(c).empty());
    const std::set<std::string> t = ntriples(c);
    const char *const xsd_unit = "<http://www.w3.org/2006/time#unitWeek>";
    const std::string expected[] = {
        // Proposals that change.
        triple(node("plan-28-revised"), term("revisionOf"), node("plan-28")),
        triple(node("plan-28-revised"), term("proposalStatus"), term("UnderRevision")),
        triple(node("plan-28"), term("proposalStatus"), term("Rejected")),
        triple(node("plan-28-revised"), term("madePublic"), typed("2025-11-27", "date")),
        triple(node("plan-28"), term("madePublic"), typed("2025-11-17", "date")),
        triple(node("plan-28"), term("madePublicPhrase"), "\"last week\""),
        triple(node("plan-28"), term("madePublicPrecision"), xsd_unit),
        triple(node("ruritania-counter"), term("counterTo"), node("osterlich-demands-territory")),
        triple(node("ruritania-counter"), term("counterTo"), node("plan-28")),
        triple(node("plan-28-revised-7"), "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
               term("Point")),
        triple(node("plan-28-revised-7"), term("pointOf"), node("plan-28-revised")),
        triple(node("plan-28-revised-7"), term("number"), typed("7", "nonNegativeInteger")),
        triple(node("plan-28-revised-7"), term("addresses"), node("territory")),
        triple(node("ruritania-rejects-point-7"), term("toward"), node("plan-28-revised-7")),
        // Signatures, pledges, agreements.
        triple(node("envoys-sign"), term("signatory"), node("ann")),
        triple(node("envoys-sign"), term("signatory"), node("bob")),
        triple(node("envoys-sign"), term("signedDocument"), node("plan-28-revised")),
        triple(node("envoys-sign"), term("date"), typed("2025-11-29", "date")),
        triple(node("leaders-sign"), term("signedDocument"), node("joint-declaration")),
        triple(node("joint-declaration"), term("issuedBy"), node("cy")),
        triple(node("news-vocabulary/pledge-1"), term("pledgedBy"), node("cy")),
        triple(node("news-vocabulary/pledge-1"), term("pledgedTo"), node("ruritania")),
        triple(node("news-vocabulary/pledge-1"), term("pledgeText"),
               "\"troops for a reassurance force\"@en"),
        triple(node("news-vocabulary/pledge-1"), term("concerning"), node("security-guarantees")),
        triple(node("news-vocabulary/pledge-1"), term("madeIn"), node("joint-declaration")),
        triple(node("common-understanding"), term("party"), node("osterlich")),
        triple(node("common-understanding"), term("agreementOn"), node("security-guarantees")),
        triple(node("common-understanding"), term("agreementForm"), term("Understanding")),
        triple(node("common-understanding"), term("madeIn"), node("geneva-talks")),
        // Attribution.
        triple(node("unnamed-official"), "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
               term("AnonymousSource")),
        triple(node("unnamed-official"), term("affiliation"), node("ruritania-government")),
        triple(node("geneva-talks"), term("accordingTo"), node("unnamed-official")),
        triple(node("geneva-talks"), term("reportedVia"), node("example-broadcaster")),
        triple(node("plan-28-revised"), term("accordingTo"), node("bob")),
        triple(node("news-vocabulary/statement-1"), term("reportedVia"),
               node("example-broadcaster")),
        // Posts and roles.
        triple(node("chief-negotiator"), term("predecessor"), node("dee")),
        triple(node("news-vocabulary/post-1"), term("postToward"), node("cy")),
        triple(node("news-vocabulary/post-1"), term("successor"), node("dee")),
        triple(node("geneva-talks/participant/bob"), term("hadRole"), term("Tentative")),
        triple(node("geneva-talks/participant/dee"), term("hadRole"), term("Expected")),
        triple(node("geneva-talks/participant/ann"), term("hadRole"), term("Leader")),
        triple(node("ruritanian-delegation"), term("member"), node("ann")),
        triple(node("ruritanian-delegation"), term("qualifiedMembership"),
               node("ruritanian-delegation/member/ann")),
        triple(node("ruritanian-delegation/member/ann"),
               "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", term("Participation")),
        triple(node("ruritanian-delegation/member/ann"), term("agent"), node("ann")),
        triple(node("ruritanian-delegation/member/ann"), term("hadRole"), term("Leader")),
    };
    for (const std::string &e : expected) {
      INFO(e);
      CHECK(t.count(e) == 1);
    }
  }

  TEST_CASE("owl:unionOf alone makes the members subclasses, for the binder and the validator") {
    // The embedded ontology without its explicit "member rdfs:subClassOf union" statements.
    std::string onto(embedded::factloom_ttl);
    for (const char *line : {"fl:Proposal rdfs:subClassOf fl:NegotiatingPosition .\n",
                             "fl:Stance rdfs:subClassOf fl:NegotiatingPosition .\n",
                             "fl:Proposal rdfs:subClassOf fl:Signable .\n",
                             "fl:Document rdfs:subClassOf fl:Signable .\n",
                             "fl:Organisation rdfs:subClassOf fl:ReportingChannel .\n",
                             "fl:Source rdfs:subClassOf fl:ReportingChannel .\n"}) {
      const std::size_t at = onto.find(line);
      REQUIRE(at != std::string::npos);
      onto.erase(at, std::string_view(line).size());
    }
    const fs::path dir = fs::temp_directory_path() / "factloom-vocabulary-unions";
    fs::create_directories(dir);
    std::ofstream(dir / "unions.ttl") << onto;
    compile::Options options;
    options.ontology_path = (dir / "unions.ttl").string();
    compile::Compilation c;
    const std::string input = std::string(FL_SOURCE_DIR) + "/tests/data/good/news-vocabulary.facts";
    const bool ok = compile::compile({input}, options, c);
    INFO(render_all(c));
    REQUIRE(ok); // counter-to, document and via accept their members
    compile::check_shapes(c);
    CHECK(render_all(c).empty()); // sh:class fl:Signable etc. reach the members too
    fs::remove_all(dir);
  }

  TEST_CASE("via names another article: a report that came through an earlier source") {
    const fs::path dir = fs::temp_directory_path() / "factloom-vocabulary-via";
    fs::create_directories(dir);
    std::ofstream(dir / "a.facts") << "article a\n  title: \"A\"@en\n  publisher: \"Wire\"\n"
                                      "  url: <https://example.org/a>\n  published: 2025-11-29\n"
                                      "person ann \"Ann\"\n";
    std::ofstream(dir / "b.facts") << "article b\n  title: \"B\"@en\n  publisher: \"Daily\"\n"
                                      "  url: <https://example.org/b>\n  published: 2025-11-30\n"
                                      "quote\n  speaker: ann\n  text: \"we will sign\"@en\n"
                                      "  via: a\n";
    compile::Compilation c;
    const bool ok = compile::compile({dir.string()}, compile::Options{}, c);
    INFO(render_all(c));
    REQUIRE(ok);
    compile::check_shapes(c);
    CHECK(render_all(c).empty());
    CHECK(ntriples(c).count(triple(node("b/quote-1"), term("reportedVia"), node("a"))) == 1);
    fs::remove_all(dir);
  }

  TEST_CASE("bad uses of the news vocabulary: binder diagnostics") {
    SUBCASE("a signatory must be an agent") {
      Snippet s("signing x\n  signatory: guarantees\n  document: plan\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find(":13:14: error: 'signatory' expects an agent, but 'guarantees' is a "
                        "topic") != std::string::npos);
    }
    SUBCASE("an unknown proposal status, with the proposal choices") {
      Snippet s("proposal p \"P\"\n  proposer: ann\n  status: agred\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find(":14:11: error: 'agred' is not one of the choices for 'status'") !=
            std::string::npos);
      CHECK(s.text.find("did you mean 'agreed'? (choices: agreed, draft, rejected, under-revision, "
                        "unresolved)") != std::string::npos);
    }
    SUBCASE("a meeting status is not a proposal status") {
      Snippet s("proposal p \"P\"\n  proposer: ann\n  status: held\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find("'held' is not one of the choices for 'status'") != std::string::npos);
    }
    SUBCASE("counter-to takes a proposal or a stance") {
      Snippet s("proposal p \"P\"\n  proposer: ann\n  counter-to: bob\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find("'counter-to' expects a proposal or a stance, but 'bob' is a person") !=
            std::string::npos);
    }
    SUBCASE("what is signed is a proposal or a document") {
      Snippet s("signing x\n  signatory: ann\n  document: guarantees\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find("'document' expects a proposal or a document, but 'guarantees' is a "
                        "topic") != std::string::npos);
    }
    SUBCASE("via names an organisation or a source") {
      Snippet s("meeting m \"M\"\n  participant: ann, bob\n  status: held\n  via: bob\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find("'via' expects an organisation or a source, but 'bob' is a person") !=
            std::string::npos);
    }
    SUBCASE("a tentative participant is a role, misspelt") {
      Snippet s("meeting m \"M\"\n  participant: ann, bob as tentativ\n  status: planned\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find("did you mean 'tentative'?") != std::string::npos);
    }
    SUBCASE("an agreement form is one of understanding, agreement or deal") {
      Snippet s("agreement a\n  party: ann, bob\n  on: guarantees\n  form: treaty\n");
      CHECK_FALSE(s.compiled);
      CHECK(s.text.find("choose one of: agreement, deal, understanding") != std::string::npos);
    }
  }

  TEST_CASE("bad uses of the news vocabulary: shape violations") {
    SUBCASE("a signing needs what was signed") {
      Snippet s("signing x\n  signatory: ann\n");
      CHECK(s.compiled);
      CHECK(s.text.find(":12:1: error: ") != std::string::npos);
      CHECK(s.text.find("A signing needs what was signed") != std::string::npos);
    }
    SUBCASE("a pledge needs who made it and what was pledged") {
      Snippet s("pledge\n  to: ann\n");
      CHECK(s.c.diagnostics.error_count() == 2);
      CHECK(s.text.find("A pledge needs who made it") != std::string::npos);
      CHECK(s.text.find("A pledge needs what was pledged") != std::string::npos);
    }
    SUBCASE("a point belongs to exactly one proposal") {
      Snippet s("point p7\n  number: 7\n  wording: \"Freeze the line.\"@en\n");
      CHECK(s.text.find("A point belongs to exactly one proposal") != std::string::npos);
      CHECK(s.c.diagnostics.error_count() == 1);
    }
    SUBCASE("a predecessor is not the holder") {
      Snippet s("post\n  holder: ann\n  role: \"Envoy\"@en\n  organisation: osterlich\n"
                "  predecessor: ann\n");
      CHECK(s.c.diagnostics.error_count() == 1);
      CHECK(s.text.find("predecessor: must name who held the post before its holder") !=
            std::string::npos);
    }
    SUBCASE("an agreement between one party is unusual (a warning)") {
      Snippet s("agreement a\n  party: ann\n  on: plan\n  form: deal\n");
      CHECK(s.c.diagnostics.error_count() == 0);
      CHECK(s.c.diagnostics.warning_count() == 1);
      CHECK(s.text.find("at least two parties") != std::string::npos);
    }
    SUBCASE("an anonymous source is described") {
      Snippet s("anonymous-source nobody\n  affiliation: osterlich\n"
                "statement\n  speaker: nobody\n  text: \"x\"@en\n");
      CHECK(s.c.diagnostics.error_count() == 1);
      CHECK(s.text.find("Describe the anonymous source") != std::string::npos);
    }
  }
}
