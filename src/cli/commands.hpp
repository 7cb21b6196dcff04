// The subcommands of the factloom tool; each lives in its own file.
#pragma once

#include <string>
#include <vector>

namespace factloom::cli {

/// Exit statuses, documented in --help and the README.
enum Exit : int {
  exit_ok = 0,
  exit_invalid = 1,  ///< invalid input: syntax, binding, shapes (validate: does not conform)
  exit_usage = 2,    ///< bad command line
  exit_io = 3,       ///< I/O, network or store failure
  exit_internal = 70 ///< a bug in factloom
};

/// A subcommand: each command's .cpp registers itself with a static `Register` object.
struct Command {
  std::string name;
  int (*run)(const std::vector<std::string> &args);
  std::string summary;
  int order; ///< position in `factloom --help`
};

/// Every registered command, sorted by `order`.
std::vector<Command> &command_table();

struct Register {
  Register(std::string name, int (*run)(const std::vector<std::string> &), std::string summary,
           int order);
};

/// Prints "factloom: <message>" and the try-help line to stderr; returns exit_usage.
int usage_error(const std::string &command, const std::string &message);

} // namespace factloom::cli
