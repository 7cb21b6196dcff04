// A QuadSink in front of another that passes the calls on from a thread of its own, in the
// order they were made: the producer (the binder) goes on binding while the quads are added to
// the target (a Graph: two appends a quad, into memory touched for the first time).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "graph/sink.hpp"

namespace factloom::compile {

/// Calls to add(), reserve(), prefix() and end_input() are collected in batches and made on the
/// target by one thread, in the same order; at most `max_batches` batches wait (memory stays
/// bounded). terms() is the target's table, used by the producer only: the target's add(),
/// reserve(), prefix() and end_input() must not touch it (true of graph::Graph). The target
/// must not ask to stop: add() always returns true here (a false from the target is kept and
/// rethrown by finish() as a std::logic_error). finish() waits until every call is made and
/// rethrows the target's exception, if any; the destructor finishes without rethrowing.
class AsyncSink final : public graph::QuadSink {
public:
  explicit AsyncSink(graph::QuadSink &target, std::size_t batch_size = 8192,
                     std::size_t max_batches = 4);
  ~AsyncSink() override;
  AsyncSink(const AsyncSink &) = delete;
  AsyncSink &operator=(const AsyncSink &) = delete;

  graph::TermTable &terms() override { return target_.terms(); }
  void prefix(std::string_view name, std::string_view iri) override;
  bool add(const graph::Quad &quad, SourceSpan from) override;
  void reserve(std::size_t quads) override;
  void end_input(bool ok) override;

  /// Every call made on the target; the target's exception rethrown. Calls after finish() are
  /// made on the target directly.
  void finish();

private:
  enum class Kind : std::uint8_t { add, reserve, end_ok, end_failed, prefix };
  struct Item {
    graph::Quad quad;
    SourceSpan from;
    std::size_t n = 0; ///< reserve: quads; prefix: index in the batch's strings
    Kind kind = Kind::add;
  };
  struct Batch {
    std::vector<Item> items;
    std::vector<std::string> strings; ///< prefix names and IRIs, two a prefix
  };

  void push(const Item &item);
  void hand_over();
  void run() noexcept;
  void apply(const Batch &batch);
  void stop_thread() noexcept;

  graph::QuadSink &target_;
  const std::size_t batch_size_;
  const std::size_t max_batches_;
  Batch current_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> full_;   ///< handed over, in order
  std::vector<Batch> spare_; ///< emptied by the thread, for reuse
  bool closing_ = false;     ///< no more batches come
  bool failed_ = false;      ///< the target threw or asked to stop: the rest is dropped
  std::exception_ptr error_;
  std::thread thread_;
  bool finished_ = false;
};

} // namespace factloom::compile
