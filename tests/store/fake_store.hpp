// Fake Graph Stores for the loader tests: an in-memory store that reads each request body with
// Serd (rdf::read_rdf, as a store would) and keeps the triples as a set of terms, and
// connections that share one (for the parallel upload paths). Nothing here uses the loader's
// own writing functions, so a loader bug cannot hide behind them.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "base/source.hpp"
#include "rdf/read.hpp"
#include "store/loader.hpp"

namespace factloom::store::testing {

/// A triple by its terms.
struct Triple {
  std::array<rdf::Term, 3> terms;
  const rdf::Term &s() const { return terms[0]; }
  const rdf::Term &o() const { return terms[2]; }
  bool has_blank() const { return s().is_blank() || o().is_blank(); }
  friend bool operator<(const Triple &a, const Triple &b) {
    auto key = [](const Triple &t, std::size_t k) {
      const rdf::Term &x = t.terms[k];
      return std::tie(x.kind, x.value, x.datatype, x.lang);
    };
    for (std::size_t k = 0; k < 3; ++k) {
      if (key(a, k) < key(b, k))
        return true;
      if (key(b, k) < key(a, k))
        return false;
    }
    return false;
  }
  friend bool operator==(const Triple &, const Triple &) = default;
};

/// The triples of an RDF text; false when it does not parse.
inline bool parse_triples(std::string_view text, bool turtle, std::vector<Triple> &out) {
  SourceSet sources;
  const std::uint32_t index = sources.add("request", std::string(text));
  graph::Graph parsed;
  DiagnosticSink sink;
  rdf::ReadOptions ro;
  ro.syntax = turtle ? rdf::Syntax::turtle : rdf::Syntax::ntriples;
  ro.base_iri = "https://example.org/fake/";
  if (!rdf::read_rdf(sources.get(index), index, ro, parsed, sink))
    return false;
  const graph::TermTable &terms = parsed.terms();
  for (const graph::Quad &q : parsed.quads())
    out.push_back(
        Triple{{rdf::Term(terms.get(q.s)), rdf::Term(terms.get(q.p)), rdf::Term(terms.get(q.o))}});
  return true;
}

/// An in-memory Graph Store. Blank labels are renamed per request, as a real store mints fresh
/// nodes.
class FakeStore final : public GraphStore {
public:
  std::map<std::string, std::set<Triple>> graphs;
  std::size_t drop_per_post = 0; ///< triples to lose from each POST (a store that says 2xx anyway)
  std::size_t requests = 0;
  std::size_t puts = 0;
  std::vector<std::size_t> request_lines;  ///< triples in each request (dropped or not)
  std::vector<std::vector<Triple>> bodies; ///< what each request added
  int fail_at_request = -1;
  std::chrono::milliseconds delay{0}; ///< a slow store: every PUT and POST takes this long

  /// Puts the N-Triples `nt` into graph `g` directly (a store that has content already).
  void preload(const std::string &g, std::string_view nt) {
    std::vector<Triple> triples;
    FL_REQUIRE(parse_triples(nt, false, triples), "bad test data");
    graphs[g].insert(triples.begin(), triples.end());
  }

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
    for (const std::string &t : triples) {
      std::vector<Triple> one;
      if (!parse_triples(t + " .\n", false, one) || one.size() != 1)
        return io_error("fake", "400 Bad Request: a triple pattern does not parse: " + t);
      n += graphs[g].count(one[0]);
    }
    return n;
  }

private:
  Result<void> add(const std::string &g, std::string_view body, ChunkSyntax syntax) {
    if (delay.count() > 0)
      std::this_thread::sleep_for(delay);
    if (static_cast<int>(requests++) == fail_at_request)
      return io_error("fake", "boom");
    // Read the body as a store would (a syntax error is a failed request).
    std::vector<Triple> parsed;
    if (!parse_triples(body, syntax == ChunkSyntax::turtle, parsed))
      return io_error("fake", "400 Bad Request: the body does not parse");
    std::vector<Triple> kept;
    std::size_t dropped = 0;
    for (Triple &t : parsed) {
      if (dropped < drop_per_post && requests > 1) {
        ++dropped;
        continue;
      }
      for (rdf::Term &term : t.terms) { // fresh blank nodes per request
        if (term.is_blank())
          term.value = "r" + std::to_string(requests) + "_" + term.value;
      }
      graphs[g].insert(t);
      kept.push_back(std::move(t));
    }
    request_lines.push_back(parsed.size());
    bodies.push_back(std::move(kept));
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
