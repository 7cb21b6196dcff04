// build --cache DIR and check --cache DIR: a run whose inputs, options and output are those the
// cache recorded is answered from it (the same stderr bytes and exit status, the output left in
// place); any other run is a full run that records itself. See docs/incremental.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "compile/compile.hpp"
#include "rdf/syntax.hpp"

namespace factloom::cli {

/// The --cache and --no-cache options.
std::vector<OptionSpec> cache_option_specs();

/// What a full build records for a later partial one (docs/incremental.md, "A partial build").
struct BuildTrace {
  std::vector<compile::FileGives> gives;         ///< Options::gives
  std::vector<std::vector<std::uint64_t>> vocab; ///< compile::file_vocabulary
  std::vector<std::uint64_t> starts;             ///< serialise::WriteOptions::group_starts
};

/// What a cached run needs to know of its request.
struct CacheJob {
  std::string command;             ///< build or check
  std::string dir;                 ///< --cache DIR
  const Args *args = nullptr;      ///< the parsed command line (the key: all but --cache, --jobs)
  std::vector<std::string> inputs; ///< as named on the command line
  compile::Options options;        ///< to expand the inputs as compile() does
  std::vector<std::string> extra;  ///< files read besides the inputs (--ontology, --shapes)
  std::string output;              ///< the output file (build), empty for check
  /// check: a full run that fills the compilation (recording what each file gives the others
  /// into `gives`), prints its diagnostics and returns the exit status. With it, a check after a
  /// few files changed binds only those and the files they touch (docs/incremental.md).
  std::function<int(compile::Compilation &c, std::vector<compile::FileGives> *gives)> check;
  /// build: a full run, as `fresh`, into the compilation (its diagnostics printed, the output
  /// written), that records into `trace` what a build after a few files changed needs (unset:
  /// such a build is a full run).
  std::function<int(compile::Compilation &c, BuildTrace &trace)> build;
  /// build: the output's syntax, and the shapes to validate with (null: --no-validate).
  rdf::Syntax syntax = rdf::Syntax::turtle;
  const compile::ShapeOptions *shapes = nullptr;
};

/// Runs `fresh` (a full run, which prints its diagnostics and returns the exit status) unless
/// the cache in job.dir answers the run; records a full run in the cache.
int run_cached(const CacheJob &job, const std::function<int()> &fresh);

} // namespace factloom::cli
