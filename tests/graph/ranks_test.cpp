// TermTable::ranks sorts terms by text 8 bytes at a time: the ranks are those of a plain
// comparison sort, for long shared prefixes, texts that end inside the 8 bytes compared, NUL
// bytes, the same text with other datatypes and tags, and any number of threads.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "graph/terms.hpp"

using namespace factloom;
using graph::TermId;

namespace {

/// The ranks by a comparison sort of the terms' views (the order ranks() documents).
std::vector<std::uint32_t> reference_ranks(const graph::TermTable &t) {
  std::vector<TermId> order(t.size());
  std::iota(order.begin(), order.end(), TermId{1});
  std::sort(order.begin(), order.end(), [&](TermId a, TermId b) {
    const graph::TermView x = t.get(a);
    const graph::TermView y = t.get(b);
    if (x.kind != y.kind)
      return x.kind < y.kind;
    if (x.value != y.value)
      return x.value < y.value;
    if (x.datatype != y.datatype)
      return x.datatype < y.datatype;
    return x.lang < y.lang;
  });
  std::vector<std::uint32_t> rank(t.size() + 1, 0);
  for (std::size_t i = 0; i < order.size(); ++i)
    rank[order[i]] = static_cast<std::uint32_t>(i + 1);
  return rank;
}

/// Terms made to tie in the first bytes, in a random order of interning.
void fill(graph::TermTable &t, std::size_t n, std::mt19937 &rng) {
  const std::string long_prefix = "https://example.org/factloom/" + std::string(600, 'x') + "/";
  const TermId integer = t.iri("http://www.w3.org/2001/XMLSchema#integer");
  const TermId text = t.iri("http://www.w3.org/2001/XMLSchema#string");
  for (std::size_t i = 0; i < n; ++i) {
    std::string tail = std::to_string(rng() % (n / 2 + 1));
    tail.resize(rng() % 12, 'a' + static_cast<char>(rng() % 3)); // ends around 8 bytes
    if (rng() % 16 == 0)
      tail += std::string(1, '\0') + "z";
    switch (rng() % 7) {
    case 0: t.iri("https://example.org/factloom/" + tail); break;
    case 1: t.iri(long_prefix + tail); break;
    case 2: t.iri("http://a/" + tail); break;
    case 3: t.blank("b" + tail); break;
    case 4: t.literal(tail, rng() % 2 == 0 ? integer : text); break;
    case 5: t.literal(tail, 0, rng() % 2 == 0 ? "en" : "de-CH"); break;
    default: t.literal(tail); break;
    }
  }
}

void same_as_reference(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  graph::TermTable t;
  fill(t, n, rng);
  const std::vector<std::uint32_t> expected = reference_ranks(t);
  for (unsigned jobs : {1U, 2U, 3U}) {
    CAPTURE(jobs);
    std::vector<TermId> order;
    const std::vector<std::uint32_t> rank = t.ranks(&order, jobs);
    REQUIRE(rank.size() == expected.size());
    CHECK(rank == expected);
    REQUIRE(order.size() == rank.size());
    for (std::size_t r = 1; r < order.size(); ++r)
      REQUIRE(rank[order[r]] == r);
  }
}

} // namespace

TEST_CASE("ranks of a few hundred terms that tie in their first bytes") {
  same_as_reference(300, 1);
  same_as_reference(2000, 2);
}

TEST_SUITE("parallel") {
  TEST_CASE("ranks of many terms, sorted on threads, are those of a comparison sort") {
    same_as_reference(200000, 3);
  }
}
