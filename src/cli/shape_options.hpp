// The options `build`, `load` and `validate` share about shapes: which shapes files, and which
// severity of SHACL result fails the run (the same default everywhere: violation).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "validate/validate.hpp"

namespace factloom::cli {

/// --shapes FILE (repeatable) and --fail-on LEVEL; `shapes_help` is the --shapes help text.
std::vector<OptionSpec> shape_option_specs(const std::string &shapes_help);

/// The level --fail-on names (default: violation); nullopt with `error` set on a usage error.
std::optional<validate::Level> fail_on_option(const Args &args, std::string &error);

/// The lines of a command's --help that explain --fail-on.
extern const char *const fail_on_help;

} // namespace factloom::cli
