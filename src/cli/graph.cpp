// `factloom graph`: a picture of the graph (who met whom, proposals, one entity's
// neighbourhood) as Graphviz DOT, or rendered to SVG or PNG by Graphviz's dot.
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/io.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report.hpp"
#include "cli/view_common.hpp"
#include "compile/compile.hpp"
#include "view/render.hpp"
#include "view/views.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &graph_options() {
  static const std::vector<OptionSpec> specs = {
      {"--output", "-o", true, false, "FILE",
       "write to FILE (atomically): .dot or .gv for DOT, .svg or .png rendered by dot"},
      {"--view", "", true, false, "VIEW", "meetings (default), proposals or focus"},
      {"--focus", "", true, false, "ID", "the neighbourhood of this entity (implies --view focus)"},
      {"--depth", "", true, false, "N", "steps around the focus (default 1, at most 6)"},
      {"--from", "", true, false, "DATE", "only things dated on or after DATE (YYYY[-MM[-DD]])"},
      {"--to", "", true, false, "DATE", "only things dated on or before DATE"},
      {"--source", "", true, false, "ID", "only things derived from this source article"},
      {"--max-nodes", "", true, false, "N",
       "at most about N nodes (default 150), with a note of what was left out"},
  };
  static const std::vector<OptionSpec> all = [] {
    std::vector<OptionSpec> out = specs;
    for (OptionSpec &o : view_option_specs())
      out.push_back(std::move(o));
    return out;
  }();
  return all;
}

struct Request {
  compile::Options options;
  view::ViewOptions view;
  std::string lang;
  std::string output = "-";
  std::string format = "dot"; ///< dot, svg or png
  unsigned dot_timeout = view::default_dot_timeout;
  std::vector<std::string> inputs;
};

std::optional<std::string> format_of(const std::string &output) {
  if (output == "-")
    return "dot";
  const std::size_t dot = output.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : output.substr(dot + 1);
  if (ext == "dot" || ext == "gv")
    return "dot";
  if (ext == "svg" || ext == "png")
    return ext;
  return std::nullopt;
}

/// The view's own options; a usage error message when one is wrong.
std::string read_view(const Args &args, view::ViewOptions &v) {
  const std::string kind = args.get("--view").value_or(args.has("--focus") ? "focus" : "meetings");
  if (kind == "meetings")
    v.kind = view::Kind::meetings;
  else if (kind == "proposals")
    v.kind = view::Kind::proposals;
  else if (kind == "focus")
    v.kind = view::Kind::focus;
  else
    return "unknown view '" + kind + "'; use meetings, proposals or focus";
  v.focus = args.get("--focus").value_or("");
  if (v.kind == view::Kind::focus && v.focus.empty())
    return "--view focus needs --focus ID";
  if (v.kind != view::Kind::focus && !v.focus.empty())
    return "--focus goes with --view focus";
  const auto depth = number_option(args, "--depth", 0, 6, 1);
  const auto max = number_option(args, "--max-nodes", 1, 100000, 150);
  if (!depth || !max)
    return "--depth takes a number from 0 to 6, --max-nodes one from 1 to 100000";
  v.depth = static_cast<int>(*depth);
  v.max_nodes = static_cast<std::size_t>(*max);
  v.from = args.get("--from").value_or("");
  v.to = args.get("--to").value_or("");
  if ((!v.from.empty() && !date_bound_ok(v.from)) || (!v.to.empty() && !date_bound_ok(v.to)))
    return "--from and --to take a date: YYYY, YYYY-MM or YYYY-MM-DD";
  v.source = args.get("--source").value_or("");
  return {};
}

std::variant<Request, int> read_request(const Args &args) {
  Request r;
  if (const auto status = read_view_options(args, "graph", r.options, r.dot_timeout))
    return *status;
  r.inputs = args.positionals;
  if (r.inputs.empty())
    return usage_error("graph", "no input; name fact files, RDF files or folders");
  r.output = args.get("--output").value_or("-");
  const auto format = format_of(r.output);
  if (!format)
    return usage_error("graph", "cannot tell the picture format of '" + r.output +
                                    "' (expected .dot, .gv, .svg or .png)");
  r.format = *format;
  for (const std::string &input : r.inputs) {
    if (r.output != "-" && same_file(r.output, input))
      return usage_error("graph", "the output " + r.output + " is the input " + input);
  }
  if (const std::string error = read_view(args, r.view); !error.empty())
    return usage_error("graph", error);
  r.lang = args.get("--lang").value_or("");
  return r;
}

void print_help() {
  std::cout
      << "usage: factloom graph [options] PATH...\n\n"
         "Draws a picture of the graph of fact files or RDF files (folders are searched):\n"
         "who met whom (agents, meetings and roles, in time order), proposals (revisions,\n"
         "counter-proposals, signatories, stances) or one entity's neighbourhood.\n"
         "Writes Graphviz DOT, or SVG/PNG rendered by Graphviz's dot (-o FILE.svg).\n\n"
         "options:\n"
      << options_help(graph_options())
      << "\nexit status: 0 success, 1 invalid input, 2 usage error (an unknown --focus or\n"
         "--source id too), 3 I/O error or dot missing, failing or stopped by --dot-timeout\n";
}

int run_graph(const std::vector<std::string> &argv) {
  std::string error;
  auto args = parse_args(argv, graph_options(), error);
  if (!args)
    return usage_error("graph", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  auto request = read_request(*args);
  if (const int *status = std::get_if<int>(&request))
    return *status;
  const Request &r = std::get<Request>(request);
  compile::Compilation compilation;
  if (const auto status = compile_for_view(r.inputs, r.options, compilation))
    return *status;
  const view::Facts facts(compilation.graph, r.options.base_iri, r.lang);
  const view::ViewResult picture = view::build_view(facts, r.view);
  if (!picture.error.empty())
    return usage_error("graph", picture.error);
  const std::string dot = picture.graph.str();
  if (r.format == "dot")
    return write_file(r.output, dot, compilation.sources);
  const auto rendered = view::render(dot, r.format, r.dot_timeout);
  if (!rendered) {
    print_error(rendered.error(), compilation.sources);
    return exit_io;
  }
  return write_file(r.output, rendered.value(), compilation.sources);
}

const Register graph_command("graph", run_graph,
                             "draw who met whom, proposals or a neighbourhood (DOT, SVG, PNG)", 50);

} // namespace

} // namespace factloom::cli
