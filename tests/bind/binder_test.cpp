// The binder on its own: small fact files bound into a recording QuadSink; the exact quads it
// writes, in order, and the source text each one is traced to.
#include <doctest/doctest.h>

#include <algorithm>
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
    Bound b({"person ann \"Ann\"@en\n  alias: \"Annie\", \"Anna\"\nreference-data r\n"});
    INFO(b.diagnostics());
    CHECK(b.quads() == Lines{
                           ":ann a fl:Person <- f1.facts:person",
                           ":ann rdfs:label \"Ann\"@en <- f1.facts:\"Ann\"@en",
                           ":ann rdfs:isDefinedBy :r <- f1.facts:person",
                           ":ann fl:alias \"Annie\" <- f1.facts:\"Annie\"",
                           ":ann fl:alias \"Anna\" <- f1.facts:\"Anna\"",
                           ":r a fl:ReferenceData <- f1.facts:reference-data",
                       });
    // Reference data that no article uses is not worth a warning: nothing is said.
    CHECK(b.sink.error_count() == 0);
    CHECK(b.sink.warning_count() == 0);
  }

  TEST_CASE("the sink gets the ontology's prefixes and the base as ':'") {
    Bound b({"person ann \"Ann\"\nreference-data r\n"});
    const rdf::Prefix *base = b.out.prefixes.find("");
    REQUIRE(base != nullptr);
    CHECK(base->iri == "https://example.org/factloom/");
    REQUIRE(b.out.prefixes.find("fl") != nullptr);
    CHECK(b.out.prefixes.find("fl")->iri == "https://w3id.org/factloom/ns#");
    CHECK(b.out.prefixes.size() == ontology().prefixes().size() + 1);
    CHECK(b.out.reserved > 0);
  }

  TEST_CASE("an article's things are derived from it — ids are minted for blocks without one") {
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
    Bound b({"person ann \"Ann\"\nmeeting m1\n  participant: ann as envoy\nreference-data r\n"});
    INFO(b.diagnostics());
    REQUIRE_FALSE(b.sink.has_errors());
    CHECK(b.quads() ==
          Lines{
              ":ann a fl:Person <- f1.facts:person",
              ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
              ":ann rdfs:isDefinedBy :r <- f1.facts:person",
              ":m1 a fl:Meeting <- f1.facts:meeting",
              ":m1 rdfs:isDefinedBy :r <- f1.facts:meeting",
              ":m1 fl:participant :ann <- f1.facts:ann as envoy",
              ":m1 fl:qualifiedParticipation <https://example.org/factloom/m1/participant/ann> <- "
              "f1.facts:ann as envoy",
              "<https://example.org/factloom/m1/participant/ann> a fl:Participation <- "
              "f1.facts:ann as envoy",
              "<https://example.org/factloom/m1/participant/ann> fl:agent :ann <- f1.facts:ann as "
              "envoy",
              "<https://example.org/factloom/m1/participant/ann> fl:hadRole fl:Envoy <- "
              "f1.facts:envoy",
              ":r a fl:ReferenceData <- f1.facts:reference-data",
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
    Bound b(
        {"source a1\nmeeting m1\n  participant: bob\n", "reference-data r\nperson bob \"Bob\"\n"});
    INFO(b.diagnostics());
    CHECK_FALSE(b.sink.has_errors());
    CHECK(b.quads() == Lines{
                           ":a1 a fl:Source <- f1.facts:source",
                           ":m1 a fl:Meeting <- f1.facts:meeting",
                           ":m1 prov:wasDerivedFrom :a1 <- f1.facts:meeting",
                           ":m1 fl:participant :bob <- f1.facts:bob",
                           ":r a fl:ReferenceData <- f2.facts:reference-data",
                           ":bob a fl:Person <- f2.facts:person",
                           ":bob rdfs:label \"Bob\" <- f2.facts:\"Bob\"",
                           ":bob rdfs:isDefinedBy :r <- f2.facts:person",
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
             "  participant: zed, ann\n  duration: forever\nreference-data r\n"});
    CHECK(b.quads() == Lines{
                           ":ann a fl:Person <- f1.facts:person",
                           ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
                           ":ann rdfs:isDefinedBy :r <- f1.facts:person",
                           ":ann fl:alias \"A\" <- f1.facts:\"A\"",
                           ":m1 a fl:Meeting <- f1.facts:meeting",
                           ":m1 rdfs:isDefinedBy :r <- f1.facts:meeting",
                           ":m1 fl:participant :ann <- f1.facts:ann",
                           ":r a fl:ReferenceData <- f1.facts:reference-data",
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

  TEST_CASE("a sink that asks to stop hears nothing more — the mistakes are still reported") {
    Bound b({"person ann \"Ann\"\nperson bob \"Bob\"\n  alias: 5\nmeeting m1\n  participant: zed\n"
             "reference-data r\n"},
            false, 4);
    CHECK(b.quads() == Lines{
                           ":ann a fl:Person <- f1.facts:person",
                           ":ann rdfs:label \"Ann\" <- f1.facts:\"Ann\"",
                           ":ann rdfs:isDefinedBy :r <- f1.facts:person",
                           ":bob a fl:Person <- f1.facts:person",
                       });
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(text.find("f1.facts:3:10: error: 'alias' expects text in double quotes") !=
          std::string::npos);
    CHECK(text.find("f1.facts:5:16: error: unknown id 'zed'") != std::string::npos);
    CHECK(b.sink.error_count() == 2);
  }

  TEST_CASE("a file with neither a source nor reference data is an error at its first line") {
    // Before issue 8 such a file compiled silently and its facts lost their provenance.
    Bound b({"# notes\nperson ann \"Ann\"\nmeeting\n  participant: ann\n"});
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(b.sink.error_count() == 1); // not also "this meeting has no id"
    CHECK(text.find("f1.facts:1:1: error: this file has no source block, so its facts cannot be "
                    "traced to an article") != std::string::npos);
    CHECK(text.find("= add a source block") != std::string::npos);
    CHECK(text.find("'reference-data ID \"NAME\"'") != std::string::npos);
    // A misspelt source block: its own error says it all.
    Bound misspelt({"sourse a1\n  published: 2025-12-15\nperson ann \"Ann\"\n"});
    CHECK(misspelt.sink.error_count() == 1);
    CHECK(misspelt.diagnostics().find("unknown kind 'sourse'") != std::string::npos);
  }

  TEST_CASE("reference data: ids minted from it, no unused warnings, not both kinds of file") {
    Bound b({"reference-data shared \"Shared\"@en\nperson ann \"Ann\"\npost\n  holder: ann\n"});
    INFO(b.diagnostics());
    CHECK(b.sink.error_count() == 0);
    CHECK(b.sink.warning_count() == 0);
    const Lines quads = b.quads();
    CHECK(std::find(quads.begin(), quads.end(),
                    "<https://example.org/factloom/shared/post-1> rdfs:isDefinedBy :shared <- "
                    "f1.facts:post") != quads.end());
    Bound titled({"reference-data r\n  title: \"T\"\n"});
    CHECK(titled.diagnostics().find("= a reference-data takes no property lines") !=
          std::string::npos);
    Bound both({"source a1\nreference-data shared\nperson ann \"Ann\"\n"});
    CHECK(both.sink.error_count() == 1);
    CHECK(both.diagnostics().find("f1.facts:2:1: error: this file has a source, so it cannot also "
                                  "declare reference data") != std::string::npos);
  }

  TEST_CASE("a weekday resolves forward for a planned event, backward otherwise") {
    // Published on Sunday 2025-12-14; the status line comes after the date line.
    const std::string source = "source a1\n  published: 2025-12-14\n";
    Bound planned({source + "meeting m1\n  date: monday\n  status: planned\n"});
    INFO(planned.diagnostics());
    const Lines p = planned.quads();
    CHECK(std::find(p.begin(), p.end(),
                    ":m1 fl:date \"2025-12-15\"^^xsd:date <- f1.facts:monday") != p.end());
    Bound held({source + "meeting m1\n  date: monday\n  status: held\n"});
    const Lines h = held.quads();
    CHECK(std::find(h.begin(), h.end(),
                    ":m1 fl:date \"2025-12-08\"^^xsd:date <- f1.facts:monday") != h.end());
    CHECK(planned.sink.warning_count() == 0);
    CHECK(held.sink.warning_count() == 0);
  }

  TEST_CASE("a planned event dated before publication, a held one after it: warnings") {
    const std::string source = "source a1\n  published: 2025-12-14\n";
    Bound b({source + "meeting m1\n  date: last monday\n  status: planned\n" +
             "meeting m2\n  status: held\n  date: 2025-12-20\n" +
             "meeting m3\n  status: held\n  date: this week\n"}); // overlaps: no warning
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(b.sink.error_count() == 0);
    CHECK(b.sink.warning_count() == 2);
    CHECK(text.find("f1.facts:4:9: warning: 'm1' is planned, but its date 2025-12-08 ('last "
                    "monday') is before the article's publication (2025-12-14)") !=
          std::string::npos);
    CHECK(text.find("= if the article means another day, write it with the article's words "
                    "beside it: 'date: 2025-12-15' and 'date-phrase: \"last monday\"'") !=
          std::string::npos);
    CHECK(text.find("f1.facts:8:9: warning: 'm2' is held, but its date 2025-12-20 is after the "
                    "article's publication (2025-12-14)") != std::string::npos);
  }

  TEST_CASE("an invalid publication date is one error, not one per relative date") {
    Bound b({"source a1\n  published: 2026-02-30\nmeeting m1\n  date: sunday\n"
             "meeting m2\n  date: tonight\n"});
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(b.sink.error_count() == 1);
    CHECK(text.find("f1.facts:2:14: error: not a date: 2026-02 has no day 30") !=
          std::string::npos);
    Bound month({"source a1\n  published: 2026-02\nmeeting m1\n  date: sunday\n"});
    CHECK(month.sink.error_count() == 1);
    CHECK(month.diagnostics().find("f1.facts:4:9: error: 'sunday' is relative, but the source's "
                                   "published date '2026-02' is not a day") != std::string::npos);
  }

  TEST_CASE("a header written with a colon is one error — a misnamed property stays one") {
    Bound b({"reference-data r\ntopic peace \"Peace\"\nperson ann \"Ann\"\n  topic: peace\n"
             "meeting: m1\n  participant: ann\n  status: held\n"});
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(b.sink.error_count() == 2);
    CHECK(text.find("f1.facts:4:3: error: 'topic' is not a property of a person") !=
          std::string::npos);
    CHECK(text.find("f1.facts:5:1: error: 'meeting' is a kind, and a header line has no colon") !=
          std::string::npos);
    CHECK(text.find("= write 'meeting m1' to start a new block") != std::string::npos);
  }

  TEST_CASE("the day of a date-time publication — a relative publication date — reference data") {
    Bound moment({"source a1\n  published: 2025-12-14T18:00:00Z\nmeeting m1\n  date: tonight\n"});
    INFO(moment.diagnostics());
    CHECK(moment.sink.error_count() == 0);
    const Lines q = moment.quads();
    CHECK(std::find(q.begin(), q.end(),
                    ":m1 fl:date \"2025-12-14\"^^xsd:date <- f1.facts:tonight") != q.end());
    Bound phrase({"source a1\n  published: today\nmeeting m1\n  date: sunday\n"});
    CHECK(phrase.sink.error_count() == 1);
    CHECK(phrase.diagnostics().find("f1.facts:2:14: error: the publication date must be written "
                                    "as a date") != std::string::npos);
    Bound shared({"reference-data r\nmeeting m1\n  date: sunday\n"});
    CHECK(shared.sink.error_count() == 1);
    CHECK(shared.diagnostics().find("f1.facts:3:9: error: 'sunday' is relative, but reference "
                                    "data has no publication date") != std::string::npos);
  }

  TEST_CASE("an indented line without its colon is a property line missing its colon") {
    Bound b({"source a1\nplace paris \"Paris\"\nmeeting m1\n  status      planned\n"
             "  place paris\n  participant: paris\n"});
    const std::string text = b.diagnostics();
    INFO(text);
    CHECK(text.find("f1.facts:4:3: error: a colon is missing after 'status'") != std::string::npos);
    CHECK(text.find("= 'status' is a property of a meeting: write 'status: planned'") !=
          std::string::npos);
    // `place` is also a kind: without the colon, it used to declare paris again, silently.
    CHECK(text.find("f1.facts:5:3: error: a colon is missing after 'place'") != std::string::npos);
    CHECK(text.find("unknown kind") == std::string::npos);
  }
}

TEST_SUITE("bind") {
  TEST_CASE("wikidata: an item id is written as owl:sameAs the Wikidata entity IRI") {
    Bound b({"city berlin \"Berlin\"\n  wikidata: Q64\nreference-data r\n"});
    INFO(b.diagnostics());
    REQUIRE_FALSE(b.sink.has_errors());
    CHECK(b.quads() ==
          Lines{
              ":berlin a fl:City <- f1.facts:city",
              ":berlin rdfs:label \"Berlin\" <- f1.facts:\"Berlin\"",
              ":berlin rdfs:isDefinedBy :r <- f1.facts:city",
              ":berlin owl:sameAs <http://www.wikidata.org/entity/Q64> <- f1.facts:Q64",
              ":r a fl:ReferenceData <- f1.facts:reference-data",
          });
  }

  TEST_CASE("wikidata: an id not of the form Q and digits is reported at the value") {
    Bound b({"person ann \"Ann\"\n  wikidata: Q012\nstate s \"S\"\n  wikidata: P31\n"
             "organisation o \"O\"\n  wikidata: \"Q5\"\nreference-data r\n"});
    CHECK(b.sink.error_count() == 3);
    const std::string d = b.diagnostics();
    INFO(d);
    CHECK(d.find("f1.facts:2:13: error: 'wikidata' expects an id of the form Q[1-9][0-9]* (a "
                 "regular expression), not 'Q012'") != std::string::npos);
    CHECK(d.find("^~~~") != std::string::npos);
    CHECK(d.find("f1.facts:4:13: error: 'wikidata' expects an id of the form") !=
          std::string::npos);
    CHECK(d.find("f1.facts:6:13: error: 'wikidata' expects an id of the form Q[1-9][0-9]*, not "
                 "text in quotes") != std::string::npos);
    for (const std::string &line : b.quads())
      CHECK(line.find("sameAs") == std::string::npos);
  }

  TEST_CASE("wikidata: only actors and places carry one") {
    Bound b({"topic t \"T\"\n  wikidata: Q5\nreference-data r\n"});
    CHECK(b.sink.error_count() == 1);
    CHECK(b.diagnostics().find("'wikidata' is not a property of a topic") != std::string::npos);
  }
}
