// The language server binds again only what a change can affect (Workspace::analyse with
// Scope::edited): after every step of a seeded random sequence of edits (ids added, removed,
// renamed, of another kind or label; blocks without id; lines shifted), files created and files
// deleted, every file's diagnostics are exactly those of a workspace analysed from scratch.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "lsp/workspace.hpp"

namespace {

namespace fs = std::filesystem;
using factloom::lsp::json;
using factloom::lsp::Scope;
using factloom::lsp::Workspace;

/// A folder of generated fact files: each a header block and a list of blocks.
struct Generated {
  fs::path path;
  std::mt19937 rng;
  std::vector<std::string> names; ///< file names, sorted
  std::vector<std::vector<std::string>> blocks;
  int created = 0;

  Generated(const std::string &name, unsigned seed)
      : path(fs::temp_directory_path() /
             ("factloom-lsp-deps-" + name + "-" + std::to_string(::getpid()))),
        rng(seed) {
    fs::remove_all(path);
    fs::create_directories(path);
    std::ofstream(path / "factloom.json") << "{\"validate\": false}\n";
    add_file("actors.facts", "reference-data shared \"Shared\"@en\n");
    for (int i = 0; i < 3; ++i)
      add_article();
  }
  ~Generated() { fs::remove_all(path); }
  Generated(const Generated &) = delete;
  Generated &operator=(const Generated &) = delete;

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  std::string any(const std::vector<std::string> &v) { return v[pick(v.size())]; }

  /// An id: often one of a few (declared in several files, of several kinds), sometimes a near
  /// miss (an unknown id with a "did you mean" hint).
  std::string id() {
    static const std::vector<std::string> ids = {"zelensky", "zelenskyy", "umerov",  "umerova",
                                                 "merz",     "berlin",    "bern",    "paris",
                                                 "kyiv",     "talks",     "talks-2", "witkoff"};
    return any(ids);
  }
  std::string block() {
    const std::string label = "\"" + any({"A", "B"}) + "\"@en\n";
    switch (pick(5)) {
    case 0: return "person " + id() + " " + label;
    case 1: return "city " + id() + " " + label;
    case 2: return "post\n  holder: " + id() + "\n  role: \"President\"@en\n";
    default:
      return "meeting " + id() + " " + label + "  participant: " + id() +
             (pick(2) == 0 ? ", " + id() : std::string()) + "\n  place: " + id() +
             "\n  date: 2025-12-14\n  status: held\n";
    }
  }
  std::string text(std::size_t i) const {
    std::string out;
    for (const std::string &b : blocks[i])
      out += b + "\n";
    return out;
  }
  void write(std::size_t i) const { std::ofstream(path / names[i]) << text(i); }
  std::size_t add_file(const std::string &name, const std::string &header) {
    const auto at = std::lower_bound(names.begin(), names.end(), name) - names.begin();
    names.insert(names.begin() + at, name);
    blocks.insert(blocks.begin() + at, std::vector<std::string>{header});
    return static_cast<std::size_t>(at);
  }
  std::size_t add_article() {
    const std::string n = "a" + std::to_string(created++);
    const std::size_t i = add_file(n + ".facts", "source src-" + n +
                                                     "\n  title: \"T\"@en\n  publisher: \"W\"\n"
                                                     "  url: <https://example.org/" +
                                                     n + ">\n  published: 2025-12-15\n");
    for (std::size_t k = 1 + pick(3); k > 0; --k)
      blocks[i].push_back(block());
    write(i);
    return i;
  }
  /// One random change on disk; returns the path changed.
  std::string step() {
    const std::size_t op = pick(10);
    if (op == 0 || names.size() < 3)
      return (path / names[add_article()]).string();
    if (op == 1 && names.size() > 3) {
      const std::size_t i = 1 + pick(names.size() - 1); // not actors.facts
      const std::string gone = (path / names[i]).string();
      fs::remove(gone);
      names.erase(names.begin() + static_cast<long>(i));
      blocks.erase(blocks.begin() + static_cast<long>(i));
      return gone;
    }
    const std::size_t i = pick(names.size());
    std::vector<std::string> &b = blocks[i];
    const std::size_t at = 1 + pick(b.size());
    if (op == 2)
      b.front() = "# shifted\n" + b.front(); // the same ids, the lines below moved
    else if (op <= 5 || b.size() == 1)
      b.insert(b.begin() + static_cast<long>(at), block());
    else if (op <= 7)
      b.erase(b.begin() + static_cast<long>(std::min(at, b.size() - 1)));
    else
      b[std::min(at, b.size() - 1)] = block();
    write(i);
    return (path / names[i]).string();
  }
};

/// Every file's diagnostics, "path\n" and the JSON, for comparison.
std::string all_diagnostics(const Workspace &ws) {
  std::string out;
  for (const auto &entry : ws.files())
    out += entry.first + "\n" + ws.diagnostics(entry.second).dump(1) + "\n";
  return out;
}

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
