// Statements over time: time-varying properties recorded per source as claims, and the latest
// value settled after every file (bind/claims.hpp, through the Binder).
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

namespace {

const bind::Ontology &claims_ontology() {
  static const std::unique_ptr<bind::Ontology> loaded = [] {
    auto o = std::make_unique<bind::Ontology>();
    DiagnosticSink sink;
    REQUIRE(o->load(embedded::factloom_ttl, "<embedded ontology>", sink));
    return o;
  }();
  return *loaded;
}

struct Kept final : graph::QuadSink {
  graph::TermTable table;
  rdf::PrefixMap prefixes;
  std::vector<std::pair<graph::Quad, SourceSpan>> added;
  std::vector<std::pair<std::size_t, bool>> ended; ///< (quads so far, ok) per end_input
  graph::TermTable &terms() override { return table; }
  void prefix(std::string_view name, std::string_view iri) override { prefixes.add(name, iri); }
  bool add(const graph::Quad &quad, SourceSpan from) override {
    added.emplace_back(quad, from);
    return true;
  }
  void end_input(bool ok) override { ended.emplace_back(added.size(), ok); }
};

/// Files named by the caller, bound as compile() binds them: declare all, emit all (each an
/// input), settle the claims (one more input), finish.
struct Run {
  SourceSet sources;
  DiagnosticSink sink;
  Kept out;
  std::vector<syntax::ast::Document> docs;

  Run(const std::vector<std::pair<std::string, std::string>> &files, bool named_graphs = false) {
    bind::BindOptions options;
    options.base_iri = "https://example.org/factloom/";
    options.named_graphs = named_graphs;
    std::vector<std::uint32_t> ids;
    for (const auto &[name, text] : files) {
      ids.push_back(sources.add(name, text));
      docs.push_back(syntax::parse(sources.get(ids.back()), ids.back(), sink));
    }
    REQUIRE_FALSE(sink.has_errors());
    bind::Binder binder(sources, claims_ontology(), options, out, sink);
    for (std::size_t i = 0; i < ids.size(); ++i)
      binder.declare(ids[i], docs[i]);
    for (std::size_t i = 0; i < ids.size(); ++i) {
      binder.emit(ids[i], docs[i]);
      out.end_input(true);
    }
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
    if (!t.datatype.empty())
      s += "^^" + out.prefixes.shorten_or_bracket(t.datatype);
    return s;
  }
  std::string line(const graph::Quad &q) const {
    std::string s = term(q.s) + " " + term(q.p) + " " + term(q.o);
    if (q.g != 0)
      s += " " + term(q.g);
    return s;
  }
  /// Every quad as "s p o [g]", sorted (the order of files must not matter).
  std::vector<std::string> lines() const {
    std::vector<std::string> v;
    for (const auto &[q, from] : out.added)
      v.push_back(line(q));
    std::sort(v.begin(), v.end());
    return v;
  }
  bool has(const std::string &l) const {
    const auto v = lines();
    return std::find(v.begin(), v.end(), l) != v.end();
  }
  /// "file:line:text" of the first quad printed as `l`.
  std::string from(const std::string &l) const {
    for (const auto &[q, at] : out.added) {
      if (line(q) != l)
        continue;
      const SourceFile &f = sources.get(at.file);
      return f.name() + ":" + std::to_string(f.locate(at.begin).line) + ":" +
             std::string(f.text().substr(at.begin, at.end - at.begin));
    }
    return "(none)";
  }
  std::string diagnostics() const {
    std::string text;
    for (const Diagnostic &d : sink.all())
      text += render(d, sources);
    return text;
  }
};

using Files = std::vector<std::pair<std::string, std::string>>;

const std::string planned = "source a1\n"
                            "  published: 2025-12-10\n"
                            "person ann\n"
                            "person bob\n"
                            "meeting talks\n"
                            "  participant: ann, bob\n"
                            "  status: planned\n"
                            "  date: next week\n";
const std::string held = "source b1\n"
                         "  published: 2025-12-17\n"
                         "meeting talks\n"
                         "  status: held\n"
                         "  date: 2025-12-16\n";

const std::string claim_a = "<https://example.org/factloom/talks/claim/a1/status>";
const std::string claim_b = "<https://example.org/factloom/talks/claim/b1/status>";

} // namespace

TEST_SUITE("bind") {
  TEST_CASE("claims: the ontology marks what varies over time") {
    const bind::Ontology &o = claims_ontology();
    const auto varies = [&](std::string_view kind, std::string_view keyword) {
      const int p = o.find_property(o.find_class(kind), keyword);
      REQUIRE(p >= 0);
      return o.properties()[static_cast<std::size_t>(p)].varies_over_time;
    };
    CHECK(varies("meeting", "status"));
    CHECK(varies("meeting", "date"));
    CHECK(varies("meeting", "date-phrase"));
    CHECK(varies("stance", "position"));
    CHECK(varies("post", "holder"));
    CHECK_FALSE(varies("meeting", "participant"));
    CHECK_FALSE(varies("article", "published"));
  }

  TEST_CASE("claims: a later article updates a meeting's status — the earlier claim is kept") {
    Run r({{"a.facts", planned}, {"b.facts", held}});
    INFO(r.diagnostics());
    CHECK_FALSE(r.sink.has_errors());
    CHECK(r.sink.warning_count() == 0);
    // The direct ("truthy") triple is the latest value, traced to the line that gave it.
    CHECK(r.has(":talks fl:status fl:Held"));
    CHECK_FALSE(r.has(":talks fl:status fl:Planned"));
    CHECK(r.from(":talks fl:status fl:Held") == "b.facts:4:held");
    // Both articles' claims, with their source, date and rank.
    CHECK(r.has(claim_a + " a fl:Claim"));
    CHECK(r.has(claim_a + " fl:claimAbout :talks"));
    CHECK(r.has(claim_a + " prov:wasDerivedFrom :a1"));
    CHECK(r.has(claim_a + " fl:asOf \"2025-12-10\"^^xsd:date"));
    CHECK(r.has(claim_a + " fl:status fl:Planned"));
    CHECK(r.has(claim_a + " fl:rank fl:normal"));
    CHECK(r.from(claim_a + " fl:status fl:Planned") == "a.facts:7:planned");
    CHECK(r.has(claim_b + " fl:status fl:Held"));
    CHECK(r.has(claim_b + " fl:asOf \"2025-12-17\"^^xsd:date"));
    CHECK(r.has(claim_b + " fl:rank fl:preferred"));
    // Properties that do not vary are written directly, as before.
    CHECK(r.has(":talks fl:participant :ann"));
    // The settlement is one more input, after the files'.
    REQUIRE(r.out.ended.size() == 3);
    CHECK(r.out.ended.back() == std::make_pair(r.out.added.size(), true));
  }

  TEST_CASE("claims: a date and its phrase are one claim — a later plain date drops the phrase") {
    Run r({{"a.facts", planned}, {"b.facts", held}});
    CHECK(r.has(":talks fl:date \"2025-12-16\"^^xsd:date"));
    CHECK_FALSE(r.has(":talks fl:datePhrase \"next week\""));
    CHECK_FALSE(r.has(":talks fl:datePrecision time:unitWeek"));
    const std::string date_a = "<https://example.org/factloom/talks/claim/a1/date>";
    CHECK(r.has(date_a + " fl:date \"2025-12-15\"^^xsd:date"));
    CHECK(r.has(date_a + " fl:datePhrase \"next week\""));
    CHECK(r.has(date_a + " fl:datePrecision time:unitWeek"));
    CHECK(r.has(date_a + " fl:rank fl:normal"));
    // The file's second claim has its date too (the literal is made once a file).
    CHECK(r.has(date_a + " fl:asOf \"2025-12-10\"^^xsd:date"));
    CHECK(r.has(claim_a + " fl:asOf \"2025-12-10\"^^xsd:date"));
  }

  TEST_CASE("claims: the same result whatever the order of the files") {
    Run forward({{"a.facts", planned}, {"b.facts", held}});
    Run backward({{"b.facts", held}, {"a.facts", planned}});
    CHECK(forward.lines() == backward.lines());
    CHECK(backward.has(":talks fl:status fl:Held"));
  }

  TEST_CASE("claims: two articles of the same day that disagree are an error naming both") {
    const std::string other = "source c1\n"
                              "  published: 2025-12-10\n"
                              "meeting talks\n"
                              "  status: held\n";
    for (const bool reversed : {false, true}) {
      Run r(reversed ? std::vector<std::pair<std::string, std::string>>{{"c.facts", other},
                                                                        {"a.facts", planned}}
                     : std::vector<std::pair<std::string, std::string>>{{"a.facts", planned},
                                                                        {"c.facts", other}});
      REQUIRE(r.sink.error_count() == 1);
      const Diagnostic &d = r.sink.all().front();
      const SourceFile &at = r.sources.get(d.span.file);
      CHECK(at.name() == "c.facts");
      CHECK(at.locate(d.span.begin).line == 4);
      CHECK(d.message.find("'held'") != std::string::npos);
      CHECK(d.message.find("'planned' in a.facts:7") != std::string::npos);
      CHECK(d.message.find("2025-12-10") != std::string::npos);
      REQUIRE(d.notes.size() == 1);
      CHECK(r.sources.get(d.notes[0].span.file).name() == "a.facts");
      CHECK(r.sources.get(d.notes[0].span.file).locate(d.notes[0].span.begin).line == 7);
      // The settlement's input is not ok; one value is still written, deterministically.
      CHECK_FALSE(r.out.ended.back().second);
      CHECK(r.has(":talks fl:status fl:Planned"));
      CHECK_FALSE(r.has(":talks fl:status fl:Held"));
    }
  }

  TEST_CASE("claims: two articles of the same day that agree are both preferred") {
    const std::string same = "source c1\n"
                             "  published: 2025-12-10\n"
                             "meeting talks\n"
                             "  status: planned\n";
    Run r({{"a.facts", planned}, {"c.facts", same}});
    INFO(r.diagnostics());
    CHECK_FALSE(r.sink.has_errors());
    CHECK(r.has(claim_a + " fl:rank fl:preferred"));
    CHECK(r.has("<https://example.org/factloom/talks/claim/c1/status> fl:rank fl:preferred"));
    CHECK(r.has(":talks fl:status fl:Planned"));
  }

  TEST_CASE("claims: an undated source cannot be ordered — it must agree with the latest") {
    const std::string undated_held = "source u1\nmeeting talks\n  status: held\n";
    const std::string undated_planned = "source u1\nmeeting talks\n  status: planned\n";
    Run agree({{"b.facts", held}, {"u.facts", undated_held}});
    INFO(agree.diagnostics());
    CHECK_FALSE(agree.sink.has_errors());
    CHECK(agree.has("<https://example.org/factloom/talks/claim/u1/status> fl:rank fl:preferred"));
    Run differ({{"b.facts", held}, {"u.facts", undated_planned}});
    REQUIRE(differ.sink.error_count() == 1);
    CHECK(differ.sink.all().front().message.find("no publication date") != std::string::npos);
    CHECK(differ.has(":talks fl:status fl:Held")); // the dated value
  }

  TEST_CASE("claims: files without a source write direct triples, as before") {
    Run r(Files{{"ref.facts", "person ann\nperson bob\nmeeting talks\n  participant: ann, bob\n"
                              "  status: held\n"}});
    // (Whether a file without a source is accepted is not this test's business: its values,
    // if written, are direct.)
    CHECK(r.has(":talks fl:status fl:Held"));
    for (const std::string &l : r.lines())
      CHECK(l.find("claim") == std::string::npos);
    CHECK(r.out.ended.size() == 1); // no settlement input
  }

  TEST_CASE("claims: one value per block is still checked in the block") {
    Run r(Files{{"a.facts", "source a1\n  published: 2025-12-10\nmeeting talks\n"
                            "  status: planned, held\n"}});
    REQUIRE(r.sink.error_count() == 1);
    CHECK(r.sink.all().front().message.find("takes one value") != std::string::npos);
  }

  TEST_CASE("claims: with named graphs, the latest value is in the graph of its source") {
    Run r({{"a.facts", planned}, {"b.facts", held}}, true);
    CHECK(r.has(":talks fl:status fl:Held <https://example.org/factloom/b1/graph>"));
    CHECK(r.has(claim_a + " fl:rank fl:normal <https://example.org/factloom/a1/graph>"));
    CHECK(r.has(claim_a + " fl:status fl:Planned <https://example.org/factloom/a1/graph>"));
  }

  TEST_CASE("single values across files: a conflict names both files, lines and values") {
    const std::string one = "source s1\n  published: 2025-12-10\nperson ann\nperson bob\n"
                            "topic peace\nstance st \"The stance\"@en\n  holder: ann\n"
                            "  toward: peace\n  position: supports\n";
    const std::string same = "source s2\n  published: 2025-12-11\nstance st \"The stance\"@en\n"
                             "  holder: ann\n";
    Run agree({{"a.facts", one}, {"b.facts", same}});
    INFO(agree.diagnostics());
    CHECK_FALSE(agree.sink.has_errors());

    const std::string other = "source s2\n  published: 2025-12-11\nstance st \"Another\"@en\n"
                              "  holder: bob\n";
    Run differ({{"a.facts", one}, {"b.facts", other}}); // in the order compile() sorts them
    INFO(differ.diagnostics());
    REQUIRE(differ.sink.error_count() == 2);
    for (const Diagnostic &d : differ.sink.all()) {
      CHECK(differ.sources.get(d.span.file).name() == "b.facts");
      REQUIRE(d.notes.size() == 1);
      CHECK(differ.sources.get(d.notes[0].span.file).name() == "a.facts");
    }
    const std::string text = differ.diagnostics();
    CHECK(text.find("conflicting 'holder' for 'st': 'bob' here (b.facts:4), but 'ann' in "
                    "a.facts:7") != std::string::npos);
    CHECK(text.find("conflicting 'name' for 'st': \"Another\"@en here (b.facts:3), but \"The "
                    "stance\"@en in a.facts:6") != std::string::npos);
    // Only the first file's values are written, so the shapes see one of each.
    CHECK(differ.has(":st fl:holder :ann"));
    CHECK_FALSE(differ.has(":st fl:holder :bob"));

    // Names in different languages are not a conflict.
    const std::string french = "source s2\n  published: 2025-12-11\nstance st \"La position\"@fr\n";
    Run languages({{"a.facts", one}, {"b.facts", french}});
    INFO(languages.diagnostics());
    CHECK_FALSE(languages.sink.has_errors());
  }

  TEST_CASE("claims: the same day, the same date in other words is not a conflict") {
    const std::string relative = "source a1\n  published: 2025-12-15\nmeeting talks\n"
                                 "  date: monday\n";
    const std::string absolute = "source b1\n  published: 2025-12-15\nmeeting talks\n"
                                 "  date: 2025-12-15\n";
    const std::string other = "source c1\n  published: 2025-12-15\nmeeting talks\n"
                              "  date: 2025-12-16\n";
    Run same({{"a.facts", relative}, {"b.facts", absolute}});
    INFO(same.diagnostics());
    CHECK_FALSE(same.sink.has_errors());
    CHECK(same.has(":talks fl:date \"2025-12-15\"^^xsd:date"));
    Run differ({{"a.facts", relative}, {"c.facts", other}});
    REQUIRE(differ.sink.error_count() == 1);
    CHECK(differ.sink.all().front().message.find("'2025-12-16' here (c.facts:4), but 'monday' in "
                                                 "a.facts:4, both as of 2025-12-15") !=
          std::string::npos);
    // Phrases alone (no date) are compared as they are.
    const std::string vague = "source a1\n  published: 2025-12-15\nmeeting talks\n"
                              "  date-phrase: \"previously\"\n";
    const std::string later = "source b1\n  published: 2025-12-15\nmeeting talks\n"
                              "  date-phrase: \"recently\"\n";
    Run phrases({{"a.facts", vague}, {"b.facts", later}});
    CHECK(phrases.sink.error_count() == 1);
  }
}
