// "Did you mean" hints: the edit distance, and the closest candidate, which stops measuring a
// candidate once it cannot win, yet answers as a full measure of every candidate would, in any
// order of the candidates.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"

using factloom::closest;
using factloom::edit_distance;

namespace {

/// The closest candidate by the definition: every distance measured in full, the least
/// distance under the limit, of several the least candidate.
std::string reference(const std::string &word, const std::vector<std::string> &candidates) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3) + 1;
  std::string best;
  std::size_t best_distance = limit;
  for (const std::string &c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance || (d == best_distance && d < limit && c < best)) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string random_word(std::mt19937 &rng, std::size_t max_size) {
  std::uniform_int_distribution<std::size_t> size(0, max_size);
  std::uniform_int_distribution<int> letter(0, 3); // few letters: many near words and ties
  std::string out(size(rng), 'a');
  for (char &ch : out)
    ch = static_cast<char>('a' + letter(rng));
  return out;
}

} // namespace

TEST_SUITE("base") {
  TEST_CASE("edit distance counts insertions, deletions and substitutions") {
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("flaw", "lawn") == 2);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("abc", "") == 3);
    CHECK(edit_distance("zelensky", "zelensky") == 0);
    CHECK(edit_distance("zelenksy", "zelensky") == 2);
  }

  TEST_CASE("closest: a near candidate, none when all are far") {
    const std::vector<std::string> ids{"merz", "umerov", "witkoff", "zelensky"};
    CHECK(closest("zelenksy", ids) == "zelensky");
    CHECK(closest("umerow", ids) == "umerov");
    CHECK(closest("kushner", ids).empty());
    CHECK(closest("", ids).empty());
  }

  TEST_CASE("closest answers as a full measure of every candidate does, in any order") {
    std::mt19937 rng(20261202);
    for (int round = 0; round < 400; ++round) {
      const std::string word = random_word(rng, 9);
      std::vector<std::string> candidates;
      for (int i = 0; i < 30; ++i)
        candidates.push_back(random_word(rng, 12));
      const std::string expected = reference(word, candidates);
      INFO("word '" << word << "', round " << round);
      CHECK(closest(word, candidates) == expected);
      std::reverse(candidates.begin(), candidates.end());
      CHECK(closest(word, candidates) == expected);
      std::shuffle(candidates.begin(), candidates.end(), rng);
      CHECK(closest(word, candidates) == expected);
    }
  }
}
