// Golden files: good inputs against expected graphs (bad inputs: tests/cli/build.sh asserts each
// one's errors); determinism over input order; the ontology is data (extending it needs no
// recompiling).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/io.hpp"
#include "compile/compile.hpp"
#include "rdf/read.hpp"
#include "rdf/vocab.hpp"
#include "serialise/write.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

using namespace factloom;
namespace fs = std::filesystem;

namespace {

struct InSourceDir {
  fs::path before = fs::current_path();
  InSourceDir() { fs::current_path(FL_SOURCE_DIR); }
  ~InSourceDir() { fs::current_path(before); }
};

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool updating() { return std::getenv("FACTLOOM_UPDATE_GOLDEN") != nullptr; }

/// A graph as a set of N-Triples lines (factloom's output has no blank nodes, so set
/// equality is graph isomorphism).
std::set<std::string> triples_of(const graph::Graph &g) {
  std::string nt;
  serialise::WriteOptions o;
  o.syntax = rdf::Syntax::ntriples;
  REQUIRE(serialise::write_graph(g, o, nt).ok());
  std::set<std::string> out;
  std::istringstream lines(nt);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty())
      out.insert(line);
  }
  return out;
}

std::string render_all(const compile::Compilation &c) {
  std::string out;
  for (const Diagnostic &d : c.diagnostics.all())
    out += render(d, c.sources);
  return out;
}

std::vector<fs::path> files_in(const fs::path &dir, const std::string &ext) {
  std::vector<fs::path> out;
  for (const auto &e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext)
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string build_text(const std::vector<std::string> &paths,
                       const compile::Options &options = {}) {
  compile::Compilation c;
  const bool ok = compile::compile(paths, options, c);
  INFO(render_all(c));
  REQUIRE(ok);
  std::string out;
  REQUIRE(serialise::write_graph(c.graph, serialise::WriteOptions{}, out).ok());
  return out;
}

} // namespace

TEST_SUITE("compile") {
  TEST_CASE("good inputs give the expected graphs") {
    InSourceDir here;
    const auto inputs = files_in("tests/data/good", ".facts");
    REQUIRE(!inputs.empty());
    for (const fs::path &input : inputs) {
      INFO(input.string());
      const std::string out = build_text({input.string()});
      fs::path expected = input;
      expected.replace_extension(".ttl");
      if (updating()) {
        std::ofstream(expected, std::ios::binary) << out;
        continue;
      }
      REQUIRE(fs::exists(expected));
      // Read both back with Serd and compare as graphs.
      SourceSet sources;
      DiagnosticSink sink;
      graph::Graph want;
      graph::Graph got;
      const auto a = sources.add(expected.string(), slurp(expected));
      const auto b = sources.add("output", out);
      rdf::ReadOptions ro;
      REQUIRE(rdf::read_rdf(sources.get(a), a, ro, want, sink));
      REQUIRE(rdf::read_rdf(sources.get(b), b, ro, got, sink));
      want.freeze();
      got.freeze();
      CHECK(triples_of(want) == triples_of(got));
      // And byte for byte: the writer is deterministic.
      CHECK(out == slurp(expected));
    }
  }

  TEST_CASE("the same inputs in any order give the same bytes") {
    InSourceDir here;
    std::vector<std::string> paths = {"samples/actors.facts", "samples/berlin-talks.facts",
                                      "tests/data/good/meeting.facts"};
    const std::string first = build_text(paths);
    std::sort(paths.begin(), paths.end());
    do {
      CHECK(build_text(paths) == first);
    } while (std::next_permutation(paths.begin(), paths.end()));
    // Folders and repeated names change nothing either: the folder is the same as its files
    // named one by one, in reverse order.
    std::vector<std::string> listed = {"tests/data/good/meeting.facts"};
    for (const auto &entry : std::filesystem::directory_iterator("samples"))
      if (entry.path().extension() == ".facts")
        listed.push_back(entry.path().string());
    std::sort(listed.rbegin(), listed.rend());
    REQUIRE(listed.size() > 3);
    CHECK(build_text({"tests/data/good/meeting.facts", "samples", "samples/actors.facts"}) ==
          build_text(listed));
  }

  TEST_CASE("a class and a property added to the ontology are usable without recompiling") {
    InSourceDir here;
    const fs::path dir = fs::temp_directory_path() / "factloom-ontology-test";
    fs::create_directories(dir);
    const fs::path onto = dir / "extended.ttl";
    std::ofstream(onto)
        << embedded::factloom_ttl
        << "\nfl:Summit a owl:Class ; rdfs:subClassOf fl:Meeting ;"
           " rdfs:label \"summit\"@en ; rdfs:comment \"A meeting of leaders.\"@en .\n"
           "fl:communique a owl:DatatypeProperty ; rdfs:domain fl:Summit ;"
           " rdfs:range xsd:string ; rdfs:label \"communique\"@en ;"
           " rdfs:comment \"The final statement.\"@en .\n";
    const fs::path facts = dir / "summit.facts";
    std::ofstream(facts) << "person ann \"Ann\"\nsummit s1 \"Summit\"\n  participant: ann\n"
                            "  communique: \"We agreed.\"\nreference-data r\n";
    compile::Options with;
    with.ontology_path = onto.string();
    compile::Compilation c;
    const bool ok = compile::compile({facts.string()}, with, c);
    INFO(render_all(c));
    REQUIRE(ok);
    std::string out;
    REQUIRE(serialise::write_graph(c.graph, serialise::WriteOptions{}, out).ok());
    CHECK(out.find("a fl:Summit") != std::string::npos);
    CHECK(out.find("fl:communique \"We agreed.\"") != std::string::npos);
    // Inherited from fl:Meeting.
    CHECK(out.find("fl:participant :ann") != std::string::npos);

    compile::Compilation plain;
    CHECK_FALSE(compile::compile({facts.string()}, compile::Options{}, plain));
    CHECK(render_all(plain).find("unknown kind 'summit'") != std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("a sink hears each RDF quad as it is read, and which inputs failed") {
    const fs::path dir = fs::temp_directory_path() / "factloom-sink-test";
    fs::create_directories(dir);
    std::ofstream(dir / "a.nt")
        << "<http://x/a> <http://x/p> \"1\" .\n<http://x/b> <http://x/p> .\n";
    std::ofstream(dir / "b.nt")
        << "<http://x/c> <http://x/p> \"2\" .\n<http://x/d> <http://x/p> \"3\" .\n";
    /// A test double: counts quads and records each input's outcome.
    struct Recorder final : graph::QuadSink {
      graph::TermTable table;
      std::vector<std::string> seen;
      std::vector<bool> inputs;
      graph::TermTable &terms() override { return table; }
      void prefix(std::string_view, std::string_view) override {}
      bool add(const graph::Quad &q, SourceSpan) override {
        seen.emplace_back(table.get(q.s).value);
        return true;
      }
      void end_input(bool ok) override { inputs.push_back(ok); }
    };
    compile::Options options;
    options.accept_rdf = true;
    Recorder good;
    compile::Compilation c1;
    CHECK(compile::compile({(dir / "b.nt").string()}, options, c1, good));
    CHECK(good.seen == std::vector<std::string>{"http://x/c", "http://x/d"});
    CHECK(good.inputs == std::vector<bool>{true});
    CHECK(c1.graph.size() == 0); // everything went to the sink
    // a.nt breaks on its second line: its first quad was heard, then the failure.
    Recorder after_failure;
    compile::Compilation c2;
    CHECK_FALSE(compile::compile({(dir / "b.nt").string(), (dir / "a.nt").string()}, options, c2,
                                 after_failure));
    CHECK(after_failure.seen == std::vector<std::string>{"http://x/a", "http://x/c", "http://x/d"});
    CHECK(after_failure.inputs == std::vector<bool>{false, true});
    fs::remove_all(dir);
  }

  TEST_CASE("a sink hears each fact file end, after its quads, with or without errors") {
    const fs::path dir = fs::temp_directory_path() / "factloom-sink-facts";
    fs::create_directories(dir);
    std::ofstream(dir / "a.facts") << "person ann \"Ann\"\nreference-data ra\n";
    std::ofstream(dir / "b.facts") << "meeting m1\n  participant: ann, zed\nreference-data rb\n";
    std::ofstream(dir / "c.facts") << "person cy \"Cy\"\n  knows: ann\nreference-data rc\n";
    struct Recorder final : graph::QuadSink {
      graph::TermTable table;
      std::vector<std::string> events;
      graph::TermTable &terms() override { return table; }
      void prefix(std::string_view, std::string_view) override {}
      bool add(const graph::Quad &q, SourceSpan from) override {
        events.push_back(std::to_string(from.file) + " " + std::string(table.get(q.s).value));
        return true;
      }
      void end_input(bool ok) override { events.push_back(ok ? "ok" : "failed"); }
    };
    Recorder sink;
    compile::Options options;
    options.base_iri = "x:";
    compile::Compilation c;
    CHECK_FALSE(compile::compile({dir.string()}, options, c, sink));
    // c.facts: 'knows' is not a property of a person; b.facts: 'zed' is unknown.
    CHECK(c.diagnostics.error_count() == 2);
    // Each thing: its type, label, rdfs:isDefinedBy its reference data; then that node's type.
    CHECK(sink.events == std::vector<std::string>{"1 x:ann", "1 x:ann", "1 x:ann", "1 x:ra", "ok",
                                                  "2 x:m1", "2 x:m1", "2 x:m1", "2 x:rb", "failed",
                                                  "3 x:cy", "3 x:cy", "3 x:cy", "3 x:rc",
                                                  "failed"});
    fs::remove_all(dir);
  }

  TEST_CASE("one id in two files is one thing — its kinds must agree") {
    const fs::path dir = fs::temp_directory_path() / "factloom-two-files";
    fs::create_directories(dir);
    std::ofstream(dir / "a.facts") << "place berlin \"Berlin\"\nperson ann \"Ann\"\n"
                                      "reference-data ra\n";
    std::ofstream(dir / "b.facts")
        << "city berlin\n  located-in: germany\nstate germany \"Germany\"\n"
           "organisation ann \"Ann Inc.\"\nreference-data rb\n";
    compile::Compilation c;
    CHECK_FALSE(compile::compile({dir.string()}, compile::Options{}, c));
    const std::string text = render_all(c);
    INFO(text);
    // ann: a person in one file, an organisation in the other.
    CHECK(text.find("'ann' is declared as an organisation here but as a person elsewhere") !=
          std::string::npos);
    CHECK(text.find("a.facts:2:8: note: declared here") != std::string::npos);
    CHECK(c.diagnostics.error_count() == 1);
    // berlin: a place in one file, a city (a kind of place) in the other: one IRI, both types.
    std::string out;
    REQUIRE(serialise::write_graph(c.graph, serialise::WriteOptions{}, out).ok());
    CHECK(out.find(":berlin\n\ta fl:City ,\n\t\tfl:Place ;") != std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("every fl: term the compiler relies on is declared in the ontology") {
    SourceSet sources;
    DiagnosticSink sink;
    graph::Graph g;
    const auto f = sources.add("factloom.ttl", std::string(embedded::factloom_ttl));
    REQUIRE(rdf::read_rdf(sources.get(f), f, rdf::ReadOptions{}, g, sink));
    g.freeze();
    const auto type = g.terms().find(graph::TermKind::iri, vocab::rdf_type);
    std::vector<std::string_view> terms(vocab::fl_terms.begin(), vocab::fl_terms.end());
    terms.insert(terms.end(), vocab::fl_claim_terms.begin(), vocab::fl_claim_terms.end());
    terms.insert(terms.end(), vocab::fl_external_id_terms.begin(),
                 vocab::fl_external_id_terms.end());
    for (std::string_view term : terms) {
      INFO(term);
      const auto id = g.terms().find(graph::TermKind::iri, term);
      REQUIRE(id != 0);
      CHECK_FALSE(g.with_subject_predicate(id, type).empty());
    }
  }

  TEST_CASE("every fact of the seed article is in the sample graph with its provenance") {
    InSourceDir here;
    const std::string out = build_text({"samples"});
    const char *expected[] = {
        "fl:duration \"PT5H\"^^xsd:duration",
        "fl:datePhrase \"sunday\"",
        "fl:datePhrase \"monday morning\"",
        "fl:status fl:Planned",
        "fl:alternativeTo",
        "fl:points \"20\"^^xsd:nonNegativeInteger",
        "a lot of progress was made",
        "already a compromise on our part",
        "some partners from the US and Europe",
        "this issue is one of the cornerstones and requires special discussion",
        "fl:WillingToForgo",
        "prov:wasDerivedFrom :berlin-talks-2025-12-15",
    };
    for (const char *e : expected) {
      INFO(e);
      CHECK(out.find(e) != std::string::npos);
    }
  }
}
