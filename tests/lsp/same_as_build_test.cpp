// The language server's diagnostics are build's: the same messages and hints at the same places
// (compile::compile and compile::check_shapes on the same files), for binding errors and for
// shape results.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "compile/compile.hpp"
#include "lsp/workspace.hpp"

namespace {

namespace fs = std::filesystem;
using factloom::lsp::json;

std::string read(const fs::path &p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A copy of samples/ with some lines replaced.
struct SamplesCopy {
  fs::path path;
  explicit SamplesCopy(const std::string &name)
      : path(fs::temp_directory_path() /
             ("factloom-lsp-build-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
    for (const auto &e : fs::directory_iterator(fs::path(FL_SOURCE_DIR) / "samples")) {
      if (e.path().extension() == ".facts")
        fs::copy_file(e.path(), path / e.path().filename());
    }
  }
  ~SamplesCopy() { fs::remove_all(path); }
  void edit(const std::string &file, const std::string &from, const std::string &to) const {
    std::string text = read(path / file);
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(path / file) << text;
  }
};

/// "file:line:col message" (line and column 0-based, UTF-16) of every diagnostic, as build
/// reports them.
std::set<std::string> build_diagnostics(const fs::path &dir) {
  factloom::compile::Compilation c;
  const bool ok = factloom::compile::compile({dir.string()}, {}, c);
  if (ok)
    factloom::compile::check_shapes(c);
  std::set<std::string> out;
  for (const factloom::Diagnostic &d : c.diagnostics.all()) {
    const factloom::SourceFile &f = c.sources.get(d.span.file);
    const factloom::lsp::Position p = factloom::lsp::LineIndex(f.text()).position(d.span.begin);
    out.insert(fs::path(f.name()).filename().string() + ":" + std::to_string(p.line) + ":" +
               std::to_string(p.character) + " " + d.message +
               (d.hint.empty() ? "" : "\n" + d.hint));
  }
  return out;
}

std::set<std::string> server_diagnostics(const fs::path &dir) {
  factloom::lsp::Workspace ws;
  ws.open_root(dir.string());
  ws.analyse({}, factloom::lsp::Scope::full);
  std::set<std::string> out;
  for (const auto &entry : ws.files()) {
    for (const json &d : ws.diagnostics(entry.second)) {
      out.insert(fs::path(entry.first).filename().string() + ":" +
                 std::to_string(d["range"]["start"]["line"].get<int>()) + ":" +
                 std::to_string(d["range"]["start"]["character"].get<int>()) + " " +
                 d["message"].get<std::string>());
    }
  }
  return out;
}

std::string joined(const std::set<std::string> &s) {
  std::string out;
  for (const std::string &x : s)
    out += x + "\n";
  return out;
}

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE("lsp diagnostics are build's: binding errors with their hints") {
    const SamplesCopy s("bind");
    s.edit("berlin-talks.facts", "participant: zelensky", "participant: zelenksy");
    s.edit("geneva-talks.facts", "  status:      held", "  status:      helt");
    s.edit("geneva-talks.facts", "  date:        sunday", "  date:        2025-13-45");
    s.edit("actors.facts", "person umerov", "persn umerov");
    const std::set<std::string> build = build_diagnostics(s.path);
    CHECK(build.size() >= 4);
    CHECK(joined(server_diagnostics(s.path)) == joined(build));
  }

  TEST_CASE("lsp diagnostics are build's: shape results") {
    const SamplesCopy s("shapes");
    s.edit("geneva-talks.facts", "  url:", "  # url:");
    const std::set<std::string> build = build_diagnostics(s.path);
    CHECK(build.size() == 1);
    CHECK(joined(server_diagnostics(s.path)) == joined(build));
  }
}

TEST_SUITE("lsp") {
  TEST_CASE("lsp edits: the edited file alone, or with the files naming the ids it changes") {
    const SamplesCopy s("edits");
    factloom::lsp::Workspace ws;
    ws.open_root(s.path.string());
    CHECK(ws.analyse({}, factloom::lsp::Scope::full) == factloom::lsp::Scope::full);
    const std::string actors = (s.path / "actors.facts").string();
    const std::string berlin = (s.path / "berlin-talks.facts").string();
    REQUIRE(ws.find(actors) != nullptr);
    REQUIRE(ws.find(berlin) != nullptr);
    CHECK(ws.diagnostics(*ws.find(berlin)).empty());
    // A comment added: the same ids, so only actors.facts is bound again.
    std::string text = ws.find(actors)->text + "\n# a comment\n";
    ws.set_text(actors, text, true);
    CHECK(ws.analyse(actors, factloom::lsp::Scope::edited) == factloom::lsp::Scope::edited);
    CHECK(ws.diagnostics(*ws.find(berlin)).empty());
    // zelensky renamed: the files naming it are bound again, berlin-talks.facts names a lost id.
    const std::size_t at = text.find("person zelensky");
    REQUIRE(at != std::string::npos);
    text.replace(at, 15, "person zelenskyy");
    ws.set_text(actors, text, true);
    CHECK(ws.analyse(actors, factloom::lsp::Scope::edited) == factloom::lsp::Scope::edited);
    CHECK(ws.last_bound() < ws.files().size());
    const json d = ws.diagnostics(*ws.find(berlin));
    REQUIRE(!d.empty());
    CHECK(d[0]["message"].get<std::string>().find("unknown id 'zelensky'") == 0);
    CHECK(d[0]["data"]["replacement"] == "zelenskyy");
  }
}

TEST_SUITE("lsp") {
  TEST_CASE("lsp edits: the shapes of the edited file's things are build's") {
    const SamplesCopy s("edited-shapes");
    s.edit("geneva-talks.facts", "  url:", "  # url:");
    s.edit("berlin-talks.facts", "meeting berlin-day-1",
           "meeting lonely \"Lonely\"@en\n  participant: zelensky\n  status: held\n\n"
           "meeting berlin-day-1"); // a warning: one participant
    factloom::lsp::Workspace ws;
    ws.open_root(s.path.string());
    ws.analyse({}, factloom::lsp::Scope::full);
    std::vector<std::string> paths;
    std::vector<json> full;
    for (const auto &entry : ws.files()) {
      paths.push_back(entry.first);
      full.push_back(ws.diagnostics(entry.second));
    }
    std::size_t results = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
      ws.set_text(paths[i], ws.find(paths[i])->text + "\n", true);
      REQUIRE(ws.analyse(paths[i], factloom::lsp::Scope::edited) == factloom::lsp::Scope::edited);
      INFO(paths[i]);
      CHECK(ws.diagnostics(*ws.find(paths[i])).dump(1) == full[i].dump(1));
      results += full[i].size();
    }
    CHECK(results >= 2);
  }
}

namespace {

/// samples/actors.facts and eight copies of the other samples in subfolders (121 files, 96 of
/// them naming zelensky), one with a meeting of one participant (a shape result).
struct ManyCopies {
  fs::path path;
  ManyCopies()
      : path(fs::temp_directory_path() / ("factloom-lsp-many-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
    const fs::path samples = fs::path(FL_SOURCE_DIR) / "samples";
    fs::copy_file(samples / "actors.facts", path / "actors.facts");
    for (int i = 0; i < 8; ++i) {
      const fs::path to = path / ("c" + std::to_string(i));
      fs::create_directories(to);
      for (const auto &e : fs::directory_iterator(samples)) {
        if (e.path().extension() == ".facts" && e.path().filename() != "actors.facts")
          fs::copy_file(e.path(), to / e.path().filename());
      }
    }
    std::ofstream(path / "c3" / "berlin-talks.facts", std::ios::app)
        << "\nmeeting lonely \"Lonely\"@en\n  participant: zelensky\n  status: held\n";
  }
  ~ManyCopies() { fs::remove_all(path); }
};

/// Every file's diagnostics, by path.
std::string all_of(const factloom::lsp::Workspace &ws) {
  std::string out;
  for (const auto &entry : ws.files())
    out += entry.first + "\n" + ws.diagnostics(entry.second).dump(1) + "\n";
  return out;
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("lsp: many files bound and checked on two threads give one thread's diagnostics") {
    const ManyCopies m;
    const std::set<std::string> build = build_diagnostics(m.path);
    CHECK(build.size() == 1); // the lonely meeting
    CHECK(joined(server_diagnostics(m.path)) == joined(build));
    // zelensky renamed and back in the reference data: the 96 files naming it are bound again
    // (on two threads), and shown as a workspace analysed from scratch shows them.
    factloom::lsp::Workspace ws;
    ws.open_root(m.path.string());
    ws.analyse({}, factloom::lsp::Scope::full);
    const std::string actors = (m.path / "actors.facts").string();
    const std::string text = ws.find(actors)->text;
    const std::size_t at = text.find("person zelensky");
    REQUIRE(at != std::string::npos);
    for (const std::string &id : {"zelenskyy", "zelensky"}) {
      std::string edited = text;
      edited.replace(at, 15, "person " + id);
      ws.set_text(actors, edited, true);
      CHECK(ws.analyse(actors, factloom::lsp::Scope::edited) == factloom::lsp::Scope::edited);
      CHECK(ws.last_bound() >= 97);
      std::ofstream(actors) << edited;
      factloom::lsp::Workspace fresh;
      fresh.open_root(m.path.string());
      fresh.analyse({}, factloom::lsp::Scope::full);
      CHECK(all_of(ws) == all_of(fresh));
    }
  }
}
