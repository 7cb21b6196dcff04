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
#include <type_traits>
#include <vector>

#include "base/parallel.hpp"

namespace factloom::compile {

namespace detail {

/// The shared state of ordered_pipeline() with more than one thread.
template <class T, class Produce> class Pipeline {
public:
  Pipeline(std::size_t n, std::size_t window, Produce &produce)
      : n_(n), window_(window), burst_(std::max<std::size_t>(1, window / 2)), produce_(produce),
        slots_(window) {}

  /// A worker thread: takes the next index while the window has room, produces it into its
  /// slot. One that finds the window full sleeps until half of it is free, so that threads wake
  /// once per half window, not once per item.
  void work() noexcept {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stop_ && next_ < n_ && next_ >= consumed_ + window_) {
          resume_at_ = next_ + burst_ - window_;
          space_.wait(lock, [&] { return stop_ || next_ >= n_ || consumed_ >= resume_at_; });
        }
        if (stop_ || next_ >= n_)
          return;
        i = next_++;
      }
      produce_into(i);
    }
  }

  /// The consumer: item i once it is produced (its producer's exception is rethrown here).
  /// While it is not, the consumer produces the next item nobody has taken (when the window has
  /// room) rather than sleep.
  T take(std::size_t i) {
    Slot item;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      while (!slots_[i % window_].ready) {
        if (next_ < n_ && next_ < consumed_ + window_) {
          const std::size_t j = next_++;
          lock.unlock();
          produce_into(j);
          lock.lock();
          continue;
        }
        awaited_ = i;
        ready_.wait(lock, [&] { return slots_[i % window_].ready; });
      }
      awaited_ = n_;
      item = std::move(slots_[i % window_]);
      slots_[i % window_] = Slot{};
    }
    if (item.error)
      std::rethrow_exception(item.error);
    return std::move(*item.value);
  }

  /// The consumer is done with item i: its slot is free.
  void done(std::size_t i) {
    bool wake = false;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      consumed_ = i + 1;
      wake = consumed_ == resume_at_;
    }
    if (wake)
      space_.notify_all();
  }

  /// Workers take no new index after this.
  void stop() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    space_.notify_all();
  }

private:
  /// Produces item i into its slot, waking the consumer if it waits for it.
  void produce_into(std::size_t i) noexcept {
    Slot done;
    try {
      done.value.emplace(produce_(i));
    } catch (...) {
      done.error = std::current_exception();
    }
    done.ready = true;
    bool wake = false;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      slots_[i % window_] = std::move(done);
      wake = awaited_ == i;
    }
    if (wake)
      ready_.notify_one();
  }

  struct Slot {
    std::optional<T> value;
    std::exception_ptr error;
    bool ready = false;
  };
  const std::size_t n_;
  const std::size_t window_;
  const std::size_t burst_;
  Produce &produce_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable ready_; // the consumer waits for its item
  std::condition_variable space_; // workers wait for room in the window
  std::size_t next_ = 0;          // the next index a worker takes
  std::size_t consumed_ = 0;      // items the consumer has finished
  std::size_t awaited_ = n_;      // the item the consumer waits for (n_: none)
  std::size_t resume_at_ = 0;     // sleeping workers wait until consumed_ reaches this
  bool stop_ = false;
};

} // namespace detail

/// For i in [0, n): consume(i, produce(i)), with produce() called on up to `jobs` - 1 worker
/// threads at most `window` items ahead of the consumer (memory stays about `window` items),
/// and consume() called on the calling thread in increasing order of i; the calling thread
/// also produces items while the one it needs is not ready. With one job (or one
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
  detail::Pipeline<T, std::remove_reference_t<Produce>> pipeline(n, window, produce);
  std::vector<std::jthread> pool;
  auto finish = [&] {
    pipeline.stop();
    pool.clear(); // joins
  };
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back([&pipeline] { pipeline.work(); });
  try {
    for (std::size_t i = 0; i < n; ++i) {
      consume(i, pipeline.take(i));
      pipeline.done(i);
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
}

} // namespace factloom::compile
