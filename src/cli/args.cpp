// Command-line parsing for every subcommand.
#include "cli/args.hpp"

#include "base/diagnostic.hpp"

namespace factloom::cli {

std::optional<Args> parse_args(const std::vector<std::string> &argv,
                               const std::vector<OptionSpec> &specs, std::string &error) {
  Args args;
  bool only_positionals = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string &a = argv[i];
    if (only_positionals || a == "-" || a.empty() || a[0] != '-') {
      args.positionals.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positionals = true;
      continue;
    }
    std::string name = a;
    std::optional<std::string> inline_value;
    if (a.rfind("--", 0) == 0) {
      const auto eq = a.find('=');
      if (eq != std::string::npos) {
        name = a.substr(0, eq);
        inline_value = a.substr(eq + 1);
      }
    }
    const OptionSpec *spec = nullptr;
    for (const OptionSpec &s : specs) {
      if (s.name == name || (!s.short_name.empty() && s.short_name == name))
        spec = &s;
    }
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const OptionSpec &s : specs)
        names.push_back(s.name);
      const std::string guess = closest(name, names);
      error = "unknown option '" + name + "'" +
              (guess.empty() ? "" : "; did you mean '" + guess + "'?");
      return std::nullopt;
    }
    std::string value;
    if (spec->takes_value) {
      if (inline_value) {
        value = *inline_value;
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        error = "option '" + spec->name + "' needs a value (" + spec->value_name + ")";
        return std::nullopt;
      }
    } else if (inline_value) {
      error = "option '" + spec->name + "' takes no value";
      return std::nullopt;
    }
    auto &slot = args.values[spec->name];
    if (!slot.empty() && !spec->repeatable && spec->takes_value) {
      error = "option '" + spec->name + "' given twice";
      return std::nullopt;
    }
    slot.push_back(value);
  }
  return args;
}

std::string options_help(const std::vector<OptionSpec> &specs) {
  std::string out;
  for (const OptionSpec &s : specs) {
    std::string left = "  ";
    left += s.short_name.empty() ? "    " : s.short_name + ", ";
    left += s.name;
    if (s.takes_value)
      left += " " + s.value_name;
    if (left.size() < 30)
      left.append(30 - left.size(), ' ');
    else
      left += "\n" + std::string(30, ' ');
    out += left + s.help + "\n";
  }
  return out;
}

} // namespace factloom::cli
