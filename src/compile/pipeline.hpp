// An ordered pipeline: items produced on worker threads, a bounded window ahead, and consumed
// on the calling thread in index order, so what the consumer does is the same sequence of
// calls whatever the number of threads.
#pragma once

#include <algorithm>
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
  std::condition_variable ready; // the consumer waits for its item
  std::condition_variable space; // workers wait for room in the window
  std::size_t next = 0;          // the next index a worker takes
  std::size_t consumed = 0;      // items the consumer has finished
  std::size_t awaited = n;       // the item the consumer waits for (n: none)
  std::size_t resume_at = 0;     // workers wait until `consumed` reaches this
  bool stop = false;
  // A worker that finds the window full waits until half of it is free, so that threads wake
  // once per half window, not once per item.
  const std::size_t burst = std::max<std::size_t>(1, window / 2);
  auto work = [&]() noexcept {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        while (!stop && next < n && next >= consumed + window) {
          resume_at = next + burst - window;
          space.wait(lock, [&] { return stop || next >= n || consumed >= resume_at; });
        }
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
      bool wake = false;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        slots[i % window] = std::move(done);
        wake = awaited == i;
      }
      if (wake)
        ready.notify_one();
    }
  };
  std::vector<std::jthread> pool;
  auto finish = [&] {
    {
      const std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    space.notify_all();
    pool.clear(); // joins
  };
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  try {
    for (std::size_t i = 0; i < n; ++i) {
      Slot item;
      {
        std::unique_lock<std::mutex> lock(mutex);
        awaited = i;
        ready.wait(lock, [&] { return slots[i % window].ready; });
        awaited = n;
        item = std::move(slots[i % window]);
        slots[i % window] = Slot{};
      }
      if (item.error)
        std::rethrow_exception(item.error);
      consume(i, std::move(*item.value));
      bool wake = false;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        consumed = i + 1;
        wake = consumed == resume_at;
      }
      if (wake)
        space.notify_all();
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

} // namespace factloom::compile
