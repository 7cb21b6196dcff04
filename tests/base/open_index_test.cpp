// OpenIndex: values are found through their owner's records whatever the collisions, and stay
// found after the array grows (the test keys every value by a string and a chosen hash).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/open_index.hpp"

using namespace factloom;

namespace {

/// A tiny owner: records (key, hash); values are record index + 1.
struct Owner {
  OpenIndex index{8};
  std::vector<std::pair<std::string, std::uint32_t>> records;

  std::size_t slot(const std::string &key, std::uint32_t hash) const {
    return index.probe(hash, [&](std::uint32_t v) {
      return records[v - 1].second == hash && records[v - 1].first == key;
    });
  }
  std::uint32_t find(const std::string &key, std::uint32_t hash) const {
    return index.at(slot(key, hash));
  }
  std::uint32_t add(const std::string &key, std::uint32_t hash) {
    const std::size_t s = slot(key, hash);
    if (index.at(s) != 0)
      return index.at(s);
    records.emplace_back(key, hash);
    const auto value = static_cast<std::uint32_t>(records.size());
    index.insert(s, value, records.size(),
                 [this](std::uint32_t v) { return records[v - 1].second; });
    return value;
  }
};

} // namespace

TEST_SUITE("base") {
  TEST_CASE("OpenIndex finds every value, colliding hashes included, across growth") {
    Owner o;
    const std::size_t before = o.index.memory_bytes();
    // Hashes 0..199 modulo 5: many share a hash, and all share a few slots.
    for (std::uint32_t k = 0; k < 200; ++k)
      CHECK(o.add("key" + std::to_string(k), k % 5) == k + 1);
    CHECK(o.index.memory_bytes() > before); // it grew (8 slots hold at most 4 values)
    for (std::uint32_t k = 0; k < 200; ++k)
      CHECK(o.find("key" + std::to_string(k), k % 5) == k + 1);
    CHECK(o.add("key7", 7 % 5) == 8); // an existing key keeps its value
    CHECK(o.records.size() == 200);
    CHECK(o.find("absent", 3) == 0); // same hash as others, different key
    CHECK(o.find("key7", 4) == 0);   // right key, wrong hash: not a match
  }

  TEST_CASE("OpenIndex keeps the table at most half full") {
    Owner o;
    for (std::uint32_t k = 0; k < 1000; ++k)
      o.add(std::to_string(k), k * 2654435761U);
    CHECK(o.index.memory_bytes() / sizeof(std::uint32_t) >= 2000);
    for (std::uint32_t k = 0; k < 1000; ++k)
      CHECK(o.find(std::to_string(k), k * 2654435761U) == k + 1);
  }
}
