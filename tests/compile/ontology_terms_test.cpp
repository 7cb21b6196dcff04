// compile::OntologyTerms: the labels, types and class hierarchy of the ontology terms a graph
// uses are written with it, and nothing else of the ontology.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "compile/compile.hpp"
#include "rdf/vocab.hpp"
#include "serialise/write.hpp"

using namespace factloom;
namespace fs = std::filesystem;

namespace {

const std::string fl = "https://w3id.org/factloom/ns#";
const std::string rdfs = "http://www.w3.org/2000/01/rdf-schema#";
const std::string rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

std::string ntriples_of(const std::vector<std::string> &paths, compile::Options options = {}) {
  compile::Compilation c;
  const bool ok = compile::compile(paths, options, c);
  REQUIRE(ok);
  serialise::WriteOptions wo;
  wo.syntax = rdf::Syntax::ntriples;
  std::string out;
  REQUIRE(serialise::write_graph(c.graph, wo, out).ok());
  return out;
}

bool has(const std::string &nt, const std::string &line) {
  return nt.find(line + " .\n") != std::string::npos;
}

std::string iri(const std::string &s) { return "<" + s + ">"; }

/// A meeting that uses one status and one role, and nothing else of the enumerations.
fs::path small_article(const fs::path &dir) {
  fs::create_directories(dir);
  const fs::path facts = dir / "small.facts";
  std::ofstream(facts) << "source s\n  title: \"T\"@en\n  publisher: \"P\"\n"
                          "  url: <https://example.org/s>\n  published: 2025-12-15\n"
                          "person ann \"Ann\"@en\nperson bob \"Bob\"@en\n"
                          "meeting m1 \"M\"@en\n  participant: ann as host, bob\n"
                          "  status: held\n";
  return facts;
}

} // namespace

TEST_SUITE("compile") {
  TEST_CASE("the ontology terms a graph uses travel with it: labels, types, class chain") {
    const fs::path dir = fs::temp_directory_path() / "factloom-terms-test";
    const std::string nt = ntriples_of({small_article(dir).string()});
    // Enumeration values: label and type.
    CHECK(has(nt, iri(fl + "Held") + " " + iri(rdfs + "label") + " \"held\"@en"));
    CHECK(has(nt, iri(fl + "Held") + " " + iri(rdf_ns + "type") + " " + iri(fl + "MeetingStatus")));
    CHECK(has(nt, iri(fl + "Host") + " " + iri(rdfs + "label") + " \"host\"@en"));
    // Their classes, and the classes used as types, up to the root.
    CHECK(
        has(nt, iri(fl + "MeetingStatus") + " " + iri(rdfs + "label") + " \"meeting status\"@en"));
    CHECK(has(nt, iri(fl + "Meeting") + " " + iri(rdfs + "subClassOf") + " " + iri(fl + "Event")));
    CHECK(has(nt, iri(fl + "Event") + " " + iri(rdfs + "subClassOf") + " " + iri(fl + "Thing")));
    CHECK(
        has(nt, iri(fl + "Event") + " " + iri(rdfs + "subClassOf") + " <http://schema.org/Event>"));
    CHECK(has(nt, iri(fl + "Thing") + " " + iri(rdfs + "label") + " \"thing\"@en"));
    CHECK(has(nt, iri(fl + "Role") + " " + iri(rdfs + "subClassOf") +
                      " <http://www.w3.org/ns/prov#Role>"));
    // Properties: label and type.
    CHECK(has(nt, iri(fl + "participant") + " " + iri(rdfs + "label") + " \"participant\"@en"));
    // Nothing unused, nothing but labels, types and the class chain.
    CHECK(nt.find(fl + "Cancelled") == std::string::npos);
    CHECK(nt.find(fl + "Negotiator") == std::string::npos);
    CHECK(nt.find(fl + "Proposal") == std::string::npos);
    CHECK(nt.find(fl + "Position") == std::string::npos);
    CHECK(nt.find(rdfs + "comment") == std::string::npos);
    CHECK(nt.find("http://www.w3.org/2004/02/skos/core#closeMatch") == std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("the terms come last through a streaming sink — RDF inputs pass through untouched") {
    const fs::path dir = fs::temp_directory_path() / "factloom-terms-sink-test";
    const fs::path facts = small_article(dir);
    std::ofstream(dir / "data.nt")
        << "<http://x/m> <" << fl << "status> <" << fl << "Postponed> .\n";
    struct Recorder final : graph::QuadSink {
      graph::TermTable table;
      std::vector<std::string> subjects;
      std::size_t inputs_ended = 0;
      std::size_t quads_at_last_end = 0;
      graph::TermTable &terms() override { return table; }
      void prefix(std::string_view, std::string_view) override {}
      bool add(const graph::Quad &q, SourceSpan) override {
        subjects.emplace_back(table.get(q.s).value);
        return true;
      }
      void end_input(bool) override {
        ++inputs_ended;
        quads_at_last_end = subjects.size();
      }
    };
    compile::Options options;
    options.accept_rdf = true;
    Recorder sink;
    compile::Compilation c;
    REQUIRE(compile::compile({facts.string(), (dir / "data.nt").string()}, options, c, sink));
    // The fact file, data.nt, and the claims' latest values (the article gives a status).
    CHECK(sink.inputs_ended == 3);
    REQUIRE(sink.subjects.size() > sink.quads_at_last_end);
    // After the last input: only ontology terms, sorted.
    std::vector<std::string> after(sink.subjects.begin() +
                                       static_cast<std::ptrdiff_t>(sink.quads_at_last_end),
                                   sink.subjects.end());
    for (const std::string &s : after)
      CHECK(s.rfind(fl, 0) == 0);
    CHECK(std::is_sorted(after.begin(), after.end()));
    // fl:Postponed came from an RDF input: not described.
    CHECK(std::find(after.begin(), after.end(), fl + "Postponed") == after.end());
    CHECK(std::find(after.begin(), after.end(), fl + "Held") != after.end());
    fs::remove_all(dir);
  }

  TEST_CASE("an edited ontology's new terms travel too") {
    const fs::path dir = fs::temp_directory_path() / "factloom-terms-onto-test";
    const fs::path facts = small_article(dir);
    {
      std::ifstream in(std::string(FL_SOURCE_DIR) + "/ontology/factloom.ttl");
      std::ofstream out(dir / "onto.ttl", std::ios::app);
      out << in.rdbuf()
          << "\nfl:Held rdfs:label \"tenu\"@fr .\n"
             "fl:Summit a owl:Class ; rdfs:subClassOf fl:Meeting ; rdfs:label \"summit\"@en ;"
             " rdfs:comment \"A meeting of leaders.\"@en .\n";
    }
    std::ofstream(facts, std::ios::app) << "summit s1 \"S\"@en\n  participant: ann, bob\n"
                                           "  status: planned\n";
    compile::Options options;
    options.ontology_path = (dir / "onto.ttl").string();
    const std::string nt = ntriples_of({facts.string()}, options);
    CHECK(has(nt, iri(fl + "Held") + " " + iri(rdfs + "label") + " \"tenu\"@fr"));
    CHECK(has(nt, iri(fl + "Summit") + " " + iri(rdfs + "subClassOf") + " " + iri(fl + "Meeting")));
    CHECK(has(nt, iri(fl + "Planned") + " " + iri(rdfs + "label") + " \"planned\"@en"));
    fs::remove_all(dir);
  }

  TEST_CASE("a compilation with errors gets no ontology terms") {
    const fs::path dir = fs::temp_directory_path() / "factloom-terms-error-test";
    fs::create_directories(dir);
    std::ofstream(dir / "bad.facts") << "person ann \"Ann\"\nmeeting m \"M\"\n  participant: bob\n"
                                        "  status: held\n";
    compile::Compilation c;
    CHECK_FALSE(compile::compile({(dir / "bad.facts").string()}, compile::Options{}, c));
    const graph::TermId held = c.graph.terms().find(graph::TermKind::iri, fl + "Held");
    const graph::TermId label = c.graph.terms().find(graph::TermKind::iri, rdfs + "label");
    bool described = false;
    for (const graph::Quad &q : c.graph.quads())
      described = described || (held != 0 && q.s == held && q.p == label);
    CHECK_FALSE(described);
    fs::remove_all(dir);
  }
}
