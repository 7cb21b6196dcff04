// AsyncSink: the calls of a producer made on the target by a thread of its own, in order.
#include "compile/async_sink.hpp"

#include <stdexcept>
#include <utility>

namespace factloom::compile {

AsyncSink::AsyncSink(graph::QuadSink &target, std::size_t batch_size, std::size_t max_batches)
    : target_(target), batch_size_(batch_size == 0 ? 1 : batch_size),
      max_batches_(max_batches == 0 ? 1 : max_batches) {
  current_.items.reserve(batch_size_);
  thread_ = std::thread([this] { run(); });
}

AsyncSink::~AsyncSink() { stop_thread(); }

void AsyncSink::prefix(std::string_view name, std::string_view iri) {
  if (finished_) {
    target_.prefix(name, iri);
    return;
  }
  Item item;
  item.kind = Kind::prefix;
  item.n = current_.strings.size();
  current_.strings.emplace_back(name);
  current_.strings.emplace_back(iri);
  push(item);
}

bool AsyncSink::add(const graph::Quad &quad, SourceSpan from) {
  if (finished_)
    return target_.add(quad, from);
  Item item;
  item.quad = quad;
  item.from = from;
  push(item);
  return true;
}

void AsyncSink::reserve(std::size_t quads) {
  if (finished_) {
    target_.reserve(quads);
    return;
  }
  Item item;
  item.kind = Kind::reserve;
  item.n = quads;
  push(item);
}

void AsyncSink::end_input(bool ok) {
  if (finished_) {
    target_.end_input(ok);
    return;
  }
  Item item;
  item.kind = ok ? Kind::end_ok : Kind::end_failed;
  push(item);
}

void AsyncSink::push(const Item &item) {
  current_.items.push_back(item);
  if (current_.items.size() >= batch_size_)
    hand_over();
}

/// The current batch to the thread (waiting while `max_batches_` are queued); a spare one, if
/// the thread has emptied one, becomes the current batch.
void AsyncSink::hand_over() {
  if (current_.items.empty() && current_.strings.empty())
    return;
  Batch next;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return full_.size() < max_batches_; });
    full_.push_back(std::move(current_));
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  changed_.notify_all();
  current_ = std::move(next);
  if (current_.items.capacity() < batch_size_)
    current_.items.reserve(batch_size_);
}

void AsyncSink::apply(const Batch &batch) {
  for (const Item &item : batch.items) {
    switch (item.kind) {
    case Kind::add:
      if (!target_.add(item.quad, item.from))
        throw std::logic_error("AsyncSink: the target asked to stop");
      break;
    case Kind::reserve: target_.reserve(item.n); break;
    case Kind::end_ok: target_.end_input(true); break;
    case Kind::end_failed: target_.end_input(false); break;
    case Kind::prefix: target_.prefix(batch.strings[item.n], batch.strings[item.n + 1]); break;
    }
  }
}

void AsyncSink::run() noexcept {
  for (;;) {
    Batch batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return closing_ || !full_.empty(); });
      if (full_.empty())
        return; // closing, and nothing left
      batch = std::move(full_.front());
      full_.pop_front();
    }
    changed_.notify_all(); // room in the queue
    if (!failed_) {
      try {
        apply(batch);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex_);
        error_ = std::current_exception();
        failed_ = true;
      }
    }
    batch.items.clear();
    batch.strings.clear();
    const std::lock_guard<std::mutex> lock(mutex_);
    if (spare_.size() < max_batches_)
      spare_.push_back(std::move(batch));
  }
}

void AsyncSink::stop_thread() noexcept {
  if (!thread_.joinable())
    return;
  try {
    hand_over();
  } catch (...) {
    // Out of memory while handing over: what was handed over is still added.
  }
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  thread_.join();
  finished_ = true;
}

void AsyncSink::finish() {
  stop_thread();
  if (error_) {
    std::exception_ptr e = std::exchange(error_, nullptr);
    std::rethrow_exception(e);
  }
}

} // namespace factloom::compile
