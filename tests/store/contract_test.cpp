// Contract checks of the loader fire: planning needs a frozen graph and a positive chunk size;
// a streaming load needs sane options, default-graph quads and a successful start().
#include <doctest/doctest.h>

#include "base/check.hpp"
#include "fake_store.hpp"
#include "store/stream.hpp"

using namespace factloom;
using namespace factloom::store;
using doctest::Contains;

namespace {

/// A graph with one ground triple in the default graph.
graph::Graph one_triple() {
  graph::Graph g;
  auto &t = g.terms();
  g.add(t.iri("http://x/s"), t.iri("http://x/p"), t.iri("http://x/o"));
  return g;
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("contracts: planning needs a frozen graph and a positive chunk size") {
    graph::Graph g = one_triple();
    CHECK_THROWS_WITH_AS(plan_targets(g, "http://x/g"),
                         Contains("precondition: plan_targets needs a frozen graph"), LogicError);
    g.freeze();
    std::vector<Target> targets = plan_targets(g, "http://x/g");
    REQUIRE(targets.size() == 1);
    CHECK_THROWS_WITH_AS(plan_chunks(g, targets[0], 0),
                         Contains("precondition: chunk size must be positive"), LogicError);
    CHECK(plan_chunks(g, targets[0], 1) == std::vector<std::size_t>{1}); // one chunk of one
  }

  TEST_CASE("contracts: a streaming load's options, quads and order of calls") {
    testing::FakeStore fake;
    graph::Graph read;
    LoadOptions options;
    options.chunk_triples = 0;
    CHECK_THROWS_WITH_AS(StreamingLoad(read, "http://x/g", options, fake),
                         Contains("precondition: bad load options"), LogicError);
    options.chunk_triples = 1;
    options.parallel = 0;
    CHECK_THROWS_WITH_AS(StreamingLoad(read, "http://x/g", options, fake),
                         Contains("precondition: bad load options"), LogicError);
    options.parallel = 1;
    options.mode = LoadMode::append;
    CHECK_THROWS_WITH_AS(StreamingLoad(read, "http://x/g", options, fake),
                         Contains("precondition: a streaming load replaces"), LogicError);
    options.mode = LoadMode::replace;

    // A full chunk before start(): there is nobody to upload it.
    {
      StreamingLoad early(read, "http://x/g", options, fake);
      auto &t = early.terms();
      const graph::Quad q{t.iri("http://x/s"), t.iri("http://x/p"), t.iri("http://x/o"), 0};
      CHECK_THROWS_WITH_AS(early.add(q, {}),
                           Contains("precondition: StreamingLoad used without a successful "
                                    "start()"),
                           LogicError);
    }
    // A quad in a named graph.
    graph::Graph read2;
    StreamingLoad load(read2, "http://x/g", options, fake);
    REQUIRE(load.start().value());
    auto &t = load.terms();
    const graph::Quad named{t.iri("http://x/s"), t.iri("http://x/p"), t.iri("http://x/o"),
                            t.iri("http://x/named")};
    CHECK_THROWS_WITH_AS(load.add(named, {}),
                         Contains("precondition: a streaming load takes default-graph quads only"),
                         LogicError);
    CHECK(load.abandon().ok());
  }
}
