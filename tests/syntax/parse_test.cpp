// Parser: the AST of good input, and where syntax errors land.
#include <doctest/doctest.h>

#include "syntax/parse.hpp"

using namespace factloom;

namespace {

struct Parsed {
  SourceSet sources;
  DiagnosticSink sink;
  syntax::ast::Document doc;
  std::uint32_t file = 0;
  std::string_view text(syntax::ast::Range r) const {
    return sources.get(file).text().substr(r.begin, r.end - r.begin);
  }
};

Parsed parse_text(const std::string &text) {
  Parsed p;
  p.file = p.sources.add("t.facts", text);
  p.doc = syntax::parse(p.sources.get(p.file), p.file, p.sink);
  return p;
}

} // namespace

TEST_SUITE("syntax") {
  TEST_CASE("headers and property lines") {
    auto p = parse_text("# comment\n"
                        "person zelensky \"Volodymyr Zelensky\"@en\n"
                        "  alias: \"Zelensky\", \"Selenskyj\"@de,\n"
                        "     \"Зеленський\"@uk   # a comment\n"
                        "\n"
                        "meeting berlin-day-1\n"
                        "  participant: zelensky, witkoff as envoy\n"
                        "  date: monday morning\n"
                        "  duration: 5h, 1h30min\n"
                        "  url: <https://example.org/a#b>\n"
                        "  when: 2025-12-14T10:30:00+01:00, 2025-12, -3.5\n"
                        "  text: \"\"\"He said \"yes\"\n  and left.\"\"\"\n");
    REQUIRE_FALSE(p.sink.has_errors());
    REQUIRE(p.doc.blocks.size() == 2);
    const auto &person = p.doc.blocks[0];
    CHECK(p.text(person.header.kind) == "person");
    CHECK(p.text(person.header.id) == "zelensky");
    REQUIRE(person.header.has_name);
    CHECK(p.text(person.header.name.body) == "Volodymyr Zelensky");
    CHECK(p.text(person.header.name.lang) == "en");
    REQUIRE(person.property_count == 1);
    const auto &alias = p.doc.properties[person.first_property];
    CHECK(p.text(alias.name) == "alias");
    REQUIRE(alias.value_count == 3);
    CHECK(p.text(p.doc.values[alias.first_value + 2].body) == "Зеленський");
    CHECK(p.text(p.doc.values[alias.first_value + 2].lang) == "uk");

    const auto &meeting = p.doc.blocks[1];
    CHECK(p.text(meeting.header.id) == "berlin-day-1");
    REQUIRE(meeting.property_count == 6);
    const auto &participant = p.doc.properties[meeting.first_property];
    REQUIRE(participant.value_count == 2);
    const auto &witkoff = p.doc.values[participant.first_value + 1];
    CHECK(witkoff.kind == syntax::ast::ValueKind::phrase);
    CHECK(witkoff.word_count == 1);
    CHECK(p.text(witkoff.body) == "witkoff");
    CHECK(p.text(witkoff.role) == "envoy");
    const auto &date = p.doc.values[p.doc.properties[meeting.first_property + 1].first_value];
    CHECK(date.word_count == 2);
    CHECK(p.text(date.span) == "monday morning");
    const auto &dur = p.doc.properties[meeting.first_property + 2];
    CHECK(p.doc.values[dur.first_value].kind == syntax::ast::ValueKind::token);
    CHECK(p.text(p.doc.values[dur.first_value + 1].body) == "1h30min");
    const auto &url = p.doc.values[p.doc.properties[meeting.first_property + 3].first_value];
    CHECK(url.kind == syntax::ast::ValueKind::iri);
    CHECK(p.text(url.body) == "https://example.org/a#b");
    const auto &when = p.doc.properties[meeting.first_property + 4];
    CHECK(p.text(p.doc.values[when.first_value].body) == "2025-12-14T10:30:00+01:00");
    CHECK(p.text(p.doc.values[when.first_value + 2].body) == "-3.5");
    const auto &text = p.doc.values[p.doc.properties[meeting.first_property + 5].first_value];
    CHECK(text.long_string);
    CHECK(p.text(text.body) == "He said \"yes\"\n  and left.");
  }

  TEST_CASE("a missing closing quote is reported where the string starts or ends") {
    auto p = parse_text("person a \"Ann\n  alias: \"x\"\n");
    REQUIRE(p.sink.has_errors());
    CHECK(p.sink.all()[0].message.find("closing '\"'") != std::string::npos);
  }

  TEST_CASE("one error per bad line — parsing resumes at the next line") {
    auto p = parse_text("person a\n  alias: \"x\" \"y\"\n  alias: ,\nperson b\n  alias: 5x\n");
    REQUIRE(p.sink.error_count() == 3);
    CHECK(p.sink.all()[0].span.begin == 22); // the second string
    CHECK(p.sink.all()[0].message.find("end of the line") != std::string::npos);
    CHECK(p.doc.blocks.size() == 2);
  }

  TEST_CASE("a web address without angle brackets is reported as such, over the address") {
    auto p = parse_text("source s\n  url: https://example.org/a?b=1\n  url: www.example.org/x\n");
    REQUIRE(p.sink.error_count() == 2);
    const Diagnostic &scheme = p.sink.all()[0];
    CHECK(scheme.message == "a web address must be written in angle brackets");
    CHECK(scheme.hint == "write <https://example.org/a?b=1>");
    CHECK(scheme.span.begin == 16); // the 'h' of https
    CHECK(scheme.span.end == 41);
    CHECK(p.sink.all()[1].hint == "write <https://www.example.org/x>");
  }

  TEST_CASE("dates and durations in other formats say how to write them") {
    auto p = parse_text("meeting m\n  date: 15/12/2025\n  date: December 14\n"
                        "  date: 1st of March 2026\n  date: 5/6/2025\n  duration: 90 minutes\n"
                        "  text: Peace in March 2025\n  date: 2025-12-15 10:30\n");
    REQUIRE(p.sink.error_count() == 7);
    const auto &d = p.sink.all();
    CHECK(d[0].message == "a date is written YYYY-MM-DD, not '15/12/2025'");
    CHECK(d[0].hint == "write 2025-12-15");
    CHECK(d[1].message == "a date is written YYYY-MM-DD, not 'December 14'");
    CHECK(d[1].hint.find("with the year") != std::string::npos);
    CHECK(d[2].hint == "write 2026-03-01");
    CHECK(d[3].hint.find("YYYY-MM-DD") != std::string::npos); // 5 June or May 6: not guessed
    CHECK(d[4].message == "a duration is written with a unit letter, not '90 minutes'");
    CHECK(d[4].hint == "write 90min (units: y, mo, w, d, h, min, s)");
    // Not a date: the usual message.
    CHECK(d[5].message.find("expected the end of the line") != std::string::npos);
    CHECK(d[6].message == "a date and a time are joined by a T, not a space");
    CHECK(d[6].hint == "write 2025-12-15T10:30");
  }

  TEST_CASE("a header line that fails keeps its block, so its property lines stay in it") {
    auto p = parse_text("person ann \"Ann\"\nmeeting m2 Talks in Berlin\n  participant: ann\n");
    REQUIRE(p.sink.error_count() == 1);
    REQUIRE(p.doc.blocks.size() == 2);
    CHECK(p.text(p.doc.blocks[1].header.id) == "m2");
    CHECK_FALSE(p.doc.blocks[1].header.has_name);
    CHECK(p.doc.blocks[0].property_count == 0);
    CHECK(p.doc.blocks[1].property_count == 1);
  }

  TEST_CASE("a property without a value names what is expected, not a C++ type") {
    auto p = parse_text("source s\n  url:\n  title: \"T\"\n");
    REQUIRE(p.sink.error_count() == 1);
    CHECK(p.sink.all()[0].message.rfind("expected a value: an id,", 0) == 0);
    CHECK(p.sink.all()[0].message.find("boost") == std::string::npos);
  }

  TEST_CASE("a property before any header") {
    auto p = parse_text("alias: \"x\"\n");
    REQUIRE(p.sink.error_count() == 1);
    CHECK(p.sink.all()[0].message.find("before any header") != std::string::npos);
  }

  TEST_CASE("invalid UTF-8 and NUL bytes") {
    auto p = parse_text("person a \"\xC3\x28\"\n");
    REQUIRE(p.sink.error_count() == 1);
    CHECK(p.sink.all()[0].span.begin == 10);
    auto q = parse_text(std::string("person a\n\0", 10));
    REQUIRE(q.sink.error_count() == 1);
    CHECK(q.sink.all()[0].message.find("NUL") != std::string::npos);
  }

  TEST_CASE("escapes decode") {
    std::string out;
    std::size_t bad = 0;
    CHECK(syntax::unescape(R"(a\"b\\c\n\u00e9\U0001F600)", out, bad));
    CHECK(out == "a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80");
    CHECK_FALSE(syntax::unescape(R"(x\q)", out, bad));
    CHECK(bad == 1);
    CHECK_FALSE(syntax::unescape(R"(\uD800)", out, bad));
    CHECK_FALSE(syntax::unescape(R"(\u12)", out, bad));
  }

  TEST_CASE("each kind of ill-formed UTF-8 is reported at its first byte, nothing parsed") {
    struct Case {
      std::string text;
      std::uint32_t at;
    };
    const Case cases[] = {
        {"person a \"\xC0\xAF\"\n", 10},         // overlong '/'
        {"person a \"\xE0\x80\xAF\"\n", 10},     // overlong, three bytes
        {"person a \"\xED\xA0\x80\"\n", 10},     // a surrogate
        {"person a \"\xF4\x90\x80\x80\"\n", 10}, // past U+10FFFF
        {"person a \"\xF5\x80\x80\x80\"\n", 10}, // no such lead byte
        {"person a \"\xE2\x28\xA1\"\n", 10},     // not a continuation byte
        {"person a \"\x80\"\n", 10},             // a continuation byte alone
        {"person \xC3\xA9 \"\xE2\x82", 11},      // cut off at the end of the file
    };
    for (const Case &c : cases) {
      INFO(c.text);
      auto p = parse_text(c.text);
      REQUIRE(p.sink.error_count() == 1);
      const Diagnostic &d = p.sink.all()[0];
      CHECK(d.span.begin == c.at);
      CHECK(d.span.end == c.at + 1);
      CHECK(d.message == "this file is not valid UTF-8 here; fact files must be UTF-8 text");
      CHECK(d.hint == "save the file as UTF-8 and check this character");
      CHECK(p.doc.blocks.empty());
    }
    // Well-formed characters of every length pass; a NUL after them is found where it is.
    auto ok = parse_text("person a \"\x7F\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"\n");
    CHECK_FALSE(ok.sink.has_errors());
    auto nul = parse_text(std::string("person \xC3\xA9\0", 10));
    REQUIRE(nul.sink.error_count() == 1);
    CHECK(nul.sink.all()[0].span.begin == 9);
    CHECK(nul.sink.all()[0].message == "this file contains a NUL byte; fact files are UTF-8 text");
  }

  TEST_CASE("\\u and \\U escapes: exactly 4 or 8 hex digits inside the string, encoded as UTF-8") {
    std::string out;
    std::size_t bad = 99;
    CHECK(syntax::unescape(R"(\u0041\u00e9\u20AC\U0001F600\U0010FFFF)", out, bad));
    CHECK(out == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
    // The digits end exactly at the end of the body.
    CHECK(syntax::unescape(R"(x\u00e9)", out, bad));
    CHECK(out == "x\xC3\xA9");
    // One digit short at the end; the escape is what is bad.
    CHECK_FALSE(syntax::unescape(R"(x\u00e)", out, bad));
    CHECK(bad == 1);
    CHECK_FALSE(syntax::unescape(R"(\U0001F60)", out, bad));
    CHECK(bad == 0);
    CHECK_FALSE(syntax::unescape(R"(ab\u)", out, bad));
    CHECK(bad == 2);
    // The body is a view into the file: the bytes after it (here a hex digit) are not digits
    // of the escape.
    const std::string file = R"(\u00e9")";
    CHECK_FALSE(syntax::unescape(std::string_view(file).substr(0, 5), out, bad));
    CHECK(bad == 0);
    const std::string wide = R"(\U0001F6009)";
    CHECK_FALSE(syntax::unescape(std::string_view(wide).substr(0, 9), out, bad));
    // Not characters: NUL, surrogates, past U+10FFFF; and a digit that is not hex.
    for (const char *escape : {R"(\u0000)", R"(\uDFFF)", R"(\U00110000)", R"(\u00g9)"}) {
      INFO(escape);
      bad = 99;
      CHECK_FALSE(syntax::unescape(escape, out, bad));
      CHECK(bad == 0);
    }
  }

  TEST_CASE("any input terminates without throwing") {
    const std::string nasty[] = {"",
                                 "\n\n",
                                 "\"",
                                 "\"\"\"",
                                 "<",
                                 "a:",
                                 "a: <",
                                 "a b c d",
                                 "x\n  y: 1,\n",
                                 "a\r\nb: 1\r\n",
                                 "\xEF\xBB\xBFperson a\n",
                                 "a: \"\\",
                                 "a:\n",
                                 "  :",
                                 "#",
                                 "a # b\n"};
    for (const auto &s : nasty) {
      INFO(s);
      auto p = parse_text(s);
      CHECK(p.doc.blocks.size() <= 4);
    }
  }
}
