// Work across threads, deterministically: indexes handed out from one counter, results kept per
// index (never per thread), so the result of a run does not depend on how many threads ran it.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

namespace factloom::parallel {

/// The threads that `--jobs` means when it is not given (or 0): the cores available, at least 1.
inline unsigned default_jobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1U : n;
}

/// `jobs` as asked (0: default_jobs()), never more than `work` items need (at least 1).
inline unsigned effective_jobs(unsigned jobs, std::size_t work) {
  const unsigned j = jobs == 0 ? default_jobs() : jobs;
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(j, work)));
}

/// Calls body(i) once for every i in [0, n), on up to `jobs` threads (the calling thread is one
/// of them; jobs <= 1 runs everything on it, in order). Indexes are handed out in increasing
/// order from a shared counter. The first exception thrown by a body is rethrown here after
/// every thread has stopped; the other threads take no new index once one has been thrown.
template <class Body> void for_each_index(unsigned jobs, std::size_t n, Body &&body) {
  const unsigned threads = effective_jobs(jobs, n);
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i)
      body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&]() noexcept {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n || failed.load(std::memory_order_relaxed))
        return;
      try {
        body(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error)
          error = std::current_exception();
        failed.store(true, std::memory_order_relaxed);
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t)
      pool.emplace_back(run);
    run();
  } // joined here
  if (error)
    std::rethrow_exception(error);
}

/// Runs `a` and `b`, at the same time when jobs > 1 (b on a new thread), and returns when both
/// are done; the first exception (a's before b's) is rethrown.
template <class A, class B> void both(unsigned jobs, A &&a, B &&b) {
  if (effective_jobs(jobs, 2) <= 1) {
    a();
    b();
    return;
  }
  std::exception_ptr b_error;
  std::exception_ptr a_error;
  {
    std::jthread other([&]() noexcept {
      try {
        b();
      } catch (...) {
        b_error = std::current_exception();
      }
    });
    try {
      a();
    } catch (...) {
      a_error = std::current_exception();
    }
  }
  if (a_error)
    std::rethrow_exception(a_error);
  if (b_error)
    std::rethrow_exception(b_error);
}

/// std::sort of [first, last) by `less`, on up to `jobs` threads: equal slices sorted at once,
/// then merged in place, pairwise (the result is the same as std::sort's whenever `less` is a
/// strict total order on the elements, as with keys that are unique or equal only when the
/// elements are equal).
template <class It, class Less> void sort(unsigned jobs, It first, It last, Less less) {
  const auto n = static_cast<std::size_t>(std::distance(first, last));
  constexpr std::size_t small = 1U << 15U; // below this, a thread costs more than it saves
  unsigned slices = effective_jobs(jobs, n / small);
  if (slices <= 1) {
    std::sort(first, last, less);
    return;
  }
  std::vector<It> bounds;
  for (unsigned k = 0; k <= slices; ++k)
    bounds.push_back(first + static_cast<std::ptrdiff_t>(n * k / slices));
  for_each_index(slices, slices, [&](std::size_t k) { std::sort(bounds[k], bounds[k + 1], less); });
  // Merge neighbours until one run is left; merges of one round run at the same time.
  for (std::size_t width = 1; width < slices; width *= 2) {
    const std::size_t pairs = (slices + 2 * width - 1) / (2 * width);
    for_each_index(slices, pairs, [&](std::size_t k) {
      const std::size_t lo = 2 * width * k;
      const std::size_t mid = std::min<std::size_t>(lo + width, slices);
      const std::size_t hi = std::min<std::size_t>(lo + 2 * width, slices);
      if (mid < hi)
        std::inplace_merge(bounds[lo], bounds[mid], bounds[hi], less);
    });
  }
}

} // namespace factloom::parallel
