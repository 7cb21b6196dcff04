// An ordered pipeline: items produced on worker threads, a bounded window ahead, and consumed
// on the calling thread in index order, so what the consumer does is the same sequence of
// calls whatever the number of threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "base/parallel.hpp"

namespace factloom::compile {

/// For i in [0, n): consume(i, produce(i)), with produce() called on up to `jobs` - 1 worker
/// threads at most `window` items ahead of the consumer (memory stays about `window` items),
/// and consume() called on the calling thread in increasing order of i. With one job (or one
/// item) everything runs on the calling thread. An exception thrown by produce(i) is rethrown
/// by the consumer when it reaches item i (so the same one whatever the threads); an exception
/// of consume() stops the workers and is rethrown after they have stopped.
template <class T, class Produce, class Consume>
void ordered_pipeline(unsigned jobs, std::size_t n, std::size_t window, Produce &&produce,
                      Consume &&consume) {
  const unsigned threads = parallel::effective_jobs(jobs, n);
  if (threads <= 1 || window == 0) {
    for (std::size_t i = 0; i < n; ++i)
      consume(i, produce(i));
    return;
  }
  struct Slot {
    std::optional<T> value;
    std::exception_ptr error;
    bool ready = false;
  };
  std::vector<Slot> slots(window);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0;     // the next index a worker takes
  std::size_t consumed = 0; // items the consumer has finished
  bool stop = false;
  auto work = [&]() noexcept {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return stop || next >= n || next < consumed + window; });
        if (stop || next >= n)
          return;
        i = next++;
      }
      Slot done;
      try {
        done.value.emplace(produce(i));
      } catch (...) {
        done.error = std::current_exception();
      }
      done.ready = true;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        slots[i % window] = std::move(done);
      }
      changed.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  auto finish = [&] {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    changed.notify_all();
    pool.clear(); // joins
  };
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  try {
    for (std::size_t i = 0; i < n; ++i) {
      Slot item;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return slots[i % window].ready; });
        item = std::move(slots[i % window]);
        slots[i % window] = Slot{};
      }
      if (item.error)
        std::rethrow_exception(item.error);
      consume(i, std::move(*item.value));
      {
        const std::lock_guard<std::mutex> lock(mutex);
        consumed = i + 1;
      }
      changed.notify_all();
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

} // namespace factloom::compile
