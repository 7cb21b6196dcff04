// Command-line parsing for every subcommand.
#include "cli/args.hpp"

#include <algorithm>
#include <charconv>

#include "base/diagnostic.hpp"
#include "cli/report.hpp"

namespace factloom::cli {

namespace {

/// Options every command takes, after its own.
const std::vector<OptionSpec> &common_specs() {
  static const std::vector<OptionSpec> specs = {
      {"--max-diagnostics", "", true, false, "N",
       "print at most N diagnostics, the rest counted in one line (default " +
           std::to_string(default_max_printed_diagnostics) + "; 0: all)"},
  };
  return specs;
}

/// Applies the common options of `args`; false with `error` set when one is wrong.
bool apply_common(const Args &args, std::string &error) {
  if (const auto text = args.get("--max-diagnostics")) {
    std::size_t n = 0;
    const char *const end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, n);
    if (text->empty() || ec != std::errc() || ptr != end) {
      error = "--max-diagnostics needs a number (0 prints every diagnostic)";
      return false;
    }
    set_max_printed_diagnostics(n);
  }
  return true;
}

} // namespace

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
    for (const auto *table : {&specs, &common_specs()}) {
      for (const OptionSpec &s : *table) {
        if (s.name == name || (!s.short_name.empty() && s.short_name == name))
          spec = &s;
      }
    }
    if (spec == nullptr) {
      std::vector<std::string> names;
      for (const auto *table : {&specs, &common_specs()}) {
        for (const OptionSpec &s : *table)
          names.push_back(s.name);
      }
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
  if (!apply_common(args, error))
    return std::nullopt;
  return args;
}

std::string options_help(const std::vector<OptionSpec> &own) {
  std::vector<OptionSpec> specs = own;
  const auto help = std::find_if(specs.begin(), specs.end(),
                                 [](const OptionSpec &s) { return s.name == "--help"; });
  specs.insert(help, common_specs().begin(), common_specs().end()); // --help stays last
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
