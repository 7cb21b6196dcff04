// `factloom diff OLD NEW`: the facts added, removed and changed between two builds or corpora.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/view_common.hpp"
#include "compile/compile.hpp"
#include "graph/diff.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &diff_options() {
  static const std::vector<OptionSpec> specs = {
      {"--format", "", true, false, "FORMAT",
       "text (default), json, or patch (N-Triples lines: '- ' removed, '+ ' added)"},
      {"--output", "-o", true, false, "FILE", "write to FILE (atomically) instead of stdout"},
      {"--base", "", true, false, "IRI", "base of minted IRIs of fact files"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      jobs_option_spec(),
      {"--help", "-h", false, false, "", "show this help"},
  };
  return specs;
}

void print_help() {
  std::cout
      << "usage: factloom diff [options] OLD NEW\n\n"
         "Compares two graphs fact by fact. OLD and NEW are each a graph written by factloom\n"
         "build (.ttl, .nt, .nq, .trig) or a corpus (a folder or a fact file, compiled in\n"
         "memory). Prints the facts added, removed and changed (the same subject and\n"
         "single-valued predicate with another object), grouped by article and entity, with\n"
         "the file and line of each. Blank nodes are matched by their content, not their "
         "labels.\n\n"
         "options:\n"
      << options_help(diff_options())
      << "\nexit status: 0 the graphs are equal, 1 they differ, 2 usage error or invalid input,\n"
         "3 I/O error\n";
}

/// Compiles one side; the exit status of a failure (invalid input is 2, as for diff(1)).
std::optional<int> load_side(const std::string &path, const compile::Options &options,
                             compile::Compilation &out) {
  const auto status = compile_for_view({path}, options, out);
  if (status && *status == exit_invalid)
    return exit_usage;
  return status;
}

struct Request {
  compile::Options options;
  std::string format = "text";
  std::string output = "-";
};

std::optional<int> read_request(const Args &args, Request &r) {
  if (args.positionals.size() != 2)
    return usage_error("diff", "expected two inputs, OLD and NEW");
  r.format = args.get("--format").value_or("text");
  if (r.format != "text" && r.format != "json" && r.format != "patch")
    return usage_error("diff", "unknown format '" + r.format + "'; use text, json or patch");
  r.output = args.get("--output").value_or("-");
  if (const auto status = read_base_and_ontology(args, "diff", r.options))
    return status;
  std::string error;
  const auto jobs = jobs_option(args, error);
  if (!jobs)
    return usage_error("diff", error);
  r.options.jobs = *jobs;
  return std::nullopt;
}

int run_diff(const std::vector<std::string> &argv) {
  std::string error;
  auto args = parse_args(argv, diff_options(), error);
  if (!args)
    return usage_error("diff", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  Request r;
  if (const auto status = read_request(*args, r))
    return *status;
  compile::Compilation before;
  compile::Compilation after;
  if (const auto status = load_side(args->positionals[0], r.options, before))
    return *status;
  if (const auto status = load_side(args->positionals[1], r.options, after))
    return *status;
  const auto result =
      graph::diff::compare(graph::diff::canonical_facts(before.graph, before.sources),
                           graph::diff::canonical_facts(after.graph, after.sources));
  const std::string bytes = r.format == "json"    ? graph::diff::to_json(result)
                            : r.format == "patch" ? graph::diff::to_patch(result)
                                                  : graph::diff::to_text(result);
  if (const int status = write_file(r.output, bytes, after.sources); status != exit_ok)
    return status;
  return result.equal() ? exit_ok : exit_invalid;
}

const Register diff_command("diff", run_diff,
                            "compare two builds or corpora fact by fact (text, JSON, patch)", 55);

} // namespace

} // namespace factloom::cli
