// The language server binds again only what a change can affect (Workspace::analyse with
// Scope::edited): after every step of a seeded random sequence of edits (ids added, removed,
// renamed, of another kind or label; blocks without id; lines shifted), files created and files
// deleted, every file's diagnostics are exactly those of a workspace analysed from scratch.
#include <doctest/doctest.h>

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

/// An id: often one of a few (declared in several files, of several kinds), sometimes a near
/// miss (an unknown id with a "did you mean" hint).
std::string id(FactFolder &g) {
  static const std::vector<std::string> ids = {"zelensky", "zelenskyy", "umerov",  "umerova",
                                               "merz",     "berlin",    "bern",    "paris",
                                               "kyiv",     "talks",     "talks-2", "witkoff"};
  return g.any(ids);
}

std::string block(FactFolder &g) {
  const std::string label = "\"" + g.any({"A", "B"}) + "\"@en\n";
  switch (g.pick(5)) {
  case 0: return "person " + id(g) + " " + label;
  case 1: return "city " + id(g) + " " + label;
  case 2: return "post\n  holder: " + id(g) + "\n  role: \"President\"@en\n";
  default:
    return "meeting " + id(g) + " " + label + "  participant: " + id(g) +
           (g.pick(2) == 0 ? ", " + id(g) : std::string()) + "\n  place: " + id(g) +
           "\n  date: 2025-12-14\n  status: held\n";
  }
}

/// Three articles and the reference data's header, the shapes not checked.
struct Generated : FactFolder {
  Generated(const std::string &name, unsigned seed)
      : FactFolder("deps-" + name, seed, {"reference-data shared \"Shared\"@en\n"}) {
    make_block = block;
    std::ofstream(path / "factloom.json") << "{\"validate\": false}\n";
    for (int i = 0; i < 3; ++i)
      add_article();
  }
};

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE("lsp dependencies: incremental diagnostics are a full bind's after every change") {
    for (const unsigned seed : {1U, 2U, 3U}) {
      Generated g("seq-" + std::to_string(seed), seed);
      Workspace ws;
      ws.open_root(g.path.string());
      ws.analyse({}, Scope::full);
      std::size_t partial = 0; // steps that bound fewer files than the workspace has
      for (int n = 0; n < 120; ++n) {
        const std::string changed = g.step();
        std::vector<std::string> cleared;
        const bool on_disk = !fs::exists(changed) || ws.find(changed) == nullptr || n % 2 == 0;
        if (on_disk) {
          ws.reread(changed, cleared);
        } else {
          std::ifstream in(changed);
          ws.set_text(changed, std::string(std::istreambuf_iterator<char>(in), {}), false);
        }
        CHECK(ws.analyse(changed, Scope::edited) == Scope::edited);
        partial += ws.last_bound() < ws.files().size() ? 1U : 0U;
        Workspace fresh;
        fresh.open_root(g.path.string());
        fresh.analyse({}, Scope::bind);
        INFO("seed " << seed << ", step " << n << ", " << changed);
        REQUIRE(all_diagnostics(ws) == all_diagnostics(fresh));
      }
      CHECK(partial > 20);
    }
  }

  TEST_CASE("lsp dependencies: a renamed id binds its file and the files naming it") {
    Generated g("rename", 7);
    g.blocks[0] = {g.blocks[0].front(), "person zelensky \"Z\"@en\n"};
    g.write(0);
    for (std::size_t i = 1; i < g.names.size(); ++i) {
      g.blocks[i].resize(1);
      g.write(i);
    }
    g.blocks[1].push_back("meeting m \"M\"@en\n  participant: zelensky\n  status: held\n");
    g.write(1);
    Workspace ws;
    ws.open_root(g.path.string());
    ws.analyse({}, Scope::full);
    const std::string actors = (g.path / g.names[0]).string();
    const std::string named = (g.path / g.names[1]).string();
    REQUIRE(ws.diagnostics(*ws.find(named)).empty());
    ws.set_text(actors, ws.find(actors)->text + "person zelenskyy \"Z\"@en\n", true);
    ws.analyse(actors, Scope::edited); // a new id, named by no file, unknown to none
    CHECK(ws.last_bound() == 1);
    std::string text = ws.find(actors)->text;
    text.replace(text.find("zelensky "), 9, "zelensky-2 ");
    ws.set_text(actors, text, true);
    ws.analyse(actors, Scope::edited);
    CHECK(ws.last_bound() == 2); // actors.facts and the file naming zelensky, not the others
    const json d = ws.diagnostics(*ws.find(named));
    REQUIRE(d.size() == 1);
    CHECK(d[0]["message"].get<std::string>().find("unknown id 'zelensky'") == 0);
    CHECK(d[0]["data"]["replacement"] == "zelenskyy");
  }
}
