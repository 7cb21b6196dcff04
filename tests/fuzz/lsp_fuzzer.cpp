// libFuzzer target: the language server must never crash, hang or leak on any stream of
// messages. The input is a stream as a client would send it (Content-Length frames); each run
// starts a server on a copy of tests/lsp/workspace ($ROOT in the input is its URI). `initialize`
// from the input is dropped (a root of the fuzzer's choosing could make the server read the whole
// file system).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>

#include "lsp/protocol.hpp"
#include "lsp/server.hpp"
#include "lsp/text.hpp"

namespace {

namespace fs = std::filesystem;

/// A copy of tests/lsp/workspace for the fuzzer's lifetime.
struct Workspace {
  fs::path dir = fs::temp_directory_path() / ("factloom-lsp-fuzz-" + std::to_string(::getpid()));
  std::string uri;
  Workspace() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path from = fs::path(__FILE__).parent_path().parent_path() / "lsp" / "workspace";
    std::error_code ec;
    fs::copy(from, dir, ec);
    uri = factloom::lsp::path_to_uri(dir.string());
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

const std::string &workspace_uri() {
  static const Workspace workspace;
  return workspace.uri;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using factloom::lsp::json;
  factloom::lsp::Server server;
  server.handle(json{{"jsonrpc", "2.0"},
                     {"id", 0},
                     {"method", "initialize"},
                     {"params", {{"rootUri", workspace_uri()}}}});
  std::string stream(reinterpret_cast<const char *>(data), size);
  for (std::size_t at = stream.find("$ROOT"); at != std::string::npos; // as in the seeds
       at = stream.find("$ROOT", at + workspace_uri().size()))
    stream.replace(at, 5, workspace_uri());
  std::istringstream in(stream);
  for (int i = 0; i < 64 && !server.exited(); ++i) {
    const factloom::lsp::Incoming m = factloom::lsp::read_message(in);
    if (m.status != factloom::lsp::Incoming::Status::ok)
      break;
    const json message = json::parse(m.body, nullptr, false);
    if (message.is_object() && message.value("method", json()) == "initialize")
      continue;
    server.handle(message);
  }
  return 0;
}
