// `factloom site`: a static HTML site of the graph (index, entity pages, timeline, search).
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/io.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report.hpp"
#include "cli/view_common.hpp"
#include "compile/compile.hpp"
#include "site/directory.hpp"
#include "site/site.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &site_options() {
  static const std::vector<OptionSpec> specs = {
      {"--output", "-o", true, false, "DIR",
       "write the site into DIR (built beside it, then moved in place)"},
      {"--title", "", true, false, "TEXT", "the site's title (default: factloom)"},
      {"--pictures", "", true, false, "N",
       "pictures of at most N meetings and proposals (default 60; 0: no pictures)"},
      jobs_option_spec(),
      {"--lang", "", true, false, "TAG", "labels in this language when there are several"},
      {"--base", "", true, false, "IRI", "base of minted IRIs"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      {"--help", "-h", false, false, "", "show this help"},
  };
  return specs;
}

void print_help() {
  std::cout << "usage: factloom site -o DIR [options] PATH...\n\n"
               "Writes a static HTML site of fact files or RDF files (folders are searched):\n"
               "an index of sources and of things by kind, a page for every thing (its facts,\n"
               "each linked to its article with the fact file and line), a timeline, a search,\n"
               "and pictures drawn by Graphviz's dot. It needs no server: open DIR/index.html.\n"
               "An existing DIR is replaced only if it is empty or an earlier site.\n\noptions:\n"
            << options_help(site_options())
            << "\nexit status: 0 success, 1 invalid input, 2 usage error, 3 I/O error\n";
}

std::optional<long> count(const Args &args, const std::string &name, long fallback) {
  const auto text = args.get(name);
  if (!text)
    return fallback;
  try {
    std::size_t used = 0;
    const long n = std::stol(*text, &used);
    if (used == text->size() && n >= 0 && n <= 1000000)
      return n;
  } catch (const std::exception &) {
  }
  return std::nullopt;
}

int run_site(const std::vector<std::string> &argv) {
  std::string error;
  auto args = parse_args(argv, site_options(), error);
  if (!args)
    return usage_error("site", error);
  if (args->has("--help")) {
    print_help();
    return exit_ok;
  }
  compile::Options options;
  if (auto base = args->get("--base")) {
    if (!compile::valid_base_iri(*base))
      return usage_error("site", "--base needs an absolute IRI, such as https://example.org/f/");
    options.base_iri = *base;
  }
  options.ontology_path = args->get("--ontology");
  const auto output = args->get("--output");
  if (!output || *output == "-")
    return usage_error("site", "name the site's folder with -o DIR");
  if (args->positionals.empty())
    return usage_error("site", "no input; name fact files, RDF files or folders");
  site::SiteOptions so;
  so.title = args->get("--title").value_or("factloom");
  const auto pictures = count(*args, "--pictures", 60);
  if (!pictures)
    return usage_error("site", "--pictures takes a number (0: no pictures)");
  const auto jobs = jobs_option(*args, error);
  if (!jobs)
    return usage_error("site", error);
  so.max_pictures = static_cast<std::size_t>(*pictures);
  so.jobs = *jobs;
  options.jobs = *jobs;

  compile::Compilation compilation;
  if (const auto status = compile_for_view(args->positionals, options, compilation))
    return *status;
  const view::Facts facts(compilation.graph, options.base_iri, args->get("--lang").value_or(""));
  auto sink = site::DirectorySink::open(*output);
  if (!sink) {
    print_error(sink.error(), compilation.sources);
    return exit_io;
  }
  const auto stats = site::write_site(facts, compilation.sources, so, *sink.value());
  if (!stats) {
    print_error(stats.error(), compilation.sources);
    return exit_io;
  }
  if (const Result<void> done = sink.value()->commit(); !done) {
    print_error(done.error(), compilation.sources);
    return exit_io;
  }
  if (!stats.value().picture_warning.empty())
    std::cerr << "factloom site: warning: " << stats.value().picture_warning << "\n";
  return exit_ok;
}

const Register site_command("site", run_site,
                            "write a static HTML site: pages, timeline, search, pictures", 51);

} // namespace

} // namespace factloom::cli
