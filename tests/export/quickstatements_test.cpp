// The Wikidata export: the mapping reader (every mistake at file:line:col) and the formatting
// of QuickStatements values (dates of each precision, strings).
#include <doctest/doctest.h>

#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "export/mapping.hpp"
#include "export/quickstatements.hpp"

using namespace factloom;

namespace {

const char *const xsd = "http://www.w3.org/2001/XMLSchema#";

std::string dt(const char *local) { return std::string(xsd) + local; }

const char *const prefixes = "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
                             "@prefix flwd: <https://w3id.org/factloom/wikidata#> .\n"
                             "@prefix wd: <http://www.wikidata.org/entity/> .\n";

/// Reads `body` (after the prefixes, which take three lines) as mapping.ttl; the rendered
/// diagnostics, or empty when it was read.
std::string read(const std::string &body, wikidata::Mapping &out) {
  SourceSet sources;
  const std::uint32_t file = sources.add("mapping.ttl", prefixes + body);
  DiagnosticSink sink;
  const bool ok = wikidata::read_mapping(sources.get(file), file, out, sink);
  std::string text;
  for (const Diagnostic &d : sink.all())
    text += render(d, sources);
  CHECK(ok == text.empty());
  return text;
}

} // namespace

TEST_SUITE("export") {
  TEST_CASE("qs_time: each precision of a date, as QuickStatements writes it") {
    CHECK(wikidata::qs_time("2025-02-14", dt("date")) == "+2025-02-14T00:00:00Z/11");
    CHECK(wikidata::qs_time("2020-02", dt("gYearMonth")) == "+2020-02-00T00:00:00Z/10");
    CHECK(wikidata::qs_time("2020", dt("gYear")) == "+2020-00-00T00:00:00Z/9");
    CHECK(wikidata::qs_time("2025-12-14T10:30:00", dt("dateTime")) == "+2025-12-14T00:00:00Z/11");
    CHECK(wikidata::qs_time("-0044-03-15", dt("date")) == "-0044-03-15T00:00:00Z/11");
  }

  TEST_CASE("qs_time: anything but a well-formed date gives nothing") {
    CHECK_FALSE(wikidata::qs_time("2025-02-14", dt("string")));
    CHECK_FALSE(wikidata::qs_time("2025-02", dt("date")));
    CHECK_FALSE(wikidata::qs_time("25-02-14", dt("date")));
    CHECK_FALSE(wikidata::qs_time("2025-2-14", dt("date")));
    CHECK_FALSE(wikidata::qs_time("2020-02-01", dt("gYearMonth")));
    CHECK_FALSE(wikidata::qs_time("sunday", dt("date")));
    CHECK_FALSE(wikidata::qs_time("", dt("gYear")));
  }

  TEST_CASE("qs_week: the month, else the year, of a week that Wikidata cannot date by day") {
    CHECK(wikidata::qs_week("2024-05-20") == "+2024-05-00T00:00:00Z/10"); // 20 to 26 May
    CHECK(wikidata::qs_week("2025-12-08") == "+2025-12-00T00:00:00Z/10");
    CHECK(wikidata::qs_week("2024-02-23") == "+2024-02-00T00:00:00Z/10"); // a leap year's 29th
    CHECK(wikidata::qs_week("2025-02-23") == "+2025-00-00T00:00:00Z/9");  // into March
    CHECK(wikidata::qs_week("2025-12-29") == std::nullopt);               // into 2026
    CHECK(wikidata::qs_week("2025-12") == std::nullopt);
  }

  TEST_CASE("qs_string: quoted, and refused when V1 cannot carry it") {
    CHECK(wikidata::qs_string("https://example.org/a?b=1") == "\"https://example.org/a?b=1\"");
    CHECK_FALSE(wikidata::qs_string("say \"no\""));
    CHECK_FALSE(wikidata::qs_string("a\tb"));
    CHECK_FALSE(wikidata::qs_string("a\nb"));
  }

  TEST_CASE("qs_monolingual: LANG and the text as it is, refused when a command cannot carry it") {
    CHECK(wikidata::qs_monolingual("already a compromise on our part", "en") ==
          "en:\"already a compromise on our part\"");
    // Wikidata's language codes are lower case; QuickStatements has no escape, so a backslash
    // is the text's own.
    CHECK(wikidata::qs_monolingual("a \\ b", "EN-GB") == "en-gb:\"a \\ b\"");
    CHECK(wikidata::qs_monolingual("it is \u201cremarkable\u201d", "en") ==
          "en:\"it is \u201cremarkable\u201d\"");
    CHECK_FALSE(wikidata::qs_monolingual("no language", ""));
    CHECK_FALSE(wikidata::qs_monolingual("a tag", "en us"));
    CHECK_FALSE(wikidata::qs_monolingual("he said \"no\"", "en"));
    CHECK_FALSE(wikidata::qs_monolingual("this|that", "en"));
    CHECK_FALSE(wikidata::qs_monolingual("a\tb", "en"));
    CHECK_FALSE(wikidata::qs_monolingual("a\nb", "en"));
  }

  TEST_CASE("ids: P-ids and the Q-id of an entity IRI") {
    CHECK(wikidata::valid_pid("P39"));
    CHECK_FALSE(wikidata::valid_pid("P039"));
    CHECK_FALSE(wikidata::valid_pid("Q39"));
    CHECK_FALSE(wikidata::valid_pid("P"));
    CHECK(wikidata::qid_of("http://www.wikidata.org/entity/Q64") == "Q64");
    CHECK(wikidata::qid_of("http://www.wikidata.org/entity/Q064").empty());
    CHECK(wikidata::qid_of("https://www.wikidata.org/wiki/Q64").empty());
  }

  TEST_CASE("the embedded mapping reads, with posts, references and positions") {
    SourceSet sources;
    const std::uint32_t file =
        sources.add("wikidata.ttl", std::string(wikidata::embedded_mapping()));
    DiagnosticSink sink;
    wikidata::Mapping m;
    REQUIRE(wikidata::read_mapping(sources.get(file), file, m, sink));
    REQUIRE(m.statements.size() == 3);
    // Ordered by the rules' IRIs: flwd:participants, flwd:positionHeld, flwd:quotation.
    const wikidata::StatementRule &p39 = m.statements[1];
    CHECK(p39.pid == "P39");
    CHECK(p39.kind == "https://w3id.org/factloom/ns#Post");
    CHECK(p39.item == "https://w3id.org/factloom/ns#heldBy");
    CHECK(p39.value.empty()); // the position, by the post's organisation and role
    CHECK(p39.position_organisation == "https://w3id.org/factloom/ns#organisation");
    CHECK(p39.position_role == "https://w3id.org/factloom/ns#roleTitle");
    REQUIRE(p39.qualifiers.size() == 2);
    CHECK(p39.qualifiers[0].pid == "P580");
    CHECK(p39.qualifiers[1].pid == "P582");
    CHECK(m.statements[0].pid == "P710");
    CHECK(m.statements[0].item.empty()); // the event itself
    CHECK(m.statements[0].value_kind == wikidata::ValueKind::item);
    // A verbatim quote: P1683 on the speaker's item, its text a monolingual text, dated by
    // the quote's date or else its sources' publication date.
    const wikidata::StatementRule &p1683 = m.statements[2];
    CHECK(p1683.pid == "P1683");
    CHECK(p1683.kind == "https://w3id.org/factloom/ns#Quote");
    CHECK(p1683.item == "https://w3id.org/factloom/ns#speaker");
    CHECK(p1683.value == "https://w3id.org/factloom/ns#text");
    CHECK(p1683.value_kind == wikidata::ValueKind::monolingual_text);
    REQUIRE(p1683.qualifiers.size() == 1);
    CHECK(p1683.qualifiers[0].pid == "P585");
    CHECK(p1683.qualifiers[0].from == "https://w3id.org/factloom/ns#date");
    CHECK(p1683.qualifiers[0].or_source == "https://w3id.org/factloom/ns#published");
    CHECK(p39.qualifiers[0].or_source.empty());
    REQUIRE(m.references.size() == 3);
    CHECK(m.references[2].from == "https://w3id.org/factloom/ns#url");
    bool russia = false;
    for (const wikidata::Position &p : m.positions)
      russia = russia || (p.qid == "Q218295" && p.organisation == "Q159" && p.role == "President");
    CHECK(russia);
  }

  TEST_CASE("a bad P-id is reported at its place") {
    wikidata::Mapping m;
    const std::string text = read("flwd:r a flwd:Reference ;\n"
                                  "  flwd:from fl:url ;\n"
                                  "  flwd:pid \"P0854\" .\n",
                                  m);
    CHECK(text.find("mapping.ttl:6:") != std::string::npos);
    CHECK(text.find("error: mapping: flwd:pid expects a Wikidata property id of the form "
                    "P[1-9][0-9]*, not 'P0854'") != std::string::npos);
    CHECK(m.references.empty());
  }

  TEST_CASE("a statement without its pid, and a position that is not an item") {
    wikidata::Mapping m;
    const std::string text = read("flwd:s a flwd:Statement ;\n"
                                  "  flwd:kind fl:Post ; flwd:item fl:heldBy ;\n"
                                  "  flwd:value flwd:position .\n"
                                  "<http://example.org/President> a flwd:Position ;\n"
                                  "  flwd:organisation wd:Q159 ; flwd:role \"President\" .\n",
                                  m);
    CHECK(text.find("mapping.ttl:4:") != std::string::npos);
    CHECK(text.find("https://w3id.org/factloom/wikidata#s has no flwd:pid") != std::string::npos);
    CHECK(text.find("mapping.ttl:7:") != std::string::npos);
    CHECK(text.find("a flwd:Position is a Wikidata item") != std::string::npos);
    CHECK(m.statements.empty());
    CHECK(m.positions.empty());
  }

  TEST_CASE("an organisation that is not a Wikidata item") {
    wikidata::Mapping m;
    const std::string text = read("wd:Q1 a flwd:Position ;\n"
                                  "  flwd:organisation fl:russia ; flwd:role \"President\" .\n",
                                  m);
    CHECK(text.find("mapping.ttl:5:") != std::string::npos);
    CHECK(text.find("flwd:organisation expects a Wikidata item") != std::string::npos);
  }

  TEST_CASE("a value kind that is not one, and a position as a monolingual text") {
    wikidata::Mapping m;
    const std::string text =
        read("flwd:q a flwd:Statement ;\n"
             "  flwd:kind fl:Quote ; flwd:item fl:speaker ; flwd:pid \"P1683\" ;\n"
             "  flwd:value fl:text ;\n"
             "  flwd:valueKind flwd:string .\n"
             "flwd:r a flwd:Statement ;\n"
             "  flwd:kind fl:Post ; flwd:item fl:heldBy ; flwd:pid \"P39\" ;\n"
             "  flwd:value flwd:position ; flwd:valueKind flwd:monolingualText .\n",
             m);
    CHECK(text.find("mapping.ttl:7:18: error: mapping: flwd:valueKind expects flwd:item or "
                    "flwd:monolingualText") != std::string::npos);
    CHECK(text.find("mapping.ttl:8:") != std::string::npos);
    CHECK(text.find("a position is an item, not a monolingual text") != std::string::npos);
    CHECK(m.statements.empty());
  }

  TEST_CASE("a Turtle syntax error is reported with its line and column") {
    wikidata::Mapping m;
    const std::string text = read("flwd:r a flwd:Reference ;\n  flwd:from fl:url\n", m);
    CHECK(text.find("mapping.ttl:") != std::string::npos);
    CHECK(text.find("error") != std::string::npos);
  }
}
