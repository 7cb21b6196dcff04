// factloom validate: SHACL Core validation of RDF (or fact files) against shapes.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/input.hpp"
#include "base/io.hpp"
#include "base/source.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report.hpp"
#include "cli/shape_options.hpp"
#include "cli/view_common.hpp"
#include "compile/compile.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "rdf/syntax.hpp"
#include "validate/validate.hpp"

namespace factloom::embedded {
extern const std::string_view shapes_ttl;
extern const std::string_view factloom_ttl;
} // namespace factloom::embedded

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &specs() {
  static const std::vector<OptionSpec> s = [] {
    std::vector<OptionSpec> v =
        shape_option_specs("shapes graph (Turtle, N-Triples, N-Quads, TriG); repeatable; "
                           "default: the ontology's shapes");
    v.insert(v.end(), {
                          {"--report", "-r", true, false, "FORMAT",
                           "text (default), turtle (an sh:ValidationReport), json or sarif "
                           "(SARIF 2.1.0; see docs/reports.md)"},
                          {"--output", "-o", true, false, "FILE",
                           "write the report to FILE (atomically) instead of stdout"},
                          {"--ontology", "", true, false, "FILE",
                           "ontology whose rdfs:subClassOf triples sh:class and "
                           "sh:targetClass also use (default with the default shapes: "
                           "the embedded ontology)"},
                          jobs_option_spec(),
                          {"--help", "-h", false, false, "", "show this help"},
                      });
    return v;
  }();
  return s;
}

void print_help() {
  std::cout
      << "usage: factloom validate [--shapes FILE]... [--fail-on LEVEL] [--report FORMAT]\n"
         "                         [--ontology FILE] [-o FILE] INPUT...\n\n"
         "Validates RDF data (.ttl, .nt, .nq, .trig; '-' is Turtle on stdin) or fact files "
         "(.facts,\n"
         "or folders of them; compiled first) against SHACL Core shapes. Without --shapes the\n"
         "ontology's own shapes are used, and the ontology's class hierarchy (rdfs:subClassOf)\n"
         "is added to the data's, so sh:class and sh:targetClass reach subclasses.\n"
         "SHACL-SPARQL (sh:sparql, SPARQL-based components) is refused as not supported.\n\n"
         "options:\n"
      << options_help(specs()) << "\n"
      << fail_on_help
      << "\nexit status:\n"
         "  0   no result of the --fail-on severity or higher (by default: no violation); with\n"
         "      --report turtle: a report was printed, conforming or not (its sh:conforms says\n"
         "      which, as SHACL test harnesses expect)\n"
         "      (json and sarif reports: the status as with text; the report is written\n"
         "      either way)\n"
         "  1   a result of the --fail-on severity or higher (text report), or the input or\n"
         "      shapes were refused (syntax errors, ill-formed shapes, SHACL-SPARQL), or the\n"
         "      validation was stopped (shapes nested deeper than 1000 levels; a\n"
         "      sh:pattern PCRE2 could not match: its match limit reached, a value not valid\n"
         "      UTF-8); no report then\n"
         "  2   usage error\n"
         "  3   an input could not be read\n";
}

/// Reads inputs into graphs; the same file always gets the same blank-node prefix, so a file
/// that is both data and shapes graph keeps one set of blank nodes.
class Loader {
public:
  Loader(SourceSet &sources, DiagnosticSink &sink) : sources_(sources), sink_(sink) {}

  /// False on an I/O failure (already reported); syntax errors go to the sink. A regular file
  /// is streamed (its text is read again only for an error's source line); stdin, pipes and
  /// devices cannot be read twice, so their text is kept for the run.
  bool read_path(const std::string &path, graph::Graph &into) {
    const auto syntax = path == "-" ? rdf::Syntax::turtle : *rdf::syntax_for_path(path);
    std::error_code ec;
    const std::string key =
        path == "-" ? path : std::filesystem::weakly_canonical(path, ec).string();
    const auto [it, inserted] =
        prefixes_.try_emplace(key, "f" + std::to_string(prefixes_.size() + 1) + "_");
    rdf::ReadOptions options;
    options.syntax = syntax;
    options.blank_prefix = it->second;
    if (path == "-")
      options.base_iri = "file:///dev/stdin";
    if (std::optional<InputFile> input = InputFile::open_regular(path)) {
      const std::uint32_t file = sources_.add(path, std::string());
      const Result<bool> read = rdf::read_rdf_file(*input, sources_, file, options, into, sink_);
      return read ? true : failed(read.error());
    }
    Result<std::string> text = read_file(path);
    if (!text)
      return failed(text.error());
    const std::uint32_t file =
        sources_.add(path == "-" ? "<stdin>" : path, std::move(text.value()));
    (void)rdf::read_rdf(sources_.get(file), file, options, into, sink_);
    return true;
  }

  void read_text(const std::string &name, std::string_view text, const std::string &base,
                 const std::string &blank_prefix, graph::Graph &into) {
    rdf::ReadOptions options;
    options.base_iri = base;
    options.blank_prefix = blank_prefix;
    const std::uint32_t file = sources_.add(name, std::string(text));
    (void)rdf::read_rdf(sources_.get(file), file, options, into, sink_);
  }

  bool io_failed() const { return io_failed_; }

private:
  bool failed(const Diagnostic &error) {
    sink_.report(error);
    io_failed_ = true;
    return false;
  }

  SourceSet &sources_;
  DiagnosticSink &sink_;
  std::map<std::string, std::string> prefixes_;
  bool io_failed_ = false;
};

void print_diagnostics(DiagnosticSink &sink, const SourceSet &sources) {
  sink.sort(sources);
  print_capped(sink.all(), sources);
}

/// What one `factloom validate` run was asked to do.
struct Request {
  std::string format;
  std::string output = "-"; ///< --output ("-": stdout)
  std::vector<std::string> inputs;
  std::vector<std::string> shape_files;
  std::optional<std::string> ontology;
  validate::Level fail_on = validate::Level::violation;
  bool facts = false; ///< fact files (or folders) among the inputs: compile them
  unsigned jobs = 0;  ///< --jobs (0: the cores available)
};

/// The arguments as a Request, or the exit status of a usage error (already printed).
std::optional<int> parse_request(const Args &args, Request &req) {
  req.format = args.get("--report").value_or("text");
  if (req.format != "text" && req.format != "turtle" && req.format != "json" &&
      req.format != "sarif") {
    return usage_error("validate",
                       "unknown report format '" + req.format + "' (text, turtle, json or sarif)");
  }
  req.output = args.get("--output").value_or("-");
  req.inputs = args.positionals;
  if (req.inputs.empty())
    req.inputs.push_back("-");
  req.shape_files = args.all("--shapes");
  req.ontology = args.get("--ontology");
  std::string error;
  const auto fail_on = fail_on_option(args, error);
  if (!fail_on)
    return usage_error("validate", error);
  req.fail_on = *fail_on;
  const auto jobs = jobs_option(args, error);
  if (!jobs)
    return usage_error("validate", error);
  req.jobs = *jobs;
  for (const std::string &path : req.inputs) {
    std::error_code ec;
    const bool facts = path.ends_with(".facts") || std::filesystem::is_directory(path, ec);
    // Fact files (or folders of them) go through the compiler, which also takes RDF inputs.
    req.facts = req.facts || facts;
    if (path != "-" && !facts && !rdf::syntax_for_path(path)) {
      return usage_error("validate", "cannot tell the syntax of '" + path +
                                         "' (expected .facts, .ttl, .nt, .nq, .trig or a folder)");
    }
  }
  for (const std::string &path : req.shape_files) {
    if (!rdf::syntax_for_path(path)) {
      return usage_error("validate", "cannot tell the RDF syntax of shapes file '" + path + "'");
    }
  }
  if (req.ontology && *req.ontology != "-" && !rdf::syntax_for_path(*req.ontology)) {
    return usage_error("validate", "cannot tell the RDF syntax of ontology file '" + *req.ontology +
                                       "' (expected .ttl, .nt, .nq or .trig)");
  }
  return std::nullopt;
}

/// The shapes graph and the ontology (whose class hierarchy validation uses, when wanted).
struct ShapeGraphs {
  graph::Graph shapes;
  graph::Graph ontology;
  bool use_ontology = false;
};

/// Reads the data (compiling fact files) into `run`, then the shapes and the ontology; the exit
/// status when something could not be read or was refused (diagnostics printed).
std::optional<int> read_graphs(const Request &req, compile::Compilation &run, ShapeGraphs &out) {
  Loader loader(run.sources, run.diagnostics);
  if (req.facts) {
    compile::Options options;
    options.accept_rdf = true;
    options.ontology_path = req.ontology;
    options.jobs = req.jobs;
    if (!compile::compile(req.inputs, options, run)) {
      print_diagnostics(run.diagnostics, run.sources);
      return run.io_errors > 0 ? exit_io : exit_invalid;
    }
  } else {
    for (const std::string &path : req.inputs)
      loader.read_path(path, run.graph);
  }
  if (req.shape_files.empty()) {
    loader.read_text("<embedded ontology/shapes.ttl>", embedded::shapes_ttl,
                     "https://w3id.org/factloom/shapes", "s_", out.shapes);
    out.use_ontology = true;
  } else {
    for (const std::string &path : req.shape_files)
      loader.read_path(path, out.shapes);
  }
  if (req.ontology) {
    loader.read_path(*req.ontology, out.ontology);
    out.use_ontology = true;
  } else if (out.use_ontology) {
    loader.read_text("<embedded ontology/factloom.ttl>", embedded::factloom_ttl,
                     "https://w3id.org/factloom/ns", "o_", out.ontology);
  }
  const bool io = loader.io_failed() || run.io_errors > 0;
  if (io || run.diagnostics.has_errors()) {
    print_diagnostics(run.diagnostics, run.sources);
    return io ? exit_io : exit_invalid;
  }
  run.graph.freeze(req.jobs);
  out.shapes.freeze(req.jobs);
  out.ontology.freeze(req.jobs);
  return std::nullopt;
}

/// The report in the requested format, to --output (atomically) or stdout.
int write_report(const Request &req, const validate::Report &report,
                 const compile::Compilation &run) {
  std::string bytes;
  if (req.format == "turtle") {
    bytes = validate::report_turtle(report);
  } else if (req.format == "json" || req.format == "sarif") {
    validate::ReportContext context;
    context.data = &run.graph;
    context.sources = &run.sources;
    std::error_code ec;
    context.base_dir = std::filesystem::current_path(ec).string();
    bytes = req.format == "json" ? validate::report_json(report, context)
                                 : validate::report_sarif(report, context);
  } else {
    bytes = validate::report_text(report, &run.graph, &run.sources);
  }
  if (req.output == "-") {
    std::cout << bytes;
    return exit_ok;
  }
  return write_file(req.output, bytes, run.sources);
}

int run_validate(const std::vector<std::string> &argv) {
  std::string error;
  const auto args = parse_args(argv, specs(), error);
  if (!args)
    return usage_error("validate", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  Request req;
  if (const auto refused = parse_request(*args, req))
    return *refused;
  compile::Compilation run;
  ShapeGraphs graphs;
  if (const auto failed = read_graphs(req, run, graphs))
    return *failed;
  DiagnosticSink &sink = run.diagnostics;
  const auto shapes = validate::load_shapes(graphs.shapes, sink);
  if (!shapes) {
    print_diagnostics(sink, run.sources);
    std::cerr << "factloom validate: the shapes graph was refused (" << sink.error_count()
              << (sink.error_count() == 1 ? " error" : " errors") << ")\n";
    return exit_invalid;
  }
  validate::ValidateOptions options;
  options.jobs = req.jobs;
  if (graphs.use_ontology)
    options.class_hierarchy = &graphs.ontology;
  const validate::Report report = shapes->validate(run.graph, options);
  if (report.error) {
    std::cerr << "factloom validate: " << *report.error << "\n";
    return exit_invalid;
  }
  if (const int written = write_report(req, report, run); written != exit_ok)
    return written;
  if (req.format == "turtle")
    return exit_ok;
  const bool failed = std::any_of(
      report.results.begin(), report.results.end(),
      [&](const validate::ValidationResult &r) { return validate::fails(r.level, req.fail_on); });
  return failed ? exit_invalid : exit_ok;
}

const Register reg("validate", run_validate, "validate RDF against SHACL shapes", 30);

} // namespace

} // namespace factloom::cli
