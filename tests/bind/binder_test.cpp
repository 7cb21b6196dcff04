// The binder on its own: small fact files bound into a recording QuadSink; the exact quads it
// writes, in order, and the source text each one is traced to.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "bind/bind.hpp"
#include "bind/ontology.hpp"
#include "graph/sink.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/vocab.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

using namespace factloom;

// Quad listings print one quad a line when a check fails.
template <> struct doctest::StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string> &lines) {
    std::string text = "\n";
    for (const std::string &line : lines)
      text += "  " + line + "\n";
    return text.c_str();
  }
};

namespace {

const bind::Ontology &ontology() {
  static const std::unique_ptr<bind::Ontology> loaded = [] {
    auto o = std::make_unique<bind::Ontology>();
    DiagnosticSink sink;
    REQUIRE(o->load(embedded::factloom_ttl, "<embedded ontology>", sink));
    return o;
  }();
  return *loaded;
}

/// A QuadSink test double: keeps every call, in order.
struct Recorder final : graph::QuadSink {
  struct Added {
    graph::Quad quad;
    SourceSpan from;
  };
  graph::TermTable table;
  rdf::PrefixMap prefixes;
  std::vector<Added> added;
  std::size_t reserved = 0;
  std::size_t accept = SIZE_MAX; ///< add() returns false from this many quads on
  graph::TermTable &terms() override { return table; }
  void prefix(std::string_view name, std::string_view iri) override { prefixes.add(name, iri); }
  bool add(const graph::Quad &quad, SourceSpan from) override {
    added.push_back(Added{quad, from});
    return added.size() < accept;
  }
  void reserve(std::size_t quads) override { reserved += quads; }
  std::vector<bool> ended; ///< end_input(ok) calls, in order
  void end_input(bool ok) override { ended.push_back(ok); }
};

/// Fact files bound together (declare all, emit all, finish), as compile() does.
struct Bound {
  SourceSet sources;
  DiagnosticSink sink;
  Recorder out;
  std::vector<syntax::ast::Document> docs;

  explicit Bound(const std::vector<std::string> &texts, bool named_graphs = false,
                 std::size_t accept = SIZE_MAX) {
    out.accept = accept;
    bind::BindOptions options;
    options.base_iri = "https://example.org/factloom/";
    options.named_graphs = named_graphs;
    std::vector<std::uint32_t> files;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      files.push_back(sources.add("f" + std::to_string(i + 1) + ".facts", texts[i]));
      docs.push_back(syntax::parse(sources.get(files.back()), files.back(), sink));
    }
    INFO(diagnostics());
    REQUIRE_FALSE(sink.has_errors());
    bind::Binder binder(sources, ontology(), options, out, sink);
    for (std::size_t i = 0; i < files.size(); ++i)
      binder.declare(files[i], docs[i]);
    for (std::size_t i = 0; i < files.size(); ++i)
      binder.emit(files[i], docs[i]);
    const std::size_t before = sink.error_count();
    if (binder.settle_claims())
      out.end_input(sink.error_count() == before);
    binder.finish();
  }

  std::string term(graph::TermId id) const {
    const rdf::TermView t = out.table.get(id);
    if (t.value == vocab::rdf_type)
      return "a";
    if (t.is_iri())
      return out.prefixes.shorten_or_bracket(t.value);
    std::string s = "\"" + std::string(t.value) + "\"";
    if (!t.lang.empty())
      s += "@" + std::string(t.lang);
    if (!t.datatype.empty())
      s += "^^" + out.prefixes.shorten_or_bracket(t.datatype);
    return s;
  }

  /// "s p o [g] <- text": each quad and the source text it is traced to.
  std::vector<std::string> quads() const {
    std::vector<std::string> lines;
    for (const Recorder::Added &a : out.added) {
      std::string line = term(a.quad.s) + " " + term(a.quad.p) + " " + term(a.quad.o);
      if (a.quad.g != 0)
        line += " " + term(a.quad.g);
      const SourceFile &file = sources.get(a.from.file);
      line += " <- " + file.name() + ":" +
              std::string(file.text().substr(a.from.begin, a.from.end - a.from.begin));
      lines.push_back(line);
    }
    return lines;
  }

  std::string diagnostics() const {
    std::string text;
    for (const Diagnostic &d : sink.all())
      text += render(d, sources);
    return text;
  }
};

using Lines = std::vector<std::string>;

} // namespace

TEST_SUITE("bind") {
  TEST_CASE("a declaration: its type from the kind, its label from the name") {
    Bound b({"person ann \"Ann\"@en\n  alias: \"Annie\", \"Anna\"\n"});
    INFO(b.diagnostics());
    CHECK(b.quads() == Lines{
                           ":ann a fl:Person <- f1.facts:person",
                           ":ann rdfs:label \"Ann\"@en <- f1.facts:\"Ann\"@en",
                           ":ann fl:alias \"Annie\" <- f1.facts:\"Annie\"",
                           ":ann fl:alias \"Anna\" <- f1.facts:\"Anna\"",
                       });
    // Reference data never used is worth a warning; nothing else is said.
    CHECK(b.sink.error_count() == 0);
    CHECK(b.sink.warning_count() == 1);
  }

  TEST_CASE("the sink gets the ontology's prefixes and the base as ':'") {
    Bound b({"person ann \"Ann\"\n"});
    const rdf::Prefix *base = b.out.prefixes.find("");
    REQUIRE(base != nullptr);
    CHECK(base->iri == "https://example.org/factloom/");
    REQUIRE(b.out.prefixes.find("fl") != nullptr);
    CHECK(b.out.prefixes.find("fl")->iri == "https://w3id.org/factloom/ns#");
    CHECK(b.out.prefixes.size() == ontology().prefixes().size() + 1);
    CHECK(b.out.reserved > 0);
  }

  TEST_CASE("an article's things are derived from it; ids are minted for blocks without one") {
    Bound b({"source a1\n  title: \"T\"\n  published: 2025-12-15\n"
             "person ann \"Ann\"\n"
             "stance\n  holder: ann\n  toward: ann\n"});
    INFO(b.diagnostics());
    CHECK(
        b.quads() ==
        Lines{
            ":a1 a fl:Source <- f1.facts:source",
            ":a1 fl:title \"T\" <- f1.facts:\"T\"",
            ":a1 fl:published \"2025-12-15\"^^xsd:date <- f1.facts:2025-12-15",
            ":ann a fl:Person <- f1.facts:person",
            ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
            ":ann prov:wasDerivedFrom :a1 <- f1.facts:person",
            "<https://example.org/factloom/a1/stance-1> a fl:Stance <- f1.facts:stance",
            "<https://example.org/factloom/a1/stance-1> prov:wasDerivedFrom :a1 <- f1.facts:stance",
            "<https://example.org/factloom/a1/stance-1> fl:holder :ann <- f1.facts:ann",
        });
    // toward: ann is a person, not a topic or proposal: reported, and no quad for it.
    CHECK(b.sink.error_count() == 1);
    CHECK(b.diagnostics().find("f1.facts:7:11: error: 'toward' expects") != std::string::npos);
  }

  TEST_CASE("a participant with a role: the link, the qualified node and the role") {
    Bound b({"person ann \"Ann\"\nmeeting m1\n  participant: ann as envoy\n"});
    INFO(b.diagnostics());
    REQUIRE_FALSE(b.sink.has_errors());
    CHECK(b.quads() ==
          Lines{
              ":ann a fl:Person <- f1.facts:person",
              ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
              ":m1 a fl:Meeting <- f1.facts:meeting",
              ":m1 fl:participant :ann <- f1.facts:ann as envoy",
              ":m1 fl:qualifiedParticipation <https://example.org/factloom/m1/participant/ann> <- "
              "f1.facts:ann as envoy",
              "<https://example.org/factloom/m1/participant/ann> a fl:Participation <- "
              "f1.facts:ann as envoy",
              "<https://example.org/factloom/m1/participant/ann> fl:agent :ann <- f1.facts:ann as "
              "envoy",
              "<https://example.org/factloom/m1/participant/ann> fl:hadRole fl:Envoy <- "
              "f1.facts:envoy",
          });
  }

  TEST_CASE("a relative date: the resolved date, the phrase and its precision") {
    Bound b({"source a1\n  published: 2025-12-15\nmeeting m1\n  date: sunday\n"});
    INFO(b.diagnostics());
    REQUIRE_FALSE(b.sink.has_errors());
    CHECK(b.quads() == Lines{
                           ":a1 a fl:Source <- f1.facts:source",
                           ":a1 fl:published \"2025-12-15\"^^xsd:date <- f1.facts:2025-12-15",
                           ":m1 a fl:Meeting <- f1.facts:meeting",
                           ":m1 prov:wasDerivedFrom :a1 <- f1.facts:meeting",
                           // A date varies over time: the article's claim, ...
                           "<https://example.org/factloom/m1/claim/a1/date> a fl:Claim <- "
                           "f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> fl:claimAbout :m1 <- "
                           "f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> prov:wasDerivedFrom "
                           ":a1 <- f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> fl:asOf "
                           "\"2025-12-15\"^^xsd:date <- f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> fl:date "
                           "\"2025-12-14\"^^xsd:date <- f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> fl:datePhrase "
                           "\"sunday\" <- f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> fl:datePrecision "
                           "time:unitDay <- f1.facts:sunday",
                           // ... then, after every file, the latest value and the rank.
                           ":m1 fl:date \"2025-12-14\"^^xsd:date <- f1.facts:sunday",
                           ":m1 fl:datePhrase \"sunday\" <- f1.facts:sunday",
                           ":m1 fl:datePrecision time:unitDay <- f1.facts:sunday",
                           "<https://example.org/factloom/m1/claim/a1/date> fl:rank fl:preferred "
                           "<- f1.facts:sunday",
                       });
  }

  TEST_CASE("ids resolve across files, in any order of declaration") {
    Bound b({"meeting m1\n  participant: bob\n", "person bob \"Bob\"\n"});
    INFO(b.diagnostics());
    CHECK_FALSE(b.sink.has_errors());
    CHECK(b.quads() == Lines{
                           ":m1 a fl:Meeting <- f1.facts:meeting",
                           ":m1 fl:participant :bob <- f1.facts:bob",
                           ":bob a fl:Person <- f2.facts:person",
                           ":bob rdfs:label \"Bob\" <- f2.facts:\"Bob\"",
                       });
  }

  TEST_CASE("named graphs: an article's quads in its graph, the graph's provenance outside") {
    Bound b({"source a1\n  title: \"T\"\nperson ann \"Ann\"\n"}, true);
    INFO(b.diagnostics());
    CHECK(b.quads() == Lines{
                           "<https://example.org/factloom/a1/graph> prov:wasDerivedFrom :a1 <- "
                           "f1.facts:a1",
                           ":a1 a fl:Source <https://example.org/factloom/a1/graph> <- "
                           "f1.facts:source",
                           ":a1 fl:title \"T\" <https://example.org/factloom/a1/graph> <- "
                           "f1.facts:\"T\"",
                           ":ann a fl:Person <https://example.org/factloom/a1/graph> <- "
                           "f1.facts:person",
                           ":ann rdfs:label \"Ann\" <https://example.org/factloom/a1/graph> <- "
                           "f1.facts:\"Ann\"",
                           ":ann prov:wasDerivedFrom :a1 <https://example.org/factloom/a1/graph> "
                           "<- f1.facts:person",
                       });
  }

  TEST_CASE("mistakes add no quads, and the rest of the file is still bound") {
    Bound b({"person ann \"Ann\"\n  age: 3\n  alias: \"A\", \"A\"\nmeeting m1\n"
             "  participant: zed, ann\n  duration: forever\n"});
    CHECK(b.quads() == Lines{
                           ":ann a fl:Person <- f1.facts:person",
                           ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
                           ":ann fl:alias \"A\" <- f1.facts:\"A\"",
                           ":m1 a fl:Meeting <- f1.facts:meeting",
                           ":m1 fl:participant :ann <- f1.facts:ann",
                       });
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(text.find("f1.facts:2:3: error: 'age' is not a property of a person") !=
          std::string::npos);
    CHECK(text.find("f1.facts:3:15: error: this value is given twice") != std::string::npos);
    CHECK(text.find("f1.facts:5:16: error: unknown id 'zed'") != std::string::npos);
    CHECK(text.find("f1.facts:6:13: error: 'duration' expects") != std::string::npos);
    CHECK(b.sink.error_count() == 4);
  }

  TEST_CASE("a sink that asks to stop hears nothing more; the mistakes are still reported") {
    Bound b(
        {"person ann \"Ann\"\nperson bob \"Bob\"\n  alias: 5\nmeeting m1\n  participant: zed\n"},
        false, 3);
    CHECK(b.quads() == Lines{
                           ":ann a fl:Person <- f1.facts:person",
                           ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
                           ":bob a fl:Person <- f1.facts:person",
                       });
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(text.find("f1.facts:3:10: error: 'alias' expects text in double quotes") !=
          std::string::npos);
    CHECK(text.find("f1.facts:5:16: error: unknown id 'zed'") != std::string::npos);
    CHECK(b.sink.error_count() == 2);
  }
}
