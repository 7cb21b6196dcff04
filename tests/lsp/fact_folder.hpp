// A folder of generated fact files for the language server's tests: a reference-data file and
// articles, each a list of blocks, changed at random on disk one step at a time (blocks added,
// removed or replaced, lines shifted, articles made and deleted); and the diagnostics of a
// workspace in one string, to compare with a workspace analysed from scratch.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "lsp/workspace.hpp"

namespace factloom::lsp::test {

/// Every file's diagnostics, "path\n" and the JSON, for comparison.
inline std::string all_diagnostics(const Workspace &ws) {
  std::string out;
  for (const auto &entry : ws.files())
    out += entry.first + "\n" + ws.diagnostics(entry.second).dump(1) + "\n";
  return out;
}

struct FactFolder {
  std::filesystem::path path;
  std::mt19937 rng;
  std::vector<std::string> names; ///< file names, sorted: actors.facts, then n0.facts, ...
  std::vector<std::vector<std::string>> blocks;
  /// A new block (the folder's `rng` to choose with).
  std::function<std::string(FactFolder &)> make_block;
  /// Whether step() may edit actors.facts (it never deletes it).
  bool edit_reference = true;
  /// Whether a block added to a file declares an id no other block of the file declares (the
  /// error "declared twice in this file" otherwise).
  bool unique_ids = false;
  int created = 0;

  /// An empty folder `name` in the temporary folder, with actors.facts made of `reference`.
  FactFolder(const std::string &name, unsigned seed, std::vector<std::string> reference)
      : path(std::filesystem::temp_directory_path() /
             ("factloom-lsp-" + name + "-" + std::to_string(::getpid()))),
        rng(seed) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    add_file("actors.facts", std::move(reference));
    write(0);
  }
  ~FactFolder() { std::filesystem::remove_all(path); }
  FactFolder(const FactFolder &) = delete;
  FactFolder &operator=(const FactFolder &) = delete;

  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  std::string any(const std::vector<std::string> &v) { return v[pick(v.size())]; }

  /// The id a block declares ("" when it has none, as a post, which gets one minted).
  static std::string declared(const std::string &block) {
    const std::size_t kind = block.find(' ');
    const std::size_t line = block.find('\n');
    if (kind == std::string::npos || kind > line)
      return {};
    const std::size_t end = block.find_first_of(" \n", kind + 1);
    return block.substr(kind + 1, end - kind - 1);
  }
  /// A new block for file `i` (in place of block `replaced`, if any).
  std::string block_for(std::size_t i, std::size_t replaced = SIZE_MAX) {
    for (;;) {
      std::string b = make_block(*this);
      const std::string id = declared(b);
      bool clash = false;
      for (std::size_t k = 0; unique_ids && k < blocks[i].size(); ++k)
        clash = clash || (k != replaced && !id.empty() && declared(blocks[i][k]) == id);
      if (!clash)
        return b;
    }
  }
  std::string text(std::size_t i) const {
    std::string out;
    for (const std::string &b : blocks[i])
      out += b + "\n";
    return out;
  }
  void write(std::size_t i) const { std::ofstream(path / names[i]) << text(i); }
  std::size_t add_file(const std::string &file, std::vector<std::string> content) {
    const auto at = std::lower_bound(names.begin(), names.end(), file) - names.begin();
    names.insert(names.begin() + at, file);
    blocks.insert(blocks.begin() + at, std::move(content));
    return static_cast<std::size_t>(at);
  }
  /// An article with a source block and one to three blocks.
  std::size_t add_article() {
    const std::string n = "n" + std::to_string(created++);
    const std::size_t i = add_file(n + ".facts", {"source src-" + n +
                                                  "\n  title: \"T\"@en\n  publisher: \"W\"\n"
                                                  "  url: <https://example.org/" +
                                                  n + ">\n  published: 2025-12-15\n"});
    for (std::size_t k = 1 + pick(3); k > 0; --k)
      blocks[i].push_back(block_for(i));
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
      std::filesystem::remove(gone);
      names.erase(names.begin() + static_cast<long>(i));
      blocks.erase(blocks.begin() + static_cast<long>(i));
      return gone;
    }
    const std::size_t i = edit_reference ? pick(names.size()) : 1 + pick(names.size() - 1);
    std::vector<std::string> &b = blocks[i];
    const std::size_t at = 1 + pick(b.size());
    const std::size_t last = std::min(at, b.size() - 1);
    if (op == 2)
      b.front() = "# shifted\n" + b.front(); // the same ids, the lines below moved
    else if (op <= 5 || b.size() == 1)
      b.insert(b.begin() + static_cast<long>(at), block_for(i));
    else if (op <= 7)
      b.erase(b.begin() + static_cast<long>(last));
    else
      b[last] = block_for(i, last);
    write(i);
    return (path / names[i]).string();
  }
};

} // namespace factloom::lsp::test
