// Streaming or not, reading, checking, undoing: the policy of a load from files.
#include "store/inputs.hpp"

#include <filesystem>
#include <optional>

#include "rdf/syntax.hpp"
#include "store/incremental.hpp"
#include "store/lock.hpp"
#include "store/stream.hpp"

namespace factloom::store {

InputPlan plan_inputs(const LoadRequest &request) {
  InputPlan plan;
  plan.stream = request.load.mode == LoadMode::replace && !request.compile.named_graphs;
  std::uintmax_t bytes = 0;
  for (const std::string &p : request.inputs) {
    std::error_code ec;
    const auto syntax = rdf::syntax_for_path(p);
    if (p == "-" || std::filesystem::is_directory(p, ec) || !syntax)
      plan.any_facts = true;
    if (p == "-" || !std::filesystem::is_regular_file(p, ec) || !syntax ||
        (*syntax != rdf::Syntax::turtle && *syntax != rdf::Syntax::ntriples)) {
      plan.stream = false;
    } else {
      const std::uintmax_t size = std::filesystem::file_size(p, ec);
      bytes += ec ? 0 : size;
    }
  }
  // About 100 bytes a triple.
  plan.estimated_triples = bytes / 100;
  return plan;
}

namespace {

class InputLoad {
public:
  InputLoad(const LoadRequest &request, GraphStore &store, compile::Compilation &compilation)
      : request_(request), store_(store), compilation_(compilation), plan_(plan_inputs(request)) {}

  InputsLoaded run() {
    if (Result<void> locked = lock(request_.load.default_graph, true); !locked) {
      out_.report = locked.error();
      return std::move(out_);
    }
    if (plan_.stream && !start_streaming())
      return std::move(out_);
    if (!read())
      return finish_bad_input();
    out_.report = streaming_ ? streaming_->finish(compilation_.graph) : load_whole();
    return std::move(out_);
  }

private:
  ProgressFn progress_for(std::uint64_t triples) {
    ProgressFn fn = request_.progress ? request_.progress(triples) : ProgressFn();
    out_.progress_shown = out_.progress_shown || static_cast<bool>(fn);
    return fn;
  }

  /// False when the store could not be asked (the error is in out_.report).
  bool start_streaming() {
    streaming_.emplace(compilation_.graph, request_.load.default_graph, request_.load, store_,
                       progress_for(plan_.estimated_triples));
    Result<bool> started = streaming_->start();
    if (!started) {
      out_.report = started.error();
      streaming_.reset();
      return false;
    }
    if (!started.value()) // the graph has content: read everything before sending anything
      streaming_.reset();
    out_.streamed = streaming_.has_value();
    if (!out_.streamed)
      out_.progress_shown = false;
    return true;
  }

  /// Compiles (into the streaming sink when there is one) and checks; true without errors.
  bool read() {
    compile::Options options = request_.compile;
    options.accept_rdf = true;
    const bool compiled =
        streaming_ ? compile::compile(request_.inputs, options, compilation_, *streaming_)
                   : compile::compile(request_.inputs, options, compilation_);
    if (!streaming_)
      compilation_.graph.freeze(options.jobs);
    if (compiled && plan_.any_facts && request_.validate)
      request_.validate(compilation_);
    if (request_.read_done)
      request_.read_done(compilation_);
    return compilation_.io_errors == 0 && !compilation_.diagnostics.has_errors();
  }

  InputsLoaded finish_bad_input() {
    out_.bad_input = true;
    if (streaming_) {
      Result<std::uint64_t> undone = streaming_->abandon();
      if (undone)
        out_.taken_back = undone.value();
      else
        out_.report = undone.error();
    }
    return std::move(out_);
  }

  /// Takes the lock of `graph` (see LoadRequest::lock_endpoint); kept until the load ends.
  Result<void> lock(const std::string &graph, bool wait) {
    if (request_.lock_endpoint.empty())
      return {};
    std::function<void()> waiting;
    if (request_.waiting)
      waiting = [&] { request_.waiting(graph); };
    Result<GraphLock> held = GraphLock::acquire(request_.lock_endpoint, graph, wait, waiting);
    if (!held)
      return held.error();
    locks_.push_back(std::move(held.value()));
    return {};
  }

  Result<LoadReport> load_whole() {
    std::vector<Target> targets = plan_targets(compilation_.graph, request_.load.default_graph);
    if (request_.load.incremental) // loads of one corpus take turns on the lock of --graph
      return load_incremental(compilation_.graph, targets, request_.load, store_,
                              request_.compile.jobs,
                              [this](std::uint64_t triples) { return progress_for(triples); });
    std::uint64_t total = 0;
    for (const Target &t : targets) {
      total += t.quads.size();
      // Named graphs: never wait while holding a lock (two loads could wait for each other).
      if (t.graph != request_.load.default_graph) {
        if (Result<void> locked = lock(t.graph, false); !locked)
          return locked.error();
      }
    }
    return load(compilation_.graph, targets, request_.load, store_, progress_for(total));
  }

  const LoadRequest &request_;
  GraphStore &store_;
  compile::Compilation &compilation_;
  InputPlan plan_;
  std::vector<GraphLock> locks_; ///< released after the load (declared before streaming_)
  std::optional<StreamingLoad> streaming_;
  InputsLoaded out_;
};

} // namespace

InputsLoaded load_inputs(const LoadRequest &request, GraphStore &store,
                         compile::Compilation &compilation) {
  return InputLoad(request, store, compilation).run();
}

} // namespace factloom::store
