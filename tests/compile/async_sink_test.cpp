// AsyncSink: a producer's calls made on the target by a thread of its own, in order; the
// target's exception carried back; compile() into a Graph with --jobs 2 (which uses it for
// pass 2) gives the graph of --jobs 1. ThreadSanitizer runs this suite.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "compile/async_sink.hpp"
#include "compile/compile.hpp"

using namespace factloom;

namespace {

/// Every call the target hears, as text; optionally throws at one add, or asks to stop.
struct Target final : graph::QuadSink {
  graph::TermTable table;
  std::vector<std::string> events;
  std::size_t throw_at = 0; ///< the add (from 1) that throws; 0: none
  std::size_t stop_at = 0;  ///< the add (from 1) that returns false; 0: none
  std::size_t adds = 0;
  graph::TermTable &terms() override { return table; }
  void prefix(std::string_view name, std::string_view iri) override {
    events.push_back("prefix " + std::string(name) + " " + std::string(iri));
  }
  bool add(const graph::Quad &q, SourceSpan from) override {
    ++adds;
    if (adds == throw_at)
      throw std::runtime_error("add " + std::to_string(adds));
    events.push_back("add " + std::to_string(q.s) + " " + std::to_string(q.p) + " " +
                     std::to_string(q.o) + " " + std::to_string(q.g) + " @" +
                     std::to_string(from.file) + ":" + std::to_string(from.begin));
    return adds != stop_at;
  }
  void reserve(std::size_t quads) override { events.push_back("reserve " + std::to_string(quads)); }
  void end_input(bool ok) override { events.push_back(ok ? "end ok" : "end failed"); }
};

/// A fixed mix of calls: prefixes, a reserve, adds and ends of inputs.
void produce(graph::QuadSink &sink, std::size_t n) {
  sink.prefix("fl", "https://example.org/fl#");
  sink.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<graph::TermId>(i);
    CHECK(sink.add(graph::Quad{k + 1, k % 5 + 1, k * 7 + 1, k % 3}, SourceSpan{k % 4, k, k + 1}));
    if (i % 97 == 0)
      sink.end_input(i % 2 == 0);
    if (i % 501 == 0)
      sink.prefix("p" + std::to_string(i), "https://example.org/" + std::to_string(i));
  }
  sink.end_input(true);
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("AsyncSink: the target hears every call in the order it was made") {
    Target direct;
    produce(direct, 5000);
    for (const std::size_t batch : {1U, 3U, 64U, 8192U}) {
      for (const std::size_t queued : {1U, 2U, 4U}) {
        CAPTURE(batch);
        CAPTURE(queued);
        Target target;
        {
          compile::AsyncSink async(target, batch, queued);
          CHECK(&async.terms() == &target.table);
          produce(async, 5000);
          async.finish();
          // After finish(), calls go to the target directly.
          CHECK(async.add(graph::Quad{1, 2, 3, 0}, SourceSpan{}));
        }
        REQUIRE(target.events.size() == direct.events.size() + 1);
        target.events.pop_back();
        CHECK(target.events == direct.events);
      }
    }
  }

  TEST_CASE("AsyncSink: the target's exception is rethrown by finish, the rest is dropped") {
    Target target;
    target.throw_at = 1234;
    compile::AsyncSink async(target, 100, 2);
    produce(async, 5000); // never blocks, though the target has failed
    CHECK_THROWS_WITH_AS(async.finish(), "add 1234", std::runtime_error);
    CHECK(target.adds == 1234);
  }

  TEST_CASE("AsyncSink: a target that asks to stop is an error at finish") {
    Target target;
    target.stop_at = 10;
    compile::AsyncSink async(target, 4, 2);
    produce(async, 100);
    CHECK_THROWS_AS(async.finish(), std::logic_error);
    CHECK(target.adds == 10);
  }

  TEST_CASE("AsyncSink: destroyed without finish, every call is still made") {
    Target target;
    {
      compile::AsyncSink async(target, 16, 1);
      produce(async, 1000);
    }
    Target direct;
    produce(direct, 1000);
    CHECK(target.events == direct.events);
  }

  TEST_CASE("compile into a Graph with --jobs 2 and 3: the quads, origins and terms of --jobs 1") {
    const std::vector<std::string> inputs = {std::string(FL_SOURCE_DIR) + "/samples",
                                             std::string(FL_SOURCE_DIR) + "/tests/data/claims"};
    compile::Options options;
    options.jobs = 1;
    compile::Compilation one;
    compile::compile(inputs, options, one);
    REQUIRE(one.graph.size() > 500);
    for (const unsigned jobs : {2U, 3U}) {
      CAPTURE(jobs);
      options.jobs = jobs;
      compile::Compilation many;
      compile::compile(inputs, options, many);
      CHECK(many.graph.quads() == one.graph.quads());
      CHECK(many.graph.terms().size() == one.graph.terms().size());
      REQUIRE(many.diagnostics.all().size() == one.diagnostics.all().size());
      for (std::size_t i = 0; i < one.diagnostics.all().size(); ++i)
        CHECK(many.diagnostics.all()[i].message == one.diagnostics.all()[i].message);
      std::size_t same_origins = 0;
      for (std::size_t i = 0; i < one.graph.size() && i < many.graph.size(); ++i) {
        const graph::Origin a = one.graph.origin(i);
        const graph::Origin b = many.graph.origin(i);
        same_origins += a.file == b.file && a.offset == b.offset ? 1 : 0;
      }
      CHECK(same_origins == one.graph.size());
    }
  }
}
