// --shapes and --fail-on, shared by build, load and validate.
#include "cli/shape_options.hpp"

namespace factloom::cli {

std::vector<OptionSpec> shape_option_specs(const std::string &shapes_help) {
  return {
      {"--shapes", "-s", true, true, "FILE", shapes_help},
      {"--fail-on", "", true, false, "LEVEL",
       "violation (default), warning or info: the lowest SHACL severity that fails the run"},
  };
}

std::optional<validate::Level> fail_on_option(const Args &args, std::string &error) {
  const auto name = args.get("--fail-on");
  if (!name)
    return validate::Level::violation;
  const auto level = validate::level_by_name(*name);
  if (!level)
    error = "--fail-on is violation, warning or info (not '" + *name + "')";
  return level;
}

const char *const fail_on_help =
    "Shape results of the --fail-on severity or higher fail the run (exit 1); lower ones are\n"
    "reported and do not (default: only violations fail; --fail-on info: any result fails).\n";

} // namespace factloom::cli
