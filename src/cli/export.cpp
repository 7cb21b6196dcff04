// `factloom export --quickstatements`: QuickStatements V1 commands for what the facts say that
// Wikidata can hold (export/), and a summary of what was not exported. Prints only.
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/io.hpp"
#include "bind/ontology.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "cli/view_common.hpp"
#include "compile/compile.hpp"
#include "export/quickstatements.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &export_options() {
  static const std::vector<OptionSpec> specs = {
      {"--quickstatements", "", false, false, "",
       "write QuickStatements V1 commands (the one export format; required)"},
      {"--output", "-o", true, false, "FILE", "write the commands to FILE (atomically)"},
      {"--mapping", "", true, false, "FILE",
       "read the Wikidata mapping from FILE instead of the embedded ontology/wikidata.ttl"},
      {"--summary", "", true, false, "FILE",
       "write the facts not exported to FILE (atomically) instead of stderr"},
      {"--cite", "", false, false, "",
       "end each command with a column '# file:line' of its fact (for review, not for upload)"},
      {"--base", "", true, false, "IRI", "base of minted IRIs (ids are read under it)"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      {"--help", "-h", false, false, "", "show this help"},
  };
  return specs;
}

void print_help() {
  std::cout
      << "usage: factloom export --quickstatements [options] PATH...\n\n"
         "Writes QuickStatements V1 commands for the facts that map to Wikidata (posts\n"
         "held, P39 with start and end; participants of events that have an item, P710),\n"
         "each with one reference per source article (S854 URL, S577 published, S813\n"
         "retrieved). Facts with no mapping give no command; they are listed by kind and\n"
         "reason, with file:line, on stderr (or --summary FILE). See docs/wikidata.md.\n\n"
         "options:\n"
      << options_help(export_options())
      << "\nexit status: 0 success, 1 invalid input or an ill-formed mapping (file:line:col),\n"
         "2 usage error, 3 I/O error (an unreadable input or mapping, an unwritable output)\n";
}

/// Reads the mapping (the embedded one unless --mapping); prints errors; nullopt on success.
std::optional<int> read_mapping(const std::optional<std::string> &path, SourceSet &sources,
                                wikidata::Mapping &mapping) {
  std::string text(wikidata::embedded_mapping());
  std::string name = "<embedded ontology/wikidata.ttl>";
  if (path) {
    auto read = read_file(*path);
    if (!read) {
      print_error(read.error(), sources);
      return exit_io;
    }
    text = std::move(read.value());
    name = *path;
  }
  const std::uint32_t file = sources.add(name, std::move(text));
  DiagnosticSink sink;
  if (!wikidata::read_mapping(sources.get(file), file, mapping, sink)) {
    sink.sort(sources);
    print_diagnostics(sink, sources);
    return exit_invalid;
  }
  return std::nullopt;
}

std::string where(const graph::Origin &o, const SourceSet &sources) {
  if (o.file == 0)
    return "-";
  const SourceFile &f = sources.get(o.file);
  return f.name() + ":" + std::to_string(f.line_of(o.offset));
}

std::string commands_text(const wikidata::Export &e, const SourceSet &sources, bool cite) {
  std::string out;
  for (const wikidata::Command &c : e.commands)
    out += c.text + (cite ? "\t# " + where(c.from, sources) : "") + "\n";
  return out;
}

std::string summary_text(const wikidata::Export &e, const SourceSet &sources) {
  std::string out = "quickstatements: " + std::to_string(e.commands.size()) + " commands; " +
                    std::to_string(e.unmapped.size()) + " facts not exported:\n";
  std::map<std::pair<std::string, std::string>, std::vector<const wikidata::Unmapped *>> groups;
  for (const wikidata::Unmapped &u : e.unmapped)
    groups[{u.kind, u.reason}].push_back(&u);
  for (const auto &[key, items] : groups) {
    out += key.first + ": " + key.second + " (" + std::to_string(items.size()) + ")\n";
    for (const wikidata::Unmapped *u : items)
      out += "  " + where(u->from, sources) + " " + u->id + "\n";
  }
  return out;
}

int run_export(const std::vector<std::string> &argv) {
  std::string error;
  auto args = parse_args(argv, export_options(), error);
  if (!args)
    return usage_error("export", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  if (!args->has("--quickstatements"))
    return usage_error("export", "name the format: --quickstatements (the only one)");
  if (args->positionals.empty())
    return usage_error("export", "no input; name fact files, RDF files or folders");
  compile::Options options;
  if (const auto status = read_base_and_ontology(*args, "export", options))
    return *status;
  const std::string output = args->get("--output").value_or("-");
  const std::optional<std::string> summary = args->get("--summary");
  if (summary && output != "-" && same_file(output, *summary))
    return usage_error("export", "--summary and --output name the same file " + output);
  for (const std::string &input : args->positionals) {
    if ((output != "-" && same_file(output, input)) || (summary && same_file(*summary, input)))
      return usage_error("export", "an output is the input " + input);
  }
  compile::Compilation compilation;
  if (const auto status = compile_for_view(args->positionals, options, compilation))
    return *status;
  wikidata::Mapping mapping;
  if (const auto status = read_mapping(args->get("--mapping"), compilation.sources, mapping))
    return *status;
  const wikidata::Export result = wikidata::quickstatements(
      compilation.graph, mapping, wikidata::hierarchy_of(*compilation.ontology), options.base_iri);
  const SourceSet &sources = compilation.sources;
  if (const int s =
          write_file(output, commands_text(result, sources, args->has("--cite")), sources))
    return s;
  if (summary)
    return write_file(*summary, summary_text(result, sources), sources);
  std::cerr << summary_text(result, sources);
  return exit_ok;
}

const Register registered("export", run_export,
                          "write QuickStatements commands for Wikidata (--quickstatements)", 75);

} // namespace

} // namespace factloom::cli
