// The whole front end in one call: read inputs (fact files or RDF), parse, bind, build a Graph.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/io.hpp"
#include "base/source.hpp"
#include "compile/partial.hpp"
#include "graph/graph.hpp"
#include "validate/validate.hpp"

namespace factloom::bind {
class Ontology;
}

namespace factloom::compile {

/// The default base IRI for minted entity IRIs (documented in the README and --help).
inline constexpr const char *default_base = "https://example.org/factloom/";

struct Options {
  std::string base_iri = default_base;
  std::optional<std::string> ontology_path; ///< --ontology FILE; default: the embedded copy
  bool named_graphs = false;                ///< one named graph per source (TriG)
  bool accept_rdf = false;                  ///< also take .ttl/.nt/.nq/.trig inputs as data
  /// Threads for reading, parsing and binding (--jobs; 0: parallel::default_jobs()). The results,
  /// the diagnostics and the sink's sequence of calls do not depend on it.
  unsigned jobs = 0;
  /// When set, receives what each fact file gives the others, by SourceSet index (check --cache).
  std::vector<FileGives> *gives = nullptr;
};

/// Whether `iri` can be the base of minted IRIs: absolute (a scheme) and without the characters
/// that IRIs forbid (spaces, controls, <>"{}|^`\).
bool valid_base_iri(std::string_view iri);

/// Everything a run produced. Diagnostics point into `sources`.
struct Compilation {
  SourceSet sources;
  graph::Graph graph; ///< not frozen: freeze() it for lookups (writing sorts by itself)
  DiagnosticSink diagnostics;
  std::size_t io_errors = 0; ///< unreadable inputs (exit 3 rather than 1)
  /// By SourceSet index: the file each input was read from, as found when it was read (nullopt,
  /// or no entry: not read from a file here).
  std::vector<std::optional<FileId>> file_ids;
  /// The ontology the inputs were bound against (read once per run; null when it could not be
  /// read). Include "bind/ontology.hpp" to use it.
  std::shared_ptr<const bind::Ontology> ontology;
};

/// Expands directories (recursively: *.facts, plus RDF files when accept_rdf), sorts paths so
/// the result does not depend on argument order, reads, parses and binds everything.
/// Returns false when any error was reported (diagnostics say which).
bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out);
/// The same, with every quad (of RDF inputs and of fact files) written to `sink` instead of
/// `out.graph`. Each input ends with end_input(ok): RDF files as they are read, fact files
/// after their quads (pass 2); ok is false when errors were reported for it. When the sink's
/// add() returns false, the RDF file being read stops there, and the binder sends no more quads
/// at all; every input is still read and bound for its diagnostics.
bool compile(const std::vector<std::string> &paths, const Options &options, Compilation &out,
             graph::QuadSink &sink);

/// check --cache: compile() of the fact files `files` (expanded and sorted, as input_files()
/// gives them) that `part.bind` selects, the others declared from `part.known` and added to
/// `out.sources` without their text (set_text() it to show one of their lines). Quads go to
/// out.graph; RDF inputs are not taken. Records Options::gives for the files it binds.
bool compile_partial(const std::vector<std::string> &files, const Partial &part,
                     const Options &options, Compilation &out);

/// The inputs compile() would read, expanded and sorted as it does ("-" first when given); nullopt
/// when a folder or entry could not be read (compile() reports it).
std::optional<std::vector<std::string>> input_files(const std::vector<std::string> &paths,
                                                    const Options &options);

/// Which shapes check_shapes uses, and which results fail the run.
struct ShapeOptions {
  /// --shapes FILE...: SHACL shapes files (Turtle, N-Triples, N-Quads, TriG); empty: the
  /// embedded ontology/shapes.ttl.
  std::vector<std::string> shapes_paths;
  /// --fail-on: results of this severity or higher are errors, the others warnings.
  validate::Level fail_on = validate::Level::violation;
  /// Threads for freezing the graph and checking focus nodes (--jobs; 0: the cores available).
  unsigned jobs = 0;
  /// When set, receives the validation report (build --report-file).
  validate::Report *report = nullptr;
};

/// Validates the compiled graph against SHACL shapes (see ShapeOptions), with the class
/// hierarchy of `compilation.ontology` (so sh:class reaches subclasses). Freezes the graph
/// (validation needs lookups). Every result becomes a diagnostic of the compilation, at the
/// place of the offending fact (an error when its severity reaches `fail_on`, a warning
/// otherwise); diagnostics are sorted again. A shapes file that cannot be read counts in
/// io_errors; shapes with syntax errors or ill-formed shapes are errors. Call it after a
/// successful compile().
void check_shapes(Compilation &compilation, const ShapeOptions &options = {});

/// check_shapes in two steps, for callers that keep the results apart (the language server):
/// the shapes of `options` (their problems reported as check_shapes reports them; nullopt when
/// there were errors), then the compiled graph validated against them with the ontology's class
/// hierarchy added to `options` (the graph is frozen with its jobs), the results not yet
/// diagnostics.
std::optional<validate::Shapes> load_shapes(Compilation &compilation,
                                            const ShapeOptions &options = {});
validate::Report validate_graph(Compilation &compilation, const validate::Shapes &shapes,
                                validate::ValidateOptions options);

} // namespace factloom::compile
