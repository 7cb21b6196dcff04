// The front end: gather inputs, parse each fact file, bind them all into a quad sink.
#include "compile/compile.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <system_error>

#include <dirent.h>
#include <sys/stat.h>
#include <unordered_set>

#include "base/check.hpp"
#include "base/io.hpp"
#include "base/parallel.hpp"
#include "bind/bind.hpp"
#include "bind/ontology.hpp"
#include "compile/async_sink.hpp"
#include "compile/ontology_terms.hpp"
#include "compile/pipeline.hpp"
#include "rdf/read.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

namespace factloom::compile {

namespace {

bool is_fact_file(std::string_view name) {
  return name.size() > 6 && name.ends_with(".facts"); // ".facts" alone has no extension
}

void unreadable(const std::string &path, const std::string &what, int error, Compilation &out) {
  out.diagnostics.report(
      io_error(path, "cannot read the " + what + ": " +
                         std::error_code(error, std::generic_category()).message()));
  ++out.io_errors;
}

struct CloseDir {
  void operator()(DIR *d) const { ::closedir(d); }
};

/// A folder's path in lexically normal form, without a trailing slash ("." and "/" stay).
std::string normal_folder(const std::string &dir) {
  std::string p = std::filesystem::path(dir).lexically_normal().string();
  while (p.size() > 1 && p.back() == '/')
    p.pop_back();
  return p;
}

/// Adds the fact (and RDF) files under `root` to `files`. Every folder or entry that cannot be
/// read is an I/O error, and the walk goes on with the others. Symlinks to folders are not
/// followed; symlinks to files are. The entries' types come from the listing (readdir's d_type),
/// so a file is not stat'ed unless the file system does not say or it is a link.
void walk(const std::string &root, const Options &options, std::vector<std::string> &files,
          Compilation &out) {
  std::vector<std::string> pending{normal_folder(root)};
  while (!pending.empty()) {
    const std::string dir = std::move(pending.back());
    pending.pop_back();
    const std::string prefix = dir == "." ? "" : dir == "/" ? dir : dir + "/";
    const std::unique_ptr<DIR, CloseDir> d(::opendir(dir.c_str()));
    if (!d) {
      const int error = errno;
      unreadable(dir, "folder", error, out);
      continue;
    }
    int error = 0; // readdir's, told by errno when it returns null
    for (;;) {
      errno = 0;
      const dirent *e = ::readdir(d.get());
      if (e == nullptr) {
        error = errno;
        break;
      }
      const std::string_view name = e->d_name;
      if (name == "." || name == "..")
        continue;
      std::string path = prefix;
      path += name;
      unsigned char type = e->d_type;
      struct stat st {};
      if (type == DT_UNKNOWN || type == DT_LNK) {
        // A link is followed to a file (as stat does), never to a folder.
        if (::lstat(path.c_str(), &st) != 0) {
          const int entry_error = errno;
          unreadable(path, "entry", entry_error, out);
          continue;
        }
        const bool link = S_ISLNK(st.st_mode);
        type = link ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : 0;
        if (link && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
          type = DT_REG;
      }
      if (type == DT_DIR) {
        pending.push_back(std::move(path));
      } else if (type == DT_REG &&
                 (is_fact_file(name) || (options.accept_rdf && rdf::syntax_for_path(path)))) {
        files.push_back(std::move(path));
      }
    }
    if (error != 0)
      unreadable(dir, "folder", error, out);
  }
}

/// Expands directories; returns paths sorted and without repeats ("-" stays first).
std::vector<std::string> expand(const std::vector<std::string> &paths, const Options &options,
                                Compilation &out) {
  std::vector<std::string> files;
  bool stdin_seen = false;
  for (const std::string &path : paths) {
    if (path == "-") {
      stdin_seen = true;
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      walk(path, options, files, out);
      continue;
    }
    files.push_back(std::filesystem::path(path).lexically_normal().string());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (stdin_seen)
    files.insert(files.begin(), "-");
  if (files.empty() && !paths.empty() && out.io_errors == 0) {
    out.diagnostics.report(io_error(paths.front(), std::string("no fact files (*.facts") +
                                                       (options.accept_rdf ? " or RDF files" : "") +
                                                       ") found here"));
  }
  return files;
}

} // namespace

bool valid_base_iri(std::string_view iri) {
  const auto colon = iri.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = iri[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.'))
      return false;
  }
  for (const char c : iri) {
    if (static_cast<unsigned char>(c) <= 0x20 ||
        std::string_view("<>\"{}|^`\\").find(c) != std::string_view::npos)
      return false;
  }
  return true;
}

namespace {

bool load_ontology(const Options &options, bind::Ontology &ontology, DiagnosticSink &sink,
                   std::size_t &io_errors) {
  if (options.ontology_path) {
    auto text = read_file(*options.ontology_path);
    if (!text) {
      sink.report(text.error());
      ++io_errors;
      return false;
    }
    return ontology.load(text.value(), *options.ontology_path, sink);
  }
  return ontology.load(embedded::factloom_ttl, "<embedded ontology>", sink);
}

} // namespace

namespace {

/// How many parsed files may wait for the binder per thread: memory stays about this many ASTs
/// per thread, not the corpus's.
constexpr std::size_t window_per_thread = 8;

/// One input after reading: its index in the SourceSet, and what to do with it.
struct Input {
  enum class Kind { fact, rdf } kind = Kind::fact;
  std::uint32_t index = 0;
  rdf::Syntax syntax = rdf::Syntax::turtle; ///< for RDF inputs
};

/// Reads every file and finds its lines (on up to `jobs` threads), and adds the readable ones
/// to `out.sources`, in the order of `files`; reports unreadable files and files that are
/// neither facts nor RDF.
std::vector<Input> read_inputs(const std::vector<std::string> &files, const Options &options,
                               Compilation &out) {
  std::vector<std::optional<SourceFile>> read(files.size());
  std::vector<std::optional<Diagnostic>> failed(files.size());
  std::vector<std::optional<FileId>> ids(files.size());
  parallel::for_each_index(options.jobs, files.size(), [&](std::size_t i) {
    Result<std::string> text = read_file(files[i], &ids[i]);
    if (!text)
      failed[i].emplace(text.error());
    else
      read[i].emplace(files[i] == "-" ? "<stdin>" : files[i], std::move(text.value()));
  });
  std::vector<Input> inputs;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string &path = files[i];
    if (failed[i]) {
      out.diagnostics.report(*failed[i]);
      ++out.io_errors;
      continue;
    }
    const std::uint32_t index = out.sources.add(std::move(*read[i]));
    read[i].reset();
    out.file_ids.resize(std::max<std::size_t>(out.file_ids.size(), index + 1));
    out.file_ids[index] = ids[i];
    if (const auto syntax = rdf::syntax_for_path(path); syntax && options.accept_rdf) {
      inputs.push_back(Input{Input::Kind::rdf, index, *syntax});
    } else if (path != "-" && !is_fact_file(std::filesystem::path(path).filename().native())) {
      out.diagnostics.report(io_error(path, "not a fact file (expected a .facts extension)"));
      ++out.io_errors;
    } else {
      inputs.push_back(Input{Input::Kind::fact, index, rdf::Syntax::turtle});
    }
  }
  return inputs;
}

/// A fact file parsed on a worker thread, with the diagnostics of its parsing.
struct Parsed {
  syntax::ast::Document doc;
  DiagnosticSink diagnostics;
};

Parsed parse_file(const SourceSet &sources, std::uint32_t index) {
  Parsed p;
  p.doc = syntax::parse(sources.get(index), index, p.diagnostics);
  return p;
}

/// Reports `from`'s diagnostics to `to`, in their order.
void append(DiagnosticSink &to, const DiagnosticSink &from) {
  for (const Diagnostic &d : from.all())
    to.report(d);
}

/// The one-word values of `doc` (every id the file names is one), views into `text`.
std::vector<std::string_view> one_word_values(std::string_view text,
                                              const syntax::ast::Document &doc) {
  std::vector<std::string_view> names;
  for (const syntax::ast::Value &v : doc.values) {
    if (v.kind == syntax::ast::ValueKind::phrase && v.word_count == 1)
      names.push_back(text.substr(v.body.begin, v.body.end - v.body.begin));
  }
  return names;
}

/// Options::gives being recorded: the files' one-word values until every file is declared.
struct Recorder {
  std::vector<FileGives> *gives = nullptr;
  std::vector<std::vector<std::string_view>> names; ///< by SourceSet index
  void note(const Compilation &out, std::uint32_t index, const syntax::ast::Document &doc) {
    if (gives == nullptr)
      return;
    if (names.size() <= index)
      names.resize(index + 1);
    names[index] = one_word_values(out.sources.get(index).text(), doc);
  }
  /// After every declare(): what file `index` gives the others.
  void record(const bind::Binder &binder, std::uint32_t index) {
    if (gives == nullptr)
      return;
    if (gives->size() <= index)
      gives->resize(index + 1);
    FileGives &g = (*gives)[index];
    g = FileGives{};
    for (const bind::Declared &d : binder.declarations(index)) {
      if (d.at.file == index)
        g.owned.push_back(FileGives::Owned{std::string(d.id), d.cls, d.at.begin, d.at.end});
      else
        g.also.push_back(id_hash(d.id));
    }
    if (index < names.size()) {
      for (const std::string_view name : names[index]) {
        const std::uint32_t file = binder.declared_file(name);
        if (file != 0 && file != index)
          g.refs.push_back(id_hash(name));
      }
      names[index] = {};
    }
    std::sort(g.refs.begin(), g.refs.end());
    g.refs.erase(std::unique(g.refs.begin(), g.refs.end()), g.refs.end());
  }
};

/// A fact file declared in pass 1.
struct FactFile {
  std::uint32_t index;
  std::size_t errors; ///< reported while parsing and declaring it
};

/// Pass 1: parse the inputs on worker threads, then, in input order, read each RDF input into
/// the sink and declare each fact file (its AST is dropped at once).
std::vector<FactFile> declare_all(const std::vector<Input> &inputs, const Options &options,
                                  Compilation &out, bind::Binder &binder, graph::QuadSink &sink,
                                  Recorder &recorder) {
  std::vector<FactFile> fact_files;
  const std::size_t window = window_per_thread * parallel::effective_jobs(options.jobs, 1U << 20U);
  ordered_pipeline<std::optional<Parsed>>(
      options.jobs, inputs.size(), window,
      [&](std::size_t i) -> std::optional<Parsed> {
        if (inputs[i].kind != Input::Kind::fact)
          return std::nullopt;
        return parse_file(out.sources, inputs[i].index);
      },
      [&](std::size_t i, std::optional<Parsed> &&parsed) {
        const Input &in = inputs[i];
        if (in.kind == Input::Kind::rdf) {
          rdf::ReadOptions ro;
          ro.syntax = in.syntax;
          ro.blank_prefix = "f" + std::to_string(in.index) + "_";
          sink.end_input(
              rdf::read_rdf(out.sources.get(in.index), in.index, ro, sink, out.diagnostics));
          return;
        }
        const std::size_t before = out.diagnostics.error_count();
        append(out.diagnostics, parsed->diagnostics);
        binder.declare(in.index, parsed->doc);
        recorder.note(out, in.index, parsed->doc);
        fact_files.push_back(FactFile{in.index, out.diagnostics.error_count() - before});
      });
  return fact_files;
}

/// Pass 2: parse again (the diagnostics were reported in pass 1) and emit the triples in file
/// order; each file is an input of the sink, finished with or without errors. With several
/// jobs, workers parse and bind files (Binder::bind_file) a window ahead, and this thread merges
/// them in file order: the sink hears the same calls, the diagnostics come in the same order.
void emit_all(const std::vector<FactFile> &fact_files, const Options &options, Compilation &out,
              bind::Binder &binder, graph::QuadSink &sink) {
  auto end = [&](const FactFile &f, std::size_t before) {
    sink.end_input(f.errors + (out.diagnostics.error_count() - before) == 0);
  };
  if (parallel::effective_jobs(options.jobs, fact_files.size()) <= 1) {
    for (const FactFile &f : fact_files) {
      const Parsed parsed = parse_file(out.sources, f.index);
      const std::size_t before = out.diagnostics.error_count();
      binder.emit(f.index, parsed.doc);
      end(f, before);
    }
    return;
  }
  const std::size_t window = window_per_thread * parallel::effective_jobs(options.jobs, 1U << 20U);
  ordered_pipeline<bind::BoundFile>(
      options.jobs, fact_files.size(), window,
      [&](std::size_t i) {
        const Parsed parsed = parse_file(out.sources, fact_files[i].index);
        return binder.bind_file(fact_files[i].index, parsed.doc);
      },
      [&](std::size_t i, bind::BoundFile &&bound) {
        const std::size_t before = out.diagnostics.error_count();
        binder.merge(std::move(bound));
        end(fact_files[i], before);
      });
}

/// A sink that passes every call on to another, which can be changed between calls.
class Relay final : public graph::QuadSink {
public:
  explicit Relay(graph::QuadSink &to) : to_(&to) {}
  void to(graph::QuadSink &sink) { to_ = &sink; }
  graph::TermTable &terms() override { return to_->terms(); }
  void prefix(std::string_view name, std::string_view iri) override { to_->prefix(name, iri); }
  bool add(const graph::Quad &quad, SourceSpan from) override { return to_->add(quad, from); }
  void reserve(std::size_t quads) override { to_->reserve(quads); }
  void end_input(bool ok) override { to_->end_input(ok); }

private:
  graph::QuadSink *to_;
};

/// Pass 2, then the claims' latest values (one more input) and the ontology terms the quads
/// use, all into `to`.
void emit_and_settle(const std::vector<FactFile> &fact_files, const Options &options,
                     Compilation &out, bind::Binder &binder, OntologyTerms &terms,
                     graph::QuadSink &to) {
  emit_all(fact_files, options, out, binder, to);
  // The latest value of each time-varying property, once every source is known: one more input.
  const std::size_t before = out.diagnostics.error_count();
  if (binder.settle_claims(options.jobs))
    to.end_input(out.diagnostics.error_count() == before);
  binder.finish();
  if (!out.diagnostics.has_errors())
    terms.emit();
}

/// emit_and_settle() into `sink`, which `relay` (the binder's way out) passes quads to; with
/// `asynchronous` (a sink that never asks to stop) and more than one job, the sink's calls are
/// made on a thread of their own while the binder goes on (the same calls in the same order).
void emit_into(const std::vector<FactFile> &fact_files, const Options &options, Compilation &out,
               bind::Binder &binder, OntologyTerms &terms, graph::QuadSink &sink, Relay &relay,
               bool asynchronous) {
  if (!asynchronous || parallel::effective_jobs(options.jobs, 2) <= 1) {
    emit_and_settle(fact_files, options, out, binder, terms, sink);
    return;
  }
  AsyncSink async(sink);
  relay.to(async);
  try {
    emit_and_settle(fact_files, options, out, binder, terms, async);
  } catch (...) {
    relay.to(sink);
    throw;
  }
  relay.to(sink);
  async.finish();
}

bool compile_into(const std::vector<std::string> &paths, const Options &options, Compilation &out,
                  graph::QuadSink &sink, bool asynchronous) {
  auto ontology = std::make_shared<bind::Ontology>();
  if (!load_ontology(options, *ontology, out.diagnostics, out.io_errors))
    return false;
  out.ontology = ontology;
  const std::vector<std::string> files = expand(paths, options, out);
  bind::BindOptions bo;
  bo.base_iri = options.base_iri;
  bo.named_graphs = options.named_graphs;
  // The binder's quads pass through `terms`, which writes the ontology terms they use at the end.
  Relay relay(sink);
  OntologyTerms terms(*ontology, relay);
  bind::Binder binder(out.sources, *ontology, bo, terms, out.diagnostics);
  const std::vector<Input> inputs = read_inputs(files, options, out);
  Recorder recorder{options.gives, {}};
  const std::vector<FactFile> fact_files =
      declare_all(inputs, options, out, binder, sink, recorder);
  if (options.gives != nullptr) {
    options.gives->resize(out.sources.size());
    for (const FactFile &f : fact_files)
      recorder.record(binder, f.index);
  }
  emit_into(fact_files, options, out, binder, terms, sink, relay, asynchronous);
  out.diagnostics.sort(out.sources);
  return !out.diagnostics.has_errors();
}

/// compile_partial's pass 1: the files to bind parsed and declared, and of the others' recorded
/// ids those the files bound name or declare (the other ids only for "did you mean" hints), in
/// file order. Returns the parsed files, by SourceSet index.
std::map<std::uint32_t, Parsed> declare_part(const Partial &part, Compilation &out,
                                             bind::Binder &binder, Recorder &recorder) {
  std::map<std::uint32_t, Parsed> parsed;
  std::unordered_set<std::string_view> named;
  std::unordered_set<std::uint32_t> hashes; // of `named`, which the cache's records can test
  for (std::size_t i = 0; i < part.bind.size(); ++i) {
    if (!part.bind[i])
      continue;
    const auto index = static_cast<std::uint32_t>(i + 1);
    parsed.emplace(index, parse_file(out.sources, index));
    const std::string_view text = out.sources.get(index).text();
    for (const std::string_view name : one_word_values(text, parsed.at(index).doc))
      named.insert(name);
    for (const syntax::ast::Block &b : parsed.at(index).doc.blocks)
      named.insert(text.substr(b.header.id.begin, b.header.id.end - b.header.id.begin));
  }
  for (const std::string_view name : named)
    hashes.insert(id_hash(name));
  for (std::size_t i = 0; i < part.bind.size(); ++i) {
    const auto index = static_cast<std::uint32_t>(i + 1);
    if (!part.bind[i]) {
      part.known(
          i, &hashes,
          [&](std::string_view id, std::uint32_t cls, std::uint32_t begin, std::uint32_t end) {
            if (named.count(id) != 0)
              binder.declare_known(id, cls, SourceSpan{index, begin, end});
          });
      continue;
    }
    const Parsed &p = parsed.at(index);
    append(out.diagnostics, p.diagnostics);
    binder.declare(index, p.doc);
    recorder.note(out, index, p.doc);
  }
  binder.also_known([&part](const std::function<void(std::string_view)> &f) {
    for (std::size_t i = 0; i < part.bind.size(); ++i) {
      if (!part.bind[i])
        part.known(
            i, nullptr,
            [&f](std::string_view id, std::uint32_t, std::uint32_t, std::uint32_t) { f(id); });
    }
  });
  return parsed;
}

} // namespace

std::uint32_t id_hash(std::string_view id) {
  std::uint32_t h = 2166136261U;
  for (const char c : id) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return h;
}

bool compile_partial(const std::vector<std::string> &files, const Partial &part,
                     const Options &options, Compilation &out) {
  FL_REQUIRE(part.bind.size() == files.size() && part.known,
             "compile_partial: a file without its record");
  auto ontology = std::make_shared<bind::Ontology>();
  if (!load_ontology(options, *ontology, out.diagnostics, out.io_errors))
    return false;
  out.ontology = ontology;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string text;
    if (part.bind[i]) {
      Result<std::string> read = read_file(files[i]);
      if (!read) {
        out.diagnostics.report(read.error());
        ++out.io_errors;
        return false;
      }
      text = std::move(read.value());
    }
    out.sources.add(files[i], std::move(text));
  }
  bind::BindOptions bo;
  bo.base_iri = options.base_iri;
  bo.named_graphs = options.named_graphs;
  bind::Binder binder(out.sources, *ontology, bo, out.graph, out.diagnostics);
  Recorder recorder{options.gives, {}};
  const std::map<std::uint32_t, Parsed> parsed = declare_part(part, out, binder, recorder);
  if (options.gives != nullptr)
    options.gives->resize(out.sources.size());
  for (const auto &[index, p] : parsed) {
    recorder.record(binder, index);
    binder.emit(index, p.doc);
    out.graph.end_input(true);
  }
  if (binder.settle_claims(options.jobs))
    out.graph.end_input(true);
  binder.finish();
  out.diagnostics.sort(out.sources);
  return !out.diagnostics.has_errors();
}

std::optional<std::vector<std::string>> input_files(const std::vector<std::string> &paths,
                                                    const Options &options) {
  Compilation scratch;
  std::vector<std::string> files = expand(paths, options, scratch);
  if (scratch.io_errors > 0 || scratch.diagnostics.has_errors())
    return std::nullopt;
  return files;
}

bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out) {
  return compile_into(paths, options, out, out.graph, true);
}

bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out,
             graph::QuadSink &sink) {
  return compile_into(paths, options, out, sink, false);
}

} // namespace factloom::compile
