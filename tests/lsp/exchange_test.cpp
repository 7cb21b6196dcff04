// Recorded JSON-RPC exchanges (tests/lsp/exchanges/*.txt) replayed through the server: every
// client message is handled, and the server's messages must match the recorded answers.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "lsp/server.hpp"
#include "lsp/text.hpp"

namespace {

namespace fs = std::filesystem;
using factloom::lsp::json;

/// A copy of tests/lsp/workspace in a fresh folder, removed at the end.
struct WorkspaceCopy {
  fs::path path;
  explicit WorkspaceCopy(const std::string &name)
      : path(fs::temp_directory_path() /
             ("factloom-lsp-" + name + "-" + std::to_string(::getpid())) / "workspace") {
    fs::remove_all(path.parent_path());
    fs::create_directories(path);
    fs::copy(fs::path(FL_SOURCE_DIR) / "tests/lsp/workspace", path);
  }
  ~WorkspaceCopy() { fs::remove_all(path.parent_path()); }
};

std::string replace_all(std::string s, const std::string &from, const std::string &to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

/// Whether `actual` has everything `expected` has: object members recursively, array elements
/// in order (others may come between), other values equal.
bool contains(const json &actual, const json &expected) {
  if (expected.is_object()) {
    if (!actual.is_object())
      return false;
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (!actual.contains(it.key()) || !contains(actual[it.key()], it.value()))
        return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array())
      return false;
    std::size_t next = 0;
    for (const json &e : expected) {
      while (next < actual.size() && !contains(actual[next], e))
        ++next;
      if (next == actual.size())
        return false;
      ++next;
    }
    return true;
  }
  return actual == expected;
}

/// Replays one exchange file; returns the first mismatch (empty when all matched).
std::string replay(const std::string &name) {
  const WorkspaceCopy copy(name);
  const std::string root = factloom::lsp::path_to_uri(copy.path.string());
  std::ifstream in(fs::path(FL_SOURCE_DIR) / "tests/lsp/exchanges" / (name + ".txt"));
  if (!in)
    return "cannot read the exchange " + name;
  factloom::lsp::Server server;
  std::vector<json> pending;
  std::size_t next = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = name + ".txt:" + std::to_string(number) + ": ";
    if (line.size() < 4 || line[0] == '#')
      continue;
    const json message = json::parse(replace_all(line.substr(4), "$ROOT", root));
    const std::string arrow = line.substr(0, 4);
    if (arrow == "--> ") {
      if (next != pending.size())
        return where + "the server said more: " + pending[next].dump();
      pending = server.handle(message);
      next = 0;
      continue;
    }
    if (next == pending.size())
      return where + "the server said nothing more; expected " + message.dump();
    const json &actual = pending[next++];
    const bool ok = arrow == "<-- " ? actual == message : contains(actual, message);
    if (!ok)
      return where + "expected " + message.dump() + "\n  got " + actual.dump();
  }
  if (next != pending.size())
    return name + ": the server said more at the end: " + pending[next].dump();
  return server.exited() && server.exit_code() == 0 ? "" : name + ": no clean shutdown and exit";
}

} // namespace

TEST_SUITE("lsp") {
  TEST_CASE("lsp: a recorded exchange: diagnostics as the curator types") {
    CHECK(replay("diagnostics") == "");
  }

  TEST_CASE(
      "lsp: a recorded exchange: completion, hover, definition, references, rename, outline") {
    CHECK(replay("features") == "");
  }
}
