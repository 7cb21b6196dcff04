// Pass 2 in two steps (bind/bind.hpp): Binder::bind_file() on several threads at once with
// file-local terms (bind/file_terms.hpp), Binder::merge() in file order, against emit() on one
// thread: the sink gets the same quads with the same term ids and spans, and the diagnostics
// come in the same order. ThreadSanitizer runs the "parallel" suite.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/io.hpp"
#include "base/parallel.hpp"
#include "bind/bind.hpp"
#include "bind/file_terms.hpp"
#include "bind/ontology.hpp"
#include "graph/sink.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

using namespace factloom;
namespace fs = std::filesystem;

namespace {

/// The embedded ontology and one more property whose values are ids or IRIs (rdfs:Resource),
/// so that a file can name one thing both ways.
const bind::Ontology &test_ontology() {
  static const std::unique_ptr<bind::Ontology> loaded = [] {
    auto o = std::make_unique<bind::Ontology>();
    const std::string text = std::string(embedded::factloom_ttl) +
                             "\nfl:seeAlsoThing a rdf:Property ; fl:keyword \"see\" ;\n"
                             "    schema:domainIncludes fl:Quote ; rdfs:range rdfs:Resource .\n";
    DiagnosticSink sink;
    REQUIRE(o->load(text, "<test ontology>", sink));
    return o;
  }();
  return *loaded;
}

struct Kept final : graph::QuadSink {
  graph::TermTable table;
  std::vector<std::string> events; ///< every call, ids as numbers
  graph::TermTable &terms() override { return table; }
  void prefix(std::string_view name, std::string_view iri) override {
    events.push_back("prefix " + std::string(name) + " " + std::string(iri));
  }
  bool add(const graph::Quad &q, SourceSpan from) override {
    events.push_back(std::to_string(q.s) + " " + std::to_string(q.p) + " " + std::to_string(q.o) +
                     " " + std::to_string(q.g) + " @" + std::to_string(from.file) + ":" +
                     std::to_string(from.begin) + "-" + std::to_string(from.end));
    return true;
  }
  void reserve(std::size_t quads) override { events.push_back("reserve " + std::to_string(quads)); }
  void end_input(bool ok) override { events.push_back(ok ? "end ok" : "end failed"); }
};

struct Bound {
  std::vector<std::string> events;
  std::vector<std::string> terms;       ///< by id
  std::vector<std::string> diagnostics; ///< as reported (not sorted)
};

/// Every fact file under the folders, in name order.
std::vector<std::string> fact_files(const std::vector<std::string> &folders) {
  std::vector<std::string> out;
  for (const std::string &folder : folders) {
    for (const auto &e : fs::recursive_directory_iterator(fs::path(FL_SOURCE_DIR) / folder)) {
      if (e.path().extension() == ".facts")
        out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Binds `texts`: emit() file by file (jobs 0), or bind_file() on `jobs` threads then merge().
Bound bind_all(const std::vector<std::pair<std::string, std::string>> &texts, unsigned jobs,
               bool named_graphs) {
  SourceSet sources;
  DiagnosticSink sink;
  Kept out;
  std::vector<std::uint32_t> ids;
  std::vector<syntax::ast::Document> docs;
  for (const auto &file : texts) {
    ids.push_back(sources.add(file.first, file.second));
    docs.push_back(syntax::parse(sources.get(ids.back()), ids.back(), sink));
  }
  bind::BindOptions options;
  options.base_iri = "https://example.org/factloom/";
  options.named_graphs = named_graphs;
  bind::Binder binder(sources, test_ontology(), options, out, sink);
  for (std::size_t i = 0; i < ids.size(); ++i)
    binder.declare(ids[i], docs[i]);
  if (jobs == 0) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      binder.emit(ids[i], docs[i]);
      out.end_input(true);
    }
  } else {
    std::vector<bind::BoundFile> bound(ids.size());
    parallel::for_each_index(jobs, ids.size(),
                             [&](std::size_t i) { bound[i] = binder.bind_file(ids[i], docs[i]); });
    for (std::size_t i = 0; i < ids.size(); ++i) {
      binder.merge(std::move(bound[i]));
      out.end_input(true);
    }
  }
  if (binder.settle_claims())
    out.end_input(true);
  binder.finish();
  Bound r;
  r.events = std::move(out.events);
  for (std::size_t id = 1; id <= out.table.size(); ++id) {
    const rdf::TermView t = out.table.get(static_cast<graph::TermId>(id));
    r.terms.push_back(std::string(t.value) + "^^" + std::string(t.datatype) + "@" +
                      std::string(t.lang));
  }
  for (const Diagnostic &d : sink.all())
    r.diagnostics.push_back(render(d, sources));
  return r;
}

/// Files with mistakes in pass 2 across files: names and single values that disagree, claims in
/// conflict, unknown ids, and one thing named by its id and by its IRI in one property line.
std::vector<std::pair<std::string, std::string>> corpus() {
  std::vector<std::pair<std::string, std::string>> texts;
  for (const std::string &path : fact_files({"samples", "tests/data/bad", "tests/data/claims"})) {
    auto text = read_file(path);
    REQUIRE(text);
    texts.emplace_back(path, std::move(text.value()));
  }
  for (int k = 0; k < 12; ++k) {
    const std::string n = std::to_string(k);
    texts.emplace_back(
        "zz-" + n + ".facts",
        "source zz-" + n + "\n  title: \"Z\"@en\n  url: <https://example.org/z/" + n +
            ">\n  published: 2025-12-" + (k % 2 == 0 ? "10" : "11") + "\n\n" +
            "person shared \"Shared " + n + "\"@en\n\n" +
            "meeting zz-talks \"Talks\"@en\n  participant: shared, sharde\n  status: " +
            (k % 3 == 0 ? "held" : "planned") + "\n  date: next week\n  duration: 1h" + n +
            "min\n\nquote\n  speaker: shared\n  text: \"quote " + n +
            "\"@en\n  see: shared, <https://example.org/factloom/shared>, <https://example.org/" +
            n + ">\n");
  }
  return texts;
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("bind_file on several threads, then merge: the sink calls and ids of emit()") {
    const auto texts = corpus();
    for (const bool named_graphs : {false, true}) {
      CAPTURE(named_graphs);
      const Bound one = bind_all(texts, 0, named_graphs);
      CHECK(one.events.size() > 1000);
      CHECK(one.diagnostics.size() > 40);
      bool twice = false;
      for (const std::string &d : one.diagnostics)
        twice = twice || d.find("this value is given twice") != std::string::npos;
      CHECK(twice);
      for (const unsigned jobs : {1U, 2U, 4U}) {
        CAPTURE(jobs);
        const Bound many = bind_all(texts, jobs, named_graphs);
        CHECK(many.events == one.events);
        CHECK(many.terms == one.terms);
        CHECK(many.diagnostics == one.diagnostics);
      }
    }
  }
}

TEST_CASE("FileTerms: local ids in first-intern order, merged into the table in that order") {
  graph::TermTable table;
  const graph::TermId known = table.iri("http://x/known");
  bind::FileTerms local;
  const graph::TermId a = local.iri("http://x/a");
  const graph::TermId dt = local.iri("http://x/type");
  const graph::TermId lit = local.literal("1", dt);
  const graph::TermId lang = local.literal("one", 0, "en");
  CHECK(local.iri("http://x/a") == a);
  CHECK(local.literal("1", dt) == lit);
  const graph::TermId local_known = local.iri("http://x/known");
  CHECK(local_known != known);
  CHECK(local.size() == 5);
  for (const graph::TermId id : {a, dt, lit, lang, local_known})
    CHECK((id & bind::FileTerms::local_bit) != 0);
  const std::vector<graph::TermId> map = local.merge(table);
  REQUIRE(map.size() == 6);
  CHECK(bind::FileTerms::remap(a, map) == 2);
  CHECK(bind::FileTerms::remap(dt, map) == 3);
  CHECK(bind::FileTerms::remap(lit, map) == table.literal("1", 3));
  CHECK(table.get(bind::FileTerms::remap(lang, map)).lang == "en");
  CHECK(bind::FileTerms::remap(local_known, map) == known);
  CHECK(bind::FileTerms::remap(known, map) == known);
  CHECK(table.size() == 5);

  bind::FileTerms direct(&table);
  CHECK(direct.iri("http://x/a") == 2);
  CHECK(direct.merge(table).empty());
}
