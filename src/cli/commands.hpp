// The subcommands of the factloom tool; each lives in its own file.
#pragma once

#include <string>
#include <vector>

namespace factloom::cli {

/// Exit statuses, documented in --help and the README.
enum Exit : int {
  exit_ok = 0,
  exit_invalid = 1,   ///< invalid input: syntax, binding, shapes (validate: does not conform)
  exit_usage = 2,     ///< bad command line
  exit_io = 3,        ///< I/O, network or store failure
  exit_internal = 70  ///< a bug in factloom
};

int run_build(const std::vector<std::string>& args);
int run_check(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_load(const std::vector<std::string>& args);
int run_query(const std::vector<std::string>& args);

/// Prints "factloom: <message>" and the try-help line to stderr; returns exit_usage.
int usage_error(const std::string& command, const std::string& message);

}  // namespace factloom::cli
