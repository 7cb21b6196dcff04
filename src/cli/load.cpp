// `factloom load`: compile or read the inputs, send them to a store's Graph Store endpoint in
// chunks, and prove with a SPARQL COUNT that everything arrived.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "base/signals.hpp"
#include "base/text.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report.hpp"
#include "cli/shape_options.hpp"
#include "cli/store_options.hpp"
#include "compile/compile.hpp"
#include "store/cancel.hpp"
#include "store/endpoint.hpp"
#include "store/inputs.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &specs() {
  static const std::vector<OptionSpec> s = [] {
    std::vector<OptionSpec> v = {
        {"--endpoint", "", true, false, "URL",
         "the store's Graph Store endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud)"},
        {"--sparql", "", true, false, "URL",
         "its SPARQL query endpoint, for the counts (default: derived from --endpoint)"},
        {"--graph", "", true, false, "IRI",
         std::string("graph for default-graph triples (default ") + compile::default_base + ")"},
        {"--replace", "", false, false, "", "replace each graph's content (the default)"},
        {"--append", "", false, false, "", "add to each graph's content"},
        {"--per-source", "", false, false, "", "each fact file into its own named graph"},
        {"--incremental", "", false, false, "",
         "with --per-source: send only graphs changed since the last incremental load into "
         "this store, drop those gone from the corpus (hashes kept in the store)"},
    };
    const std::vector<OptionSpec> http =
        http_option_specs("limit for each request (default 300; 0 = none)");
    v.insert(v.end(), http.begin(), http.end() - 1); // --user ... --max-response
    v.insert(v.end(), {
                          {"--chunk", "", true, false, "N", "triples per request (default 50000)"},
                          {"--parallel", "", true, false, "N",
                           "requests in flight at once (default 3; 1 = one after another)"},
                          {"--chunk-syntax", "", true, false, "SYNTAX",
                           "turtle (default; prefixed names, subjects grouped: less for the store "
                           "to parse) or ntriples"},
                      });
    v.push_back(http.back()); // --timeout
    v.insert(v.end(), {
                          {"--base", "", true, false, "IRI", "base for minted IRIs (fact files)"},
                          {"--ontology", "", true, false, "FILE",
                           "use this ontology instead of the embedded one"},
                      });
    const std::vector<OptionSpec> shapes =
        shape_option_specs("check fact files against these SHACL shapes (repeatable) instead "
                           "of the embedded ontology/shapes.ttl");
    v.insert(v.end(), shapes.begin(), shapes.end());
    v.insert(v.end(), {
                          {"--no-validate", "", false, false, "",
                           "do not check fact files against the shapes"},
                          jobs_option_spec(),
                          {"--quiet", "-q", false, false, "", "no summary, no progress"},
                          {"--help", "-h", false, false, "", "show this help"},
                      });
    return v;
  }();
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
         "triples the graph did not have (looked up first when it is not empty).\n"
         "--incremental (with --per-source): a manifest graph in the store keeps a hash of each\n"
         "graph; only graphs whose hash changed are sent, graphs gone from the corpus emptied.\n\n"
         "options:\n"
      << options_help(specs())
      << "\nexit status: 0 everything arrived, 1 invalid input, 2 usage error,\n"
         "             3 I/O, network or store failure (including a count that does not match)\n";
}

/// A number from 1 to `max` for `flag`, or nullopt.
std::optional<std::size_t> count_option(const Args &args, const char *flag,
                                        unsigned long long max) {
  const auto text = args.get(flag);
  char *end = nullptr;
  const unsigned long long n = std::strtoull(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || n == 0 || n > max)
    return std::nullopt;
  return static_cast<std::size_t>(n);
}

/// --mode, --graph, --chunk, --parallel, --chunk-syntax; a usage error message when wrong.
std::optional<store::LoadOptions> load_options(const Args &args, std::string &error) {
  store::LoadOptions options;
  if (args.has("--replace") && args.has("--append")) {
    error = "--replace and --append exclude each other";
    return std::nullopt;
  }
  options.mode = args.has("--append") ? store::LoadMode::append : store::LoadMode::replace;
  options.incremental = args.has("--incremental");
  if (options.incremental && (!args.has("--per-source") || args.has("--append"))) {
    error = "--incremental needs --per-source and replaces graphs (not --append)";
    return std::nullopt;
  }
  options.default_graph = args.get("--graph").value_or(compile::default_base);
  if (!compile::valid_base_iri(options.default_graph)) {
    error = "--graph needs an absolute IRI (a scheme such as https:, no spaces or <>\"{}|^`\\), "
            "not '" +
            store::escape_controls(options.default_graph) + "'";
    return std::nullopt;
  }
  if (args.has("--chunk")) {
    const auto n = count_option(args, "--chunk", 100000000ULL);
    if (!n) {
      error = "--chunk needs a number of triples from 1 to 100000000";
      return std::nullopt;
    }
    options.chunk_triples = *n;
  }
  if (args.has("--parallel")) {
    const auto n = count_option(args, "--parallel", 64);
    if (!n) {
      error = "--parallel needs a number from 1 to 64";
      return std::nullopt;
    }
    options.parallel = *n;
  }
  if (auto syntax = args.get("--chunk-syntax")) {
    if (*syntax != "ntriples" && *syntax != "turtle") {
      error = "--chunk-syntax is ntriples or turtle";
      return std::nullopt;
    }
    options.syntax =
        *syntax == "ntriples" ? store::ChunkSyntax::ntriples : store::ChunkSyntax::turtle;
  }
  return options;
}

void progress_line(const store::LoadProgress &p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.sent) / p.seconds : 0.0;
  if (p.total > 0)
    std::fprintf(stderr, "\rfactloom load: %s of %s triples sent (%.0f triples/s)   ",
                 thousands(p.sent).c_str(), thousands(p.total).c_str(), rate);
  else
    std::fprintf(stderr, "\rfactloom load: %s triples sent (%.0f triples/s)   ",
                 thousands(p.sent).c_str(), rate);
  std::fflush(stderr);
}

/// The request for the store from the parsed flags.
store::LoadRequest load_request(const Args &args, const store::LoadOptions &options,
                                const compile::ShapeOptions &shapes, unsigned jobs) {
  store::LoadRequest request;
  request.compile.jobs = jobs;
  request.inputs = args.positionals;
  request.load = options;
  request.compile.named_graphs = args.has("--per-source");
  if (auto base = args.get("--base"))
    request.compile.base_iri = *base;
  request.compile.ontology_path = args.get("--ontology");
  if (!args.has("--no-validate")) {
    request.validate = [shapes](compile::Compilation &c) { compile::check_shapes(c, shapes); };
  }
  request.read_done = [](const compile::Compilation &c) {
    print_diagnostics(c.diagnostics, c.sources);
  };
  const bool terminal = !args.has("--quiet") && isatty(STDERR_FILENO) == 1;
  const std::size_t chunk = options.chunk_triples;
  request.lock_endpoint = *args.get("--endpoint");
  request.waiting = [](const std::string &graph) {
    std::fprintf(stderr, "factloom load: waiting for another load into <%s> to finish\n",
                 graph.c_str());
  };
  // Progress when more than one chunk is likely.
  request.progress = [terminal, chunk](std::uint64_t triples) -> store::ProgressFn {
    if (terminal && triples > chunk)
      return progress_line;
    return {};
  };
  return request;
}

/// "1 triple", "2 triples", "1,000 triples".
std::string triples(std::uint64_t n) { return thousands(n) + (n == 1 ? " triple" : " triples"); }

/// "sent 1 graph (215 triples), 4,599 unchanged, 1 removed" and the removed graphs.
void print_incremental(const store::LoadReport &report) {
  for (const std::string &g : report.removed)
    std::cout << "<" << g << ">: removed (verified empty)\n";
  std::fprintf(
      stderr, "factloom load: sent %zu graph%s (%s), unchanged %s, removed %zu, in %.1f s\n",
      report.graphs.size(), report.graphs.size() == 1 ? "" : "s", triples(report.sent).c_str(),
      thousands(report.unchanged).c_str(), report.removed.size(), report.seconds);
}

void print_summary(const store::LoadReport &report, store::LoadMode mode) {
  for (const store::GraphReport &g : report.graphs) {
    std::cout << "<" << g.graph << ">: ";
    if (mode == store::LoadMode::append)
      std::cout << triples(g.sent) << " appended; " << thousands(g.before) << " before, "
                << thousands(g.after) << " now (verified)\n";
    else
      std::cout << triples(g.after) << " (verified)\n";
  }
  if (report.incremental)
    return print_incremental(report);
  std::fprintf(stderr, "factloom load: %s into %zu graph%s in %.1f s\n",
               triples(report.sent).c_str(), report.graphs.size(),
               report.graphs.size() == 1 ? "" : "s", report.seconds);
}

/// Exit status and messages for a load whose input had errors.
int bad_input(const store::InputsLoaded &done, const compile::Compilation &c,
              const std::string &graph) {
  if (!done.report)
    print_error(done.report.error(), c.sources);
  else if (done.taken_back > 0)
    print_error(Diagnostic{Severity::note,
                           {},
                           "nothing loaded: the " + triples(done.taken_back) +
                               " sent before the error " + (done.taken_back == 1 ? "was" : "were") +
                               " taken back; <" + graph + "> is empty, as it was",
                           {},
                           {},
                           {}},
                c.sources);
  return c.io_errors > 0 ? exit_io : exit_invalid;
}

/// First SIGINT/SIGTERM: the load stops between requests and is undone as after an error (the
/// message says so). A second one ends the process at once, by the signal.
extern "C" void on_signal(int sig) {
  static volatile std::sig_atomic_t seen = 0;
  if (seen != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  seen = 1;
  store::request_cancel();
  static constexpr char note[] = "\nfactloom load: interrupted; stopping after the requests in "
                                 "flight (a second signal stops at once)\n";
  (void)!write(STDERR_FILENO, note, sizeof note - 1);
}

/// A signal the process was started ignoring (nohup, a background job) stays ignored.
void catch_signals() {
  static StopActions before;
  install_stop_handler(on_signal, SA_RESTART, before);
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
  const auto options = load_options(*args, error);
  if (!options)
    return usage_error("load", error);
  if (auto bad = check_http_url("--endpoint", *endpoint))
    return usage_error("load", *bad);
  auto sparql = args->get("--sparql");
  if (sparql) {
    if (auto bad = check_http_url("--sparql", *sparql))
      return usage_error("load", *bad);
  } else {
    sparql = store::derive_sparql_endpoint(*endpoint);
  }
  if (!sparql)
    return usage_error("load", "cannot derive the SPARQL endpoint from '" +
                                   store::escape_controls(store::display_url(*endpoint)) +
                                   "'; give --sparql URL");
  const auto http = http_options(*args, error);
  if (!http)
    return usage_error("load", error);
  if (args->positionals.empty())
    return usage_error("load", "no input; name fact files, RDF files or folders");
  compile::ShapeOptions shapes;
  shapes.shapes_paths = args->all("--shapes");
  const auto fail_on = fail_on_option(*args, error);
  if (!fail_on)
    return usage_error("load", error);
  shapes.fail_on = *fail_on;
  const auto jobs = jobs_option(*args, error);
  if (!jobs)
    return usage_error("load", error);
  shapes.jobs = *jobs;

  store::HttpGraphStore target(*endpoint, *sparql, *http);
  catch_signals();
  compile::Compilation compilation;
  const store::InputsLoaded done =
      store::load_inputs(load_request(*args, *options, shapes, *jobs), target, compilation);
  if (done.progress_shown)
    std::fputs("\n", stderr);
  if (done.bad_input)
    return bad_input(done, compilation, options->default_graph);
  if (!done.report)
    return store_failure(done.report.error());
  if (!args->has("--quiet"))
    print_summary(done.report.value(), options->mode);
  return exit_ok;
}

const Register reg("load", run_load,
                   "send fact files or RDF to a triple store and verify the count", 40);

} // namespace

} // namespace factloom::cli
