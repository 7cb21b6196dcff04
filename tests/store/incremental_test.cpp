// Incremental loads: the manifest diff, the graph hashes, and the protocol against a fake store
// that fails at every request in turn (an interrupted load), each followed by a load that must
// leave the store exactly right.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/source.hpp"
#include "fake_store.hpp"
#include "rdf/read.hpp"
#include "store/cancel.hpp"
#include "store/incremental.hpp"
#include "store/manifest.hpp"

using namespace factloom;
using namespace factloom::store;
using namespace factloom::store::testing;

namespace {

const std::string base = "https://example.org/t/";

graph::Graph read_trig(const std::string &text) {
  SourceSet sources;
  const std::uint32_t index = sources.add("t.trig", text);
  graph::Graph g;
  DiagnosticSink sink;
  rdf::ReadOptions ro;
  ro.syntax = rdf::Syntax::trig;
  ro.base_iri = base;
  REQUIRE(rdf::read_rdf(sources.get(index), index, ro, g, sink));
  g.freeze();
  return g;
}

/// A FakeStore that can also list a predicate's (subject, value) pairs, as the manifest needs.
class ManifestFake final : public GraphStore {
public:
  FakeStore store;
  Result<void> put(const std::string &g, std::string_view body, ChunkSyntax s) override {
    return store.put(g, body, s);
  }
  Result<void> post(const std::string &g, std::string_view body, ChunkSyntax s) override {
    return store.post(g, body, s);
  }
  Result<std::uint64_t> count(const std::string &g) override { return store.count(g); }
  Result<std::uint64_t> count_present(const std::string &g,
                                      std::span<const std::string> triples) override {
    return store.count_present(g, triples);
  }
  Result<std::vector<std::pair<std::string, std::string>>>
  subject_values(const std::string &g, const std::string &predicate) override {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Triple &t : store.graphs[g]) {
      if (t.terms[1].value == predicate)
        out.emplace_back(t.terms[0].value, t.terms[2].value);
    }
    return out;
  }
};

Result<LoadReport> load_into(ManifestFake &fake, const graph::Graph &g) {
  std::vector<Target> targets = plan_targets(g, base);
  LoadOptions options;
  options.default_graph = base;
  options.incremental = true;
  options.chunk_triples = 2; // several requests a graph: more places to fail
  options.parallel = 1;
  return load_incremental(g, targets, options, fake, 1);
}

/// The store holds exactly the graph's triples in each of its graphs, nothing in any other
/// (but the manifest), and the manifest one entry per graph.
void require_exact(ManifestFake &fake, const graph::Graph &g) {
  const std::vector<Target> targets = plan_targets(g, base);
  std::size_t nonempty = 0;
  for (const auto &[name, triples] : fake.store.graphs) {
    if (name != manifest_graph(base) && !triples.empty())
      ++nonempty;
  }
  CHECK(nonempty == targets.size());
  for (const Target &t : targets) {
    std::set<Triple> want;
    for (std::uint32_t i : t.quads) {
      const graph::Quad &q = g.quads()[i];
      want.insert(Triple{{rdf::Term(g.terms().get(q.s)), rdf::Term(g.terms().get(q.p)),
                          rdf::Term(g.terms().get(q.o))}});
    }
    INFO("graph " << t.graph);
    CHECK((fake.store.graphs[t.graph] == want));
  }
  CHECK(fake.store.graphs[manifest_graph(base)].size() == targets.size() + 1);
  CHECK(fake.store.graphs[staged_manifest_graph(base)].empty());
}

const char *v1 = R"(
<https://example.org/t/s0> <https://example.org/t/p> "default" .
<https://example.org/t/a/graph> { <https://example.org/t/a> <https://example.org/t/p> "a1", "a2", "a3" . }
<https://example.org/t/b/graph> { <https://example.org/t/b> <https://example.org/t/p> "b1", "b2" . }
<https://example.org/t/c/graph> { <https://example.org/t/c> <https://example.org/t/p> "c1" . }
)";
// b edited, c removed, d added.
const char *v2 = R"(
<https://example.org/t/s0> <https://example.org/t/p> "default" .
<https://example.org/t/a/graph> { <https://example.org/t/a> <https://example.org/t/p> "a1", "a2", "a3" . }
<https://example.org/t/b/graph> { <https://example.org/t/b> <https://example.org/t/p> "b1", "EDITED", "b3" . }
<https://example.org/t/d/graph> { <https://example.org/t/d> <https://example.org/t/p> "d1" . }
)";

ManifestEntry entry(const std::string &g, const std::string &h) { return ManifestEntry{g, h}; }

} // namespace

TEST_SUITE("store") {
  TEST_CASE("manifest diff: new, unchanged, changed, pending, doubled and removed graphs") {
    const std::vector<ManifestEntry> stored = {entry("g-same", "h1"),
                                               entry("g-changed", "h2"),
                                               entry("g-pending", "h3"),
                                               entry("g-pending", "pending"),
                                               entry("g-double", "h4"),
                                               entry("g-double", "h5"),
                                               entry("g-gone", "h6"),
                                               entry("g-gone", "pending"),
                                               entry("g-only-pending", "pending")};
    const std::vector<ManifestEntry> current = {
        entry("g-changed", "h2x"), entry("g-double", "h4"),       entry("g-new", "h7"),
        entry("g-pending", "h3"),  entry("g-only-pending", "h8"), entry("g-same", "h1")};
    const ManifestDiff d = diff_manifest(stored, current);
    CHECK(d.unchanged == std::vector<std::size_t>{5});
    CHECK(d.send == std::vector<std::size_t>{0, 1, 2, 3, 4});
    CHECK(d.remove == std::vector<std::string>{"g-gone"});
    CHECK(d.mark_pending == std::vector<std::string>{"g-changed", "g-double", "g-gone", "g-new",
                                                     "g-only-pending", "g-pending"});
  }

  TEST_CASE("manifest diff: an empty manifest sends everything, each marked pending first") {
    const std::vector<ManifestEntry> current = {entry("a", "1"), entry("b", "2")};
    const ManifestDiff d = diff_manifest({}, current);
    CHECK(d.send == std::vector<std::size_t>{0, 1});
    CHECK(d.unchanged.empty());
    CHECK(d.remove.empty());
    CHECK(d.mark_pending == std::vector<std::string>{"a", "b"});
  }

  TEST_CASE("graph hashes do not depend on blank node labels") {
    const graph::Graph x = read_trig("<https://example.org/t/g> { _:x <https://example.org/t/p> "
                                     "_:y . _:y <https://example.org/t/q> \"1\" . }");
    const graph::Graph y = read_trig("<https://example.org/t/g> { _:b7 <https://example.org/t/p> "
                                     "_:b3 . _:b3 <https://example.org/t/q> \"1\" . }");
    CHECK(hash_targets(x, plan_targets(x, base), 1) == hash_targets(y, plan_targets(y, base), 1));
  }

  TEST_CASE("incremental loads: first, unchanged, then edit, removal and addition") {
    reset_cancel();
    ManifestFake fake;
    const graph::Graph one = read_trig(v1);
    Result<LoadReport> first = load_into(fake, one);
    REQUIRE(first);
    CHECK(first.value().graphs.size() == 4);
    require_exact(fake, one);
    const std::size_t requests = fake.store.requests;
    Result<LoadReport> again = load_into(fake, one);
    REQUIRE(again);
    CHECK(again.value().graphs.empty());
    CHECK(again.value().unchanged == 4);
    CHECK(fake.store.requests == requests); // nothing written
    const graph::Graph two = read_trig(v2);
    Result<LoadReport> next = load_into(fake, two);
    REQUIRE(next);
    REQUIRE(next.value().graphs.size() == 2);
    CHECK(next.value().graphs[0].graph == base + "b/graph");
    CHECK(next.value().graphs[1].graph == base + "d/graph");
    CHECK(next.value().unchanged == 2);
    CHECK(next.value().removed == std::vector<std::string>{base + "c/graph"});
    require_exact(fake, two);
  }

  TEST_CASE("an incremental load that fails at any request is repaired by the next one") {
    reset_cancel();
    const graph::Graph one = read_trig(v1);
    const graph::Graph two = read_trig(v2);
    // Fail at request k of the load from v1 to v2, then load `after` (v2 again, or back to v1,
    // whose hashes the manifest still holds for graphs the failed load may have replaced).
    for (const graph::Graph *after : {&two, &one}) {
      for (int k = 0;; ++k) {
        ManifestFake fake;
        REQUIRE(load_into(fake, one));
        fake.store.fail_at_request = static_cast<int>(fake.store.requests) + k;
        const bool failed = !load_into(fake, two);
        fake.store.fail_at_request = -1;
        INFO("failure at request " << k << (after == &one ? ", then back to v1" : ", then v2"));
        REQUIRE(load_into(fake, *after));
        require_exact(fake, *after);
        if (!failed)
          break; // k is past the last request
      }
    }
  }
}

// hash_targets on two threads.
TEST_SUITE("parallel") {
  TEST_CASE("graph hashes: the same triples in any order give one hash, a change another") {
    const graph::Graph one = read_trig(v1);
    const graph::Graph reordered = read_trig(R"(
<https://example.org/t/c/graph> { <https://example.org/t/c> <https://example.org/t/p> "c1" . }
<https://example.org/t/b/graph> { <https://example.org/t/b> <https://example.org/t/p> "b2", "b1" . }
<https://example.org/t/a/graph> { <https://example.org/t/a> <https://example.org/t/p> "a3", "a1", "a2" . }
<https://example.org/t/s0> <https://example.org/t/p> "default" .
)");
    const graph::Graph two = read_trig(v2);
    const auto h1 = hash_targets(one, plan_targets(one, base), 1);
    const auto h1r = hash_targets(reordered, plan_targets(reordered, base), 2);
    const auto h2 = hash_targets(two, plan_targets(two, base), 1);
    REQUIRE(h1.size() == 4);
    CHECK(h1 == h1r);
    CHECK(h1[0].graph == base);
    CHECK(h1[1].hash == h2[1].hash); // a: unchanged
    CHECK(h1[2].hash != h2[2].hash); // b: edited
    CHECK(h1[1].hash.size() == 64);
  }
}
