// StreamingLoad against fake stores: uploads overlap reading, blank-node components wait for the
// end and travel whole, and every failure leaves the graph as empty as it was.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "base/source.hpp"
#include "fake_store.hpp"
#include "rdf/read.hpp"
#include "store/stream.hpp"

using namespace factloom;
using namespace factloom::store;
using namespace factloom::store::testing;

namespace {

const std::string graph_iri = "https://example.org/g";

std::string ground_lines(int from, int to) {
  std::string nt;
  for (int i = from; i < to; ++i)
    nt += "<https://example.org/s" + std::to_string(i) + "> <https://example.org/p> \"" +
          std::to_string(i) + "\" .\n";
  return nt;
}

/// Forwards to the load and notes how many requests the store had begun when reading ended.
struct Watch final : graph::QuadSink {
  StreamingLoad &load;
  FakeStore &fake;
  std::mutex &lock;
  std::size_t requests_at_last_quad = 0;
  Watch(StreamingLoad &l, FakeStore &f, std::mutex &m) : load(l), fake(f), lock(m) {}
  graph::TermTable &terms() override { return load.terms(); }
  void prefix(std::string_view name, std::string_view iri) override { load.prefix(name, iri); }
  bool add(const graph::Quad &q, SourceSpan from) override {
    const bool go_on = load.add(q, from);
    const std::lock_guard<std::mutex> guard(lock);
    requests_at_last_quad = fake.requests;
    return go_on;
  }
};

/// Reads N-Triples text into `sink`.
bool read(const std::string &nt, graph::QuadSink &sink, SourceSet &sources) {
  const std::uint32_t index = sources.add("in.nt", nt);
  DiagnosticSink diagnostics;
  rdf::ReadOptions ro;
  ro.syntax = rdf::Syntax::ntriples;
  ro.blank_prefix = "f1_";
  return rdf::read_rdf(sources.get(index), index, ro, sink, diagnostics);
}

/// One fake store behind connections of its own (the parallel upload path).
struct Connections {
  FakeStore fake;
  std::mutex lock;
  std::size_t opened = 0; ///< connections made with another()
  SharedFake store{fake, lock, opened};
};

LoadOptions options_with(std::size_t chunk, std::size_t parallel) {
  LoadOptions o;
  o.chunk_triples = chunk;
  o.parallel = parallel;
  o.default_graph = graph_iri;
  return o;
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("streaming: uploads begin while the input is still being read, and all arrive") {
    for (const ChunkSyntax syntax : {ChunkSyntax::turtle, ChunkSyntax::ntriples}) {
      Connections c;
      FakeStore &fake = c.fake;
      SharedFake &store = c.store;
      LoadOptions options = options_with(7, 2);
      options.syntax = syntax;
      graph::Graph g;
      StreamingLoad load(g, graph_iri, options, store);
      Result<bool> started = load.start();
      REQUIRE(started.ok());
      REQUIRE(started.value());
      Watch watch(load, fake, c.lock);
      SourceSet sources;
      REQUIRE(read(ground_lines(0, 100), watch, sources));
      // 14 full chunks were queued while reading; the queue holds at most one per connection
      // and each connection has at most one in flight, so at least 14 - 2 - 2 had begun.
      CHECK(watch.requests_at_last_quad >= 10);
      Result<LoadReport> report = load.finish(g);
      REQUIRE(report.ok());
      CHECK(report.value().graphs.at(0).after == 100);
      CHECK(report.value().graphs.at(0).chunks == 15);
      CHECK(fake.graphs[graph_iri].size() == 100);
      CHECK(fake.puts == 0); // the graph was empty: nothing to replace, nothing emptied
      CHECK(c.opened == 1);
    }
  }

  TEST_CASE("streaming: blank-node triples wait for the end and travel a component a request") {
    // The component's four triples are spread over the file, between ground triples.
    const std::string nt = "_:x <https://example.org/p> _:y .\n" + ground_lines(0, 10) +
                           "_:y <https://example.org/q> \"1\" .\n" + ground_lines(10, 20) +
                           "<https://example.org/a> <https://example.org/r> _:x .\n" +
                           ground_lines(20, 30) + "_:y <https://example.org/q> \"2\" .\n";
    Connections c;
    FakeStore &fake = c.fake;
    SharedFake &store = c.store;
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(3, 3), store);
    REQUIRE(load.start().value());
    SourceSet sources;
    REQUIRE(read(nt, load, sources));
    Result<LoadReport> report = load.finish(g);
    REQUIRE(report.ok());
    CHECK(report.value().graphs.at(0).after == 34);
    std::size_t with_blanks = 0;
    for (const auto &body : fake.bodies) {
      const auto blank =
          std::count_if(body.begin(), body.end(), [](const Triple &t) { return t.has_blank(); });
      if (blank > 0) {
        ++with_blanks;
        CHECK(blank == 4); // the whole component, in one request
        CHECK(body.size() == 4);
      }
    }
    CHECK(with_blanks == 1);
  }

  TEST_CASE("streaming: repeated triples are counted once") {
    FakeStore fake;
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(4, 1), fake);
    REQUIRE(load.start().value());
    SourceSet sources;
    REQUIRE(read(ground_lines(0, 10) + ground_lines(0, 10) + ground_lines(5, 12), load, sources));
    Result<LoadReport> report = load.finish(g);
    REQUIRE(report.ok());
    CHECK(report.value().sent == 12);
    CHECK(report.value().graphs.at(0).after == 12);
  }

  TEST_CASE("streaming: a graph with content is left to the ordinary load") {
    FakeStore fake;
    fake.preload(graph_iri, "<https://example.org/a> <https://example.org/b> \"c\" .\n");
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(4, 2), fake);
    Result<bool> started = load.start();
    REQUIRE(started.ok());
    CHECK_FALSE(started.value());
    CHECK(fake.requests == 0);
    CHECK(fake.graphs[graph_iri].size() == 1);
  }

  TEST_CASE("streaming: a syntax error halfway takes back what was sent") {
    Connections c;
    FakeStore &fake = c.fake;
    SharedFake &store = c.store;
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(5, 2), store);
    REQUIRE(load.start().value());
    Watch watch(load, fake, c.lock);
    SourceSet sources;
    CHECK_FALSE(read(ground_lines(0, 60) + "<https://example.org/broken\n" + ground_lines(60, 70),
                     watch, sources));
    CHECK(watch.requests_at_last_quad >= 8); // 12 chunks queued, so uploads had begun
    Result<std::uint64_t> undone = load.abandon();
    REQUIRE(undone.ok());
    CHECK(fake.puts == 1);
    CHECK(fake.graphs[graph_iri].empty());
  }

  TEST_CASE("streaming: a failed upload stops reading and is undone") {
    FakeStore fake;
    fake.fail_at_request = 2;
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(5, 1), fake);
    REQUIRE(load.start().value());
    SourceSet sources;
    // Reading stops early: the observer says no once the third chunk has failed.
    CHECK_FALSE(read(ground_lines(0, 200), load, sources));
    CHECK(g.size() < 200);
    Result<LoadReport> report = load.finish(g);
    REQUIRE_FALSE(report.ok());
    const std::string &message = report.error().message;
    CHECK(message.find("boom (chunk 3 for <https://example.org/g>)") != std::string::npos);
    CHECK(message.find("the load was undone") != std::string::npos);
    CHECK(fake.graphs[graph_iri].empty());
  }

  TEST_CASE("streaming: a count that does not match is an error, and undone") {
    FakeStore fake;
    fake.drop_per_post = 1; // from the second request on, as a store that says 2xx anyway
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(5, 1), fake);
    REQUIRE(load.start().value());
    SourceSet sources;
    REQUIRE(read(ground_lines(0, 20), load, sources));
    Result<LoadReport> report = load.finish(g);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find(
              "count mismatch: the store holds 17 triples, 20 were sent (3 missing)") !=
          std::string::npos);
    CHECK(report.error().message.find("empty again") != std::string::npos);
    CHECK(fake.graphs[graph_iri].empty());
  }

  TEST_CASE("streaming: finish() reads an upload's failure safely (ThreadSanitizer)") {
    // An upload thread records its failure while the reading thread holds no lock; finish()
    // must then take the lock to see it (ThreadSanitizer reports the unlocked read).
    struct Failing final : GraphStore {
      Result<void> put(const std::string &, std::string_view, ChunkSyntax) override { return {}; }
      Result<void> post(const std::string &, std::string_view, ChunkSyntax) override {
        return io_error("store", "refused");
      }
      Result<std::uint64_t> count(const std::string &) override { return std::uint64_t{0}; }
      Result<std::uint64_t> count_present(const std::string &,
                                          std::span<const std::string>) override {
        return std::uint64_t{0};
      }
    };
    Failing store;
    graph::Graph g;
    StreamingLoad load(g, graph_iri, options_with(5, 1), store);
    REQUIRE(load.start().value());
    SourceSet sources;
    REQUIRE(read(ground_lines(0, 8), load, sources)); // one chunk queued, three triples pending
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // the upload fails meanwhile
    Result<LoadReport> report = load.finish(g);
    REQUIRE_FALSE(report.ok());
    CHECK(report.error().message.find("refused (chunk 1 for <https://example.org/g>)") !=
          std::string::npos);
  }
}
