// The whole of a load from input files: read (compile) them, decide whether to upload while
// reading (StreamingLoad) or after (load()), undo a streamed upload when the input turns out to
// be bad, and verify. The command line only maps its flags to a request and prints.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "compile/compile.hpp"
#include "store/loader.hpp"

namespace factloom::store {

using ProgressFn = std::function<void(const LoadProgress &)>;

struct LoadRequest {
  std::vector<std::string> inputs; ///< fact files, RDF files, folders, "-"
  compile::Options compile;        ///< accept_rdf is set by load_inputs
  LoadOptions load;
  /// Checks a compilation that read fact files without errors (the shapes); may add
  /// diagnostics. Empty: no check.
  std::function<void(compile::Compilation &)> validate;
  /// Called once reading (and the check) is over, before the load is finished: the caller
  /// prints the diagnostics here, so they come before any progress of the rest.
  std::function<void(const compile::Compilation &)> read_done;
  /// The progress callback for a load of about `triples` triples, or an empty one.
  std::function<ProgressFn(std::uint64_t triples)> progress;
  /// Non-empty: loads from this machine into one graph of this endpoint take turns (GraphLock):
  /// the default graph's lock is waited for (`waiting` is called first), a named graph that
  /// another load holds fails the load before anything is sent to it.
  std::string lock_endpoint;
  std::function<void(const std::string &graph)> waiting;
};

/// Whether a request uploads while reading: a replacing load into one graph (no per-source
/// graphs) of Turtle and N-Triples files only (no fact files, folders or stdin). It then does
/// so if the graph turns out to be empty (StreamingLoad::start).
struct InputPlan {
  bool stream = false;
  bool any_facts = false;              ///< fact files, folders or stdin (validated when they read)
  std::uint64_t estimated_triples = 0; ///< streaming: input bytes / 100
};
InputPlan plan_inputs(const LoadRequest &request);

struct InputsLoaded {
  /// The input had errors (in the compilation's diagnostics; io_errors counts I/O ones).
  /// Nothing stays loaded: a streamed upload was taken back (`taken_back` triples), unless
  /// `report` says that failed.
  bool bad_input = false;
  std::uint64_t taken_back = 0;
  bool streamed = false;
  bool progress_shown = false; ///< a progress callback was used (the line needs ending)
  /// The verified load; an error when the store failed (or undoing a streamed upload did).
  Result<LoadReport> report = LoadReport{};
};

/// Reads `request.inputs` into `compilation` and loads them into `store` (see InputPlan).
InputsLoaded load_inputs(const LoadRequest &request, GraphStore &store,
                         compile::Compilation &compilation);

} // namespace factloom::store
