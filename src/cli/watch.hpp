// `build --watch` and `check --watch`: run, then run again after each change to the inputs,
// printing only what changed in the diagnostics.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "compile/compile.hpp"

namespace factloom::cli {

/// What to watch and how to run once.
struct WatchJob {
  std::string command;             ///< "build" or "check", for messages
  std::vector<std::string> inputs; ///< fact files and folders (not '-')
  std::vector<std::string> extra;  ///< other files read (--ontology, --shapes)
  std::string output;              ///< the output file ("" for check)
  /// Compiles (and validates) into the compilation; prints nothing.
  std::function<void(compile::Compilation &)> compile;
  /// After the diagnostics are printed: the run's exit status (writes the output when good).
  std::function<int(compile::Compilation &)> finish;
};

/// Runs `job`, then again after each change (debounced) until SIGINT or SIGTERM, and returns
/// 128 + that signal. An input that cannot be watched is an I/O error (exit_io).
int watch(const WatchJob &job);

} // namespace factloom::cli
