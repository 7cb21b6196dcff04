// The language server's dispatch: lifecycle, document sync, diagnostics, features.
#include "lsp/server.hpp"

#include <filesystem>
#include <istream>
#include <stdexcept>

#include "lsp/features.hpp"

namespace factloom::lsp {

namespace {

/// A request whose parameters are wrong (answered with invalid_params).
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A method the server does not implement (answered with method_not_found).
struct MethodNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json &member(const json &object, const char *name) {
  if (!object.is_object() || !object.contains(name))
    throw BadParams(std::string("missing '") + name + "'");
  return object.at(name);
}

std::string string_member(const json &object, const char *name) {
  const json &v = member(object, name);
  if (!v.is_string())
    throw BadParams(std::string("'") + name + "' is not a string");
  return v.get<std::string>();
}

std::string path_of(const json &params) {
  const std::string uri = string_member(member(params, "textDocument"), "uri");
  const std::string path = uri_to_path(uri);
  if (path.empty())
    throw BadParams("not a file URI: " + uri);
  return std::filesystem::path(path).lexically_normal().string();
}

json show_message(int type, const std::string &text) {
  return notification("window/showMessage", json{{"type", type}, {"message", text}});
}

json capabilities() {
  return json{{"textDocumentSync",
               {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
              {"completionProvider", {{"triggerCharacters", json::array({":", " ", ","})}}},
              {"hoverProvider", true},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"renameProvider", true},
              {"documentSymbolProvider", true},
              {"codeActionProvider", true}};
}

/// capabilities.workspace.didChangeWatchedFiles.<name> is true.
bool watch_capability(const json &params, const char *name) {
  const json *at = &params;
  for (const char *key : {"capabilities", "workspace", "didChangeWatchedFiles", name}) {
    if (!at->is_object() || !at->contains(key))
      return false;
    at = &(*at)[key];
  }
  return at->is_boolean() && at->get<bool>();
}

/// The one watcher registration the server keeps (replaced when the settings name other files).
constexpr const char *watch_registration_id = "factloom/watched-files";

} // namespace

json Server::watchers() const {
  json list = json::array({json{{"globPattern", "**/*.facts"}},
                           json{{"globPattern", std::string("**/") + settings_file_name}}});
  std::vector<std::string> named = ws_.settings().shapes;
  if (ws_.settings().ontology)
    named.push_back(*ws_.settings().ontology);
  for (const std::string &file : named) { // the ontology and shapes, wherever they are
    const std::filesystem::path p(file);
    if (relative_patterns_)
      list.push_back(json{{"globPattern",
                           {{"baseUri", path_to_uri(p.parent_path().string())},
                            {"pattern", p.filename().string()}}}});
    else
      list.push_back(json{{"globPattern", file}});
  }
  return list;
}

void Server::register_watchers(std::vector<json> &notes) {
  json list = watchers();
  if (!watch_registration_ || list == watchers_)
    return;
  const json method = "workspace/didChangeWatchedFiles";
  if (!watchers_.is_null()) // the spec's spelling: "unregisterations"
    notes.push_back(json{{"jsonrpc", "2.0"},
                         {"id", "factloom/" + std::to_string(++requests_sent_)},
                         {"method", "client/unregisterCapability"},
                         {"params",
                          {{"unregisterations",
                            json::array({{{"id", watch_registration_id}, {"method", method}}})}}}});
  const json registration{
      {"id", watch_registration_id}, {"method", method}, {"registerOptions", {{"watchers", list}}}};
  notes.push_back(json{{"jsonrpc", "2.0"},
                       {"id", "factloom/" + std::to_string(++requests_sent_)},
                       {"method", "client/registerCapability"},
                       {"params", {{"registrations", json::array({registration})}}}});
  watchers_ = std::move(list);
}

/// Files changed outside the editor: the workspace follows the disk (an open file keeps the
/// editor's text). One fact file changed is analysed as an edit of it; several, a settings
/// file, the ontology or the shapes, as a save: every file bound and the shapes checked.
void Server::watched_files_changed(const json &params, std::vector<json> &notes) {
  const json &changes = member(params, "changes");
  if (!changes.is_array())
    throw BadParams("'changes' is not an array");
  bool settings = false;
  std::vector<std::string> touched;
  std::vector<std::string> cleared;
  for (const json &change : changes) {
    if (!change.is_object() || !change.contains("uri") || !change["uri"].is_string())
      continue; // a malformed entry does not stop the others (a notification has no answer)
    const std::string path = uri_to_path(change["uri"].get<std::string>());
    if (path.empty())
      continue; // not a file: not ours
    const std::string normal = std::filesystem::path(path).lexically_normal().string();
    if (ws_.is_setting(normal)) {
      settings = true;
      continue;
    }
    for (std::string &p : ws_.reread(normal, cleared))
      touched.push_back(std::move(p));
  }
  for (const std::string &path : cleared) // gone from the workspace: clear its list
    notes.push_back(notification("textDocument/publishDiagnostics",
                                 json{{"uri", path_to_uri(path)}, {"diagnostics", json::array()}}));
  if (settings) {
    for (const std::string &m : ws_.reload_settings())
      notes.push_back(show_message(1, "factloom: " + m));
    changed(std::string(), Scope::full, notes);
    register_watchers(notes);
  } else if (touched.size() == 1) {
    changed(touched.front(), Scope::edited, notes);
  } else if (!touched.empty()) {
    changed(std::string(), Scope::full, notes);
  }
}

json Server::initialize(const json &params, std::vector<json> &notes) {
  std::string root;
  if (params.contains("rootUri") && params["rootUri"].is_string())
    root = uri_to_path(params["rootUri"].get<std::string>());
  else if (params.contains("rootPath") && params["rootPath"].is_string())
    root = params["rootPath"].get<std::string>();
  if (root.empty() && params.contains("workspaceFolders") &&
      params["workspaceFolders"].is_array() && !params["workspaceFolders"].empty())
    root = uri_to_path(params["workspaceFolders"][0].value("uri", ""));
  initialized_ = true;
  watch_registration_ = watch_capability(params, "dynamicRegistration");
  relative_patterns_ = watch_capability(params, "relativePatternSupport");
  if (!root.empty())
    open_root(root, true, notes);
  return json{{"capabilities", capabilities()},
              {"serverInfo", {{"name", "factloom"}, {"version", FACTLOOM_VERSION}}}};
}

void Server::open_root(const std::string &root, bool recursive, std::vector<json> &notes) {
  root_open_ = true;
  for (const std::string &m : ws_.open_root(root, recursive))
    notes.push_back(show_message(1, "factloom: " + m));
  ws_.analyse({}, Scope::full);
  publish(notes);
}

void Server::changed(const std::string &path, Scope scope, std::vector<json> &notes) {
  ws_.analyse(path, scope);
  publish(notes);
}

void Server::publish(std::vector<json> &notes) {
  for (const std::string &m : ws_.take_messages())
    notes.push_back(show_message(1, "factloom: " + m));
  for (const auto &[path, f] : ws_.files()) {
    json d = ws_.diagnostics(f);
    if (d == f.published || (f.published.is_null() && d.empty()))
      continue;
    notes.push_back(notification("textDocument/publishDiagnostics",
                                 json{{"uri", path_to_uri(path)}, {"diagnostics", d}}));
    ws_.find(path)->published = std::move(d);
  }
}

FileEntry &Server::file_of(const json &params) {
  const std::string path = path_of(params);
  FileEntry *f = ws_.find(path);
  if (f == nullptr)
    throw BadParams("not an open fact file: " + path);
  return *f;
}

std::size_t Server::offset_of(const FileEntry &f, const json &params) const {
  const json &p = member(params, "position");
  const json &line = member(p, "line");
  const json &character = member(p, "character");
  if (!line.is_number_unsigned() || !character.is_number_unsigned())
    throw BadParams("a position is two numbers, line and character");
  return f.lines.offset(Position{line.get<std::uint32_t>(), character.get<std::uint32_t>()});
}

json Server::request(const std::string &method, const json &params) {
  if (method == "textDocument/documentSymbol")
    return document_symbols(ws_, file_of(params));
  if (method == "textDocument/codeAction") {
    const std::string uri = path_to_uri(file_of(params).path);
    return quick_fixes(uri, member(member(params, "context"), "diagnostics"));
  }
  FileEntry &f = file_of(params);
  const std::size_t at = offset_of(f, params);
  if (method == "textDocument/completion")
    return completion(ws_, f, at);
  if (method == "textDocument/hover")
    return hover(ws_, f, at);
  if (method == "textDocument/definition")
    return definition(ws_, f, at);
  if (method == "textDocument/references") {
    const bool with = params.contains("context") && params["context"].is_object() &&
                      params["context"].value("includeDeclaration", false);
    return references(ws_, f, at, with);
  }
  std::string error;
  json edit = rename(ws_, f, at, string_member(params, "newName"), error);
  if (!error.empty())
    throw BadParams(error);
  return edit;
}

json Server::dispatch(const std::string &method, const json &params, std::vector<json> &notes) {
  if (method == "initialize")
    return initialize(params, notes);
  if (method == "initialized") { // the client is ready for our requests
    register_watchers(notes);
    return nullptr;
  }
  if (method == "workspace/didChangeWatchedFiles") {
    if (!root_open_) // no root and no file opened yet: nothing to follow
      return nullptr;
    watched_files_changed(params, notes);
    return nullptr;
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/didOpen" || method == "textDocument/didChange") {
    const std::string path = path_of(params);
    if (!root_open_)
      open_root(std::filesystem::path(path).parent_path().string(), false, notes); // no root
    std::string text;
    if (method == "textDocument/didOpen") {
      text = string_member(member(params, "textDocument"), "text");
    } else {
      const json &changes = member(params, "contentChanges");
      if (!changes.is_array() || changes.empty())
        throw BadParams("no contentChanges");
      text = string_member(changes.back(), "text");
    }
    const FileEntry *f = ws_.find(path);
    if (f == nullptr || f->text != text || !f->open) {
      ws_.set_text(path, std::move(text), true);
      changed(path, Scope::edited, notes);
    }
    return nullptr;
  }
  if (method == "textDocument/didSave") {
    changed(path_of(params), Scope::full, notes);
    return nullptr;
  }
  if (method == "textDocument/didClose") {
    const std::string path = path_of(params);
    const FileEntry *f = ws_.find(path);
    const bool had_diagnostics = f != nullptr && !f->published.is_null() && !f->published.empty();
    ws_.close(path);
    if (had_diagnostics && ws_.find(path) == nullptr) // gone from the disk: clear its list
      notes.push_back(
          notification("textDocument/publishDiagnostics",
                       json{{"uri", path_to_uri(path)}, {"diagnostics", json::array()}}));
    changed(path, Scope::edited, notes);
    return nullptr;
  }
  static const char *const requests[] = {"textDocument/completion", "textDocument/hover",
                                         "textDocument/definition", "textDocument/references",
                                         "textDocument/rename",     "textDocument/documentSymbol",
                                         "textDocument/codeAction"};
  for (const char *r : requests) {
    if (method == r)
      return request(method, params);
  }
  throw MethodNotFound(method);
}

std::vector<json> Server::handle(const json &message) {
  std::vector<json> out;
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    if (message.is_object() && message.contains("id") && !message.contains("result") &&
        !message.contains("error"))
      out.push_back(error_response(message["id"], invalid_request, "not a request"));
    return out; // a response to us, or a message without a method: nothing to do
  }
  const std::string method = message["method"].get<std::string>();
  const bool is_request = message.contains("id");
  const json id = is_request ? message["id"] : json();
  if (method == "exit") {
    exited_ = true;
    return out;
  }
  if (!initialized_ && method != "initialize") {
    if (is_request)
      out.push_back(error_response(id, server_not_initialized, "initialize first"));
    return out;
  }
  const json params = message.contains("params") ? message["params"] : json::object();
  std::vector<json> notes;
  try {
    json result = dispatch(method, params, notes);
    if (is_request)
      out.push_back(response(id, std::move(result)));
  } catch (const BadParams &e) {
    if (is_request)
      out.push_back(error_response(id, invalid_params, e.what()));
  } catch (const MethodNotFound &) {
    if (is_request)
      out.push_back(error_response(id, method_not_found, "unknown method " + method));
  } catch (const json::exception &e) {
    if (is_request)
      out.push_back(error_response(id, invalid_params, e.what()));
  } catch (const std::exception &e) { // a bug: answered, and the session goes on
    if (is_request)
      out.push_back(error_response(id, internal_error, std::string("internal error: ") + e.what()));
    else
      notes.push_back(show_message(1, std::string("factloom: internal error: ") + e.what()));
  }
  for (json &n : notes)
    out.push_back(std::move(n));
  return out;
}

int serve(std::istream &in, std::ostream &out) {
  Server server;
  while (!server.exited()) {
    const Incoming msg = read_message(in);
    if (msg.status == Incoming::Status::end)
      return 1;
    if (msg.status == Incoming::Status::bad) {
      write_message(out, error_response(nullptr, parse_error, msg.error));
      out.flush();
      return 1;
    }
    const json message = json::parse(msg.body, nullptr, false);
    if (message.is_discarded()) {
      write_message(out, error_response(nullptr, parse_error, "the message is not JSON"));
      out.flush();
      continue;
    }
    for (const json &reply : server.handle(message))
      write_message(out, reply);
    out.flush(); // once per message handled (an edit's diagnostics go out together)
  }
  return server.exit_code();
}

} // namespace factloom::lsp
