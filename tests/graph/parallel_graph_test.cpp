// Graph::freeze and the secondary indexes on several threads: the same quads, origins and
// lookups as on one.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "graph/graph.hpp"

using namespace factloom;
using namespace factloom::graph;

namespace {

/// A graph big enough to be cut into slices (about 200,000 quads with duplicates), its quads
/// added in a shuffled order, with origins that differ between the copies of a quad.
void fill(Graph &g) {
  std::mt19937 rng(7);
  std::vector<TermId> ids;
  for (int i = 0; i < 3000; ++i)
    ids.push_back(g.terms().iri("http://x/" + std::to_string(i)));
  for (int i = 0; i < 50; ++i)
    ids.push_back(g.terms().literal(std::to_string(i)));
  std::vector<Quad> quads;
  for (int i = 0; i < 200000; ++i) {
    const TermId s = ids[rng() % 3000];
    const TermId p = ids[rng() % 40];
    const TermId o = ids[rng() % ids.size()];
    const TermId gr = rng() % 3 == 0 ? ids[rng() % 5] : 0;
    quads.push_back(Quad{s, p, o, gr});
  }
  for (int i = 0; i < 20000; ++i)
    quads.push_back(quads[rng() % quads.size()]);
  std::shuffle(quads.begin(), quads.end(), rng);
  std::uint32_t offset = 0;
  for (const Quad &q : quads)
    g.add(q.s, q.p, q.o, q.g,
          SourceSpan{static_cast<std::uint32_t>(1 + rng() % 3), offset, offset + 1});
  ++offset;
}

std::vector<Quad> resolve(const Graph &g, std::span<const std::uint32_t> indexes) {
  std::vector<Quad> out;
  for (std::uint32_t i : indexes)
    out.push_back(g.quads()[i]);
  return out;
}

/// Every term's quads by predicate in (o, s, g) order and by object in (p, s, g) order, and
/// every quad in each index once.
void check_index_order(const Graph &g) {
  // The quads of one index for term t: `key` is t in each, `rest` ascends.
  auto check_run = [](const std::vector<Quad> &run, TermId t, auto key, auto rest) {
    for (std::size_t i = 0; i < run.size(); ++i) {
      REQUIRE(key(run[i]) == t);
      if (i > 0)
        REQUIRE(rest(run[i - 1]) < rest(run[i]));
    }
    return run.size();
  };
  std::size_t in_pos = 0;
  std::size_t in_osp = 0;
  for (TermId t = 1; t <= g.terms().size(); ++t) {
    in_pos += check_run(
        resolve(g, g.with_predicate(t)), t, [](const Quad &q) { return q.p; },
        [](const Quad &q) { return std::tie(q.o, q.s, q.g); });
    in_osp += check_run(
        resolve(g, g.with_object(t)), t, [](const Quad &q) { return q.o; },
        [](const Quad &q) { return std::tie(q.p, q.s, q.g); });
  }
  CHECK(in_pos == g.size());
  CHECK(in_osp == g.size());
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("Graph: freeze and the indexes give the same quads and lookups for jobs 1, 2, 3") {
    Graph one;
    fill(one);
    one.freeze(1);
    one.build_indexes(1);
    REQUIRE(one.size() > 150000);
    REQUIRE(one.size() < 220000); // duplicates dropped
    for (unsigned jobs : {2U, 3U}) {
      Graph many;
      fill(many);
      many.freeze(jobs);
      many.build_indexes(jobs);
      REQUIRE(many.quads() == one.quads());
      for (std::size_t i = 0; i < one.size(); i += 97) {
        CHECK(many.origin(i).file == one.origin(i).file);
        CHECK(many.origin(i).offset == one.origin(i).offset);
      }
      for (TermId t = 1; t <= one.terms().size(); t += 7) {
        CHECK(resolve(many, many.with_predicate(t)) == resolve(one, one.with_predicate(t)));
        CHECK(resolve(many, many.with_object(t)) == resolve(one, one.with_object(t)));
      }
    }
  }

  TEST_CASE("Graph: the parts cut for grouping on several threads, whatever the quads' order") {
    // Subjects of very different sizes (one holds a third of the quads), in the order grouped
    // already, reversed (every quad on the wrong side of every cut), and shuffled: each quad
    // keeps its own origin (its offset is its number), for jobs 1 to 5.
    enum class Order { grouped, reversed, shuffled };
    for (const Order order : {Order::grouped, Order::reversed, Order::shuffled}) {
      std::vector<Quad> one_quads;
      std::vector<std::uint32_t> one_offsets;
      for (unsigned jobs : {1U, 2U, 3U, 4U, 5U}) {
        CAPTURE(jobs);
        Graph g;
        std::vector<TermId> ids;
        for (int i = 0; i < 5000; ++i)
          ids.push_back(g.terms().iri("http://x/" + std::to_string(i)));
        std::vector<Quad> quads;
        for (std::uint32_t i = 0; i < 150000; ++i) {
          const std::uint32_t s = i < 50000 ? 7 : 1 + (i * 31) % 4000; // subject 7: a third
          quads.push_back(Quad{ids[s], ids[4001 + i % 9], ids[i % 5000], 0});
        }
        std::sort(quads.begin(), quads.end(),
                  [](const Quad &a, const Quad &b) { return a.s < b.s; });
        if (order == Order::reversed)
          std::reverse(quads.begin(), quads.end());
        if (order == Order::shuffled)
          std::shuffle(quads.begin(), quads.end(), std::mt19937(11));
        for (std::uint32_t i = 0; i < quads.size(); ++i)
          g.add(quads[i].s, quads[i].p, quads[i].o, 0, SourceSpan{1, i, i + 1});
        g.freeze(jobs);
        std::vector<std::uint32_t> offsets;
        for (std::size_t i = 0; i < g.size(); ++i) {
          const Quad &q = g.quads()[i];
          offsets.push_back(g.origin(i).offset);
          // the origin travelled with its quad
          const Quad &added = quads[g.origin(i).offset];
          REQUIRE(std::tie(added.s, added.p, added.o) == std::tie(q.s, q.p, q.o));
        }
        CHECK(g.with_subject(ids[7]).size() > 1000);
        if (jobs == 1) {
          one_quads = g.quads();
          one_offsets = offsets;
          continue;
        }
        REQUIRE(g.quads() == one_quads);
        CHECK(offsets == one_offsets);
      }
    }
  }

  TEST_CASE("Graph: a big graph with no repeat, or one in a late slice only, keeps the rest") {
    // 100,000 distinct quads (subject i / 10, object i): the search for the first repeat runs
    // in slices; a repeat of the second-to-last quad, added last, lands in the last slice.
    for (const bool repeat : {false, true}) {
      for (unsigned jobs : {1U, 2U}) {
        Graph g;
        std::vector<TermId> ids;
        for (int i = 0; i < 100000; ++i)
          ids.push_back(g.terms().iri("http://x/" + std::to_string(i)));
        const TermId p = g.terms().iri("http://x/p");
        for (std::uint32_t i = 0; i < ids.size(); ++i)
          g.add(ids[i / 10], p, ids[i], 0, SourceSpan{1, i, i + 1});
        if (repeat)
          g.add(ids[(ids.size() - 2) / 10], p, ids[ids.size() - 2], 0, SourceSpan{2, 0, 1});
        g.freeze(jobs);
        REQUIRE(g.size() == ids.size());
        const auto &q = g.quads();
        for (std::size_t i = 1; i < q.size(); ++i)
          REQUIRE(std::tie(q[i - 1].s, q[i - 1].o) < std::tie(q[i].s, q[i].o));
        // the copy from file 1 (the earlier origin) is the one kept
        CHECK(g.quad_origin(ids[(ids.size() - 2) / 10], p, ids[ids.size() - 2]).file == 1);
        CHECK(g.with_subject(ids[9999]).size() == 10);
      }
    }
  }

  TEST_CASE("Graph: sorted, the earliest origin kept, lookups in (p, o, s, g) and (o, p, s, g)") {
    Graph g;
    fill(g);
    g.freeze(2);
    const auto &q = g.quads();
    for (std::size_t i = 1; i < q.size(); ++i) {
      REQUIRE(std::tie(q[i - 1].s, q[i - 1].p, q[i - 1].o, q[i - 1].g) <
              std::tie(q[i].s, q[i].p, q[i].o, q[i].g));
    }
    // Every origin kept is the smallest (file, offset) among the copies of its quad.
    Graph again;
    fill(again);
    std::vector<std::pair<Quad, Origin>> all;
    // The quads as added, with their origins (unfrozen graph: origin() reads them in order).
    for (std::size_t i = 0; i < again.size(); ++i)
      all.emplace_back(again.quads()[i], again.origin(i));
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
      return std::tie(a.first.s, a.first.p, a.first.o, a.first.g, a.second.file, a.second.offset) <
             std::tie(b.first.s, b.first.p, b.first.o, b.first.g, b.second.file, b.second.offset);
    });
    all.erase(std::unique(all.begin(), all.end(),
                          [](const auto &a, const auto &b) { return a.first == b.first; }),
              all.end());
    REQUIRE(all.size() == g.size());
    for (std::size_t i = 0; i < all.size(); i += 13) {
      CHECK(g.origin(i).file == all[i].second.file);
      CHECK(g.origin(i).offset == all[i].second.offset);
    }
    check_index_order(g);
  }

  TEST_CASE("Graph: the lookup indexes in order for jobs 1 to 3, many or few quads an object") {
    // fill(): about 65 quads an object (sorted by predicate as a block); here: 120,000 quads of
    // 30,000 objects, 4 an object, their predicates in no order (sorted in place).
    for (unsigned jobs : {1U, 2U, 3U}) {
      CAPTURE(jobs);
      Graph many;
      fill(many);
      many.freeze(jobs);
      many.build_indexes(jobs);
      check_index_order(many);
      Graph few;
      std::mt19937 rng(9);
      std::vector<TermId> ids;
      for (int i = 0; i < 30000; ++i)
        ids.push_back(few.terms().iri("http://x/" + std::to_string(i)));
      for (std::uint32_t i = 0; i < 120000; ++i)
        few.add(ids[rng() % 5000], ids[rng() % 20], ids[i % 30000], 0, SourceSpan{1, i, i + 1});
      few.freeze(jobs);
      few.build_indexes(jobs);
      check_index_order(few);
      CHECK(few.with_object(ids[29999]).size() == 4);
    }
  }
}
