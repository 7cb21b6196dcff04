// `factloom load`: compile or read the inputs, send them to a store's Graph Store endpoint in
// chunks, and prove with a SPARQL COUNT that everything arrived.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>

#include "base/text.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "compile/compile.hpp"
#include "rdf/syntax.hpp"
#include "store/endpoint.hpp"
#include "store/loader.hpp"
#include "store/stream.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &specs() {
  static const std::vector<OptionSpec> s = {
      {"--endpoint", "", true, false, "URL",
       "the store's Graph Store endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud)"},
      {"--sparql", "", true, false, "URL",
       "its SPARQL query endpoint, for the counts (default: derived from --endpoint)"},
      {"--graph", "", true, false, "IRI",
       std::string("graph for default-graph triples (default ") + compile::default_base + ")"},
      {"--replace", "", false, false, "", "replace each graph's content (the default)"},
      {"--append", "", false, false, "", "add to each graph's content"},
      {"--per-source", "", false, false, "", "each fact file into its own named graph"},
      {"--user", "", true, false, "NAME", "user for HTTP authentication (Basic or Digest)"},
      {"--password-env", "", true, false, "VAR", "environment variable holding the password"},
      {"--chunk", "", true, false, "N", "triples per request (default 50000)"},
      {"--parallel", "", true, false, "N",
       "requests in flight at once (default 3; 1 = one after another)"},
      {"--chunk-syntax", "", true, false, "SYNTAX",
       "turtle (default; prefixed names, subjects grouped: less for the store to parse) or "
       "ntriples"},
      {"--timeout", "", true, false, "SECONDS", "limit for each request (default 300; 0 = none)"},
      {"--base", "", true, false, "IRI", "base for minted IRIs (fact files)"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      {"--no-validate", "", false, false, "", "do not check fact files against the shapes"},
      {"--quiet", "-q", false, false, "", "no summary, no progress"},
      {"--help", "-h", false, false, "", "show this help"},
  };
  return s;
}

void print_help() {
  std::cout
      << "usage: factloom load --endpoint URL [--graph IRI] [--replace | --append] [options] "
         "INPUT...\n\n"
         "Sends fact files (compiled and validated on the fly; folders are searched) and RDF "
         "files\n"
         "(.ttl, .nt, .nq, .trig) to a store through the SPARQL 1.1 Graph Store HTTP Protocol,\n"
         "in chunks, then counts each graph with SPARQL and fails unless the store holds exactly\n"
         "what was sent. Named graphs (TriG input, or --per-source) go into their own graphs;\n"
         "everything else into --graph.\n\n"
         "--replace (default): the count must then equal the distinct triples sent. Turtle and\n"
         "N-Triples files bound for an empty graph are sent while being read; if anything fails\n"
         "(bad syntax halfway, a store error, a wrong count) the graph is emptied again. Other\n"
         "input, or a graph with content, is read and checked whole before the first request.\n"
         "--append: everything is POSTed; as RDF graphs are sets, the count must be the count\n"
         "before, plus the triples with blank nodes (new nodes on every upload), plus the other\n"
         "triples the graph did not have (looked up first when it is not empty).\n\n"
         "options:\n"
      << options_help(specs())
      << "\nexit status: 0 everything arrived, 1 invalid input, 2 usage error,\n"
         "             3 I/O, network or store failure (including a count that does not match)\n";
}

int run_load(const std::vector<std::string> &argv) {
  std::string error;
  auto args = parse_args(argv, specs(), error);
  if (!args)
    return usage_error("load", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  const auto endpoint = args->get("--endpoint");
  if (!endpoint)
    return usage_error("load", "--endpoint URL is required (the store's Graph Store endpoint)");
  if (args->has("--replace") && args->has("--append"))
    return usage_error("load", "--replace and --append exclude each other");
  std::string sparql;
  if (auto s = args->get("--sparql")) {
    sparql = *s;
  } else if (auto derived = store::derive_sparql_endpoint(*endpoint)) {
    sparql = *derived;
  } else {
    return usage_error("load", "cannot derive the SPARQL endpoint from '" + *endpoint +
                                   "'; give --sparql URL");
  }
  store::HttpOptions http;
  if (args->has("--user") != args->has("--password-env"))
    return usage_error("load", "--user and --password-env go together");
  if (auto user = args->get("--user")) {
    const std::string var = *args->get("--password-env");
    const char *password = std::getenv(var.c_str());
    if (password == nullptr)
      return usage_error("load", "environment variable " + var + " (--password-env) is not set");
    http.credentials = store::Credentials{*user, password};
  }
  store::LoadOptions options;
  options.mode = args->has("--append") ? store::LoadMode::append : store::LoadMode::replace;
  options.default_graph = args->get("--graph").value_or(compile::default_base);
  if (auto chunk = args->get("--chunk")) {
    char *end = nullptr;
    const unsigned long long n = std::strtoull(chunk->c_str(), &end, 10);
    if (chunk->empty() || *end != '\0' || n == 0 || n > 100000000ULL)
      return usage_error("load", "--chunk needs a number of triples from 1 to 100000000");
    options.chunk_triples = static_cast<std::size_t>(n);
  }
  if (auto parallel = args->get("--parallel")) {
    char *end = nullptr;
    const unsigned long long n = std::strtoull(parallel->c_str(), &end, 10);
    if (parallel->empty() || *end != '\0' || n == 0 || n > 64)
      return usage_error("load", "--parallel needs a number from 1 to 64");
    options.parallel = static_cast<std::size_t>(n);
  }
  if (auto syntax = args->get("--chunk-syntax")) {
    if (*syntax == "ntriples")
      options.syntax = store::ChunkSyntax::ntriples;
    else if (*syntax == "turtle")
      options.syntax = store::ChunkSyntax::turtle;
    else
      return usage_error("load", "--chunk-syntax is ntriples or turtle");
  }
  if (auto timeout = args->get("--timeout")) {
    char *end = nullptr;
    const long t = std::strtol(timeout->c_str(), &end, 10);
    if (timeout->empty() || *end != '\0' || t < 0)
      return usage_error("load", "--timeout needs whole seconds (0 = none)");
    http.timeout_s = t;
  }
  if (args->positionals.empty())
    return usage_error("load", "no input; name fact files, RDF files or folders");

  // Read and compile. Fact files are validated as `build` does.
  compile::Options co;
  co.accept_rdf = true;
  co.named_graphs = args->has("--per-source");
  if (auto base = args->get("--base"))
    co.base_iri = *base;
  co.ontology_path = args->get("--ontology");
  bool any_facts = false;
  // Replacing one graph with Turtle or N-Triples files can upload while reading (when the
  // graph is empty to begin with; see StreamingLoad).
  bool can_stream = options.mode == store::LoadMode::replace && !co.named_graphs;
  std::uintmax_t input_bytes = 0;
  for (const std::string &p : args->positionals) {
    std::error_code ec;
    const auto syntax = rdf::syntax_for_path(p);
    if (p == "-" || std::filesystem::is_directory(p, ec) || !syntax)
      any_facts = true;
    if (p == "-" || !std::filesystem::is_regular_file(p, ec) || !syntax ||
        (*syntax != rdf::Syntax::turtle && *syntax != rdf::Syntax::ntriples)) {
      can_stream = false;
    } else {
      input_bytes += std::filesystem::file_size(p, ec);
    }
  }
  const bool quiet = args->has("--quiet");
  auto progress_line = [](const store::LoadProgress &p) {
    const double rate = p.seconds > 0 ? static_cast<double>(p.sent) / p.seconds : 0.0;
    if (p.total > 0)
      std::fprintf(stderr, "\rfactloom load: %s of %s triples sent (%.0f triples/s)   ",
                   thousands(p.sent).c_str(), thousands(p.total).c_str(), rate);
    else
      std::fprintf(stderr, "\rfactloom load: %s triples sent (%.0f triples/s)   ",
                   thousands(p.sent).c_str(), rate);
    std::fflush(stderr);
  };
  const bool terminal = !quiet && isatty(STDERR_FILENO) == 1;
  bool show_progress = false;
  auto progress = [&]() -> std::function<void(const store::LoadProgress &)> {
    if (show_progress)
      return progress_line;
    return {};
  };
  store::HttpGraphStore target_store(*endpoint, sparql, http);
  compile::Compilation compilation;
  std::optional<store::StreamingLoad> streaming;
  if (can_stream) {
    // About 100 bytes a triple: show progress when more than one chunk is likely.
    show_progress = terminal && input_bytes / 100 > options.chunk_triples;
    streaming.emplace(compilation.graph, options.default_graph, options, target_store, progress());
    Result<bool> started = streaming->start();
    if (!started) {
      const Diagnostic &d = started.error();
      std::cerr << "factloom load: " << (d.origin.empty() ? "" : d.origin + ": ") << d.message
                << "\n";
      return exit_io;
    }
    if (!started.value())
      streaming.reset(); // the graph has content: read everything before sending anything
  }
  const bool compiled = streaming ? compile::compile(args->positionals, co, compilation, *streaming)
                                  : compile::compile(args->positionals, co, compilation);
  if (!streaming)
    compilation.graph.freeze();
  if (compiled && any_facts && !args->has("--no-validate"))
    compile::check_shapes(compilation);
  print_diagnostics(compilation.diagnostics, compilation.sources);
  if (compilation.io_errors > 0 || compilation.diagnostics.has_errors()) {
    if (streaming) {
      if (show_progress)
        std::fputs("\n", stderr);
      Result<std::uint64_t> undone = streaming->abandon();
      if (!undone)
        std::cerr << "factloom load: " << undone.error().message << "\n";
      else if (undone.value() > 0)
        std::cerr << "factloom load: nothing loaded: the " << thousands(undone.value())
                  << " triples sent before the error were taken back; <" << options.default_graph
                  << "> is empty, as it was\n";
    }
    return compilation.io_errors > 0 ? exit_io : exit_invalid;
  }

  Result<store::LoadReport> report = [&]() -> Result<store::LoadReport> {
    if (streaming)
      return streaming->finish(compilation.graph);
    std::vector<store::Target> targets =
        store::plan_targets(compilation.graph, options.default_graph);
    std::uint64_t total = 0;
    for (const auto &t : targets)
      total += t.quads.size();
    show_progress = terminal && total > options.chunk_triples;
    return store::load(compilation.graph, targets, options, target_store, progress());
  }();
  if (show_progress)
    std::fputs("\n", stderr);
  if (!report) {
    const Diagnostic &d = report.error();
    std::cerr << "factloom load: " << (d.origin.empty() ? "" : d.origin + ": ") << d.message
              << "\n";
    return exit_io;
  }
  if (!quiet) {
    for (const store::GraphReport &g : report.value().graphs) {
      std::cout << "<" << g.graph << ">: ";
      if (options.mode == store::LoadMode::append)
        std::cout << thousands(g.sent) << " triples appended; " << thousands(g.before)
                  << " before, " << thousands(g.after) << " now (verified)\n";
      else
        std::cout << thousands(g.after) << " triples (verified)\n";
    }
    const double secs = report.value().seconds;
    std::fprintf(stderr, "factloom load: %s triples into %zu graph%s in %.1f s\n",
                 thousands(report.value().sent).c_str(), report.value().graphs.size(),
                 report.value().graphs.size() == 1 ? "" : "s", secs);
  }
  return exit_ok;
}

const Register reg("load", run_load,
                   "send fact files or RDF to a triple store and verify the count", 40);

} // namespace

} // namespace factloom::cli
