// build --cache DIR: the run's key, the check of the recorded run, stderr captured and replayed.
#include "cli/build_cache.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>

#include "base/io.hpp"
#include "base/parallel.hpp"
#include "base/sha256.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "incremental/cache.hpp"
#include "incremental/check_state.hpp"
#include "incremental/splice.hpp"
#include "rdf/read.hpp"
#include "serialise/write.hpp"
#include "validate/validate.hpp"

namespace factloom::cli {

namespace {

/// Copies what is written to it to `next` and to `copy` (stderr, captured).
class TeeBuf final : public std::streambuf {
public:
  TeeBuf(std::streambuf *next, std::string &copy) : next_(next), copy_(copy) {}

protected:
  int overflow(int c) override {
    if (c == traits_type::eof())
      return traits_type::not_eof(c);
    copy_.push_back(static_cast<char>(c));
    return next_->sputc(static_cast<char>(c));
  }
  std::streamsize xsputn(const char *s, std::streamsize n) override {
    copy_.append(s, static_cast<std::size_t>(n));
    return next_->sputn(s, n);
  }
  int sync() override { return next_->pubsync(); }

private:
  std::streambuf *next_;
  std::string &copy_;
};

/// std::cerr teed into a string for the scope of the object.
class CaptureStderr {
public:
  explicit CaptureStderr(std::string &copy) : tee_(std::cerr.rdbuf(), copy) {
    saved_ = std::cerr.rdbuf(&tee_);
  }
  ~CaptureStderr() { std::cerr.rdbuf(saved_); }
  CaptureStderr(const CaptureStderr &) = delete;
  CaptureStderr &operator=(const CaptureStderr &) = delete;

private:
  TeeBuf tee_;
  std::streambuf *saved_ = nullptr;
};

/// Everything but the inputs' bytes that the run's output and diagnostics depend on: this
/// program (its bytes: the embedded ontology and shapes are in it), the working folder (the
/// paths printed), the command line without --cache and --jobs, and the bytes of the extra
/// files. nullopt when one cannot be read (no cache then).
std::optional<std::string> run_key(const CacheJob &job) {
  std::string key = "factloom " FACTLOOM_VERSION "\n";
  const Result<std::string> self = read_file("/proc/self/exe");
  if (!self)
    return std::nullopt;
  key += "exe " + sha256_hex(self.value()) + "\n";
  std::error_code ec;
  key += "cwd " + std::filesystem::current_path(ec).string() + "\n";
  key += "command " + job.command + "\n";
  for (const auto &[name, values] : job.args->values) {
    if (name == "--cache" || name == "--no-cache" || name == "--jobs")
      continue;
    for (const std::string &v : values)
      key += "option " + name + "\t" + std::to_string(v.size()) + "\t" + v + "\n";
    if (values.empty())
      key += "option " + name + "\n";
  }
  for (const std::string &p : job.args->positionals)
    key += "input " + std::to_string(p.size()) + "\t" + p + "\n";
  for (const std::string &path : job.extra) {
    const auto stamp = incremental::stamp_file(path);
    if (!stamp)
      return std::nullopt;
    key += "file " + path + "\t" + stamp->sha256 + "\n";
  }
  return key;
}

/// Whether `old` recorded this very run: the same key, the same input files with the same
/// bytes (`now`: their stamps), and (for a build that succeeded) the output it wrote still in
/// place.
bool answers(const incremental::Record &old, const std::string &key,
             const std::vector<incremental::Stamp> &now, const CacheJob &job) {
  if (old.key != key || old.inputs.size() != now.size())
    return false;
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (old.inputs[i].path != now[i].path || old.inputs[i].sha256 != now[i].sha256)
      return false;
  }
  if (!job.output.empty() && old.status == 0) {
    if (!old.output || old.output->path != job.output || !incremental::same_stat(*old.output))
      return false;
  }
  return true;
}

/// Runs `fresh` with stderr captured and records it in `cache_file` when it can be replayed.
int record_fresh(const CacheJob &job, const std::string &cache_file, incremental::Record record,
                 const std::function<int()> &fresh) {
  int status = 0;
  {
    const CaptureStderr capture(record.diagnostics);
    status = fresh();
  }
  std::error_code ec;
  if (status != 0 && status != 1) {
    std::filesystem::remove(cache_file, ec);
    return status;
  }
  record.status = status;
  if (!job.output.empty() && status == 0) {
    record.output = incremental::stat_file(job.output);
    if (!record.output)
      return status;
  }
  // A cache that cannot be written is not reported: the next run is only a full run again.
  (void)incremental::save(cache_file, record);
  return status;
}

/// FACTLOOM_CACHE_LOG=FILE: one line a cached run appends to FILE ("answered", "full", or
/// "partial BOUND FILES"), for tests and benchmarks to see which way a run went.
void log_run(const std::string &line) {
  const char *path = std::getenv("FACTLOOM_CACHE_LOG");
  if (path == nullptr || *path == '\0')
    return;
  if (std::FILE *f = std::fopen(path, "a")) {
    std::fputs((line + "\n").c_str(), f);
    std::fclose(f);
  }
}

/// The diagnostics of a check's files, by position in `inputs` (nullopt when one is not in an
/// input, or, with `only`, in a file it selects: the run cannot be recorded by file then).
std::optional<std::vector<incremental::FileDiagnostics>>
diagnostics_by_file(const compile::Compilation &c, const std::vector<incremental::Stamp> &inputs,
                    const std::vector<bool> *only) {
  const std::size_t n = inputs.size();
  if (c.sources.size() < n + 1) // a partial build adds the previous output's text
    return std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    if (c.sources.get(static_cast<std::uint32_t>(i + 1)).name() != inputs[i].path)
      return std::nullopt;
  }
  std::vector<incremental::FileDiagnostics> out(n);
  for (const Diagnostic &d : c.diagnostics.all()) {
    if (!d.span.valid() || d.span.file > n || (only != nullptr && !(*only)[d.span.file - 1]))
      return std::nullopt;
    incremental::FileDiagnostics &f = out[d.span.file - 1];
    f.rendered.push_back(render_line(d, c.sources));
    f.errors += d.severity == Severity::error ? 1 : 0;
    f.warnings += d.severity == Severity::warning ? 1 : 0;
    f.unknown_id = f.unknown_id || d.message.rfind("unknown id '", 0) == 0;
    for (const Diagnostic &note : d.notes) {
      if (note.span.valid() && note.span.file != d.span.file)
        f.mentions.push_back(c.sources.get(note.span.file).name());
    }
  }
  for (incremental::FileDiagnostics &f : out) {
    std::sort(f.mentions.begin(), f.mentions.end());
    f.mentions.erase(std::unique(f.mentions.begin(), f.mentions.end()), f.mentions.end());
  }
  return out;
}

/// A check run in full, recorded with its files' records.
int record_check(const CacheJob &job, const std::string &cache_file, incremental::Record record) {
  compile::Compilation c;
  std::vector<compile::FileGives> gives;
  int status = 0;
  {
    const CaptureStderr capture(record.diagnostics);
    status = job.check(c, &gives);
  }
  std::error_code ec;
  if (status != 0 && status != 1) {
    std::filesystem::remove(cache_file, ec);
    return status;
  }
  record.status = status;
  log_run("full");
  const auto diagnostics = diagnostics_by_file(c, record.inputs, nullptr);
  if (diagnostics && gives.size() == record.inputs.size() + 1) {
    auto all = std::make_shared<std::string>();
    std::vector<std::size_t> ends;
    for (std::size_t i = 0; i < record.inputs.size(); ++i) {
      *all += incremental::encode_file(gives[i + 1], (*diagnostics)[i]);
      ends.push_back(all->size());
    }
    std::vector<incremental::FileRecord> files;
    for (std::size_t i = 0, begin = 0; i < ends.size(); begin = ends[i++])
      files.push_back(
          *incremental::FileRecord::read(std::string_view(*all).substr(begin, ends[i] - begin)));
    auto index = std::make_shared<std::string>();
    record.state = incremental::state_parts(files, *index);
    record.keep = {all, index};
  }
  (void)incremental::save(cache_file, record);
  return status;
}

/// A partial check: which files it binds, the records of the others.
struct Part {
  std::vector<bool> bind;                       ///< by position in the inputs now
  std::vector<incremental::FileRecord> records; ///< now (a bound file's: the last run's, or none)
  std::vector<std::string> gone;                ///< paths of the files changed or removed
  /// The ids the bound or removed files declared first in the last run: id -> (path, class,
  /// begin, end) of its entity then.
  std::unordered_map<std::string_view,
                     std::tuple<std::string_view, std::uint32_t, std::uint32_t, std::uint32_t>>
      before;
  std::unordered_set<std::uint32_t> before_ids; ///< hashes of every id they declared then
  /// By position now: the file's position in the last run (none: added).
  std::vector<std::size_t> old_index;
};

/// Notes what a file bound, or removed, declared in the last run (its record `r`, at `path`):
/// the ids it declared first, and the hashes of those it declared again (the files that
/// declared them first describe the same things, which it changed too).
void note_before(Part &part, const incremental::FileRecord &r, std::string_view path) {
  r.each_owned([&](std::string_view id, std::uint32_t cls, std::uint32_t begin, std::uint32_t end) {
    part.before[id] = {path, cls, begin, end};
    part.before_ids.insert(compile::id_hash(id));
  });
  for (const std::uint32_t h : r.also())
    part.before_ids.insert(h);
}

/// Binds also the files not bound yet that declare an id of `hashes` (they share its entity);
/// whether it added one.
bool add_declarers(Part &part, const std::unordered_set<std::uint32_t> &hashes,
                   const std::vector<incremental::Stamp> &now) {
  bool added = false;
  for (std::size_t i = 0; i < part.bind.size(); ++i) {
    if (!part.bind[i] && part.records[i].declares_any(hashes)) {
      part.bind[i] = true;
      note_before(part, part.records[i], now[i].path);
      added = true;
    }
  }
  return added;
}

/// The old and new inputs walked together: the records of files unchanged, the changed ones
/// bound. nullopt when more changed than a partial check is worth.
std::optional<Part> start_part(std::vector<incremental::FileRecord> &&old_records,
                               const incremental::Record &old,
                               const std::vector<incremental::Stamp> &now) {
  Part part;
  part.bind.assign(now.size(), false);
  part.old_index.assign(now.size(), incremental::Vocabulary::none);
  auto gone = [&](std::size_t at) {
    note_before(part, old_records[at], old.inputs[at].path);
    part.gone.push_back(old.inputs[at].path);
  };
  const bool same_files = old.inputs.size() == now.size() &&
                          std::equal(now.begin(), now.end(), old.inputs.begin(),
                                     [](const incremental::Stamp &a, const incremental::Stamp &b) {
                                       return a.path == b.path;
                                     });
  for (std::size_t i = 0; same_files && i < now.size(); ++i) {
    part.old_index[i] = i;
    if (old.inputs[i].sha256 != now[i].sha256) {
      part.bind[i] = true;
      gone(i);
    }
  }
  if (same_files)
    part.records = std::move(old_records); // the bound files' records are not read
  else
    part.records.resize(now.size());
  std::size_t o = same_files ? old.inputs.size() : 0;
  for (std::size_t i = 0; !same_files && i < now.size(); ++i) {
    for (; o < old.inputs.size() && old.inputs[o].path < now[i].path; ++o)
      gone(o);
    const bool known = o < old.inputs.size() && old.inputs[o].path == now[i].path;
    if (known)
      part.old_index[i] = o;
    if (known && old.inputs[o].sha256 == now[i].sha256) {
      part.records[i] = old_records[o++];
      continue;
    }
    part.bind[i] = true;
    if (known)
      gone(o++);
  }
  for (; o < old.inputs.size(); ++o)
    gone(o);
  const std::size_t most = std::max<std::size_t>(16, now.size() / 50);
  if (static_cast<std::size_t>(std::count(part.bind.begin(), part.bind.end(), true)) > most ||
      part.gone.size() > most)
    return std::nullopt;
  std::sort(part.gone.begin(), part.gone.end());
  const std::unordered_set<std::uint32_t> ids = part.before_ids;
  add_declarers(part, ids, now);
  return part;
}

/// After a partial compilation: binds also the files its results reach (the declarers of an id
/// a bound file declares now; the files naming an id whose entity changed; the files with an
/// unknown id when the set of ids changed; the files whose diagnostics show a changed file's
/// lines). Returns whether it added one.
bool widen(Part &part, const std::vector<compile::FileGives> &gives,
           const std::vector<incremental::Stamp> &now) {
  std::unordered_set<std::uint32_t> declared, changed;
  std::unordered_set<std::string_view> seen;
  bool ids_changed = false;
  for (std::size_t i = 0; i < part.bind.size(); ++i) {
    if (!part.bind[i])
      continue;
    const compile::FileGives &g = gives[i + 1];
    for (const compile::FileGives::Owned &o : g.owned) {
      const std::uint32_t h = compile::id_hash(o.id);
      declared.insert(h);
      seen.insert(o.id);
      const auto it = part.before.find(o.id);
      // Where in its file it is declared matters to the notes of other files' diagnostics only,
      // which name the file (its `mentions`, bound when it changed).
      if (it == part.before.end() || std::get<0>(it->second) != now[i].path ||
          std::get<1>(it->second) != o.cls)
        changed.insert(h);
      ids_changed = ids_changed || it == part.before.end();
    }
    declared.insert(g.also.begin(), g.also.end());
  }
  for (const auto &entry : part.before) {
    if (seen.count(entry.first) == 0) {
      changed.insert(compile::id_hash(entry.first));
      ids_changed = true;
    }
  }
  bool added = add_declarers(part, declared, now);
  for (std::size_t i = 0; i < part.bind.size(); ++i) {
    if (part.bind[i])
      continue;
    const incremental::FileRecord &r = part.records[i];
    bool reached = (ids_changed && r.unknown_id()) || r.names_any(changed);
    for (const std::string_view p : r.mentions())
      reached = reached || std::binary_search(part.gone.begin(), part.gone.end(), p);
    if (reached) {
      part.bind[i] = true;
      note_before(part, r, now[i].path);
      added = true;
    }
  }
  return added;
}

/// The partial compilation of `part`, widened until it reaches no more files; null when it
/// cannot stand for a full one (an unreadable file, more rounds than a few).
std::unique_ptr<compile::Compilation> compile_part(const CacheJob &job, Part &part,
                                                   const std::vector<std::string> &files,
                                                   const std::vector<incremental::Stamp> &now,
                                                   std::vector<compile::FileGives> &gives) {
  for (int round = 0; round < 4; ++round) {
    compile::Partial partial;
    partial.bind = part.bind;
    partial.known = [&](std::size_t i, const std::unordered_set<std::uint32_t> *only,
                        const compile::DeclareKnown &declare) {
      part.records[i].each_owned(declare, only);
    };
    compile::Options options = job.options;
    gives.clear();
    options.gives = &gives;
    auto c = std::make_unique<compile::Compilation>();
    compile::compile_partial(files, partial, options, *c);
    if (c->io_errors > 0)
      return nullptr;
    if (!widen(part, gives, now))
      return c;
  }
  return nullptr;
}

/// Gives the files whose lines the diagnostics of `c` show their text (a file not bound was
/// added without it); false when one cannot be read.
bool read_mentioned(compile::Compilation &c, const std::vector<incremental::Stamp> &inputs) {
  for (const Diagnostic &d : c.diagnostics.all()) {
    for (const Diagnostic &note : d.notes) {
      if (!note.span.valid() || !c.sources.get(note.span.file).text().empty())
        continue;
      Result<std::string> text = read_file(inputs[note.span.file - 1].path);
      if (!text)
        return false;
      c.sources.set_text(note.span.file, std::move(text.value()));
    }
  }
  return true;
}

/// What a partial run says: every file's diagnostics, in order, as printed.
struct Said {
  std::vector<std::string_view> texts;
  std::size_t errors = 0, warnings = 0;
  /// Prints them (with the summary) to stderr, and into `copy`.
  void print(std::string &copy) const {
    const CaptureStderr capture(copy);
    print_rendered(texts, errors, warnings);
    std::cerr << std::flush;
  }
};

/// The bound files' records made anew (`gives`, `fresh`: what they give and say now; `keep`
/// holds them); what all the files say.
Said renew(Part &part, const std::vector<compile::FileGives> &gives,
           const std::vector<incremental::FileDiagnostics> &fresh,
           std::vector<std::shared_ptr<const void>> &keep) {
  Said said;
  for (std::size_t i = 0; i < part.records.size(); ++i) {
    if (part.bind[i]) {
      auto made =
          std::make_shared<const std::string>(incremental::encode_file(gives[i + 1], fresh[i]));
      keep.push_back(made);
      part.records[i] = *incremental::FileRecord::read(*made);
    }
    const incremental::FileRecord &r = part.records[i];
    for (const std::string_view d : r.diagnostics())
      said.texts.push_back(d);
    said.errors += r.errors();
    said.warnings += r.warnings();
  }
  return said;
}

/// check --cache after a few files changed: binds those and the files they reach, and takes
/// the others' diagnostics from the cache; nullopt when a full run is needed.
std::optional<int> check_part(const CacheJob &job, const incremental::Record &old,
                              incremental::Record &record, const std::string &cache_file,
                              const std::vector<std::string> &files) {
  if (old.key != record.key || old.state.size() != 1)
    return std::nullopt;
  auto old_records = incremental::decode_state(old.state.front(), old.inputs.size());
  if (!old_records)
    return std::nullopt;
  auto part = start_part(std::move(*old_records), old, record.inputs);
  if (!part)
    return std::nullopt;
  std::vector<compile::FileGives> gives;
  const std::unique_ptr<compile::Compilation> c =
      compile_part(job, *part, files, record.inputs, gives);
  if (!c || !read_mentioned(*c, record.inputs))
    return std::nullopt;
  const auto fresh = diagnostics_by_file(*c, record.inputs, &part->bind);
  if (!fresh || gives.size() != record.inputs.size() + 1)
    return std::nullopt;
  record.keep = old.keep; // the records of the files not bound point into it
  const Said said = renew(*part, gives, *fresh, record.keep);
  said.print(record.diagnostics);
  record.status = said.errors > 0 ? exit_invalid : exit_ok;
  log_run("partial " + std::to_string(std::count(part->bind.begin(), part->bind.end(), true)) +
          " " + std::to_string(part->records.size()));
  auto index = std::make_shared<std::string>();
  record.state = incremental::state_parts(part->records, *index);
  record.keep.push_back(index);
  (void)incremental::save(cache_file, record);
  return record.status;
}

/// Record::state of a build: the files' records (check_state.hpp), their vocabularies and the
/// output's group starts (incremental/splice.hpp).
void set_build_state(incremental::Record &record,
                     const std::vector<incremental::FileRecord> &records,
                     const incremental::Vocabulary &vocabulary,
                     incremental::Packed<std::uint64_t> starts) {
  auto index = std::make_shared<std::string>();
  const std::vector<std::string_view> parts = incremental::state_parts(records, *index);
  record.keep.push_back(index);
  record.state = incremental::build_state_parts(
      parts, incremental::BuildState{{}, vocabulary, std::move(starts)}, record.keep);
}

/// Whether `good` is a build that wrote the output still in place, with its state: what a
/// failed build keeps, for the next build to start from.
bool worth_keeping(const CacheJob &job, const incremental::Record &record,
                   const incremental::Record *good) {
  return good != nullptr && good->status == 0 && good->key == record.key && good->output &&
         good->output->path == job.output && good->state.size() == 1 &&
         incremental::same_stat(*good->output);
}

/// A full build, recorded with what a partial build needs when it wrote its output
/// (docs/incremental.md, "A partial build"); a failed one keeps `start`, the last good build,
/// when the output is still the one that wrote.
int record_build(const CacheJob &job, const std::string &cache_file, incremental::Record record,
                 const std::string &why, const incremental::Record *start) {
  BuildTrace trace;
  compile::Compilation c;
  int status = 0;
  {
    const CaptureStderr capture(record.diagnostics);
    status = job.build(c, trace);
  }
  std::error_code ec;
  if (status != 0 && status != 1) {
    std::filesystem::remove(cache_file, ec);
    return status;
  }
  record.status = status;
  log_run(why.empty() ? "full" : "full (not partial: " + why + ")");
  if (status == 0) {
    record.output = incremental::stat_file(job.output);
    if (!record.output)
      return status;
  }
  const std::size_t n = record.inputs.size();
  const auto diagnostics = diagnostics_by_file(c, record.inputs, nullptr);
  if (status == 0 && diagnostics && trace.gives.size() == n + 1 && trace.vocab.size() == n + 1 &&
      trace.starts.size() >= 2) {
    std::vector<std::shared_ptr<const std::string>> made;
    std::vector<incremental::FileRecord> records;
    for (std::size_t i = 0; i < n; ++i) {
      made.push_back(std::make_shared<const std::string>(
          incremental::encode_file(trace.gives[i + 1], (*diagnostics)[i])));
      records.push_back(*incremental::FileRecord::read(*made.back()));
    }
    set_build_state(record, records,
                    incremental::Vocabulary({trace.vocab.begin() + 1, trace.vocab.end()}),
                    incremental::Packed<std::uint64_t>(std::move(trace.starts)));
    record.keep.insert(record.keep.end(), made.begin(), made.end());
  }
  if (status == 1 && worth_keeping(job, record, start))
    incremental::keep_base(record, *start);
  (void)incremental::save(cache_file, record);
  return status;
}

/// The groups of the previous output that describe the things the partial build's files
/// declare (`ids`), and the new text of each: false when they cannot stand in for a full build.
struct Regroup {
  std::string text;
  std::vector<std::uint64_t> starts;
  std::vector<graph::TermId> subjects;
  std::vector<std::size_t> drop;
  std::vector<incremental::Output::Group> add;
};

bool regroup(const CacheJob &job, const compile::Compilation &c, const incremental::Output &output,
             const std::unordered_set<std::string> &ids, Regroup &g) {
  serialise::WriteOptions wo;
  wo.syntax = job.syntax;
  wo.jobs = job.options.jobs;
  if (!serialise::write_groups(c.graph, wo, g.text, g.starts, g.subjects))
    return false;
  const std::string &base = job.options.base_iri;
  for (std::size_t k = 0; k < g.subjects.size(); ++k) {
    const std::string_view iri = c.graph.terms().get(g.subjects[k]).value;
    if (!incremental::owned(iri, base, ids))
      return false; // a quad outside the things its file declares: not a case handled here
    const std::uint64_t end = k + 1 < g.starts.size() ? g.starts[k + 1] : g.text.size();
    g.add.push_back(
        {std::string(iri), std::string_view(g.text).substr(g.starts[k], end - g.starts[k])});
  }
  auto drop = output.owned_by(std::vector<std::string>(ids.begin(), ids.end()), base);
  if (!drop)
    return false;
  g.drop = std::move(*drop);
  return true;
}

/// The previous output's groups of the IRIs the new groups' triples name (the classes of the
/// things they name, the descriptions of the ontology terms they use) read into `c.graph`, so
/// that checking the new groups' subjects sees what a full build's validation sees.
bool read_neighbours(const compile::Compilation &c, const incremental::Output &output,
                     const std::unordered_set<graph::TermId> &subjects, std::string &text) {
  std::unordered_set<graph::TermId> seen;
  text = std::string(output.head());
  for (const graph::Quad &q : c.graph.quads()) {
    if (!c.graph.terms().get(q.o).is_iri() || subjects.count(q.o) != 0 || !seen.insert(q.o).second)
      continue;
    const std::string_view iri = c.graph.terms().get(q.o).value;
    const auto k = output.lower_bound(iri);
    if (!k)
      return false;
    if (*k < output.groups() && output.subject(*k) == iri)
      text += output.statements(*k);
  }
  return true;
}

/// Checks the subjects of the new groups as a full build would, its results diagnostics of `c`;
/// false when that cannot be told from them (shapes that are not local).
bool validate_part(const CacheJob &job, compile::Compilation &c, const incremental::Output &output,
                   const std::vector<graph::TermId> &subject_list) {
  const std::size_t said = c.diagnostics.all().size();
  const std::optional<validate::Shapes> shapes = compile::load_shapes(c, *job.shapes);
  if (!shapes || !shapes->local() || c.diagnostics.all().size() != said)
    return false;
  const std::unordered_set<graph::TermId> subjects(subject_list.begin(), subject_list.end());
  std::string text;
  if (!read_neighbours(c, output, subjects, text))
    return false;
  const std::uint32_t file = c.sources.add("<previous output>", std::move(text));
  rdf::ReadOptions ro;
  ro.syntax = job.syntax;
  if (!rdf::read_rdf(c.sources.get(file), file, ro, c.graph, c.diagnostics) ||
      c.diagnostics.all().size() != said)
    return false;
  validate::ValidateOptions options;
  options.jobs = job.options.jobs;
  options.focus_filter = [&subjects](graph::TermId t) { return subjects.count(t) != 0; };
  const validate::Report report = compile::validate_graph(c, *shapes, std::move(options));
  if (report.error)
    return false;
  validate::report_diagnostics(report, c.graph, c.diagnostics, job.shapes->fail_on);
  c.diagnostics.sort(c.sources);
  return true;
}

/// Whether the previous build can be the start of a partial one: it wrote this output and kept
/// its state. Else nullopt, and `why`.
std::optional<incremental::BuildState> build_start(const CacheJob &job,
                                                   const incremental::Record &old,
                                                   const incremental::Record &record,
                                                   std::string &why) {
  why = old.key != record.key ? "another command"
        : old.status != 0     ? "the last build failed"
        : !old.output || old.output->path != job.output || !incremental::same_stat(*old.output)
            ? "the output changed"
        : old.state.size() != 1 ? "no state kept"
                                : "";
  if (!why.empty())
    return std::nullopt;
  auto state = incremental::decode_build_state(old.state.front());
  if (!state || state->vocabulary.files() != old.inputs.size()) {
    why = "no state kept";
    return std::nullopt;
  }
  return state;
}

/// A partial build made ready to write: the files bound and compiled, the groups to replace
/// and their new text, the things checked, what each file says and uses now.
struct BuildPart {
  Part part;
  std::vector<compile::FileGives> gives;
  std::unique_ptr<compile::Compilation> c;
  std::vector<std::vector<std::uint64_t>> vocab; ///< by input position
  Regroup groups;
  std::vector<incremental::FileDiagnostics> fresh; ///< what the bound files say now
};

/// What a partial build writes: the splice of the old output (mapped) into the new file.
struct WritePart {
  const incremental::BuildState &state;
  const incremental::Output &output;
  incremental::Output::Splice splice;
  std::unique_ptr<incremental::Mapping> mapping;
  std::unique_ptr<AtomicFile> file;
  std::uint64_t copied; ///< the output's first bytes, already in `file` (EarlyCopy)
};

/// The ids whose things a partial build writes again: those the files bound declared before
/// and declare now.
std::unordered_set<std::string> things(const BuildPart &b) {
  std::unordered_set<std::string> ids;
  for (const auto &entry : b.part.before)
    ids.insert(std::string(entry.first));
  for (std::size_t i = 0; i < b.part.bind.size(); ++i) {
    for (std::size_t k = 0; b.part.bind[i] && k < b.gives[i + 1].owned.size(); ++k)
      ids.insert(b.gives[i + 1].owned[k].id);
  }
  return ids;
}

/// Binds the files changed and those they reach, and checks the things they describe, as a
/// full build would; false (with `why`) when the result would not be a full build's.
bool prepare_part(const CacheJob &job, const incremental::Record &record,
                  const incremental::BuildState &state, const incremental::Output &output,
                  const std::vector<std::string> &files, BuildPart &b, std::string &why) {
  b.c = compile_part(job, b.part, files, record.inputs, b.gives);
  why = !b.c || !b.c->ontology || b.c->diagnostics.has_errors() ||
                b.gives.size() != record.inputs.size() + 1
            ? "errors"
            : "";
  if (!why.empty())
    return false;
  b.vocab = compile::file_vocabulary(b.c->graph, record.inputs.size() + 1, *b.c->ontology);
  b.vocab.erase(b.vocab.begin());
  if (!state.vocabulary.same_union(b.vocab, b.part.bind, b.part.old_index)) {
    why = "vocabulary"; // the output's ontology terms or prefixes may change
    return false;
  }
  if (!output.valid() || !regroup(job, *b.c, output, things(b), b.groups)) {
    why = "the output's groups";
    return false;
  }
  if (job.shapes != nullptr &&
      (!validate_part(job, *b.c, output, b.groups.subjects) || b.c->diagnostics.has_errors())) {
    why = "validation";
    return false;
  }
  auto fresh = read_mentioned(*b.c, record.inputs)
                   ? diagnostics_by_file(*b.c, record.inputs, &b.part.bind)
                   : std::nullopt;
  if (!fresh) {
    why = "diagnostics";
    return false;
  }
  b.fresh = std::move(*fresh);
  return true;
}

/// The output of a partial build written, its first `copied` bytes already there (EarlyCopy),
/// while the new state is made and saved, all but the part that names the output; then the
/// cache replaced. False (with `why`) when the output could not be written.
bool write_part(const CacheJob &job, const incremental::Record &old, incremental::Record &record,
                const std::string &cache_file, BuildPart &b, WritePart &w, std::string &why) {
  bool written = false;
  Said said;
  std::optional<incremental::Saving> saving;
  parallel::both(
      job.options.jobs,
      [&] {
        written = w.file->truncate_to(w.copied) &&
                  w.output.write(w.splice, *w.file, w.mapping->fd(), w.copied) && w.file->commit();
        w.mapping.reset(); // the old output's pages freed here, not at exit
      },
      [&] {
        record.keep = old.keep; // the records of the files not bound point into it
        said = renew(b.part, b.gives, b.fresh, record.keep);
        set_build_state(record, b.part.records,
                        w.state.vocabulary.with(b.vocab, b.part.bind, b.part.old_index),
                        incremental::Packed<std::uint64_t>(std::move(w.splice.starts)));
        if (auto begun = incremental::Saving::begin(cache_file, record.state))
          saving.emplace(std::move(begun.value()));
      });
  if (!written || !(record.output = incremental::stat_file(job.output))) {
    record.state.clear();
    record.keep.clear();
    why = "the output could not be written";
    return false;
  }
  said.print(record.diagnostics);
  record.status = exit_ok;
  log_run("partial " + std::to_string(std::count(b.part.bind.begin(), b.part.bind.end(), true)) +
          " " + std::to_string(b.part.records.size()));
  (void)(saving ? saving->finish(record) : incremental::save(cache_file, record));
  return true;
}

/// build --cache after a few files changed: binds those and the files they reach, checks the
/// things they describe, writes the previous output with those things' groups replaced, and
/// takes the other files' diagnostics from the cache; nullopt (with `why`) when a full run is
/// needed.
std::optional<int> build_part(const CacheJob &job, const incremental::Record &old,
                              incremental::Record &record, const std::string &cache_file,
                              const std::vector<std::string> &files, std::string &why) {
  auto state = build_start(job, old, record, why);
  if (!state)
    return std::nullopt;
  auto mapping = std::make_unique<incremental::Mapping>(job.output, true);
  auto file = AtomicFile::open(job.output);
  if (mapping->bytes().size() != old.output->size || !file) {
    why = !file ? "the output could not be written" : "the output changed";
    return std::nullopt;
  }
  // The old output's start copied while the files are bound and checked.
  incremental::EarlyCopy early(*file.value(), mapping->fd(), mapping->bytes().size(),
                               parallel::effective_jobs(job.options.jobs, 2));
  auto old_records = incremental::decode_state(state->records, old.inputs.size());
  auto part = old_records ? start_part(std::move(*old_records), old, record.inputs) : std::nullopt;
  if (!part) {
    why = "too many changes";
    return std::nullopt;
  }
  BuildPart b{std::move(*part), {}, nullptr, {}, {}, {}};
  const incremental::Output output(mapping->bytes(), state->starts);
  if (!prepare_part(job, record, *state, output, files, b, why))
    return std::nullopt;
  std::optional<incremental::Output::Splice> splice = output.plan(b.groups.drop, b.groups.add);
  if (!splice) {
    why = "the output's groups";
    return std::nullopt;
  }
  const std::uint64_t copied = std::min(early.stop(), output.same_start(*splice));
  WritePart w{*state, output, std::move(*splice), std::move(mapping), std::move(file.value()),
              copied};
  if (!write_part(job, old, record, cache_file, b, w, why))
    return std::nullopt;
  return exit_ok;
}

} // namespace

std::vector<OptionSpec> cache_option_specs() {
  return {{"--cache", "", true, false, "DIR",
           "keep what this run read and said in DIR; a run with the same inputs, options and "
           "output is answered from it, and after a few files changed a check binds only those "
           "and the files they reach, and a build rewrites only their things' triples "
           "(docs/incremental.md)"},
          {"--no-cache", "", false, false, "", "ignore --cache"}};
}

int run_cached(const CacheJob &job, const std::function<int()> &fresh) {
  incremental::Record record;
  record.started_ns = incremental::now_ns();
  const std::string cache_file = (std::filesystem::path(job.dir) / (job.command + ".flc")).string();
  // Reading the cache (tens of megabytes for a large check) while the inputs are listed.
  std::optional<std::vector<std::string>> files;
  std::optional<std::string> key;
  std::optional<incremental::Record> old;
  parallel::both(
      job.options.jobs,
      [&] {
        files = compile::input_files(job.inputs, job.options);
        key = run_key(job);
      },
      [&] { old = incremental::load(cache_file); });
  if (!files || !key || (!files->empty() && files->front() == "-"))
    return fresh();
  auto stamps = incremental::restamp(*files, old ? &*old : nullptr, job.options.jobs);
  if (!stamps)
    return fresh();
  if (old && answers(*old, *key, *stamps, job)) {
    log_run("answered");
    std::cerr << old->diagnostics << std::flush;
    return old->status;
  }
  record.key = *key;
  record.inputs = std::move(*stamps);
  if (job.build) {
    std::string why; // why a build after an edit was not a partial one (FACTLOOM_CACHE_LOG)
    // After a failed build, the last good one, which it kept, is where a partial build starts.
    const std::optional<incremental::Record> base =
        old && old->status != 0 ? incremental::base_of(*old) : std::nullopt;
    const incremental::Record *start = base ? &*base : old ? &*old : nullptr;
    if (start != nullptr) {
      if (const std::optional<int> status =
              build_part(job, *start, record, cache_file, *files, why))
        return *status;
    }
    return record_build(job, cache_file, std::move(record), why, start);
  }
  if (!job.check)
    return record_fresh(job, cache_file, std::move(record), fresh);
  if (old) {
    if (const std::optional<int> status = check_part(job, *old, record, cache_file, *files))
      return *status;
  }
  return record_check(job, cache_file, std::move(record));
}

} // namespace factloom::cli
