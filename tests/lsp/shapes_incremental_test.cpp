// After an edit the language server checks the shapes again only for the things the edit can
// change (Workspace::analyse with Scope::edited) and keeps the other results: after every step
// of seeded random edits (things with and without names, posts with and without their
// organisation, meetings declared in several files, ids mistyped and fixed again), files created
// and deleted, every file's diagnostics, shape results included, are exactly those of a
// workspace analysed from scratch with every shape checked.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fact_folder.hpp"
#include "lsp/workspace.hpp"

namespace {

namespace fs = std::filesystem;
using factloom::lsp::json;
using factloom::lsp::Scope;
using factloom::lsp::Workspace;
using factloom::lsp::test::all_diagnostics;
using factloom::lsp::test::FactFolder;

/// A thing's name, the same wherever it is given (two names in one language conflict).
std::string name(const std::string &id) { return " \"Name of " + id + "\"@en"; }

std::string person(FactFolder &g) {
  return g.pick(40) == 0 ? "merzz" : g.any({"merz", "umerov", "witkoff"});
}

std::string block(FactFolder &g) {
  switch (g.pick(6)) {
  case 0: {
    const std::string id = g.any({"merz", "umerov", "witkoff"});
    return "person " + id + (g.pick(2) == 0 ? name(id) : "") + "\n";
  }
  case 1: {
    const std::string id = g.any({"berlin", "geneva", "paris"});
    return "city " + id + (g.pick(2) == 0 ? name(id) : "") + "\n";
  }
  case 2:
    return "post\n  holder: " + person(g) + "\n  role: \"Envoy\"@en\n" +
           (g.pick(2) == 0 ? "  organisation: gov\n" : "");
  default: {
    const std::string id = g.any({"talks", "summit"});
    const std::string one = person(g), two = person(g); // a value given twice is an error
    return "meeting " + id + name(id) + "\n  participant: " + one +
           (g.pick(2) == 0 && two != one ? ", " + two : std::string()) +
           "\n  place: " + (id == "talks" ? "berlin" : "geneva") +
           "\n  date: 2025-12-14\n  status: held\n";
  }
  }
}

/// Reference data with things with and without names, and four articles; only the articles
/// change, each declaring an id once.
struct Corpus : FactFolder {
  Corpus(const std::string &name, unsigned seed)
      : FactFolder("shapes-" + name, seed,
                   {"reference-data shared \"Shared\"@en\n", "person merz \"Name of merz\"@en\n",
                    "person umerov\n", "person witkoff\n", "city berlin \"Name of berlin\"@en\n",
                    "city geneva\n", "organisation gov \"Name of gov\"@en\n"}) {
    make_block = block;
    edit_reference = false;
    unique_ids = true;
    for (int i = 0; i < 4; ++i)
      add_article();
  }
};

/// How many shape results the workspace shows whose message holds `part`.
std::size_t results(const Workspace &ws, const std::string &part) {
  std::size_t n = 0;
  for (const auto &e : ws.files()) {
    for (const json &d : ws.diagnostics(e.second)) {
      const std::string &m = d["message"].get_ref<const std::string &>();
      n += m.rfind("focus ", 0) == 0 && m.find(part) != std::string::npos ? 1U : 0U;
    }
  }
  return n;
}

bool has_shape_results(const Workspace &ws) { return results(ws, "") > 0; }

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE("lsp shapes: after every edit the results are a full check's") {
    std::size_t partial = 0, with_results = 0;
    for (const unsigned seed : {1U, 2U, 3U}) {
      Corpus g("seq-" + std::to_string(seed), seed);
      Workspace ws;
      ws.open_root(g.path.string());
      ws.analyse({}, Scope::full);
      for (int n = 0; n < 80; ++n) {
        const std::string changed = g.step();
        std::vector<std::string> cleared;
        if (!fs::exists(changed) || ws.find(changed) == nullptr || n % 2 == 0) {
          ws.reread(changed, cleared);
        } else {
          std::ifstream in(changed);
          ws.set_text(changed, std::string(std::istreambuf_iterator<char>(in), {}), false);
        }
        const Scope done = ws.analyse(changed, Scope::edited);
        Workspace fresh;
        fresh.open_root(g.path.string());
        fresh.analyse({}, Scope::full);
        INFO("seed " << seed << ", step " << n << ", " << changed);
        REQUIRE(all_diagnostics(ws) == all_diagnostics(fresh));
        if (has_shape_results(fresh)) {
          ++with_results;
          partial += done == Scope::edited ? 1U : 0U;
        }
      }
    }
    // The sequences reach states with shape results, and most of them were checked in part.
    MESSAGE("states with shape results: " << with_results << ", checked in part: " << partial);
    CHECK(with_results > 100);
    CHECK(partial > with_results / 2);
  }

  TEST_CASE("lsp shapes: an edit checks again the things it names, declares or declared") {
    Corpus g("named", 11);
    for (std::size_t i = 1; i < g.names.size(); ++i) {
      g.blocks[i].resize(1);
      g.write(i);
    }
    Workspace ws;
    ws.open_root(g.path.string());
    ws.analyse({}, Scope::full);
    const std::string article = (g.path / g.names[2]).string();
    REQUIRE(results(ws, ":umerov ") == 1); // no name, in actors.facts
    REQUIRE(results(ws, ":witkoff ") == 1);
    // A name for umerov in an article: its result goes, the other stays, with no full check.
    const std::string kept = ws.find(article)->text;
    ws.set_text(article, kept + "person umerov" + name("umerov") + "\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
    CHECK(results(ws, ":umerov ") == 0);
    CHECK(results(ws, ":witkoff ") == 1);
    CHECK(ws.last_bound() < ws.files().size());
    // A binding error hides the results (as build shows none); fixed, they are back, and up to
    // date (an edit with a binding error may leave its check to the next), with no full check.
    ws.set_text(article, kept + "post\n  holder: umerow\n  role: \"Envoy\"@en\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
    CHECK(results(ws, "") == 0);
    ws.set_text(article, kept + "post\n  holder: umerow\n  role: \"Envoy\"@en\ncity paris\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
    CHECK(results(ws, "") == 0);
    ws.set_text(article, kept + "city paris\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
    CHECK(results(ws, ":umerov ") == 1);
    CHECK(results(ws, ":paris ") == 1);
    ws.set_text(article, kept + "city paris" + name("paris") + "\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
    CHECK(results(ws, ":paris ") == 0);
    CHECK(results(ws, ":umerov ") == 1);
    // Another kind for a thing a file names (no binding error: a member may be a state or an
    // organisation): the naming file's things are checked again (sh:class reads the kind).
    const std::string actors = (g.path / g.names[0]).string();
    ws.set_text(actors, ws.find(actors)->text + "state xland" + name("xland") + "\n", true);
    ws.set_text(article,
                kept + "international-organisation io" + name("io") + "\n  member: xland\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
    CHECK(results(ws, ":io ") == 0);
    std::string text = ws.find(actors)->text;
    text.replace(text.find("state xland"), 11, "organisation xland");
    ws.set_text(actors, text, true);
    CHECK(ws.analyse(actors, Scope::edited) == Scope::edited);
    CHECK(results(ws, ":io ") == 1); // a warning: the members are usually states
  }

  TEST_CASE("lsp shapes: shapes that read other things' facts are all checked after an edit") {
    Corpus g("inverse", 5);
    std::ofstream(g.path / "factloom.json") << "{\"shapes\": \"extra.ttl\"}\n";
    // A person's results depend on the meetings naming it: facts about other things.
    std::ofstream(g.path / "extra.ttl")
        << "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
           "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
           "<urn:x:S> a sh:NodeShape ; sh:targetClass fl:Person ; sh:property [ sh:path "
           "[ sh:inversePath fl:participant ] ; sh:maxCount 1 ; sh:message \"in one meeting\"@en ] "
           ".\n";
    Workspace ws;
    ws.open_root(g.path.string());
    ws.analyse({}, Scope::full);
    std::size_t with_results = 0;
    for (int n = 0; n < 30; ++n) {
      const std::string changed = g.step();
      std::vector<std::string> cleared;
      ws.reread(changed, cleared);
      const Scope done = ws.analyse(changed, Scope::edited);
      Workspace fresh;
      fresh.open_root(g.path.string());
      fresh.analyse({}, Scope::full);
      INFO("step " << n << ", " << changed);
      REQUIRE(all_diagnostics(ws) == all_diagnostics(fresh));
      if (!ws.take_messages().empty() || fresh.files().size() < 2)
        continue;
      CHECK((done == Scope::full || results(ws, "") == 0));
      with_results += results(ws, "in one meeting") > 0 ? 1U : 0U;
    }
    CHECK(with_results > 5);
  }

  TEST_CASE("lsp shapes: a shapes file changed on disk makes the next edit check every shape") {
    Corpus g("reread", 9);
    std::ofstream(g.path / "factloom.json") << "{\"shapes\": \"extra.ttl\"}\n";
    const auto shapes = [&](const std::string &cls) {
      std::ofstream(g.path / "extra.ttl")
          << "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
             "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
             "<urn:x:S> a sh:NodeShape ; sh:targetClass fl:"
          << cls << " ; sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .\n";
    };
    shapes("Person");
    Workspace ws;
    ws.open_root(g.path.string());
    ws.analyse({}, Scope::full);
    REQUIRE(results(ws, ":umerov ") == 1);
    // The shapes file changed (a client that watches no file says nothing), then an edit.
    shapes("City");
    const std::string article = (g.path / g.names[1]).string();
    ws.set_text(article, ws.find(article)->text + "\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::full);
    CHECK(results(ws, ":umerov ") == 0);
    CHECK(results(ws, ":geneva ") == 1);
    ws.set_text(article, ws.find(article)->text + "\n", true);
    CHECK(ws.analyse(article, Scope::edited) == Scope::edited);
  }
}
