// --jobs N (-j N): the threads of the commands that compile fact files (build, check, validate,
// load).
#pragma once

#include <optional>
#include <string>

#include "cli/args.hpp"

namespace factloom::cli {

/// The spec of --jobs / -j, for a command's option table.
OptionSpec jobs_option_spec();

/// The number --jobs gives (0 when absent: the cores available); nullopt with `error` set when
/// it is not a whole number from 1 to max_jobs.
std::optional<unsigned> jobs_option(const Args &args, std::string &error);

/// The whole number option `name` gives from `low` to `high` (`fallback` when absent);
/// nullopt when it is something else (the caller says what it takes).
std::optional<unsigned long> number_option(const Args &args, const std::string &name,
                                           unsigned long low, unsigned long high,
                                           unsigned long fallback);

/// The most threads --jobs accepts.
constexpr unsigned max_jobs = 1024;

} // namespace factloom::cli
