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

/// A change on disk between messages ("!!! {...}"): {"write": REL, "text": T} writes a file of
/// the workspace copy, {"remove": REL} removes a file or a folder, {"copy": SRC, "to": REL}
/// copies a file of the source tree. Returns an error (empty when done).
std::string apply_disk_change(const fs::path &root, const json &change) {
  std::error_code ec;
  if (change.contains("write")) {
    const fs::path path = root / change["write"].get<std::string>();
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << change["text"].get<std::string>();
    return out.good() ? "" : "cannot write " + path.string();
  }
  if (change.contains("remove"))
    return fs::remove_all(root / change["remove"].get<std::string>(), ec) > 0 && !ec
               ? ""
               : "cannot remove " + change["remove"].get<std::string>();
  if (change.contains("copy")) {
    fs::copy_file(fs::path(FL_SOURCE_DIR) / change["copy"].get<std::string>(),
                  root / change["to"].get<std::string>(), fs::copy_options::overwrite_existing, ec);
    return ec ? "cannot copy " + change["copy"].get<std::string>() : "";
  }
  return "an unknown change on disk: " + change.dump();
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
    const json message = json::parse(
        replace_all(replace_all(line.substr(4), "$ROOT", root), "$DIR", copy.path.string()));
    const std::string arrow = line.substr(0, 4);
    if (arrow == "!!! ") {
      if (next != pending.size())
        return where + "the server said more: " + pending[next].dump();
      if (std::string error = apply_disk_change(copy.path, message); !error.empty())
        return where + error;
      continue;
    }
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

  TEST_CASE("lsp: a recorded exchange: fact files created, changed and deleted on disk") {
    CHECK(replay("watched-files") == "");
  }

  TEST_CASE("lsp: a recorded exchange: the settings file and the shapes it names change on disk") {
    CHECK(replay("watched-settings") == "");
  }
}
