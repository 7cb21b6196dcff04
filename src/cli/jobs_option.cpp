#include "cli/jobs_option.hpp"

#include <charconv>

#include <string>

namespace factloom::cli {

OptionSpec jobs_option_spec() {
  return {"--jobs",
          "-j",
          true,
          false,
          "N",
          "threads to use, 1 to " + std::to_string(max_jobs) +
              " (default: the cores available); the output does not depend on N"};
}

std::optional<unsigned> jobs_option(const Args &args, std::string &error) {
  const auto text = args.get("--jobs");
  if (!text)
    return 0U;
  unsigned n = 0;
  const char *const end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, n);
  if (text->empty() || ec != std::errc() || ptr != end || n == 0 || n > max_jobs) {
    error = "--jobs needs a number of threads from 1 to " + std::to_string(max_jobs);
    return std::nullopt;
  }
  return n;
}

} // namespace factloom::cli
