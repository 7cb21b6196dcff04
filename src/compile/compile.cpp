// The front end: gather inputs, parse each fact file, bind them all into a quad sink.
#include "compile/compile.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "base/io.hpp"
#include "bind/bind.hpp"
#include "bind/ontology.hpp"
#include "compile/ontology_terms.hpp"
#include "rdf/read.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

namespace factloom::compile {

namespace {

bool is_fact_file(const std::filesystem::path &p) { return p.extension() == ".facts"; }

void unreadable(const std::filesystem::path &path, const std::string &what,
                const std::error_code &ec, Compilation &out) {
  out.diagnostics.report(io_error(path.string(), "cannot read the " + what + ": " + ec.message()));
  ++out.io_errors;
}

/// Adds the fact (and RDF) files under `root` to `files`. Every folder or entry that cannot be
/// read is an I/O error, and the walk goes on with the others. Symlinks to folders are not
/// followed (as std::filesystem::recursive_directory_iterator does not).
void walk(const std::filesystem::path &root, const Options &options,
          std::vector<std::string> &files, Compilation &out) {
  std::vector<std::filesystem::path> pending{root};
  while (!pending.empty()) {
    const std::filesystem::path dir = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    for (const std::filesystem::directory_iterator end; !ec && it != end; it.increment(ec)) {
      std::error_code entry_ec;
      const auto &p = it->path();
      const std::filesystem::file_status status = it->symlink_status(entry_ec);
      if (entry_ec) {
        unreadable(p, "entry", entry_ec, out);
        continue;
      }
      if (std::filesystem::is_directory(status)) {
        pending.push_back(p);
      } else if (it->is_regular_file(entry_ec)) {
        if (is_fact_file(p) || (options.accept_rdf && rdf::syntax_for_path(p.string())))
          files.push_back(p.lexically_normal().string());
      }
      if (entry_ec)
        unreadable(p, "entry", entry_ec, out);
    }
    if (ec)
      unreadable(dir, "folder", ec, out);
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

bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out) {
  return compile(paths, options, out, out.graph);
}

bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out,
             graph::QuadSink &sink) {
  auto ontology = std::make_shared<bind::Ontology>();
  if (!load_ontology(options, *ontology, out.diagnostics, out.io_errors))
    return false;
  out.ontology = ontology;
  const std::vector<std::string> files = expand(paths, options, out);
  bind::BindOptions bo;
  bo.base_iri = options.base_iri;
  bo.named_graphs = options.named_graphs;
  // The binder's quads pass through `terms`, which writes the ontology terms they use at the end.
  OntologyTerms terms(*ontology, sink);
  bind::Binder binder(out.sources, *ontology, bo, terms, out.diagnostics);
  // Pass 1: read, parse and declare each file; its AST is dropped at once (memory stays
  // proportional to one file's AST, not the corpus's).
  struct FactFile {
    std::uint32_t index;
    std::size_t errors; ///< reported while parsing and declaring it
  };
  std::vector<FactFile> fact_files;
  for (const std::string &path : files) {
    auto text = read_file(path);
    if (!text) {
      out.diagnostics.report(text.error());
      ++out.io_errors;
      continue;
    }
    const std::string name = path == "-" ? "<stdin>" : path;
    const std::uint32_t index = out.sources.add(name, std::move(text.value()));
    const SourceFile &source = out.sources.get(index);
    if (const auto syntax = rdf::syntax_for_path(path); syntax && options.accept_rdf) {
      rdf::ReadOptions ro;
      ro.syntax = *syntax;
      ro.blank_prefix = "f" + std::to_string(index) + "_";
      sink.end_input(rdf::read_rdf(source, index, ro, sink, out.diagnostics));
      continue;
    }
    if (path != "-" && !is_fact_file(path)) {
      out.diagnostics.report(io_error(path, "not a fact file (expected a .facts extension)"));
      ++out.io_errors;
      continue;
    }
    const std::size_t before = out.diagnostics.error_count();
    const syntax::ast::Document doc = syntax::parse(source, index, out.diagnostics);
    binder.declare(index, doc);
    fact_files.push_back(FactFile{index, out.diagnostics.error_count() - before});
  }
  // Pass 2: parse again (its diagnostics were reported in pass 1) and emit the triples; each
  // file is an input of the sink, finished with or without errors.
  for (const FactFile &f : fact_files) {
    DiagnosticSink again;
    const std::size_t before = out.diagnostics.error_count();
    const syntax::ast::Document doc = syntax::parse(out.sources.get(f.index), f.index, again);
    binder.emit(f.index, doc);
    sink.end_input(f.errors + (out.diagnostics.error_count() - before) == 0);
  }
  // The latest value of each time-varying property, once every source is known: one more input.
  const std::size_t before = out.diagnostics.error_count();
  if (binder.settle_claims())
    sink.end_input(out.diagnostics.error_count() == before);
  binder.finish();
  if (!out.diagnostics.has_errors())
    terms.emit();
  out.diagnostics.sort(out.sources);
  return !out.diagnostics.has_errors();
}

} // namespace factloom::compile
