// `factloom build` and `factloom check`: compile fact files; write RDF or only diagnostics.
#include <iostream>

#include "base/io.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "compile/compile.hpp"
#include "serialise/write.hpp"

namespace factloom::cli {

namespace {

const std::vector<OptionSpec> &build_options() {
  static const std::vector<OptionSpec> specs = {
      {"--output", "-o", true, false, "FILE", "write to FILE (atomically) instead of stdout"},
      {"--format", "-f", true, false, "FORMAT", "turtle (default), ntriples or trig"},
      {"--base", "", true, false, "IRI",
       std::string("base for minted IRIs (default ") + compile::default_base + ")"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      {"--no-validate", "", false, false, "", "do not check the output against the shapes"},
      {"--help", "-h", false, false, "", "show this help"},
  };
  return specs;
}

const std::vector<OptionSpec> &check_options() {
  static const std::vector<OptionSpec> specs = {
      {"--base", "", true, false, "IRI", "base for minted IRIs"},
      {"--ontology", "", true, false, "FILE", "use this ontology instead of the embedded one"},
      {"--help", "-h", false, false, "", "show this help"},
  };
  return specs;
}

/// Checks a base IRI: a scheme, no characters that IRIs forbid.
bool valid_base(const std::string &iri) {
  const auto colon = iri.find(':');
  if (colon == std::string::npos || colon == 0)
    return false;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = iri[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.'))
      return false;
  }
  for (char c : iri) {
    if (static_cast<unsigned char>(c) <= 0x20 ||
        std::string_view("<>\"{}|^`\\").find(c) != std::string_view::npos)
      return false;
  }
  return true;
}

int run(const std::vector<std::string> &argv, bool write_output) {
  const std::string command = write_output ? "build" : "check";
  std::string error;
  const auto &specs = write_output ? build_options() : check_options();
  auto args = parse_args(argv, specs, error);
  if (!args)
    return usage_error(command, error);
  if (args->has("--help")) {
    std::cout << "usage: factloom " << command << " [options] PATH...\n\n"
              << (write_output
                      ? "Compiles fact files (*.facts; folders are searched) into RDF.\n"
                      : "Parses and binds fact files and reports problems; writes nothing.\n")
              << "PATH '-' reads one fact file from stdin.\n\noptions:\n"
              << options_help(specs)
              << "\nexit status: 0 success, 1 invalid input, 2 usage error, 3 I/O error\n";
    return exit_ok;
  }
  compile::Options options;
  if (auto base = args->get("--base")) {
    if (!valid_base(*base))
      return usage_error(command,
                         "--base needs an absolute IRI, such as https://example.org/facts/");
    options.base_iri = *base;
  }
  options.ontology_path = args->get("--ontology");
  rdf::Syntax syntax = rdf::Syntax::turtle;
  if (auto format = args->get("--format")) {
    auto s = rdf::syntax_by_name(*format);
    if (!s || *s == rdf::Syntax::nquads) {
      return usage_error(command, "unknown format '" + *format + "'; use turtle, ntriples or trig");
    }
    syntax = *s;
  }
  options.named_graphs = syntax == rdf::Syntax::trig;
  std::vector<std::string> inputs = args->positionals;
  if (inputs.empty())
    return usage_error(command, "no input; name fact files or folders, or '-' for stdin");

  const bool validating = write_output && !args->has("--no-validate");
  compile::Compilation compilation;
  const bool ok = compile::compile(inputs, options, compilation);
  if (ok && validating)
    compile::check_shapes(compilation);
  print_diagnostics(compilation.diagnostics, compilation.sources);
  if (compilation.io_errors > 0)
    return exit_io;
  if (compilation.diagnostics.has_errors())
    return exit_invalid;
  if (!write_output)
    return exit_ok;

  serialise::WriteOptions wo;
  wo.syntax = syntax;
  // Streamed into a temporary file that replaces the output only when all is written.
  const std::string output = args->get("--output").value_or("-");
  std::cout.flush();
  auto file = AtomicFile::open(output);
  if (!file) {
    print_error(file.error(), compilation.sources);
    return exit_io;
  }
  const Result<void> written =
      serialise::write_graph(std::move(compilation.graph), wo, *file.value());
  if (!written) {
    // Not committed: the temporary file goes, an existing output stays as it was.
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

int run_build(const std::vector<std::string> &argv) { return run(argv, true); }
int run_check(const std::vector<std::string> &argv) { return run(argv, false); }

const Register build_command("build", run_build,
                             "compile fact files into Turtle, N-Triples or TriG", 10);
const Register check_command("check", run_check,
                             "parse and bind fact files; report problems, write nothing", 20);

} // namespace

} // namespace factloom::cli
