// Language tags of any length (issue 15: 256 characters or more were an internal error).
#include <doctest/doctest.h>

#include <string>

#include "graph/terms.hpp"

using namespace factloom;

TEST_SUITE("graph") {
  TEST_CASE("language tags of 255, 256, 65535 and 70000 characters are kept whole") {
    graph::TermTable terms;
    for (const std::size_t n : {std::size_t{255}, std::size_t{256}, std::size_t{65534},
                                std::size_t{65535}, std::size_t{70000}}) {
      const std::string lang = "x" + std::string(n - 1, 'a');
      const graph::TermId id = terms.literal("v", 0, lang);
      REQUIRE(id != 0);
      CHECK(terms.get(id).lang == lang);
      CHECK(terms.get(id).value == "v");
      CHECK(terms.find(graph::TermKind::literal, "v", 0, lang) == id);
      CHECK(terms.literal("v", 0, lang) == id);
      // A tag one character shorter or longer is another term.
      CHECK(terms.find(graph::TermKind::literal, "v", 0, lang + "b") == 0);
      CHECK(terms.find(graph::TermKind::literal, "v", 0, lang.substr(1)) == 0);
    }
    CHECK(terms.size() == 5);
    const auto ranks = terms.ranks();
    CHECK(ranks.size() == 6);
  }
}
