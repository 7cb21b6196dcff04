// base/parallel.hpp: every index exactly once whatever the number of threads, exceptions
// carried back to the caller, and a sort across threads equal to std::sort.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "base/parallel.hpp"

using namespace factloom;

TEST_SUITE("parallel") {
  TEST_CASE("for_each_index runs every index once, for any number of threads") {
    for (unsigned jobs : {0U, 1U, 2U, 3U, 8U}) {
      for (std::size_t n : {0UL, 1UL, 2UL, 7UL, 1000UL}) {
        std::vector<std::atomic<int>> seen(n);
        parallel::for_each_index(jobs, n, [&](std::size_t i) { seen[i].fetch_add(1); });
        for (std::size_t i = 0; i < n; ++i)
          CHECK(seen[i].load() == 1);
      }
    }
  }

  TEST_CASE("for_each_index rethrows the exception of a body after every thread stopped") {
    std::atomic<int> ran{0};
    CHECK_THROWS_WITH_AS(parallel::for_each_index(2, 100,
                                                  [&](std::size_t i) {
                                                    ran.fetch_add(1);
                                                    if (i == 3)
                                                      throw std::runtime_error("index 3");
                                                  }),
                         "index 3", std::runtime_error);
    CHECK(ran.load() >= 4);
  }

  TEST_CASE("both runs the two tasks and rethrows the first's exception first") {
    int a = 0, b = 0;
    parallel::both(
        2, [&] { a = 1; }, [&] { b = 2; });
    CHECK(a + b == 3);
    CHECK_THROWS_WITH(
        parallel::both(
            2, [] { throw std::runtime_error("a"); }, [] { throw std::runtime_error("b"); }),
        "a");
  }

  TEST_CASE("parallel::sort equals std::sort, for sizes around the slice boundaries") {
    std::mt19937 rng(7);
    for (std::size_t n : {0UL, 5UL, 40000UL, 65537UL, 200001UL}) {
      std::vector<std::uint64_t> v(n);
      for (auto &x : v)
        x = rng() % 5000; // many equal keys
      std::vector<std::uint64_t> want = v;
      std::sort(want.begin(), want.end());
      for (unsigned jobs : {1U, 2U, 3U, 5U}) {
        std::vector<std::uint64_t> got = v;
        parallel::sort(jobs, got.begin(), got.end(), std::less<>());
        CHECK(got == want);
      }
    }
  }
}
