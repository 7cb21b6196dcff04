// compile::input_files: the files a folder holds, found by the folder listing's own entry types
// (a link followed to a file, never to a folder), sorted, with paths in lexically normal form.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "compile/compile.hpp"

using namespace factloom;
namespace fs = std::filesystem;

namespace {

struct Tree {
  fs::path root = fs::temp_directory_path() / ("fl-inputs-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    for (const char *dir : {"in/sub/deeper", "in/empty", "outside"})
      fs::create_directories(root / dir);
    for (const char *file :
         {"in/b.facts", "in/a.facts", "in/sub/c.facts", "in/sub/deeper/d.facts", "in/.facts",
          "in/x.ttl", "in/notes.txt", "in/sub/y.nt", "outside/o.facts", "outside/p.facts"})
      std::ofstream(root / file) << "# " << file << "\n";
    fs::create_symlink("../outside/o.facts", root / "in/link.facts"); // a file: followed
    fs::create_symlink("../outside", root / "in/folder-link");        // a folder: not followed
    fs::create_symlink("nowhere.facts", root / "in/broken.facts");    // nothing: left out
  }
  ~Tree() { fs::remove_all(root); }
  std::string at(const std::string &rel) const { return (root / rel).string(); }
};

} // namespace

TEST_CASE("input_files: a folder's fact files, by the listing's entry types, sorted") {
  const Tree t;
  compile::Options options;
  const std::vector<std::string> facts{t.at("in/a.facts"), t.at("in/b.facts"),
                                       t.at("in/link.facts"), t.at("in/sub/c.facts"),
                                       t.at("in/sub/deeper/d.facts")};
  CHECK(compile::input_files({t.at("in")}, options) == facts);
  // A trailing slash, "." and ".." in the folder's path: the same normal paths.
  CHECK(compile::input_files({t.at("in") + "/"}, options) == facts);
  CHECK(compile::input_files({t.at("in/./sub/..//")}, options) == facts);
  // A file named twice (as itself and inside its folder) is one input.
  CHECK(compile::input_files({t.at("in/sub"), t.at("in/sub/c.facts")}, options) ==
        std::vector<std::string>{t.at("in/sub/c.facts"), t.at("in/sub/deeper/d.facts")});
  options.accept_rdf = true;
  const std::vector<std::string> all{t.at("in/a.facts"),
                                     t.at("in/b.facts"),
                                     t.at("in/link.facts"),
                                     t.at("in/sub/c.facts"),
                                     t.at("in/sub/deeper/d.facts"),
                                     t.at("in/sub/y.nt"),
                                     t.at("in/x.ttl")};
  CHECK(compile::input_files({t.at("in")}, options) == all);
}

TEST_CASE("input_files: the current folder's files have no ./ before them") {
  const Tree t;
  const fs::path was = fs::current_path();
  fs::current_path(t.root / "in/sub");
  const auto here = compile::input_files({"."}, compile::Options{});
  const auto up = compile::input_files({"../sub"}, compile::Options{});
  fs::current_path(was);
  CHECK(here == std::vector<std::string>{"c.facts", "deeper/d.facts"});
  CHECK(up == std::vector<std::string>{"../sub/c.facts", "../sub/deeper/d.facts"});
}

TEST_CASE("input_files: a folder with no fact files is an error, a path that is none a file") {
  const Tree t;
  CHECK_FALSE(compile::input_files({t.at("in/empty")}, compile::Options{}).has_value());
  // A path that is no folder is taken as a file, which reading then reports.
  CHECK(compile::input_files({t.at("no-such.facts")}, compile::Options{}) ==
        std::vector<std::string>{t.at("no-such.facts")});
}
