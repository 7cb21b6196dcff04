// `factloom lsp`: the language server over stdin and stdout (src/lsp does the work).
#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "lsp/server.hpp"
#include "lsp/workspace.hpp"

namespace factloom::cli {

namespace {

int run_lsp(const std::vector<std::string> &argv) {
  static const std::vector<OptionSpec> specs = {
      {"--stdio", "", false, false, "", "talk over stdin and stdout (the default and only way)"},
      {"--help", "-h", false, false, "", "show this help"},
  };
  std::string error;
  const auto args = parse_args(argv, specs, error);
  if (!args)
    return usage_error("lsp", error);
  if (args->has("--help")) {
    std::cout << "usage: factloom lsp [--stdio]\n\n"
                 "A Language Server Protocol server for fact files, over stdin and stdout.\n"
                 "The workspace is the client's root folder; its settings file "
              << lsp::settings_file_name
              << "\n(if present) names the ontology and shapes. See docs/editors.md.\n\noptions:\n"
              << options_help(specs)
              << "\nexit status: 0 after the client's shutdown and exit, 1 otherwise\n";
    return exit_ok;
  }
  if (!args->positionals.empty())
    return usage_error("lsp", "no paths: the workspace is the client's root folder");
  std::ios::sync_with_stdio(false);
  return lsp::serve(std::cin, std::cout);
}

const Register lsp_command("lsp", run_lsp, "a language server for editors (LSP over stdio)", 90);

} // namespace

} // namespace factloom::cli
