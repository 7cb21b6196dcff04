#include "cli/view_common.hpp"

#include <cctype>

#include "base/io.hpp"
#include "cli/commands.hpp"
#include "cli/jobs_option.hpp"
#include "cli/report.hpp"
#include "view/render.hpp"

namespace factloom::cli {

std::vector<OptionSpec> view_option_specs() {
  return {
      {"--lang", "", true, false, "TAG", "labels in this language when there are several"},
      {"--dot-timeout", "", true, false, "SECONDS",
       "stop dot when a picture takes longer (default " +
           std::to_string(view::default_dot_timeout) + "; 0: no limit)"},
      {"--base", "", true, false, "IRI", "base of minted IRIs (ids are read under it)"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      {"--help", "-h", false, false, "", "show this help"},
  };
}

std::optional<int> read_base_and_ontology(const Args &args, const std::string &command,
                                          compile::Options &options) {
  if (auto base = args.get("--base")) {
    if (!compile::valid_base_iri(*base))
      return usage_error(command, "--base needs an absolute IRI, such as https://example.org/f/");
    options.base_iri = *base;
  }
  options.ontology_path = args.get("--ontology");
  return std::nullopt;
}

std::optional<int> read_view_options(const Args &args, const std::string &command,
                                     compile::Options &options, unsigned &dot_timeout) {
  if (const auto status = read_base_and_ontology(args, command, options))
    return status;
  const auto timeout = number_option(args, "--dot-timeout", 0, 86400, view::default_dot_timeout);
  if (!timeout)
    return usage_error(command, "--dot-timeout takes a number of seconds from 0 (no limit) to "
                                "86400");
  dot_timeout = static_cast<unsigned>(*timeout);
  return std::nullopt;
}

std::optional<int> compile_for_view(const std::vector<std::string> &inputs,
                                    const compile::Options &options,
                                    compile::Compilation &compilation) {
  compile::Options o = options;
  o.accept_rdf = true;
  compile::compile(inputs, o, compilation);
  print_diagnostics(compilation.diagnostics, compilation.sources);
  if (compilation.io_errors > 0)
    return exit_io;
  if (compilation.diagnostics.has_errors())
    return exit_invalid;
  compilation.graph.freeze();
  return std::nullopt;
}

int write_file(const std::string &path, std::string_view bytes, const SourceSet &sources) {
  auto file = AtomicFile::open(path);
  if (!file) {
    print_error(file.error(), sources);
    return exit_io;
  }
  if (!file.value()->write(bytes.data(), bytes.size())) {
    const auto reason = file.value()->write_error();
    if (reason)
      print_error(*reason, sources);
    return exit_io;
  }
  if (const Result<void> committed = file.value()->commit(); !committed) {
    print_error(committed.error(), sources);
    return exit_io;
  }
  return exit_ok;
}

bool date_bound_ok(std::string_view date) {
  const auto digits = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i) {
      if (i >= date.size() || !std::isdigit(static_cast<unsigned char>(date[i])))
        return false;
    }
    return true;
  };
  const auto two = [&](std::size_t at, int high) {
    if (!digits(at, 2))
      return false;
    const int n = (date[at] - '0') * 10 + (date[at + 1] - '0');
    return n >= 1 && n <= high;
  };
  if (date.size() != 4 && date.size() != 7 && date.size() != 10)
    return false;
  if (!digits(0, 4))
    return false;
  if (date.size() >= 7 && (date[4] != '-' || !two(5, 12)))
    return false;
  return date.size() < 10 || (date[7] == '-' && two(8, 31));
}

} // namespace factloom::cli
