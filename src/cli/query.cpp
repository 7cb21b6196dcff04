// `factloom query`: run a SPARQL query against a store's SPARQL endpoint and print the answer.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string_view>
#include <variant>

#include "base/io.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "cli/store_options.hpp"
#include "compile/compile.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "serialise/write.hpp"
#include "store/format.hpp"
#include "store/sparql.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &specs() {
  static const std::vector<OptionSpec> s = [] {
    std::vector<OptionSpec> v = {
        {"--endpoint", "", true, false, "URL",
         "the store's SPARQL endpoint (Virtuoso: http://HOST:8890/sparql)"},
        {"--execute", "-e", true, false, "QUERY", "the query text (instead of QUERY_FILE)"},
        {"--format", "-f", true, false, "FORMAT",
         "SELECT: table (default), csv, tsv or json; CONSTRUCT/DESCRIBE: turtle (default) or "
         "ntriples"},
        {"--graph", "", true, true, "IRI",
         std::string("the default graph to query (repeatable: their merge), sent as "
                     "default-graph-uri (default: ") +
             compile::default_base + " for a query that names no graphs)"},
        {"--named-graph", "", true, true, "IRI",
         "a named graph GRAPH patterns may reach (repeatable), sent as named-graph-uri"},
        {"--store-dataset", "", false, false, "",
         "send no graphs: the store's own default graph (Virtuoso: all graphs; Oxigraph, Jena: "
         "the unnamed graph)"},
    };
    for (OptionSpec &o : http_option_specs("limit for the request (default 300; 0 = none)"))
      v.push_back(std::move(o));
    v.push_back({"--help", "-h", false, false, "", "show this help"});
    return v;
  }();
  return s;
}

void print_help() {
  std::cout
      << "usage: factloom query --endpoint URL (QUERY_FILE | -e QUERY) [--format FORMAT]\n"
         "                      [--graph IRI]... [--named-graph IRI]... [--store-dataset]\n\n"
         "Runs a SPARQL query (SPARQL 1.1 Protocol, form-encoded POST) and prints the answer:\n"
         "SELECT as an aligned table (IRIs shortened with the common prefixes and the query's\n"
         "own), CSV, TSV or JSON; ASK as true or false (exit 0 or 1); CONSTRUCT and DESCRIBE as\n"
         "Turtle. The prefixes fl, rdf, rdfs, xsd, schema, prov, org, skos, owl and time are\n"
         "declared for the query unless it declares them itself. QUERY_FILE '-' is stdin.\n\n"
         "The dataset: --graph and --named-graph name the graphs (SPARQL 1.1 Protocol). Without\n"
         "them, a query that names no graphs itself (no FROM, FROM NAMED or GRAPH) runs on the\n"
         "graph `load` fills by default, "
      << compile::default_base
      << ", on every store alike;\n"
         "a query that does, or --store-dataset, gets the store's own dataset (Virtuoso answers\n"
         "over all graphs; Oxigraph and Jena over the unnamed graph alone).\n\n"
         "options:\n"
      << options_help(specs())
      << "\nexit status: 0 success (ASK: true), 1 ASK answered false, 2 usage error,\n"
         "             3 I/O, network or store failure\n";
}

int print_graph(const std::string &turtle, const std::string &endpoint, rdf::Syntax syntax,
                const rdf::PrefixMap &prefixes) {
  SourceSet sources;
  const std::uint32_t index = sources.add("<answer from " + endpoint + ">", turtle);
  graph::Graph g;
  DiagnosticSink sink;
  rdf::ReadOptions ro;
  ro.syntax = rdf::Syntax::turtle;
  ro.base_iri = endpoint;
  if (!rdf::read_rdf(sources.get(index), index, ro, g, sink)) {
    print_diagnostics(sink, sources);
    return store_failure(
        io_error(store::display_url(endpoint), "the store's Turtle answer could not be read"));
  }
  for (const rdf::Prefix &ns : prefixes.entries())
    g.add_prefix(ns.name, ns.iri);
  g.freeze();
  serialise::WriteOptions wo;
  wo.syntax = syntax;
  std::string text;
  if (auto r = serialise::write_graph(g, wo, text); !r)
    return store_failure(r.error());
  std::cout << text;
  return exit_ok;
}

/// Runs a SELECT or ASK and prints it: CSV, TSV and JSON while the answer arrives (a large
/// answer is never held whole), the table once it is all there.
int print_select(store::SparqlClient &client, const std::string &sent, store::ResultFormat rf,
                 const rdf::PrefixMap &prefixes) {
  if (rf != store::ResultFormat::table) {
    store::ResultsWriter writer(rf, std::cout);
    if (Result<void> streamed = client.select_stream(sent, writer); !streamed) {
      std::cout.flush();
      return store_failure(streamed.error());
    }
    writer.end();
    return writer.is_boolean() && !writer.boolean_value() ? exit_invalid : exit_ok;
  }
  Result<store::QueryResults> results = client.select(sent);
  if (!results)
    return store_failure(results.error());
  std::cout << store::format_results(results.value(), rf, prefixes);
  if (results.value().is_boolean && !results.value().boolean)
    return exit_invalid;
  return exit_ok;
}

/// The dataset of --graph, --named-graph and --store-dataset, or the default one for `query`;
/// a usage error message when the flags are wrong.
std::optional<std::string> read_dataset(const Args &args, std::string_view query,
                                        store::Dataset &out) {
  out.default_graphs = args.all("--graph");
  out.named_graphs = args.all("--named-graph");
  for (const auto *list : {&out.default_graphs, &out.named_graphs}) {
    for (const std::string &iri : *list) {
      if (!compile::valid_base_iri(iri))
        return "--graph and --named-graph need an absolute IRI, not '" +
               store::escape_controls(iri) + "'";
    }
  }
  const bool named = !out.default_graphs.empty() || !out.named_graphs.empty();
  if (args.has("--store-dataset")) {
    if (named)
      return std::string("--store-dataset sends no graphs; drop --graph and --named-graph");
    return std::nullopt;
  }
  if (!named && !store::query_addresses_graphs(query))
    out.default_graphs.emplace_back(compile::default_base);
  return std::nullopt;
}

/// The query text of -e or QUERY_FILE; a usage error message, or an I/O failure, otherwise.
std::variant<std::string, int> read_query_text(const Args &args) {
  if (auto text = args.get("--execute")) {
    if (!args.positionals.empty())
      return usage_error("query", "give either -e QUERY or QUERY_FILE, not both");
    return *text;
  }
  if (args.positionals.size() != 1)
    return usage_error("query", "give one QUERY_FILE or -e QUERY");
  auto text_or = read_file(args.positionals[0]);
  if (!text_or)
    return store_failure(text_or.error());
  return std::move(text_or.value());
}

int run_query(const std::vector<std::string> &argv) {
  std::string error;
  auto args = parse_args(argv, specs(), error);
  if (!args)
    return usage_error("query", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  const auto endpoint = args->get("--endpoint");
  if (!endpoint)
    return usage_error("query", "--endpoint URL is required (the store's SPARQL endpoint)");
  if (auto bad = check_http_url("--endpoint", *endpoint))
    return usage_error("query", *bad);
  auto text = read_query_text(*args);
  if (const int *status = std::get_if<int>(&text))
    return *status;
  const std::string &query = std::get<std::string>(text);
  const auto http = http_options(*args, error);
  if (!http)
    return usage_error("query", error);
  store::Dataset dataset;
  if (auto bad = read_dataset(*args, query, dataset))
    return usage_error("query", *bad);

  const store::QueryInfo info = store::inspect_query(query);
  if (info.form == store::QueryForm::unknown)
    return usage_error("query",
                       "not a SELECT, ASK, CONSTRUCT or DESCRIBE query (updates are not run)");
  const bool graph_form =
      info.form == store::QueryForm::construct || info.form == store::QueryForm::describe;
  const std::string format = args->get("--format").value_or(graph_form ? "turtle" : "table");
  rdf::PrefixMap prefixes = rdf::PrefixMap::common();
  for (const rdf::Prefix &ns : info.prefixes)
    prefixes.add(ns.name, ns.iri); // the query's own declaration wins

  store::SparqlClient client(*endpoint, *http);
  client.set_dataset(std::move(dataset));
  const std::string sent = store::with_common_prefixes(query);
  if (graph_form) {
    rdf::Syntax syntax = rdf::Syntax::turtle;
    if (format == "ntriples")
      syntax = rdf::Syntax::ntriples;
    else if (format != "turtle" && format != "table")
      return usage_error("query",
                         "CONSTRUCT and DESCRIBE print turtle or ntriples, not '" + format + "'");
    Result<std::string> turtle = client.construct(sent);
    if (!turtle)
      return store_failure(turtle.error());
    return print_graph(turtle.value(), *endpoint, syntax, prefixes);
  }
  store::ResultFormat rf = store::ResultFormat::table;
  if (format == "csv")
    rf = store::ResultFormat::csv;
  else if (format == "tsv")
    rf = store::ResultFormat::tsv;
  else if (format == "json")
    rf = store::ResultFormat::json;
  else if (format != "table")
    return usage_error("query", "--format is table, csv, tsv or json");
  return print_select(client, sent, rf, prefixes);
}

const Register reg("query", run_query,
                   "ask a triple store a SPARQL query; print a table, CSV, TSV or JSON", 41);

} // namespace

} // namespace factloom::cli
