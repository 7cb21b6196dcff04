// The workspace's settings file (factloom.json): the ontology and the shapes it names are the
// ones the diagnostics come from; bad settings are reported.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "lsp/server.hpp"
#include "lsp/workspace.hpp"

namespace {

namespace fs = std::filesystem;
using factloom::lsp::json;

struct TempWorkspace {
  fs::path path;
  explicit TempWorkspace(const std::string &name)
      : path(fs::temp_directory_path() /
             ("factloom-lsp-ws-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
    fs::copy(fs::path(FL_SOURCE_DIR) / "tests/lsp/workspace", path);
    write("summit.facts", "source summit-news\n"
                          "  title:     \"Summit\"@en\n"
                          "  publisher: \"Example Wire\"\n"
                          "  url:       <https://example.org/summit>\n"
                          "  published: 2025-12-15\n\n"
                          "summit geneva-summit \"Geneva summit\"@en\n"
                          "  participant: zelensky, umerov\n"
                          "  status:      held\n");
  }
  ~TempWorkspace() { fs::remove_all(path); }
  void write(const std::string &name, const std::string &text) const {
    std::ofstream(path / name) << text;
  }
};

std::string read(const fs::path &p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Every diagnostic message of the file `name`, one a line.
std::string messages(factloom::lsp::Workspace &ws, const TempWorkspace &t,
                     const std::string &name) {
  const factloom::lsp::FileEntry *f = ws.find((t.path / name).string());
  REQUIRE(f != nullptr);
  std::string out;
  for (const json &d : ws.diagnostics(*f))
    out += d["message"].get<std::string>() + "\n";
  return out;
}

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE("lsp settings: without factloom.json, the embedded ontology and shapes") {
    const TempWorkspace t("default");
    factloom::lsp::Workspace ws;
    CHECK(ws.open_root(t.path.string()).empty());
    ws.analyse({}, factloom::lsp::Scope::full);
    CHECK(messages(ws, t, "summit.facts").find("unknown kind 'summit'") != std::string::npos);
    CHECK(messages(ws, t, "talks.facts").empty());
  }

  TEST_CASE("lsp settings: factloom.json names the ontology and the shapes") {
    const TempWorkspace t("settings");
    t.write("my.ttl", read(fs::path(FL_SOURCE_DIR) / "ontology/factloom.ttl") +
                          "\nfl:Summit a owl:Class ; rdfs:subClassOf fl:Meeting ;\n"
                          "  rdfs:label \"summit\"@en ; rdfs:comment \"Leaders meet.\"@en .\n");
    t.write("strict.ttl", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                          "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
                          "fl:Timed a sh:NodeShape ; sh:targetClass fl:Meeting ;\n"
                          "  sh:property [ sh:path fl:duration ; sh:minCount 1 ;\n"
                          "    sh:message \"How long was it?\" ] .\n");
    t.write("factloom.json", R"({"ontology": "my.ttl", "shapes": ["strict.ttl"]})");
    factloom::lsp::Workspace ws;
    CHECK(ws.open_root(t.path.string()).empty());
    ws.analyse({}, factloom::lsp::Scope::full);
    const std::string summit = messages(ws, t, "summit.facts");
    CHECK(summit.find("unknown kind") == std::string::npos);
    CHECK(summit.find("How long was it?") != std::string::npos);
    CHECK(messages(ws, t, "talks.facts").find("How long was it?") != std::string::npos);
  }

  TEST_CASE("lsp settings: validate false, and bad settings reported") {
    const TempWorkspace t("novalidate");
    fs::remove(t.path / "summit.facts"); // its binding error would stop the shapes, as in build
    t.write("talks.facts", "source t\n  title: \"T\"@en\n  publisher: \"W\"\n"
                           "  published: 2025-12-15\n"); // no url: a shape violation
    t.write("factloom.json",
            R"({"validate": false, "colour": "blue", "fail-on": "never", "ontology": 3})");
    factloom::lsp::Workspace ws;
    const std::vector<std::string> m = ws.open_root(t.path.string());
    REQUIRE(m.size() == 3);
    CHECK(m[0].find("unknown setting \"colour\"") != std::string::npos);
    CHECK(m[1].find("\"ontology\" is a path; it is ignored") != std::string::npos);
    CHECK(m[2].find("\"fail-on\" is violation, warning or info") != std::string::npos);
    ws.analyse({}, factloom::lsp::Scope::full);
    CHECK(messages(ws, t, "talks.facts").find("web address") == std::string::npos);
    t.write("factloom.json", "{}");
    factloom::lsp::Workspace checked;
    CHECK(checked.open_root(t.path.string()).empty());
    checked.analyse({}, factloom::lsp::Scope::full);
    CHECK(messages(checked, t, "talks.facts").find("web address") != std::string::npos);
  }
}

TEST_SUITE("lsp") {
  TEST_CASE("lsp without a root: the folder of the first file opened, not its subfolders") {
    const TempWorkspace t("noroot");
    fs::create_directories(t.path / "sub");
    t.write("sub/deep.facts", "person deep \"Deep\"@en\n");
    factloom::lsp::Server server;
    server.handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {}}});
    const std::string talks = (t.path / "talks.facts").string();
    const json open = {
        {"jsonrpc", "2.0"},
        {"method", "textDocument/didOpen"},
        {"params",
         {{"textDocument",
           {{"uri", factloom::lsp::path_to_uri(talks)}, {"text", read(t.path / "talks.facts")}}}}}};
    server.handle(open);
    const auto &files = server.workspace().files();
    CHECK(files.count(talks) == 1);
    CHECK(files.count((t.path / "actors.facts").string()) == 1);
    CHECK(files.count((t.path / "sub/deep.facts").string()) == 0);
    CHECK(server.workspace().diagnostics(files.at(talks)).empty()); // zelensky from actors.facts
  }
}

TEST_SUITE("lsp") {
  TEST_CASE("lsp: a file deleted while open loses its diagnostics when closed") {
    const TempWorkspace t("deleted");
    fs::remove(t.path / "summit.facts");
    t.write("new.facts", "source new-1\n  title: \"N\"@en\n  published: 2025-12-15\n"
                         "meeting m1 \"M\"@en\n  participant: zelenksy\n");
    factloom::lsp::Server server;
    server.handle(json{{"jsonrpc", "2.0"},
                       {"id", 1},
                       {"method", "initialize"},
                       {"params", {{"rootUri", factloom::lsp::path_to_uri(t.path.string())}}}});
    const std::string uri = factloom::lsp::path_to_uri((t.path / "new.facts").string());
    REQUIRE(server.workspace().find((t.path / "new.facts").string()) != nullptr);
    CHECK(!server.workspace().find((t.path / "new.facts").string())->published.empty());
    fs::remove(t.path / "new.facts");
    const auto out = server.handle(json{{"jsonrpc", "2.0"},
                                        {"method", "textDocument/didClose"},
                                        {"params", {{"textDocument", {{"uri", uri}}}}}});
    bool cleared = false;
    for (const json &m : out) {
      if (m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        cleared = m["params"]["diagnostics"].empty();
    }
    CHECK(cleared);
    CHECK(server.workspace().find((t.path / "new.facts").string()) == nullptr);
  }
}
