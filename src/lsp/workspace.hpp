// The language server's model of a folder of fact files: texts (open editors override the disk),
// cached parses, the ids declared and referred to in each file, and diagnostics per file.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/text.hpp"
#include "lsp/protocol.hpp"
#include "lsp/text.hpp"
#include "syntax/ast.hpp"
#include "validate/validate.hpp"

namespace factloom::bind {
class Binder;
class Ontology;
} // namespace factloom::bind

namespace factloom::lsp {

/// The workspace settings file, read from the root folder when present.
inline constexpr const char *settings_file_name = "factloom.json";

/// What the settings file says (paths relative to the root are made absolute).
struct Settings {
  std::optional<std::string> ontology; ///< "ontology": a Turtle file; default: the embedded one
  std::vector<std::string> shapes;     ///< "shapes": SHACL files; default: the embedded ones
  bool validate = true;                ///< "validate": check the shapes (as build does)
  validate::Level fail_on = validate::Level::violation; ///< "fail-on"
};

/// An id declared by a block's header.
struct Declaration {
  std::string id;
  std::uint32_t cls = 0; ///< class index in the ontology (0: unknown kind)
  std::string kind;      ///< the kind as written
  std::string label;     ///< the header's name, as written between the quotes
  syntax::ast::Range id_range;
  std::uint32_t block = 0;
};

/// An id written as the value of a property whose range is things.
struct Reference {
  std::string id;
  syntax::ast::Range range;
};

/// One fact file of the workspace.
struct FileEntry {
  std::string path; ///< absolute
  std::string text;
  bool open = false; ///< the editor holds it (its text, not the disk's)
  LineIndex lines;   ///< over `text`
  std::optional<syntax::ast::Document> doc;
  json parse_diagnostics = json::array();
  std::vector<Declaration> declarations;
  std::vector<Reference> references;
  std::vector<std::string> names; ///< every one-word value (the ids it may name), sorted, unique
  json declare_diagnostics = json::array(); ///< declaring its ids (every analysis)
  json emit_diagnostics = json::array();    ///< binding it (when it was last bound)
  json shape_diagnostics = json::array();   ///< results of the shapes placed in this file
  std::vector<std::string> shape_focus;     ///< the focus node (IRI) of each of them
  json published;                           ///< what the client last received (null: nothing)
};

/// How much analyse() does.
enum class Scope {
  edited, ///< re-bind the files changed since the last analysis, and those whose diagnostics
          ///< their changes can alter (see Workspace::analyse)
  bind,   ///< re-bind every file
  full    ///< re-bind every file and check the shapes, as build does
};

class Workspace {
public:
  Workspace();
  ~Workspace();
  Workspace(const Workspace &) = delete;
  Workspace &operator=(const Workspace &) = delete;

  /// Sets the root, reads its settings file and every *.facts below it (in it alone when not
  /// `recursive`). Returns messages about the settings and the ontology (empty when all is well).
  std::vector<std::string> open_root(const std::string &root, bool recursive = true);
  const std::string &root() const { return root_; }
  const Settings &settings() const { return settings_; }
  const bind::Ontology *ontology() const { return ontology_.get(); }

  /// Sets a file's text (opened or edited in the editor, or read from the disk); returns it.
  FileEntry &set_text(const std::string &path, std::string text, bool open);
  /// The editor closed it: the disk's text counts again (the file is dropped if it is gone).
  void close(const std::string &path);
  /// A file or folder changed on disk outside the editor (workspace/didChangeWatchedFiles):
  /// the disk is read again at `path` (whatever the event said), fact files that appeared are
  /// added, changed ones read again, gone ones dropped (every file below a folder that is gone).
  /// Files open in the editor keep the editor's text. Returns the paths that changed; the paths
  /// dropped whose published diagnostics were not empty are appended to `cleared`.
  std::vector<std::string> reread(const std::string &path, std::vector<std::string> &cleared);
  /// Whether `path` is the settings file or the ontology or a shapes file it names.
  bool is_setting(const std::string &path) const;
  /// Reads the settings file and the ontology again; every file is parsed again at the next
  /// analyse(). Returns messages as open_root() does.
  std::vector<std::string> reload_settings();
  FileEntry *find(const std::string &path);
  const std::map<std::string, FileEntry> &files() const { return files_; }

  /// Parses what changed and binds (see Scope); `edited` is the file that changed (or empty);
  /// returns the scope done: `scope`, or Scope::full for an edit when the shapes need every
  /// file (see below). Scope::edited binds again the files set, closed or dropped since the last
  /// analysis and the files their changes can affect: those naming or declaring an id whose
  /// declaration (kind, label, minted or not) was added, removed or changed, those declaring an
  /// id a changed file declares (or declared), those whose diagnostics point into a changed
  /// file, and, when the workspace's set of ids changed, those with an unknown id (its "did
  /// you mean" hint may change). The files declaring an id of a file bound are bound with it
  /// (their diagnostics kept as they were). The result is that of binding every file.
  /// Shapes (shown when no file has a binding error, as build does): Scope::full checks every
  /// focus node; Scope::edited checks again only the focus nodes owned by an id the changed
  /// files declare or declared (a thing's IRI, or one below it: "ID/...") and those with a
  /// triple naming an id whose declaration changed, and keeps the other results; an edit after
  /// which a file has a binding error (the results are not shown) may check none, and then the
  /// next analysis checks its focus nodes too (binding their files). That is exactly a
  /// full check when the shapes are Shapes::local(): a focus node's results then depend only on
  /// its own triples, which come from the files declaring its id, and on the classes of their
  /// objects. Otherwise (other shapes, shapes files changed since the results kept were made,
  /// no earlier results to keep, a thing to check whose declaring files were not all bound),
  /// it is a full analysis (Scope::full returned).
  /// Scope::bind leaves the shapes' results out of date until the next full analysis.
  Scope analyse(const std::string &edited, Scope scope);
  /// How many files the last analyse() bound again (their diagnostics renewed).
  std::size_t last_bound() const { return bound_; }
  /// Every file's diagnostics as LSP Diagnostic objects, sorted by position (shape results only
  /// when no file has a binding error).
  json diagnostics(const FileEntry &f) const;

  /// Messages for the user that no file's diagnostics can carry (diagnostics in a shapes file),
  /// collected since the last call.
  std::vector<std::string> take_messages() { return std::exchange(messages_, {}); }

  /// The declaration of `id` anywhere in the workspace (the first, in path order), or null.
  std::pair<const FileEntry *, const Declaration *> declaration(const std::string &id) const;

private:
  struct Run;
  class Refocus;
  void parse(FileEntry &f);
  void index(FileEntry &f);
  std::unique_ptr<Run> start_run();
  void bind_files(Run &run, Scope scope);
  std::vector<std::string> refresh(const Run &run, const bind::Binder &binder,
                                   std::vector<std::string> &touched);
  std::vector<bool> affected(const Run &run, const bind::Binder &binder, Scope scope,
                             std::vector<std::string> &touched,
                             std::vector<std::string> &changed_ids);
  void mark(const Run &run, const std::string &path, std::vector<bool> &set) const;
  bool binding_errors() const;
  bool complete(const Run &run, const Refocus &again) const;
  void add_classes(Run &run) const;
  Scope check_shapes(std::unique_ptr<Run> &run, Scope scope);
  void place_results(const Run &run, const validate::Report &report, const Refocus *again);
  void clear_shapes();
  bool read_shapes_files(std::string &out) const;
  const validate::Shapes *shapes_for(Run &run, std::optional<validate::Shapes> &loaded,
                                     std::string &read, std::vector<std::string> &problems);
  void load_ontology(std::vector<std::string> &messages);
  bool in_workspace(const std::string &path) const;
  bool drop(const std::string &path, std::vector<std::string> &cleared);
  std::vector<std::string> read_settings();

  std::string root_;
  bool recursive_ = true;
  Settings settings_;
  std::shared_ptr<const bind::Ontology> ontology_;
  json ontology_diagnostics_ = json::array();
  std::map<std::string, FileEntry> files_;
  /// What binding other files takes from a file, as of the last analysis.
  struct Known {
    std::vector<std::string> signature; ///< its declarations: "id", "id kind label", sorted
    std::vector<std::string> ids;       ///< the ids it declares (written or minted), sorted
    std::vector<std::string> names;     ///< FileEntry::names
  };
  std::map<std::string, Known> known_;
  std::set<std::string> dirty_; ///< paths set, closed or dropped since the last analysis
  using PathsById =
      std::unordered_map<std::string, std::set<std::string>, StringHash, std::equal_to<>>;
  PathsById declarers_;   ///< id -> paths
  PathsById referencers_; ///< name -> paths
  std::size_t bound_ = 0;
  /// Whether every file's shape results are those of checking every focus node now (false
  /// after Scope::bind, or shapes that could not be read).
  bool shapes_known_ = false;
  /// The shapes files (names and texts) those results come from; empty for the embedded ones.
  std::string shapes_read_;
  /// The shapes compiled from the texts `compiled_from_` (as shapes_read_), with no problems.
  std::optional<validate::Shapes> compiled_shapes_;
  std::string compiled_from_;
  /// Run::owners and Run::changed of the last analysis when it did not check the shapes (a
  /// binding error hid them): the next analysis checks them.
  std::vector<std::string> unchecked_owners_, unchecked_changed_;
  /// Whether diagnostics() gives the shape results: not while a file has a binding error.
  bool shapes_shown_ = true;
  std::vector<std::string> messages_;
};

} // namespace factloom::lsp
