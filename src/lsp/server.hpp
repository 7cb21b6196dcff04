// The language server: LSP requests and notifications in, responses and notifications out.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "lsp/protocol.hpp"
#include "lsp/workspace.hpp"

namespace factloom::lsp {

/// One LSP session over a workspace. handle() takes one decoded message and returns the
/// messages to send back, in order (a request's response first, then notifications such as
/// textDocument/publishDiagnostics). It never throws for bad input: a malformed request gets a
/// JSON-RPC error response.
class Server {
public:
  std::vector<json> handle(const json &message);
  /// True after the `exit` notification; the process then exits with exit_code().
  bool exited() const { return exited_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }
  Workspace &workspace() { return ws_; }

private:
  json dispatch(const std::string &method, const json &params, std::vector<json> &notes);
  json initialize(const json &params, std::vector<json> &notes);
  void open_root(const std::string &root, bool recursive, std::vector<json> &notes);
  void changed(const std::string &path, Scope scope, std::vector<json> &notes);
  void publish(std::vector<json> &notes);
  void watched_files_changed(const json &params, std::vector<json> &notes);
  json watchers() const;
  void register_watchers(std::vector<json> &notes);
  json request(const std::string &method, const json &params);
  FileEntry &file_of(const json &params);
  std::size_t offset_of(const FileEntry &f, const json &params) const;

  Workspace ws_;
  bool initialized_ = false;
  bool root_open_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  bool watch_registration_ = false; ///< the client registers file watchers on our request
  bool relative_patterns_ = false;  ///< and takes RelativePattern globs (LSP 3.17)
  json watchers_;                   ///< the watchers registered (null: none)
  int requests_sent_ = 0;           ///< ids of our requests to the client
};

/// Reads messages from `in` and writes the answers to `out` until `exit` or the end of input.
/// Returns the process's exit status (0 after shutdown and exit, 1 otherwise).
int serve(std::istream &in, std::ostream &out);

} // namespace factloom::lsp
