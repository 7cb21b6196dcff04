// Shared parsing of the store commands' HTTP options.
#include "cli/store_options.hpp"

#include <cstdlib>

#include "cli/commands.hpp"
#include "cli/report.hpp"

namespace factloom::cli {

std::vector<OptionSpec> http_option_specs(const std::string &timeout_help) {
  return {
      {"--user", "", true, false, "NAME", "user for HTTP authentication (Basic or Digest)"},
      {"--password-env", "", true, false, "VAR", "environment variable holding the password"},
      {"--timeout", "", true, false, "SECONDS", timeout_help},
  };
}

std::optional<store::HttpOptions> http_options(const Args &args, std::string &error) {
  store::HttpOptions http;
  if (args.has("--user") != args.has("--password-env")) {
    error = "--user and --password-env go together";
    return std::nullopt;
  }
  if (auto user = args.get("--user")) {
    const std::string var = *args.get("--password-env");
    const char *password = std::getenv(var.c_str());
    if (password == nullptr) {
      error = "environment variable " + var + " (--password-env) is not set";
      return std::nullopt;
    }
    http.credentials = store::Credentials{*user, password};
  }
  if (auto timeout = args.get("--timeout")) {
    char *end = nullptr;
    const long t = std::strtol(timeout->c_str(), &end, 10);
    if (timeout->empty() || *end != '\0' || t < 0) {
      error = "--timeout needs whole seconds (0 = none)";
      return std::nullopt;
    }
    http.timeout_s = t;
  }
  return http;
}

int store_failure(const Diagnostic &d) {
  print_error(d, SourceSet{});
  return exit_io;
}

} // namespace factloom::cli
