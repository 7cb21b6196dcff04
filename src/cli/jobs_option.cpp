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

std::optional<unsigned long> number_option(const Args &args, const std::string &name,
                                           unsigned long low, unsigned long high,
                                           unsigned long fallback) {
  const auto text = args.get(name);
  if (!text)
    return fallback;
  unsigned long n = 0;
  const char *const end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, n);
  if (text->empty() || ec != std::errc() || ptr != end || n < low || n > high)
    return std::nullopt;
  return n;
}

std::optional<unsigned> jobs_option(const Args &args, std::string &error) {
  if (!args.has("--jobs"))
    return 0U;
  const auto n = number_option(args, "--jobs", 1, max_jobs, 0);
  if (!n) {
    error = "--jobs needs a number of threads from 1 to " + std::to_string(max_jobs);
    return std::nullopt;
  }
  return static_cast<unsigned>(*n);
}

} // namespace factloom::cli
