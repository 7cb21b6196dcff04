// `factloom build` and `factloom check`: compile fact files; write RDF or only diagnostics.
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/io.hpp"
#include "bind/ontology.hpp"
#include "cli/args.hpp"
#include "cli/build_cache.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/memory.hpp"
#include "cli/report.hpp"
#include "cli/shape_options.hpp"
#include "cli/view_common.hpp"
#include "cli/watch.hpp"
#include "compile/compile.hpp"
#include "rdf/syntax.hpp"
#include "serialise/jsonld.hpp"
#include "serialise/write.hpp"

namespace factloom::cli {

namespace {

OptionSpec watch_option_spec() {
  return {"--watch", "",
          false,     false,
          "",        "after the first run, run again on each change to the inputs (until Ctrl-C)"};
}

const std::vector<OptionSpec> &build_options() {
  static const std::vector<OptionSpec> specs = [] {
    std::vector<OptionSpec> v = {
        {"--output", "-o", true, false, "FILE", "write to FILE (atomically) instead of stdout"},
        {"--format", "-f", true, false, "FORMAT",
         "turtle (default), ntriples, nquads, trig or jsonld"},
        {"--base", "", true, false, "IRI",
         std::string("base for minted IRIs (default ") + compile::default_base + ")"},
        {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
    };
    for (OptionSpec &o : shape_option_specs("check against these SHACL shapes (Turtle, "
                                            "N-Triples, N-Quads, TriG; repeatable) instead of "
                                            "the embedded ontology/shapes.ttl"))
      v.push_back(std::move(o));
    v.push_back(
        {"--no-validate", "", false, false, "", "do not check the output against the shapes"});
    v.push_back({"--report-file", "", true, false, "FILE",
                 "also write the validation results and the input's diagnostics to FILE as "
                 "JSON or SARIF 2.1.0 (docs/reports.md)"});
    v.push_back({"--report-format", "", true, false, "FORMAT",
                 "json or sarif (default: from the --report-file name, .json or .sarif)"});
    v.push_back(jobs_option_spec());
    v.push_back(watch_option_spec());
    for (OptionSpec &o : cache_option_specs())
      v.push_back(std::move(o));
    v.push_back({"--help", "-h", false, false, "", "show this help"});
    return v;
  }();
  return specs;
}

const std::vector<OptionSpec> &check_options() {
  static const std::vector<OptionSpec> specs = [] {
    std::vector<OptionSpec> v = {
        {"--base", "", true, false, "IRI", "base for minted IRIs"},
        {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
        jobs_option_spec(),
        watch_option_spec(),
    };
    for (OptionSpec &o : cache_option_specs())
      v.push_back(std::move(o));
    v.push_back({"--help", "-h", false, false, "", "show this help"});
    return v;
  }();
  return specs;
}

/// What a `build` or `check` command line asks for.
struct Request {
  compile::Options options;
  rdf::Syntax syntax = rdf::Syntax::turtle;
  bool jsonld = false; ///< -f jsonld: JSON-LD instead of `syntax` (the union graph, as Turtle)
  std::string output = "-";
  bool validate = false;
  compile::ShapeOptions shapes; ///< --shapes, --fail-on
  std::vector<std::string> inputs;
  std::string report_file;     ///< --report-file (empty: none)
  std::string report_format;   ///< json or sarif
  BuildTrace *trace = nullptr; ///< build --cache: what a later partial build needs
};

void print_help(const std::string &command, bool write_output,
                const std::vector<OptionSpec> &specs) {
  std::cout
      << "usage: factloom " << command << " [options] PATH...\n\n"
      << (write_output ? "Compiles fact files (*.facts; folders are searched) into RDF.\n"
                       : "Parses and binds fact files and reports problems; writes nothing.\n")
      << "PATH '-' reads one fact file from stdin.\n\noptions:\n"
      << options_help(specs) << (write_output ? std::string("\n") + fail_on_help : "")
      << "\nexit status: 0 success, 1 invalid input (syntax, binding, or shape results of the\n"
         "--fail-on severity), 2 usage error, 3 I/O error; --watch ends with 130 on SIGINT,\n"
         "143 on SIGTERM\n";
}

/// --shapes and --fail-on into `r`; the status of a usage error (printed) when they are wrong.
std::optional<int> read_shape_request(const std::string &command, const Args &args, Request &r) {
  r.shapes.shapes_paths = args.all("--shapes");
  for (const std::string &path : r.shapes.shapes_paths) {
    if (!rdf::syntax_for_path(path))
      return usage_error(command, "cannot tell the RDF syntax of shapes file '" + path +
                                      "' (expected .ttl, .nt, .nq or .trig)");
  }
  std::string error;
  const auto fail_on = fail_on_option(args, error);
  if (!fail_on)
    return usage_error(command, error);
  r.shapes.fail_on = *fail_on;
  if (!r.validate && (args.has("--shapes") || args.has("--fail-on")))
    return usage_error(command, "--shapes and --fail-on need validation; drop --no-validate");
  return std::nullopt;
}

/// --report-file and --report-format into `r`; the status of a usage error (printed) otherwise.
std::optional<int> read_report_request(const std::string &command, const Args &args, Request &r) {
  r.report_file = args.get("--report-file").value_or("");
  if (r.report_file.empty()) {
    if (args.has("--report-format"))
      return usage_error(command, "--report-format needs --report-file");
    return std::nullopt;
  }
  std::string format = args.get("--report-format").value_or("");
  if (format.empty()) {
    const std::string ext = std::filesystem::path(r.report_file).extension().string();
    format = ext == ".json" ? "json" : ext == ".sarif" ? "sarif" : "";
    if (format.empty())
      return usage_error(command, "cannot tell the report format of '" + r.report_file +
                                      "' (name it .json or .sarif, or give --report-format)");
  }
  if (format != "json" && format != "sarif")
    return usage_error(command, "unknown report format '" + format + "' (json or sarif)");
  r.report_format = format;
  return std::nullopt;
}

/// The build's report file: its validation results and the input diagnostics (those before
/// validation: syntax, binding), atomically. The exit status of writing it.
int write_report_file(const Request &r, validate::Report report,
                      const std::vector<Diagnostic> &diagnostics,
                      const compile::Compilation &compilation, bool validated) {
  if (!validated) {
    report.conforms = false;
    report.error = r.validate ? "not validated: the input has errors" : "not validated";
  }
  validate::ReportContext context;
  context.data = &compilation.graph;
  context.sources = &compilation.sources;
  context.diagnostics = &diagnostics;
  std::error_code ec;
  context.base_dir = std::filesystem::current_path(ec).string();
  const std::string bytes = r.report_format == "json" ? validate::report_json(report, context)
                                                      : validate::report_sarif(report, context);
  return write_file(r.report_file, bytes, compilation.sources);
}

/// A usage error when the output is one of `inputs` (which writing would destroy): by name, or
/// through a symlink or hard link. The output is looked up once (a build of 4,600 files made
/// 9,200 stat calls here), and the inputs only when it exists, those whose FileId is `known`
/// (by input, as found when it was read) not again (4,600 stat calls on one thread took 4 to 8
/// ms of a build that writes over its last output).
std::optional<int> output_is_input(const std::string &command, const std::string &output,
                                   const std::vector<std::string> &inputs,
                                   const std::vector<std::optional<FileId>> &known = {}) {
  const std::optional<FileId> out = file_id(output);
  if (!out)
    return std::nullopt;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string &input = inputs[i];
    if ((i < known.size() && known[i] ? known[i] : file_id(input)) == out)
      return usage_error(command, "the output " + output + " is the input " + input +
                                      "; writing it would destroy it");
  }
  return std::nullopt;
}

/// Maps the flags to a request; a usage error is printed and its status returned instead.
std::variant<Request, int> read_request(const std::string &command, const Args &args,
                                        bool write_output) {
  Request r;
  if (auto base = args.get("--base")) {
    if (!compile::valid_base_iri(*base))
      return usage_error(command,
                         "--base needs an absolute IRI, such as https://example.org/facts/");
    r.options.base_iri = *base;
  }
  r.options.ontology_path = args.get("--ontology");
  std::string error;
  const auto jobs = jobs_option(args, error);
  if (!jobs)
    return usage_error(command, error);
  r.options.jobs = *jobs;
  r.shapes.jobs = *jobs;
  if (auto format = args.get("--format")) {
    auto s = rdf::syntax_by_name(*format);
    r.jsonld = *format == "jsonld" || *format == "json-ld";
    if (!s && !r.jsonld)
      return usage_error(command, "unknown format '" + *format +
                                      "'; use turtle, ntriples, nquads, trig or jsonld");
    r.syntax = s.value_or(rdf::Syntax::turtle);
  }
  // Quads keep each source's graph (N-Quads: the graphs TriG writes, one quad a line).
  r.options.named_graphs = r.syntax == rdf::Syntax::trig || r.syntax == rdf::Syntax::nquads;
  r.inputs = args.positionals;
  if (r.inputs.empty())
    return usage_error(command, "no input; name fact files or folders, or '-' for stdin");
  r.output = args.get("--output").value_or("-");
  r.validate = write_output && !args.has("--no-validate");
  if (write_output) {
    if (const auto status = read_shape_request(command, args, r))
      return *status;
    if (const auto status = read_report_request(command, args, r))
      return *status;
  }
  std::vector<std::string> read = r.inputs;
  if (r.options.ontology_path)
    read.push_back(*r.options.ontology_path);
  read.insert(read.end(), r.shapes.shapes_paths.begin(), r.shapes.shapes_paths.end());
  if (auto clash = output_is_input(command, r.output, read))
    return *clash;
  if (!r.report_file.empty()) {
    if (auto clash = output_is_input(command, r.report_file, read))
      return *clash;
  }
  return r;
}

/// JSON-LD with the context made from the ontology the inputs were bound against.
Result<void> write_jsonld(compile::Compilation &compilation, const Request &r, ByteSink &out) {
  const serialise::JsonldContext context =
      compilation.ontology
          ? serialise::jsonld_context(*compilation.ontology, compilation.graph.prefix_map())
          : serialise::JsonldContext{};
  serialise::JsonldOptions options;
  options.jobs = r.options.jobs;
  return serialise::write_jsonld(std::move(compilation.graph), context, options, out);
}

/// Streams the graph into a temporary file that replaces the output only when all is written
/// (a failed write leaves an existing output as it was).
int write_output_file(compile::Compilation &compilation, const Request &r) {
  serialise::WriteOptions wo;
  wo.syntax = r.syntax;
  wo.jobs = r.options.jobs;
  wo.group_starts = r.trace != nullptr ? &r.trace->starts : nullptr;
  std::cout.flush();
  auto file = AtomicFile::open(r.output);
  if (!file) {
    print_error(file.error(), compilation.sources);
    return exit_io;
  }
  const Result<void> written =
      r.jsonld ? write_jsonld(compilation, r, *file.value())
               : serialise::write_graph(std::move(compilation.graph), wo, *file.value());
  if (!written) {
    const auto reason = file.value()->write_error();
    print_error(reason ? *reason : written.error(), compilation.sources);
    return exit_io;
  }
  if (const Result<void> committed = file.value()->commit(); !committed) {
    print_error(committed.error(), compilation.sources);
    return exit_io;
  }
  return exit_ok;
}

/// What --report-file needs from a run: the shape results, and the diagnostics from before
/// validation (syntax, binding).
struct ReportCapture {
  validate::Report report;
  std::vector<Diagnostic> input_diagnostics;
  bool validated = false;
};

void compile_request(const Request &r, compile::Compilation &compilation, ReportCapture &capture) {
  // Only validation and its reports look up where a quad came from.
  compilation.graph.keep_origins(r.validate || !r.report_file.empty() || r.trace != nullptr);
  compile::Options options = r.options;
  if (r.trace != nullptr)
    options.gives = &r.trace->gives;
  const bool ok = compile::compile(r.inputs, options, compilation);
  if (ok && r.trace != nullptr && compilation.ontology)
    r.trace->vocab = compile::file_vocabulary(compilation.graph, compilation.sources.size(),
                                              *compilation.ontology);
  compile::ShapeOptions shapes = r.shapes;
  capture = ReportCapture{};
  if (!r.report_file.empty()) {
    shapes.report = &capture.report;
    compilation.diagnostics.sort(compilation.sources);
    capture.input_diagnostics = compilation.diagnostics.all();
    capture.validated = ok && r.validate;
  }
  if (ok && r.validate) {
    // Frozen here (check_shapes would do it) so that what compiling dropped, freed by now for
    // longer than the allocator keeps it, is given back before validation makes its indexes, the
    // build's peak: 2 to 3 MB less at 10^6 triples (medians of 6, 96.8 to 94.2 MB).
    compilation.graph.freeze(r.shapes.jobs);
    give_back_free_memory();
    compile::check_shapes(compilation, shapes);
  }
}

/// The exit status of a compilation whose diagnostics are printed; writes the output when good.
int finish_request(const std::string &command, const Request &r, bool write_output,
                   compile::Compilation &compilation, const ReportCapture &capture) {
  if (!r.report_file.empty()) {
    const int written = write_report_file(r, capture.report, capture.input_diagnostics, compilation,
                                          capture.validated);
    if (written != exit_ok)
      return written;
  }
  if (compilation.io_errors > 0)
    return exit_io;
  if (compilation.diagnostics.has_errors())
    return exit_invalid;
  if (!write_output)
    return exit_ok;
  // Files found in folders are known only now.
  std::vector<std::string> read;
  std::vector<std::optional<FileId>> ids;
  for (std::size_t i = 1; i < compilation.sources.size(); ++i) {
    read.push_back(compilation.sources.get(static_cast<std::uint32_t>(i)).name());
    ids.push_back(i < compilation.file_ids.size() ? compilation.file_ids[i] : std::nullopt);
  }
  if (auto clash = output_is_input(command, r.output, read, ids))
    return *clash;
  return write_output_file(compilation, r);
}

/// --watch: stdin cannot be watched, and build writes a file (not stdout).
int watch_request(const std::string &command, const Request &r, bool write_output) {
  for (const std::string &input : r.inputs) {
    if (input == "-")
      return usage_error(command, "--watch cannot watch stdin ('-'); name files or folders");
  }
  if (write_output && r.output == "-")
    return usage_error(command, "--watch needs --output FILE (it rewrites it on each change)");
  WatchJob job;
  job.command = command;
  job.inputs = r.inputs;
  if (r.options.ontology_path)
    job.extra.push_back(*r.options.ontology_path);
  job.extra.insert(job.extra.end(), r.shapes.shapes_paths.begin(), r.shapes.shapes_paths.end());
  job.output = write_output ? r.output : "";
  ReportCapture capture;
  job.compile = [&r, &capture](compile::Compilation &c) { compile_request(r, c, capture); };
  job.finish = [&](compile::Compilation &c) {
    return finish_request(command, r, write_output, c, capture);
  };
  return watch(job);
}

/// One full run into `compilation`: compile, print the diagnostics, write the output.
int run_request(const std::string &command, const Request &r, bool write_output,
                compile::Compilation &compilation) {
  ReportCapture capture;
  compile_request(r, compilation, capture);
  print_diagnostics(compilation.diagnostics, compilation.sources);
  return finish_request(command, r, write_output, compilation, capture);
}

int run_request(const std::string &command, const Request &r, bool write_output) {
  compile::Compilation compilation;
  return run_request(command, r, write_output, compilation);
}

/// --cache DIR: answered from the cache when nothing changed (docs/incremental.md).
int cache_request(const std::string &command, const Args &args, const Request &r,
                  bool write_output) {
  if (args.has("--watch"))
    return usage_error(command, "--cache does not work with --watch");
  if (!r.report_file.empty())
    return usage_error(command, "--cache does not work with --report-file");
  if (write_output && r.output == "-")
    return usage_error(command, "--cache needs --output FILE (the output it keeps track of)");
  CacheJob job;
  job.command = command;
  job.dir = args.get("--cache").value_or("");
  job.args = &args;
  job.inputs = r.inputs;
  job.options = r.options;
  if (r.options.ontology_path)
    job.extra.push_back(*r.options.ontology_path);
  job.extra.insert(job.extra.end(), r.shapes.shapes_paths.begin(), r.shapes.shapes_paths.end());
  job.output = write_output ? r.output : "";
  if (write_output && !r.jsonld &&
      (r.syntax == rdf::Syntax::turtle || r.syntax == rdf::Syntax::ntriples)) {
    job.build = [&](compile::Compilation &c, BuildTrace &trace) {
      Request recorded = r;
      recorded.trace = &trace;
      return run_request(command, recorded, write_output, c);
    };
    job.syntax = r.syntax;
    job.shapes = r.validate ? &r.shapes : nullptr;
  } else if (!write_output) {
    job.check = [&](compile::Compilation &c, std::vector<compile::FileGives> *gives) {
      Request recorded = r;
      recorded.options.gives = gives;
      return run_request(command, recorded, write_output, c);
    };
  }
  return run_cached(job, [&] { return run_request(command, r, write_output); });
}

int run(const std::vector<std::string> &argv, bool write_output) {
  const std::string command = write_output ? "build" : "check";
  std::string error;
  const auto &specs = write_output ? build_options() : check_options();
  auto args = parse_args(argv, specs, error);
  if (!args)
    return usage_error(command, error);
  if (args->has("--help")) {
    print_help(command, write_output, specs);
    return exit_ok;
  }
  auto request = read_request(command, *args, write_output);
  if (const int *status = std::get_if<int>(&request))
    return *status;
  const Request &r = std::get<Request>(request);

  if (args->has("--cache") && !args->has("--no-cache"))
    return cache_request(command, *args, r, write_output);
  if (args->has("--watch"))
    return watch_request(command, r, write_output);
  return run_request(command, r, write_output);
}

int run_build(const std::vector<std::string> &argv) { return run(argv, true); }
int run_check(const std::vector<std::string> &argv) { return run(argv, false); }

const Register build_command("build", run_build,
                             "compile fact files into Turtle, N-Triples, N-Quads, TriG or JSON-LD",
                             10);
const Register check_command("check", run_check,
                             "parse and bind fact files; report problems, write nothing", 20);

} // namespace

} // namespace factloom::cli
