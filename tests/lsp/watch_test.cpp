// Files changed outside the editor (workspace/didChangeWatchedFiles): Workspace::reread follows
// the disk at the paths it is told, within the workspace only, folders with every file below.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "lsp/server.hpp"
#include "lsp/text.hpp"
#include "lsp/workspace.hpp"

namespace {

namespace fs = std::filesystem;
using factloom::lsp::json;
using Paths = std::vector<std::string>;

/// A fresh folder with a workspace root in it (and a sibling folder outside the root).
struct TempTree {
  fs::path top;
  fs::path root;
  explicit TempTree(const std::string &name)
      : top(fs::temp_directory_path() /
            ("factloom-lsp-watch-" + name + "-" + std::to_string(::getpid()))),
        root(top / "root") {
    fs::remove_all(top);
    fs::create_directories(root);
    fs::copy(fs::path(FL_SOURCE_DIR) / "tests/lsp/workspace", root);
  }
  ~TempTree() { fs::remove_all(top); }
  std::string write(const fs::path &rel, const std::string &text) const {
    const fs::path p = top / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }
  std::string at(const fs::path &rel) const { return (top / rel).string(); }
};

const std::string person = "reference-data more \"More\"@en\n\nperson merz \"Friedrich Merz\"@en\n";

std::size_t count(const factloom::lsp::Workspace &ws) { return ws.files().size(); }

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE(
      "lsp watch: paths outside the workspace and files that are not fact files are ignored") {
    const TempTree t("outside");
    factloom::lsp::Workspace ws;
    ws.open_root(t.root.string());
    const std::size_t before = count(ws);
    Paths cleared;
    CHECK(ws.reread(t.write("elsewhere/merz.facts", person), cleared) == Paths{});
    CHECK(ws.reread(t.write("root/notes.txt", person), cleared) == Paths{});
    CHECK(ws.reread(t.write("root-2/merz.facts", person), cleared) == Paths{}); // not below root
    CHECK(count(ws) == before);
    const std::string mine = t.write("root/merz.facts", person);
    CHECK(ws.reread(mine, cleared) == Paths{mine});
    CHECK(ws.reread(mine, cleared) == Paths{}); // the same text again: nothing changed
    CHECK(count(ws) == before + 1);
    CHECK(cleared.empty());
  }

  TEST_CASE("lsp watch: a folder renamed on disk, its files dropped and added, its sibling kept") {
    const TempTree t("rename");
    const std::string kept = t.write("root/more-people/a.facts", person);
    const std::string old_path = t.write("root/more/b.facts", "# b\n");
    const std::string deeper = t.write("root/more/deeper/c.facts", "# c\n");
    factloom::lsp::Workspace ws;
    ws.open_root(t.root.string());
    REQUIRE(ws.find(old_path) != nullptr);
    REQUIRE(ws.find(deeper) != nullptr);
    fs::rename(t.at("root/more"), t.at("root/moved"));
    Paths cleared;
    CHECK(ws.reread(t.at("root/more"), cleared) == Paths{old_path, deeper});
    CHECK(ws.find(old_path) == nullptr);
    CHECK(ws.find(kept) != nullptr); // "more-people" shares the prefix "more", not the folder
    CHECK(ws.reread(t.at("root/moved"), cleared) ==
          Paths{t.at("root/moved/b.facts"), t.at("root/moved/deeper/c.facts")});
    CHECK(ws.find(t.at("root/moved/deeper/c.facts")) != nullptr);
  }

  TEST_CASE("lsp watch: an open file keeps the editor's text, on disk or not") {
    const TempTree t("open");
    factloom::lsp::Workspace ws;
    ws.open_root(t.root.string());
    const std::string talks = t.at("root/talks.facts");
    ws.set_text(talks, "# the editor's text\n", true);
    Paths cleared;
    t.write("root/talks.facts", "# another curator's text\n");
    CHECK(ws.reread(talks, cleared) == Paths{});
    fs::remove(talks);
    CHECK(ws.reread(talks, cleared) == Paths{});
    REQUIRE(ws.find(talks) != nullptr);
    CHECK(ws.find(talks)->text == "# the editor's text\n");
    ws.close(talks); // the disk counts again: the file is gone
    CHECK(ws.find(talks) == nullptr);
  }

  TEST_CASE("lsp watch: a root without subfolders (no rootUri) takes no file below it") {
    const TempTree t("flat");
    factloom::lsp::Workspace ws;
    ws.open_root(t.root.string(), false);
    Paths cleared;
    CHECK(ws.reread(t.write("root/sub/merz.facts", person), cleared) == Paths{});
    CHECK(ws.reread(t.at("root/sub"), cleared) == Paths{});
    const std::string flat = t.write("root/merz.facts", person);
    CHECK(ws.reread(flat, cleared) == Paths{flat});
  }

  TEST_CASE("lsp watch: a file with published diagnostics that goes is listed to be cleared") {
    const TempTree t("cleared");
    const std::string bad = t.write("root/bad.facts", "persn merz\n");
    factloom::lsp::Workspace ws;
    ws.open_root(t.root.string());
    ws.analyse({}, factloom::lsp::Scope::full);
    factloom::lsp::FileEntry *f = ws.find(bad);
    REQUIRE(f != nullptr);
    f->published = ws.diagnostics(*f);
    REQUIRE(!f->published.empty());
    fs::remove(bad);
    Paths cleared;
    CHECK(ws.reread(bad, cleared) == Paths{bad});
    CHECK(cleared == Paths{bad});
  }
}

TEST_SUITE("lsp") {
  TEST_CASE("lsp watch: a malformed change does not stop the others from being analysed") {
    const TempTree t("malformed");
    factloom::lsp::Server server;
    const std::string root = factloom::lsp::path_to_uri(t.root.string());
    server.handle(json{{"jsonrpc", "2.0"},
                       {"id", 1},
                       {"method", "initialize"},
                       {"params", {{"rootUri", root}, {"capabilities", json::object()}}}});
    const std::string bad = t.write("root/bad.facts", "persn merz\n");
    const json changes = json::array(
        {json{{"uri", 5}}, json("not a change"), json{{"uri", root + "/bad.facts"}, {"type", 1}}});
    const std::vector<json> out = server.handle(json{{"jsonrpc", "2.0"},
                                                     {"method", "workspace/didChangeWatchedFiles"},
                                                     {"params", {{"changes", changes}}}});
    REQUIRE(out.size() == 1);
    CHECK(out[0]["method"] == "textDocument/publishDiagnostics");
    CHECK(out[0]["params"]["uri"] == root + "/bad.facts");
    CHECK(!out[0]["params"]["diagnostics"].empty());
    CHECK(server.workspace().find(bad) != nullptr);
  }
}

namespace {

std::string read_source(const std::string &rel) {
  std::ifstream in(fs::path(FL_SOURCE_DIR) / rel);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string all_messages(factloom::lsp::Server &server, const std::string &path) {
  const factloom::lsp::FileEntry *f = server.workspace().find(path);
  REQUIRE(f != nullptr);
  std::string out;
  for (const json &d : server.workspace().diagnostics(*f))
    out += d["message"].get<std::string>() + "\n";
  return out;
}

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE("lsp watch: the ontology the settings name changes on disk and is read again") {
    const TempTree t("ontology");
    const std::string summit =
        t.write("root/summit.facts", "reference-data s \"S\"@en\n\nsummit geneva \"Geneva\"@en\n");
    const std::string ontology = read_source("ontology/factloom.ttl");
    const std::string my = t.write("root/my.ttl", ontology);
    t.write("root/factloom.json", R"({"ontology": "my.ttl"})");
    factloom::lsp::Server server;
    const std::string root = factloom::lsp::path_to_uri(t.root.string());
    const json capabilities{
        {"workspace", {{"didChangeWatchedFiles", {{"dynamicRegistration", true}}}}}};
    server.handle(json{{"jsonrpc", "2.0"},
                       {"id", 1},
                       {"method", "initialize"},
                       {"params", {{"rootUri", root}, {"capabilities", capabilities}}}});
    const std::vector<json> registered = server.handle(
        json{{"jsonrpc", "2.0"}, {"method", "initialized"}, {"params", json::object()}});
    REQUIRE(registered.size() == 1);
    const json &watchers =
        registered[0]["params"]["registrations"][0]["registerOptions"]["watchers"];
    REQUIRE(watchers.size() == 3);
    CHECK(watchers[2]["globPattern"] == my); // a path: this client takes no RelativePattern
    CHECK(all_messages(server, summit).find("unknown kind 'summit'") != std::string::npos);
    t.write("root/my.ttl",
            ontology + "\nfl:Summit a owl:Class ; rdfs:subClassOf fl:Meeting ;\n"
                       "  rdfs:label \"summit\"@en ; rdfs:comment \"Leaders meet.\"@en .\n");
    const json change{{"uri", root + "/my.ttl"}, {"type", 2}};
    server.handle(json{{"jsonrpc", "2.0"},
                       {"method", "workspace/didChangeWatchedFiles"},
                       {"params", {{"changes", json::array({change})}}}});
    CHECK(all_messages(server, summit).find("unknown kind") == std::string::npos);
  }
}
