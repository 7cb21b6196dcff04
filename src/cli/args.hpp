// A small command-line parser: declared options, positionals, "did you mean" on typos.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace factloom::cli {

struct OptionSpec {
  std::string name;       ///< "--output"
  std::string short_name; ///< "-o" or empty
  bool takes_value = false;
  bool repeatable = false;
  std::string value_name; ///< "FILE"
  std::string help;
};

/// Parsed arguments of one subcommand.
struct Args {
  std::map<std::string, std::vector<std::string>> values; ///< by long name
  std::vector<std::string> positionals;
  bool has(const std::string &name) const { return values.count(name) != 0; }
  std::optional<std::string> get(const std::string &name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty())
      return std::nullopt;
    return it->second.back();
  }
  std::vector<std::string> all(const std::string &name) const {
    auto it = values.find(name);
    return it == values.end() ? std::vector<std::string>{} : it->second;
  }
};

/// Parses `argv` (after the subcommand). On a usage error returns nullopt and sets `error`.
std::optional<Args> parse_args(const std::vector<std::string> &argv,
                               const std::vector<OptionSpec> &specs, std::string &error);

/// The options block of a help text.
std::string options_help(const std::vector<OptionSpec> &specs);

} // namespace factloom::cli
