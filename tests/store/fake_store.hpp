// Fake Graph Stores for the loader tests: an in-memory store that remembers N-Triples lines as
// a set, and connections that share one (for the parallel upload paths).
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/source.hpp"
#include "rdf/read.hpp"
#include "store/loader.hpp"

namespace factloom::store::testing {

/// An in-memory Graph Store: parses nothing, counts N-Triples lines, remembers them as a set.
/// Blank labels are renamed per request, as a real store mints fresh nodes.
class FakeStore final : public GraphStore {
public:
  std::map<std::string, std::set<std::string>> graphs;
  std::size_t drop_per_post = 0; ///< lines to lose from each POST (a store that says 2xx anyway)
  std::size_t requests = 0;
  std::size_t puts = 0;
  std::vector<std::size_t> request_lines;       ///< triples in each request (dropped or not)
  std::vector<std::vector<std::string>> bodies; ///< what each request added, as N-Triples
  int fail_at_request = -1;

  Result<void> put(const std::string &g, std::string_view body, ChunkSyntax s) override {
    ++puts;
    graphs[g].clear();
    return add(g, body, s);
  }
  Result<void> post(const std::string &g, std::string_view body, ChunkSyntax s) override {
    return add(g, body, s);
  }
  Result<std::uint64_t> count(const std::string &g) override {
    return std::uint64_t{graphs[g].size()};
  }
  Result<std::uint64_t> count_present(const std::string &g,
                                      std::span<const std::string> triples) override {
    std::uint64_t n = 0;
    for (const std::string &t : triples)
      n += graphs[g].count(t + " .");
    return n;
  }

private:
  Result<void> add(const std::string &g, std::string_view body, ChunkSyntax syntax) {
    if (static_cast<int>(requests++) == fail_at_request)
      return io_error("fake", "boom");
    // Read the body as a store would (a syntax error is a failed request), then keep each
    // triple as an N-Triples line.
    SourceSet sources;
    const std::uint32_t index = sources.add("request", std::string(body));
    graph::Graph parsed;
    DiagnosticSink sink;
    rdf::ReadOptions ro;
    ro.syntax = syntax == ChunkSyntax::turtle ? rdf::Syntax::turtle : rdf::Syntax::ntriples;
    ro.base_iri = "https://example.org/fake/";
    if (!rdf::read_rdf(sources.get(index), index, ro, parsed, sink))
      return io_error("fake", "400 Bad Request: the body does not parse");
    std::vector<std::string> lines;
    std::size_t dropped = 0;
    for (const graph::Quad &q : parsed.quads()) {
      if (dropped < drop_per_post && requests > 1) {
        ++dropped;
        continue;
      }
      std::string line = ntriples_statement(parsed, q) + " .";
      // Fresh blank nodes per request: _:bN -> _:rR_bN.
      for (std::size_t p = line.find("_:b"); p != std::string::npos; p = line.find("_:b", p + 3))
        line.replace(p, 3, "_:r" + std::to_string(requests) + "_b");
      graphs[g].insert(line);
      lines.push_back(std::move(line));
    }
    request_lines.push_back(parsed.size());
    bodies.push_back(std::move(lines));
    return {};
  }
};

/// Connections to one shared FakeStore, for the parallel upload path.
class SharedFake final : public GraphStore {
public:
  SharedFake(FakeStore &store, std::mutex &lock, std::size_t &connections)
      : store_(store), lock_(lock), connections_(connections) {}
  Result<void> put(const std::string &g, std::string_view body, ChunkSyntax s) override {
    const std::lock_guard<std::mutex> guard(lock_);
    return store_.put(g, body, s);
  }
  Result<void> post(const std::string &g, std::string_view body, ChunkSyntax s) override {
    const std::lock_guard<std::mutex> guard(lock_);
    return store_.post(g, body, s);
  }
  Result<std::uint64_t> count(const std::string &g) override {
    const std::lock_guard<std::mutex> guard(lock_);
    return store_.count(g);
  }
  Result<std::uint64_t> count_present(const std::string &g,
                                      std::span<const std::string> triples) override {
    const std::lock_guard<std::mutex> guard(lock_);
    return store_.count_present(g, triples);
  }
  std::unique_ptr<GraphStore> another() const override {
    ++connections_;
    return std::make_unique<SharedFake>(store_, lock_, connections_);
  }

private:
  FakeStore &store_;
  std::mutex &lock_;
  std::size_t &connections_;
};

} // namespace factloom::store::testing
