// A replacing load that uploads while the input is still being read.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "base/result.hpp"
#include "graph/graph.hpp"
#include "store/loader.hpp"

namespace factloom::store {

/// Loads RDF into one graph of a store while it is being parsed, instead of after: ground
/// triples go up in chunks of `options.chunk_triples` as soon as a chunk is full, over
/// `options.parallel` connections, so reading overlaps with the store's work.
///
/// It only starts when the destination graph is empty. A load that then fails (a syntax error
/// halfway through the file, a store error, a count that does not match) is undone by emptying
/// the graph again, so a failed run leaves the store as it found it. For a graph that has
/// content, that promise can only be kept by reading everything before sending anything
/// (`load()`), which is what the caller does when start() says no.
///
/// Triples with blank nodes are held back until the input has been read: each blank-node
/// component must travel in one request (see plan_chunks), and only the whole input tells
/// which triples form one.
///
/// Use: start(); read with this object as the QuadObserver, into a graph that is not frozen
/// (compile::Options{observer = this, freeze = false}); then finish(graph), or abandon() when
/// reading failed. All of these are called from one thread; uploads run on threads of their own,
/// which only ever see finished chunk texts, never the graph.
class StreamingLoad final : public graph::QuadSink {
public:
  /// Quads given to this sink are kept in `read` (which the load then finishes from).
  StreamingLoad(graph::Graph &read, std::string graph, const LoadOptions &options,
                GraphStore &store, std::function<void(const LoadProgress &)> progress = {});
  ~StreamingLoad() override;
  StreamingLoad(const StreamingLoad &) = delete;
  StreamingLoad &operator=(const StreamingLoad &) = delete;

  /// Counts the destination graph. True: it is empty and the uploaders are running. False: it
  /// holds triples; nothing was sent (load it with load() after reading everything).
  Result<bool> start();

  // The sink: quads are kept in the graph given to the constructor; ground triples of the
  // default graph are uploaded in chunks as they come. add() returns false once an upload has
  // failed, to stop reading: finish() then reports that failure. After an input with errors
  // (end_input(false)) nothing more is uploaded: the run has failed.
  graph::TermTable &terms() override { return read_.terms(); }
  void prefix(std::string_view name, std::string_view iri) override { read_.prefix(name, iri); }
  bool add(const graph::Quad &quad, SourceSpan from) override;
  void reserve(std::size_t quads) override { read_.reserve(quads); }
  void end_input(bool ok) override { uploading_ = uploading_ && ok; }

  /// The input was read without errors: sends what is left and the triples with blank nodes,
  /// waits for every upload, freezes `graph` and verifies that the store holds exactly its
  /// distinct triples. On any failure the graph is emptied again and the error says so.
  Result<LoadReport> finish(graph::Graph &graph);

  /// The input had errors: stops the uploads and empties the graph again. An error when that
  /// did not work (then the graph may hold a partial load). Returns the triples taken back.
  Result<std::uint64_t> abandon();

private:
  struct Chunk {
    std::string body;
    std::size_t triples = 0;
    std::size_t number = 0; ///< 1-based, in the order chunks were made
  };
  bool flush(const graph::Graph &graph, std::span<const std::uint32_t> quads);
  bool push(Chunk chunk);
  void upload(GraphStore &connection);
  void stop_uploads();
  /// Records a failure of chunk `chunk` (0: not a chunk's, e.g. a signal) and wakes everyone.
  void fail(std::size_t chunk, Diagnostic error);
  /// Whether an upload has failed (while upload threads may still run).
  bool upload_failed();
  /// Empties the graph again after a failure; `error` gets the outcome appended.
  Diagnostic undo(Diagnostic error);

  graph::Graph &read_;
  bool uploading_ = true;
  std::string graph_;
  LoadOptions options_;
  GraphStore &store_;
  std::function<void(const LoadProgress &)> progress_;
  std::chrono::steady_clock::time_point start_;

  std::vector<std::uint32_t> pending_; ///< ground quads read but not yet in a chunk
  std::size_t chunks_made_ = 0;

  std::mutex lock_;
  std::condition_variable work_;  ///< a chunk was queued, or the queue closed
  std::condition_variable space_; ///< a chunk was taken, or an upload failed
  std::deque<Chunk> queue_;
  bool closed_ = false;
  std::optional<std::pair<std::size_t, Diagnostic>> failure_; ///< first failed chunk
  LoadProgress status_;
  std::size_t chunks_sent_ = 0;
  std::vector<std::unique_ptr<GraphStore>> connections_;
  std::vector<std::thread> threads_;
};

} // namespace factloom::store
