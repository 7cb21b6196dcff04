// OpenIndex: the one open-addressing hash index of the project (linear probing over a
// power-of-two array of 32-bit values, 0 meaning empty). It stores no keys: the owner keeps
// its records (and their hashes) and says, through callbacks, whether a value matches and what a
// value's hash is. Used by graph::TermTable (terms -> ids) and the binder (ids -> entities).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/huge_pages.hpp"

namespace factloom {

class OpenIndex {
public:
  explicit OpenIndex(std::size_t initial_slots = 1024) : slots_(initial_slots, 0) {}

  /// The slot for `hash`: the one holding the value for which `match(value)` is true, or the
  /// empty slot where such a value would go. `match` is called only for non-zero values.
  template <class Match> std::size_t probe(std::uint32_t hash, Match &&match) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t v = slots_[i];
      if (v == 0 || match(v))
        return i;
    }
  }

  /// The value in `slot` (0: empty).
  std::uint32_t at(std::size_t slot) const { return slots_[slot]; }

  /// Puts `value` (non-zero) into the empty `slot` that probe() returned; `count` is the number of
  /// values held afterwards. Doubles the array when it is more than half full, placing each value
  /// again by `hash_of(value)` (the hash its owner stored).
  template <class HashOf>
  void insert(std::size_t slot, std::uint32_t value, std::size_t count, HashOf &&hash_of) {
    slots_[slot] = value;
    if (count * 2 <= slots_.size())
      return;
    std::vector<std::uint32_t> bigger;
    huge_pages::assign(bigger, slots_.size() * 2, 0U);
    const std::size_t mask = bigger.size() - 1;
    for (const std::uint32_t v : slots_) {
      if (v == 0)
        continue;
      std::size_t i = hash_of(v) & mask;
      while (bigger[i] != 0)
        i = (i + 1) & mask;
      bigger[i] = v;
    }
    slots_.swap(bigger);
  }

  /// Bytes held by the slot array.
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint32_t); }

private:
  std::vector<std::uint32_t> slots_;
};

} // namespace factloom
