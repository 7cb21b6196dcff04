// Rendering with Graphviz's dot: several pictures from one dot process are the bytes each
// gives alone, and a graph dot cannot draw is reported as missing, not shifted onto another.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "view/render.hpp"

using namespace factloom;

namespace {

bool have_dot() { return static_cast<bool>(view::render("digraph probe {}\n", "svg")); }

} // namespace

TEST_SUITE("view") {
  TEST_CASE("render_svgs: one dot for many pictures, the same bytes as one dot each") {
    if (!have_dot())
      return; // tests/cli/graph_render.sh says so when dot is absent
    const std::vector<std::string> graphs = {
        "digraph a { x -> y [label=\"met\"] }\n", "digraph b { rankdir=LR; p -> q -> r }\n",
        // dot 2.43 crashes on the graph after one with rank=same: that one is drawn alone
        "digraph t { a -> b; c; { rank=same; \"b\"; \"c\"; } }\n", "digraph c { z -> y }\n",
        "digraph a { x -> y [label=\"met\"] }\n"};
    const auto batch = view::render_svgs(graphs);
    REQUIRE(batch.size() == graphs.size());
    for (std::size_t i = 0; i < graphs.size(); ++i) {
      const auto alone = view::render(graphs[i], "svg");
      REQUIRE(alone);
      REQUIRE(batch[i].has_value());
      CHECK(*batch[i] == alone.value());
    }
  }

  TEST_CASE("render_svgs: a graph dot rejects is missing, the others are drawn") {
    if (!have_dot())
      return;
    const std::vector<std::string> graphs = {"digraph a { x -> y }\n", "digraph b { x -> }\n",
                                             "digraph c { z }\n"};
    const auto batch = view::render_svgs(graphs);
    REQUIRE(batch.size() == 3);
    CHECK(batch[0].has_value());
    CHECK_FALSE(batch[1].has_value());
    REQUIRE(batch[2].has_value());
    CHECK(batch[2]->find("<title>z</title>") != std::string::npos);
  }
}
