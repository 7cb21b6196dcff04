// The options `load` and `query` share: credentials and the request timeout; and how a store
// failure is printed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "cli/args.hpp"
#include "store/http.hpp"

namespace factloom::cli {

/// --user NAME, --password-env VAR, --auth SCHEME, --max-response MIB and --timeout SECONDS;
/// `timeout_help` ends the last one's help ("limit for each request (default 300; 0 = none)").
std::vector<OptionSpec> http_option_specs(const std::string &timeout_help);

/// The HTTP options those flags give; nullopt with `error` set on a usage error.
std::optional<store::HttpOptions> http_options(const Args &args, std::string &error);

/// A usage error message when `url` (given with `flag`) is not an http or https URL.
std::optional<std::string> check_http_url(const char *flag, const std::string &url);

/// Prints a store failure through the shared renderer (origin: error: message); exit_io.
int store_failure(const Diagnostic &d);

} // namespace factloom::cli
