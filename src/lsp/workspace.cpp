// The workspace: files, cached parses, ids, and analysis through the compiler's own front end.
#include "lsp/workspace.hpp"

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "base/io.hpp"
#include "bind/bind.hpp"
#include "bind/ontology.hpp"
#include "compile/compile.hpp"
#include "compile/pipeline.hpp"
#include "rdf/vocab.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

namespace factloom::lsp {

namespace fs = std::filesystem;

namespace {

/// From how many files to bind an analysis binds on every core.
constexpr std::size_t parallel_files = 64;
/// From how many quads an analysis sorts and validates the graph on every core.
constexpr std::size_t parallel_quads = std::size_t{1} << 14U;

std::string_view slice(const std::string &text, syntax::ast::Range r) {
  return std::string_view(text).substr(r.begin, r.end - r.begin);
}

json range_json(const LineIndex &lines, std::size_t begin, std::size_t end) {
  const Position b = lines.position(begin);
  const Position e = lines.position(end);
  return json{{"start", {{"line", b.line}, {"character", b.character}}},
              {"end", {{"line", e.line}, {"character", e.character}}}};
}

int lsp_severity(Severity s) {
  switch (s) {
  case Severity::error: return 1;
  case Severity::warning: return 2;
  case Severity::note: return 3;
  }
  return 1;
}

/// The id of a "did you mean 'x'?" hint, or empty.
std::string suggestion(const std::string &hint) {
  constexpr std::string_view lead = "did you mean '";
  if (hint.rfind(lead, 0) != 0)
    return {};
  const std::size_t end = hint.find('\'', lead.size());
  return end == std::string::npos ? std::string() : hint.substr(lead.size(), end - lead.size());
}

/// Maps a run's file indexes to the workspace's files.
using FileTable = std::vector<const FileEntry *>;

/// A compiler diagnostic as an LSP Diagnostic (null when it points outside the workspace).
json to_lsp(const Diagnostic &d, const FileTable &table) {
  if (!d.span.valid() || d.span.file >= table.size() || table[d.span.file] == nullptr)
    return nullptr;
  const FileEntry &f = *table[d.span.file];
  json out{{"range", range_json(f.lines, d.span.begin, d.span.end)},
           {"severity", lsp_severity(d.severity)},
           {"source", "factloom"},
           {"message", d.hint.empty() ? d.message : d.message + "\n" + d.hint}};
  if (!d.hint.empty()) {
    out["data"] = json{{"hint", d.hint}};
    if (const std::string s = suggestion(d.hint); !s.empty())
      out["data"]["replacement"] = s;
  }
  json related = json::array();
  for (const Diagnostic &n : d.notes) {
    if (!n.span.valid() || n.span.file >= table.size() || table[n.span.file] == nullptr)
      continue;
    const FileEntry &nf = *table[n.span.file];
    related.push_back(json{{"location",
                            {{"uri", path_to_uri(nf.path)},
                             {"range", range_json(nf.lines, n.span.begin, n.span.end)}}},
                           {"message", n.message}});
  }
  if (!related.empty())
    out["relatedInformation"] = std::move(related);
  return out;
}

/// Diagnostics [first, last) of `sink`, appended to the arrays of their files (by run index).
void distribute(const DiagnosticSink &sink, std::size_t first, const FileTable &table,
                std::vector<json> &per_file) {
  const auto &all = sink.all();
  for (std::size_t i = first; i < all.size(); ++i) {
    json d = to_lsp(all[i], table);
    if (!d.is_null())
      per_file[all[i].span.file].push_back(std::move(d));
  }
}

std::optional<validate::Level> level_by_name(const std::string &name) {
  if (name == "violation")
    return validate::Level::violation;
  if (name == "warning")
    return validate::Level::warning;
  if (name == "info")
    return validate::Level::info;
  return std::nullopt;
}

std::string absolute(const std::string &root, const std::string &path) {
  const fs::path p(path);
  return (p.is_absolute() ? p : fs::path(root) / p).lexically_normal().string();
}

/// The *.facts regular files in `dir` (and below it when `recursive`), normalised and sorted.
std::vector<std::string> fact_files_below(const std::string &dir, bool recursive) {
  std::vector<std::string> entries;
  std::error_code ec;
  if (recursive) {
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec))
      entries.push_back(it->path().string());
  } else {
    fs::directory_iterator it(dir, ec);
    for (const fs::directory_iterator end; !ec && it != end; it.increment(ec))
      entries.push_back(it->path().string());
  }
  std::vector<std::string> found;
  for (const std::string &p : entries) {
    std::error_code entry_ec;
    if (fs::path(p).extension() == ".facts" && fs::is_regular_file(p, entry_ec))
      found.push_back(fs::path(p).lexically_normal().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

} // namespace

Workspace::Workspace() = default;
Workspace::~Workspace() = default;

std::vector<std::string> Workspace::read_settings() {
  std::vector<std::string> messages;
  settings_ = Settings{};
  const std::string path = (fs::path(root_) / settings_file_name).string();
  std::error_code ec;
  if (!fs::exists(path, ec))
    return messages;
  auto text = read_file(path);
  if (!text)
    return {path + ": cannot read the settings"};
  const json s = json::parse(text.value(), nullptr, false);
  if (!s.is_object())
    return {path + ": not a JSON object; the settings are ignored"};
  for (auto it = s.begin(); it != s.end(); ++it) {
    if (it.key() != "ontology" && it.key() != "shapes" && it.key() != "validate" &&
        it.key() != "fail-on")
      messages.push_back(path + ": unknown setting \"" + it.key() +
                         "\" (known: ontology, shapes, validate, fail-on)");
  }
  const auto wrong = [&](const char *key, bool ok, const char *what) {
    if (s.contains(key) && !ok)
      messages.push_back(path + ": \"" + key + "\" is " + what + "; it is ignored");
  };
  wrong("ontology", s.value("ontology", json("")).is_string(), "a path");
  wrong("shapes", s.value("shapes", json("")).is_string() || s.value("shapes", json()).is_array(),
        "a path or a list of paths");
  wrong("validate", s.value("validate", json(true)).is_boolean(), "true or false");
  if (s.contains("ontology") && s["ontology"].is_string())
    settings_.ontology = absolute(root_, s["ontology"].get<std::string>());
  if (s.contains("shapes")) {
    const json shapes = s["shapes"].is_string() ? json::array({s["shapes"]}) : s["shapes"];
    for (const json &v : shapes) {
      if (v.is_string())
        settings_.shapes.push_back(absolute(root_, v.get<std::string>()));
    }
  }
  if (s.contains("validate") && s["validate"].is_boolean())
    settings_.validate = s["validate"].get<bool>();
  if (s.contains("fail-on") && s["fail-on"].is_string()) {
    if (const auto level = level_by_name(s["fail-on"].get<std::string>()))
      settings_.fail_on = *level;
    else
      messages.push_back(path + ": \"fail-on\" is violation, warning or info");
  }
  return messages;
}

void Workspace::load_ontology(std::vector<std::string> &messages) {
  auto ontology = std::make_shared<bind::Ontology>();
  DiagnosticSink sink;
  bool ok = false;
  SourceSet sources;
  if (settings_.ontology) {
    auto text = read_file(*settings_.ontology);
    if (!text)
      messages.push_back(*settings_.ontology + ": cannot read the ontology");
    else
      ok = ontology->load(text.value(), *settings_.ontology, sink);
  } else {
    ok = ontology->load(embedded::factloom_ttl, "<embedded ontology>", sink);
  }
  for (const Diagnostic &d : sink.all())
    messages.push_back(render(d, sources));
  ontology_ = ok ? std::shared_ptr<const bind::Ontology>(std::move(ontology)) : nullptr;
}

std::vector<std::string> Workspace::open_root(const std::string &root, bool recursive) {
  // As the client names it (not resolved through symlinks), so that its URIs name the same files.
  root_ = fs::path(root).lexically_normal().string();
  if (root_.size() > 1 && root_.back() == '/')
    root_.pop_back();
  std::vector<std::string> messages = read_settings();
  load_ontology(messages);
  recursive_ = recursive;
  for (const std::string &path : fact_files_below(root_, recursive)) {
    if (auto text = read_file(path))
      set_text(path, std::move(text.value()), false);
  }
  for (auto &[path, f] : files_)
    parse(f);
  return messages;
}

bool Workspace::in_workspace(const std::string &path) const {
  if (root_.empty())
    return false;
  if (!recursive_)
    return fs::path(path).parent_path() == fs::path(root_);
  const std::string prefix = root_ == "/" ? root_ : root_ + "/";
  return path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0;
}

bool Workspace::drop(const std::string &path, std::vector<std::string> &cleared) {
  auto it = files_.find(path);
  if (it == files_.end() || it->second.open)
    return false; // an open file keeps the editor's text, on disk or not
  if (!it->second.published.is_null() && !it->second.published.empty())
    cleared.push_back(path);
  files_.erase(it);
  dirty_.insert(path);
  return true;
}

std::vector<std::string> Workspace::reread(const std::string &path,
                                           std::vector<std::string> &cleared) {
  std::vector<std::string> changed;
  if (!in_workspace(path))
    return changed;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  std::vector<std::string> found; // what the disk has at `path`, sorted
  if (fs::is_directory(status))
    found = fact_files_below(path, recursive_);
  else if (fs::is_regular_file(status) && fs::path(path).extension() == ".facts")
    found.push_back(path);
  std::vector<std::string> known; // what the workspace had there (the path, or below it)
  for (auto it = files_.lower_bound(path);
       it != files_.end() && it->first.compare(0, path.size(), path) == 0; ++it) {
    if (it->first.size() == path.size() || it->first[path.size()] == '/')
      known.push_back(it->first);
  }
  for (const std::string &k : known) {
    if (!std::binary_search(found.begin(), found.end(), k) && drop(k, cleared))
      changed.push_back(k);
  }
  for (const std::string &p : found) {
    const FileEntry *f = find(p);
    if (!in_workspace(p) || (f != nullptr && f->open))
      continue; // the editor's text wins over the disk's
    auto text = read_file(p);
    if (!text) {
      if (drop(p, cleared))
        changed.push_back(p);
    } else if (f == nullptr || f->text != text.value()) {
      set_text(p, std::move(text.value()), false);
      changed.push_back(p);
    }
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

bool Workspace::is_setting(const std::string &path) const {
  if (root_.empty())
    return false;
  if (path == (fs::path(root_) / settings_file_name).string())
    return true;
  return path == settings_.ontology || std::find(settings_.shapes.begin(), settings_.shapes.end(),
                                                 path) != settings_.shapes.end();
}

std::vector<std::string> Workspace::reload_settings() {
  std::vector<std::string> messages = read_settings();
  load_ontology(messages);
  for (auto &[path, f] : files_) {
    f.doc.reset(); // indexed against the new ontology at the next analyse()
    dirty_.insert(path);
    if (!ontology_) {
      f.declare_diagnostics = json::array();
      f.emit_diagnostics = json::array();
      f.shape_diagnostics = json::array();
    }
  }
  return messages;
}

FileEntry &Workspace::set_text(const std::string &path, std::string text, bool open) {
  FileEntry &f = files_[path];
  f.path = path;
  f.text = std::move(text);
  f.open = f.open || open;
  f.lines = LineIndex(f.text);
  f.doc.reset();
  dirty_.insert(path);
  return f;
}

void Workspace::close(const std::string &path) {
  auto it = files_.find(path);
  if (it == files_.end())
    return;
  it->second.open = false;
  std::error_code ec;
  if (fs::path(path).extension() != ".facts" || !fs::is_regular_file(path, ec)) {
    files_.erase(it); // not a fact file on disk (gone, or a device: never read)
    dirty_.insert(path);
    return;
  }
  if (auto text = read_file(path)) {
    if (text.value() != it->second.text)
      set_text(path, std::move(text.value()), false);
  } else {
    files_.erase(it);
    dirty_.insert(path);
  }
}

FileEntry *Workspace::find(const std::string &path) {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

void Workspace::parse(FileEntry &f) {
  SourceSet sources;
  const std::uint32_t file = sources.add(f.path, f.text);
  DiagnosticSink sink;
  f.doc = syntax::parse(sources.get(file), file, sink);
  FileTable table{nullptr, &f};
  std::vector<json> per_file(2, json::array());
  distribute(sink, 0, table, per_file);
  f.parse_diagnostics = std::move(per_file[1]);
  index(f);
}

void Workspace::index(FileEntry &f) {
  f.declarations.clear();
  f.references.clear();
  f.names.clear();
  if (!ontology_ || !f.doc)
    return;
  const syntax::ast::Document &doc = *f.doc;
  for (const syntax::ast::Value &value : doc.values) {
    if (value.kind == syntax::ast::ValueKind::phrase && value.word_count == 1)
      f.names.emplace_back(slice(f.text, value.body));
  }
  std::sort(f.names.begin(), f.names.end());
  f.names.erase(std::unique(f.names.begin(), f.names.end()), f.names.end());
  for (std::uint32_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const syntax::ast::Block &b = doc.blocks[bi];
    const std::uint32_t cls = ontology_->find_class(slice(f.text, b.header.kind));
    if (!b.header.id.empty()) {
      Declaration d{std::string(slice(f.text, b.header.id)),
                    cls,
                    std::string(slice(f.text, b.header.kind)),
                    b.header.has_name ? std::string(slice(f.text, b.header.name.body)) : "",
                    b.header.id,
                    bi};
      f.declarations.push_back(std::move(d));
    }
    for (std::uint32_t k = 0; k < b.property_count; ++k) {
      const syntax::ast::Property &p = doc.properties[b.first_property + k];
      const int pi = ontology_->find_property(cls, slice(f.text, p.name));
      if (pi < 0)
        continue;
      const bind::RangeKind range = ontology_->properties()[static_cast<std::size_t>(pi)].range;
      if (range != bind::RangeKind::entity && range != bind::RangeKind::resource)
        continue;
      for (std::uint32_t v = 0; v < p.value_count; ++v) {
        const syntax::ast::Value &value = doc.values[p.first_value + v];
        if (value.kind == syntax::ast::ValueKind::phrase && value.word_count == 1)
          f.references.push_back(Reference{std::string(slice(f.text, value.body)), value.body});
      }
    }
  }
}

/// One analysis: the workspace's texts in a compilation, run indexes to files.
struct Workspace::Run {
  compile::Compilation c;
  FileTable table{nullptr};
  std::vector<FileEntry *> order;                            ///< order[i] has run index i + 1
  std::unordered_map<std::string_view, std::uint32_t> index; ///< path -> run index
  /// The run index of `path`, 0 when the run has no such file.
  std::size_t index_of(const std::string &path) const {
    const auto it = index.find(path);
    return it == index.end() ? 0 : it->second;
  }
  std::vector<bool> bound; ///< by run index: the file's quads are in the graph
  /// Scope::edited: the ids the changed files declare or declared, and the ids whose
  /// declarations changed (each sorted, unique).
  std::vector<std::string> owners, changed;
};

std::unique_ptr<Workspace::Run> Workspace::start_run() {
  auto run = std::make_unique<Run>();
  run->c.ontology = ontology_;
  for (auto &[path, f] : files_) {
    run->c.sources.add(path, f.text);
    run->table.push_back(&f);
    run->order.push_back(&f);
    run->index.emplace(path, static_cast<std::uint32_t>(run->order.size()));
  }
  return run;
}

Scope Workspace::analyse(const std::string &edited, Scope scope) {
  for (auto &[path, f] : files_) {
    if (!f.doc)
      parse(f);
  }
  if (!ontology_)
    return scope;
  if (!edited.empty() && files_.count(edited) != 0)
    dirty_.insert(edited);
  std::unique_ptr<Run> run = start_run();
  bind_files(*run, scope);
  if (scope == Scope::bind) {
    if (auto it = files_.find(edited); it != files_.end()) {
      it->second.shape_diagnostics = json::array();
      it->second.shape_focus.clear();
    }
    shapes_known_ = false;
    shapes_shown_ = !binding_errors();
    unchecked_owners_.clear();
    unchecked_changed_.clear();
    return scope;
  }
  return check_shapes(run, scope);
}

void Workspace::bind_files(Run &run, Scope scope) {
  bind::BindOptions options;
  options.base_iri = compile::default_base;
  bind::Binder binder(run.c.sources, *ontology_, options, run.c.graph, run.c.diagnostics);
  const std::vector<FileEntry *> &order = run.order;
  for (std::size_t i = 0; i < order.size(); ++i)
    binder.declare(static_cast<std::uint32_t>(i + 1), *order[i]->doc);
  const std::size_t declared = run.c.diagnostics.all().size();
  std::vector<json> declare_diags(run.table.size(), json::array());
  distribute(run.c.diagnostics, 0, run.table, declare_diags);
  const std::vector<bool> emitted = affected(run, binder, scope, run.owners, run.changed);
  // The files describing the same things as a file bound: its conflicts and claims need them
  // (and so do the shapes of those things); their own diagnostics stay as they were.
  std::vector<bool> also(run.table.size(), false);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (emitted[i + 1] && scope == Scope::edited) {
      for (const std::string &id : known_[order[i]->path].ids)
        for (const std::string &p : declarers_[id])
          mark(run, p, also);
    }
  }
  bound_ = 0;
  run.bound.assign(run.table.size(), false);
  std::vector<std::uint32_t> to_bind; // run indexes
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (emitted[i + 1] || also[i + 1]) {
      to_bind.push_back(static_cast<std::uint32_t>(i + 1));
      run.bound[i + 1] = true;
    }
    bound_ += emitted[i + 1] ? 1U : 0U;
  }
  // Many files (a rename of a shared id, a full check): bound on a second thread too, merged
  // in file order (the same calls, in the same order); few: on this thread (no thread start).
  const unsigned jobs = to_bind.size() >= parallel_files ? 0U : 1U;
  compile::ordered_pipeline<bind::BoundFile>(
      jobs, to_bind.size(), 16,
      [&](std::size_t k) { return binder.bind_file(to_bind[k], *order[to_bind[k] - 1]->doc); },
      [&](std::size_t, bind::BoundFile &&bound) { binder.merge(std::move(bound)); });
  binder.settle_claims(jobs);
  binder.finish();
  std::vector<json> emit_diags(run.table.size(), json::array());
  distribute(run.c.diagnostics, declared, run.table, emit_diags);
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i]->declare_diagnostics = std::move(declare_diags[i + 1]);
    if (emitted[i + 1])
      order[i]->emit_diagnostics = std::move(emit_diags[i + 1]);
  }
}

/// Sets `set` at the run index of `path` (nothing when the workspace has no such file).
void Workspace::mark(const Run &run, const std::string &path, std::vector<bool> &set) const {
  if (const std::size_t i = run.index_of(path); i != 0)
    set[i] = true;
}

/// Renews what the files changed since the last analysis give other files (what a file gives
/// depends on its text and the ontology alone: a new ontology marks every file changed), and
/// the indexes id -> files. Returns the ids whose declarations changed
/// (sorted, unique); `touched` gets every id a changed file declares or declared.
std::vector<std::string> Workspace::refresh(const Run &run, const bind::Binder &binder,
                                            std::vector<std::string> &touched) {
  std::vector<std::string> changed;
  for (const std::string &path : dirty_) {
    Known now;
    const auto at =
        std::lower_bound(run.order.begin(), run.order.end(), path,
                         [](const FileEntry *f, const std::string &p) { return f->path < p; });
    if (at != run.order.end() && (*at)->path == path) {
      const FileEntry &f = **at;
      for (const std::string_view id :
           binder.ids(static_cast<std::uint32_t>(at - run.order.begin() + 1))) {
        now.ids.emplace_back(id);
        now.signature.emplace_back(id);
      }
      for (const Declaration &d : f.declarations) {
        now.ids.push_back(d.id);
        now.signature.push_back(d.id + " " + std::to_string(d.cls) + " " + d.label);
      }
      now.names = f.names;
    }
    for (std::vector<std::string> *v : {&now.ids, &now.signature}) {
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    Known &was = known_[path];
    std::vector<std::string> diff;
    std::set_symmetric_difference(was.signature.begin(), was.signature.end(), now.signature.begin(),
                                  now.signature.end(), std::back_inserter(diff));
    for (const std::string &d : diff)
      changed.push_back(d.substr(0, d.find(' ')));
    for (const std::string &id : was.ids) {
      touched.push_back(id);
      declarers_[id].erase(path);
    }
    for (const std::string &n : was.names)
      referencers_[n].erase(path);
    for (const std::string &id : now.ids) {
      touched.push_back(id);
      declarers_[id].insert(path);
    }
    for (const std::string &n : now.names)
      referencers_[n].insert(path);
    if (at == run.order.end() || (*at)->path != path)
      known_.erase(path);
    else
      was = std::move(now);
  }
  dirty_.clear();
  for (std::vector<std::string> *v : {&changed, &touched}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  return changed;
}

/// Which files (by run index) to bind again, their diagnostics renewed: see analyse().
std::vector<bool> Workspace::affected(const Run &run, const bind::Binder &binder, Scope scope,
                                      std::vector<std::string> &touched,
                                      std::vector<std::string> &changed_ids) {
  std::vector<std::string> changed_files(dirty_.begin(), dirty_.end());
  std::vector<std::string> before; // the changed ids declared somewhere, before the change
  for (const std::string &path : dirty_) {
    for (const std::string &id : known_[path].ids)
      before.push_back(id);
  }
  std::sort(before.begin(), before.end());
  std::vector<std::string> changed = refresh(run, binder, touched);
  if (scope == Scope::edited) { // and what the last analysis touched, if it left its check
    for (const auto &[from, to] :
         {std::pair{&unchecked_changed_, &changed}, std::pair{&unchecked_owners_, &touched}}) {
      to->insert(to->end(), from->begin(), from->end());
      std::sort(to->begin(), to->end());
      to->erase(std::unique(to->begin(), to->end()), to->end());
    }
  }
  changed_ids = changed;
  std::vector<bool> set(run.table.size(), scope != Scope::edited);
  if (scope != Scope::edited)
    return set;
  bool id_set_changed = false;
  for (const std::string &id : changed) {
    const std::set<std::string> &by = declarers_[id];
    const bool is = !by.empty();
    const bool was = std::binary_search(before.begin(), before.end(), id) ||
                     std::any_of(by.begin(), by.end(), [&](const std::string &p) {
                       return !std::binary_search(changed_files.begin(), changed_files.end(), p);
                     }); // an unchanged file declared it, and declares it still
    id_set_changed = id_set_changed || was != is;
    for (const std::string &p : declarers_[id])
      mark(run, p, set);
    for (const std::string &p : referencers_[id])
      mark(run, p, set);
  }
  for (const std::string &id : touched) {
    for (const std::string &p : declarers_[id])
      mark(run, p, set);
  }
  std::vector<std::string> uris;
  for (const std::string &p : changed_files) {
    mark(run, p, set);
    uris.push_back(path_to_uri(p));
  }
  for (std::size_t i = 0; i < run.order.size(); ++i) {
    for (const json &d : run.order[i]->emit_diagnostics) {
      const std::string &message = d["message"].get_ref<const std::string &>();
      if (id_set_changed && message.rfind("unknown id '", 0) == 0)
        set[i + 1] = true;
      if (!d.contains("relatedInformation"))
        continue;
      for (const json &r : d["relatedInformation"]) {
        const std::string &uri = r["location"]["uri"].get_ref<const std::string &>();
        if (std::find(uris.begin(), uris.end(), uri) != uris.end())
          set[i + 1] = true;
      }
    }
  }
  return set;
}

namespace {

/// Calls `f` with every id that may own the thing of `iri`, shortest first, those with at most
/// `max_slashes` slashes: the id it names below the base ("a/quote-1/participant/b": "a",
/// "a/quote-1", ...); nothing for an IRI not below the base. Stops when `f` returns true, and
/// returns whether it did.
template <class F>
bool owner_candidates(std::string_view iri, F &&f,
                      std::size_t max_slashes = std::string_view::npos) {
  const std::string_view base = compile::default_base;
  if (iri.size() <= base.size() || iri.substr(0, base.size()) != base)
    return false;
  const std::string_view rest = iri.substr(base.size());
  std::size_t slash = rest.find('/');
  for (std::size_t depth = 0;; ++depth) {
    if (f(slash == std::string_view::npos ? rest : rest.substr(0, slash)))
      return true;
    if (slash == std::string_view::npos || depth == max_slashes)
      return false;
    slash = rest.find('/', slash + 1);
  }
}

} // namespace

/// The focus nodes an edit can change (Scope::edited): the things owned by an id a changed file
/// declares or declared (their triples come from the files declaring it), and the things with
/// a triple whose object is an id whose declaration changed (sh:class reads its kind). Asked by
/// IRI (the results kept from earlier runs) or by term of the run's graph (each term's answer
/// kept: the validation asks for every shape targeting it; on one thread); both give the same
/// answers.
class Workspace::Refocus {
public:
  explicit Refocus(const Run &run)
      : owners_(run.owners.begin(), run.owners.end()), terms_(run.c.graph.terms()) {
    for (const std::string &id : run.owners)
      max_slashes_ =
          std::max(max_slashes_, static_cast<std::size_t>(std::count(id.begin(), id.end(), '/')));
    std::vector<bool> changed(terms_.size() + 1, false);
    std::string iri = compile::default_base;
    for (const std::string &id : run.changed) {
      iri.resize(std::char_traits<char>::length(compile::default_base));
      iri += id;
      if (const graph::TermId t = terms_.find(graph::TermKind::iri, iri); t != 0)
        changed[t] = true;
    }
    memo_.assign(terms_.size() + 1, unknown);
    for (const graph::Quad &q : run.c.graph.quads()) {
      if (changed[q.o] && memo_[q.s] != yes) {
        memo_[q.s] = yes;
        naming_.emplace_back(terms_.get(q.s).value);
      }
    }
    std::sort(naming_.begin(), naming_.end());
  }
  bool operator()(std::string_view focus) const {
    return owned(focus) || std::binary_search(naming_.begin(), naming_.end(), focus);
  }
  bool operator()(graph::TermId t) const {
    if (t >= memo_.size())
      memo_.resize(std::size_t{t} + 1, unknown); // terms added since (see add_classes())
    if (memo_[t] == unknown) {
      // A subject naming a changed id is marked already; no other IRI has the value of one
      // (an IRI's value is unique among IRIs, and the binder makes no blank nodes).
      const graph::TermView v = terms_.get(t);
      const bool naming =
          !v.is_iri() && std::binary_search(naming_.begin(), naming_.end(), v.value);
      memo_[t] = naming || owned(v.value) ? yes : no;
    }
    return memo_[t] == yes;
  }

private:
  /// Whether an owner is `iri`'s id or one above it; ids with more slashes than any owner's are
  /// not looked up (the owners are mostly plain ids).
  bool owned(std::string_view iri) const {
    return owner_candidates(
        iri, [&](std::string_view id) { return owners_.count(id) != 0; }, max_slashes_);
  }
  enum : std::uint8_t { unknown, no, yes };
  std::unordered_set<std::string_view> owners_; ///< views into the run's owners
  std::size_t max_slashes_ = 0;                 ///< in an owner
  const graph::TermTable &terms_;
  std::vector<std::string_view> naming_;   ///< views into the run's terms, sorted
  mutable std::vector<std::uint8_t> memo_; ///< by term
};

/// As build does: the shapes are not checked when binding gave an error.
bool Workspace::binding_errors() const {
  for (const auto &[path, f] : files_) {
    for (const json *part : {&f.declare_diagnostics, &f.emit_diagnostics}) {
      for (const json &d : *part) {
        if (d["severity"] == 1)
          return true;
      }
    }
  }
  return false;
}

/// Whether every file declaring an owner, or the id that owns a thing of the graph to check
/// again (the longest declared), was bound: then those things have all their triples in the
/// graph.
bool Workspace::complete(const Run &run, const Refocus &again) const {
  std::unordered_map<std::string, bool> checked; // by id
  const auto all_bound = [&](const std::string &id) {
    const auto [at, added] = checked.try_emplace(id, true);
    const auto it = declarers_.find(id);
    if (added && it != declarers_.end()) {
      at->second = std::all_of(it->second.begin(), it->second.end(), [&](const std::string &p) {
        const std::size_t i = run.index_of(p);
        return i == 0 || run.bound[i];
      });
    }
    return at->second;
  };
  for (const std::string &id : run.owners) {
    if (!all_bound(id))
      return false;
  }
  const graph::TermTable &terms = run.c.graph.terms();
  std::vector<bool> seen(terms.size() + 1, false);
  std::string owner;
  for (const graph::Quad &q : run.c.graph.quads()) {
    if (seen[q.s])
      continue;
    seen[q.s] = true;
    if (!again(q.s))
      continue;
    const graph::TermView s = terms.get(q.s);
    if (!s.is_iri())
      continue;
    owner.clear();
    owner_candidates(s.value, [&](std::string_view id) {
      const auto it = declarers_.find(id);
      if (it != declarers_.end() && !it->second.empty())
        owner = id;
      return false; // on to the longest declared one
    });
    if (!owner.empty() && !all_bound(owner))
      return false;
  }
  return true;
}

/// The classes of the things the bound files name, from the declarations in the files not
/// bound (sh:class reads them), as a full analysis's graph has them.
void Workspace::add_classes(Run &run) const {
  std::vector<std::string_view> named; // in the order first named (a run's order)
  std::unordered_set<std::string_view> seen(std::size_t{1} << 12U);
  for (std::size_t i = 1; i < run.bound.size() && i <= run.order.size(); ++i) {
    if (run.bound[i]) {
      for (const Reference &r : run.order[i - 1]->references) {
        if (seen.insert(r.id).second)
          named.push_back(r.id);
      }
    }
  }
  graph::TermTable &terms = run.c.graph.terms();
  const graph::TermId type = terms.iri(vocab::rdf_type);
  std::string iri = compile::default_base;
  for (const std::string_view id : named) {
    const auto by = declarers_.find(id);
    if (by == declarers_.end())
      continue;
    for (const std::string &p : by->second) {
      const std::size_t i = run.index_of(p);
      if (i == 0 || run.bound[i])
        continue;
      for (const Declaration &d : run.order[i - 1]->declarations) {
        if (d.cls == 0 || d.id != id)
          continue;
        iri.resize(std::char_traits<char>::length(compile::default_base));
        iri += d.id;
        run.c.graph.add(terms.iri(iri), type, terms.iri(ontology_->classes()[d.cls].iri));
      }
    }
  }
}

/// The names and texts of the shapes files, as check_shapes() compares them; false when one
/// cannot be read (load_shapes() then says why). Empty for the embedded shapes.
bool Workspace::read_shapes_files(std::string &out) const {
  out.clear();
  for (const std::string &path : settings_.shapes) {
    auto text = read_file(path);
    if (!text)
      return false;
    out.append(path).append(1, '\0').append(text.value()).append(1, '\0');
  }
  return true;
}

void Workspace::clear_shapes() {
  for (auto &[path, f] : files_) {
    f.shape_diagnostics = json::array();
    f.shape_focus.clear();
  }
}

/// The shapes to check (null when they cannot be used): those compiled by an earlier analysis
/// while the shapes files' texts stay the same, else compiled now (into `loaded` when loading
/// reported problems, else kept for the next analyses). `read` gets the files' names and
/// texts, `problems` what loading reported.
const validate::Shapes *Workspace::shapes_for(Run &run, std::optional<validate::Shapes> &loaded,
                                              std::string &read,
                                              std::vector<std::string> &problems) {
  run.c.diagnostics = DiagnosticSink{};
  if (read_shapes_files(read) && compiled_shapes_ && read == compiled_from_)
    return &*compiled_shapes_; // the same texts: the same shapes, and no problems
  compile::ShapeOptions so;
  so.shapes_paths = settings_.shapes;
  so.fail_on = settings_.fail_on;
  so.jobs = 1;
  loaded = compile::load_shapes(run.c, so);
  for (const Diagnostic &d : run.c.diagnostics.all())
    problems.push_back(render(d, run.c.sources));
  read.clear(); // as load_shapes() read them (the sources after the workspace's files)
  for (std::size_t i = run.order.size() + 1; i < run.c.sources.size(); ++i) {
    const SourceFile &f = run.c.sources.get(static_cast<std::uint32_t>(i));
    read.append(f.name()).append(1, '\0').append(f.text()).append(1, '\0');
  }
  compiled_shapes_.reset();
  if (!loaded || !problems.empty())
    return loaded ? &*loaded : nullptr;
  compiled_shapes_ = std::move(loaded);
  loaded.reset();
  compiled_from_ = read;
  return &*compiled_shapes_;
}

Scope Workspace::check_shapes(std::unique_ptr<Run> &run, Scope scope) {
  // As build does, the results are not shown while binding gives errors (see diagnostics()).
  shapes_shown_ = !binding_errors();
  if (settings_.validate && scope == Scope::edited && !shapes_shown_ && shapes_known_ &&
      unchecked_owners_.empty() && unchecked_changed_.empty()) {
    // Not shown: they are checked by the next analysis, for what this edit touched too
    // (affected() binds its files again). Only one is put off (the next checks whatever the
    // errors): the files of a second would add to the next one's.
    unchecked_owners_ = run->owners;
    unchecked_changed_ = run->changed;
    return scope;
  }
  unchecked_owners_.clear();
  unchecked_changed_.clear();
  if (!settings_.validate) {
    clear_shapes();
    shapes_known_ = false;
    return scope;
  }
  std::vector<std::string> problems; // in a shapes file, or about one: told on full analyses
  std::string read;                  // the shapes files as read now
  std::optional<validate::Shapes> loaded;
  const validate::Shapes *shapes = shapes_for(*run, loaded, read, problems);
  if (scope == Scope::full)
    messages_.insert(messages_.end(), problems.begin(), problems.end());
  if (shapes == nullptr) {
    clear_shapes();
    shapes_known_ = false;
    return scope;
  }
  std::optional<Refocus> again;
  if (scope == Scope::edited)
    again.emplace(*run);
  // The results kept must come from the same shapes (a file changed on disk, unwatched).
  if (scope == Scope::edited &&
      !(shapes_known_ && read == shapes_read_ && shapes->local() && complete(*run, *again))) {
    again.reset();
    run = start_run(); // every focus node: bind every file
    bind_files(*run, Scope::full);
    scope = Scope::full;
    messages_.insert(messages_.end(), problems.begin(), problems.end());
  }
  if (scope == Scope::edited) {
    add_classes(*run);
    // With local shapes (see Shapes::local()) a focus node's results read its own triples and
    // the classes of its values alone: the other triples need not be sorted and indexed.
    const graph::TermTable &terms = run->c.graph.terms();
    const graph::TermId type = terms.find(graph::TermKind::iri, vocab::rdf_type);
    const graph::TermId sub = terms.find(graph::TermKind::iri, vocab::rdfs_sub_class_of);
    run->c.graph.retain([&](const graph::Quad &q) {
      return (q.p != 0 && (q.p == type || q.p == sub)) || (*again)(q.s);
    });
  }
  run->table.resize(run->c.sources.size(), nullptr); // the shapes files are not the workspace's
  validate::ValidateOptions options;
  // A large graph (many files bound) is sorted and checked on every core.
  options.jobs = run->c.graph.quads().size() >= parallel_quads ? 0U : 1U;
  if (again) { // the focus nodes the edit can change alone
    options.focus_filter = [&again](graph::TermId id) { return (*again)(id); };
  }
  const validate::Report report = compile::validate_graph(run->c, *shapes, std::move(options));
  if (report.error) {
    messages_.push_back(*report.error);
    clear_shapes();
    shapes_known_ = false;
    return scope;
  }
  place_results(*run, report, again ? &*again : nullptr);
  shapes_known_ = true;
  shapes_read_ = std::move(read);
  return scope;
}

/// The results as the files' diagnostics: all of them (a full check, `again` null), or those
/// of the focus nodes to check again, in place of their earlier results. Each file's results are
/// sorted by place, message and focus node, so that both ways give the same lists.
void Workspace::place_results(const Run &run, const validate::Report &report,
                              const Refocus *again) {
  const bool all = again == nullptr;
  std::vector<bool> renewed(run.table.size(), all);
  if (all) {
    clear_shapes();
  } else {
    for (std::size_t i = 1; i < run.order.size() + 1; ++i) {
      FileEntry &f = *run.order[i - 1];
      json kept = json::array();
      std::vector<std::string> focus;
      for (std::size_t k = 0; k < f.shape_focus.size(); ++k) {
        if ((*again)(f.shape_focus[k]))
          continue;
        kept.push_back(std::move(f.shape_diagnostics[k]));
        focus.push_back(std::move(f.shape_focus[k]));
      }
      renewed[i] = focus.size() != f.shape_focus.size();
      f.shape_diagnostics = std::move(kept);
      f.shape_focus = std::move(focus);
    }
  }
  validate::Report chosen;
  chosen.prefixes = report.prefixes;
  for (const validate::ValidationResult &r : report.results) {
    if (all || (*again)(r.focus.value))
      chosen.results.push_back(r);
  }
  DiagnosticSink sink;
  validate::report_diagnostics(chosen, run.c.graph, sink, settings_.fail_on);
  for (std::size_t k = 0; k < sink.all().size(); ++k) {
    const Diagnostic &d = sink.all()[k];
    json lsp = to_lsp(d, run.table);
    if (lsp.is_null()) {
      messages_.push_back(render(d, run.c.sources)); // not in a fact file of the workspace
      continue;
    }
    FileEntry &f = *run.order[d.span.file - 1];
    f.shape_diagnostics.push_back(std::move(lsp));
    f.shape_focus.push_back(chosen.results[k].focus.value);
    renewed[d.span.file] = true;
  }
  for (std::size_t i = 1; i < renewed.size() && i < run.order.size() + 1; ++i) {
    if (!renewed[i])
      continue;
    FileEntry &f = *run.order[i - 1];
    using Key = std::tuple<int, int, int, int, std::string, std::string_view, std::size_t>;
    std::vector<Key> keys;
    for (std::size_t k = 0; k < f.shape_focus.size(); ++k) {
      const json &r = f.shape_diagnostics[k]["range"];
      keys.emplace_back(r["start"]["line"].get<int>(), r["start"]["character"].get<int>(),
                        r["end"]["line"].get<int>(), r["end"]["character"].get<int>(),
                        f.shape_diagnostics[k].dump(), f.shape_focus[k], k);
    }
    std::sort(keys.begin(), keys.end());
    std::vector<std::size_t> by;
    for (const Key &key : keys)
      by.push_back(std::get<6>(key));
    json sorted = json::array();
    std::vector<std::string> focus;
    for (const std::size_t k : by) {
      sorted.push_back(f.shape_diagnostics[k]);
      focus.push_back(f.shape_focus[k]);
    }
    f.shape_diagnostics = std::move(sorted);
    f.shape_focus = std::move(focus);
  }
}

json Workspace::diagnostics(const FileEntry &f) const {
  json all = json::array();
  const json none = json::array();
  for (const json *part : {&f.parse_diagnostics, &f.declare_diagnostics, &f.emit_diagnostics,
                           shapes_shown_ ? &f.shape_diagnostics : &none}) {
    for (const json &d : *part)
      all.push_back(d);
  }
  std::stable_sort(all.begin(), all.end(), [](const json &a, const json &b) {
    const json &ra = a["range"]["start"];
    const json &rb = b["range"]["start"];
    return std::make_pair(ra["line"].get<int>(), ra["character"].get<int>()) <
           std::make_pair(rb["line"].get<int>(), rb["character"].get<int>());
  });
  return all;
}

std::pair<const FileEntry *, const Declaration *>
Workspace::declaration(const std::string &id) const {
  for (const auto &[path, f] : files_) {
    for (const Declaration &d : f.declarations) {
      if (d.id == id)
        return {&f, &d};
    }
  }
  return {nullptr, nullptr};
}

} // namespace factloom::lsp
