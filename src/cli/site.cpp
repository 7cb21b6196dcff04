// `factloom site`: a static HTML site of the graph (index, entity pages, timeline, search).
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/io.hpp"
#include "base/signals.hpp"
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
  static const std::vector<OptionSpec> specs = [] {
    std::vector<OptionSpec> out = {
        {"--output", "-o", true, false, "DIR",
         "write the site into DIR (built beside it, then moved in place)"},
        {"--title", "", true, false, "TEXT", "the site's title (default: factloom)"},
        {"--pictures", "", true, false, "N",
         "pictures of at most N meetings and proposals (default 60; 0: no pictures)"},
        jobs_option_spec(),
    };
    for (OptionSpec &o : view_option_specs())
      out.push_back(std::move(o));
    return out;
  }();
  return specs;
}

void print_help() {
  std::cout << "usage: factloom site -o DIR [options] PATH...\n\n"
               "Writes a static HTML site of fact files or RDF files (folders are searched):\n"
               "an index of sources and of things by kind, a page for every thing (its facts,\n"
               "each linked to its article with the fact file and line), a timeline, a search,\n"
               "and pictures drawn by Graphviz's dot. It needs no server: open DIR/index.html.\n"
               "An existing DIR is replaced only if it is empty or an earlier site; SIGINT or\n"
               "SIGTERM while it is written leaves DIR as it was and no temporary folder.\n\n"
               "options:\n"
            << options_help(site_options())
            << "\nexit status: 0 success, 1 invalid input, 2 usage error, 3 I/O error;\n"
               "interrupted: killed by the signal after cleaning up (130 SIGINT, 143 SIGTERM)\n";
}

/// SIGINT and SIGTERM while the site is written: the first sets `stop_requested` (the writers
/// stop, the temporary folder is removed, then the signal is raised again); the old actions
/// come back when this goes out of scope. A SIGINT that was ignored stays ignored.
std::atomic<bool> stop_requested{false};
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void on_stop_signal(int signal) {
  stop_signal = signal;
  stop_requested.store(true);
}

class StopSignals {
public:
  StopSignals() { install_stop_handler(on_stop_signal, SA_RESTART, previous_); }
  ~StopSignals() { restore_stop_actions(previous_); }
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;
  /// Ends the process by the signal that stopped it (its default action), once cleaned up.
  [[noreturn]] static void raise_again() {
    const int signal = stop_signal;
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    std::_Exit(128 + signal);
  }

private:
  StopActions previous_;
};

/// The site's options, or a usage error's exit status.
std::variant<site::SiteOptions, int> read_site_options(const Args &args,
                                                       compile::Options &options) {
  site::SiteOptions so;
  if (const auto status = read_view_options(args, "site", options, so.dot_timeout))
    return *status;
  const auto output = args.get("--output");
  if (!output || *output == "-")
    return usage_error("site", "name the site's folder with -o DIR");
  if (args.positionals.empty())
    return usage_error("site", "no input; name fact files, RDF files or folders");
  so.title = args.get("--title").value_or("factloom");
  const auto pictures = number_option(args, "--pictures", 0, 1000000, 60);
  if (!pictures)
    return usage_error("site", "--pictures takes a number (0: no pictures)");
  std::string error;
  const auto jobs = jobs_option(args, error);
  if (!jobs)
    return usage_error("site", error);
  so.max_pictures = static_cast<std::size_t>(*pictures);
  so.jobs = *jobs;
  options.jobs = *jobs;
  return so;
}

/// Writes the site into a temporary folder and moves it in place (unless interrupted).
int write_into(const std::string &output, const view::Facts &facts, site::SiteOptions so,
               const compile::Compilation &compilation) {
  const StopSignals signals;
  so.stop = &stop_requested;
  auto sink = site::DirectorySink::open(output);
  if (!sink) {
    print_error(sink.error(), compilation.sources);
    return exit_io;
  }
  const auto stats = site::write_site(facts, compilation.sources, so, *sink.value());
  if (stop_requested.load()) {
    sink.value().reset(); // removes the temporary folder
    StopSignals::raise_again();
  }
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
  auto so = read_site_options(*args, options);
  if (const int *status = std::get_if<int>(&so))
    return *status;
  compile::Compilation compilation;
  if (const auto status = compile_for_view(args->positionals, options, compilation))
    return *status;
  const view::Facts facts(compilation.graph, options.base_iri, args->get("--lang").value_or(""));
  return write_into(*args->get("--output"), facts, std::get<site::SiteOptions>(so), compilation);
}

const Register site_command("site", run_site,
                            "write a static HTML site: pages, timeline, search, pictures", 51);

} // namespace

} // namespace factloom::cli
