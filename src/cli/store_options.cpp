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
      {"--auth", "", true, false, "SCHEME",
       "digest, basic, or safe (default: any scheme over https, never Basic over http)"},
      {"--max-response", "", true, false, "MIB",
       "largest answer held in memory, in MiB (default 1024)"},
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
    http.credentials = store::Credentials{*user, password, store::AuthScheme::safe};
  }
  if (auto auth = args.get("--auth")) {
    if (!http.credentials) {
      error = "--auth needs --user and --password-env";
      return std::nullopt;
    }
    if (*auth == "basic")
      http.credentials->scheme = store::AuthScheme::basic;
    else if (*auth == "digest")
      http.credentials->scheme = store::AuthScheme::digest;
    else if (*auth != "safe") {
      error = "--auth is digest, basic or safe";
      return std::nullopt;
    }
  }
  if (auto mib = args.get("--max-response")) {
    char *end = nullptr;
    const unsigned long long n = std::strtoull(mib->c_str(), &end, 10);
    if (mib->empty() || *end != '\0' || n == 0 || n > (1ULL << 20U) || (*mib)[0] == '-') {
      error = "--max-response needs a number of MiB from 1 to 1048576";
      return std::nullopt;
    }
    http.max_response_bytes = static_cast<std::size_t>(n) << 20U;
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

namespace factloom::cli {

std::optional<std::string> check_http_url(const char *flag, const std::string &url) {
  if (store::is_http_url(url))
    return std::nullopt;
  return std::string(flag) + " needs an http:// or https:// URL, not '" +
         store::escape_controls(store::display_url(url)) + "'";
}

} // namespace factloom::cli
