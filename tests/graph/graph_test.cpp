// Graph and TermTable: interning, dedupe, lookups, canonical order.
#include <doctest/doctest.h>

#include "graph/graph.hpp"

using namespace factloom::graph;

TEST_SUITE("graph") {
  TEST_CASE("terms are interned once") {
    TermTable t;
    const TermId a = t.iri("http://x/a");
    CHECK(t.iri("http://x/a") == a);
    CHECK(t.blank("http://x/a") != a);
    const TermId dt = t.iri("http://www.w3.org/2001/XMLSchema#integer");
    const TermId five = t.literal("5", dt);
    CHECK(t.literal("5", dt) == five);
    CHECK(t.literal("5") != five);
    CHECK(t.literal("5", 0, "en") != t.literal("5"));
    CHECK(t.datatype_of(five) == dt);
    CHECK(t.get(five).datatype == "http://www.w3.org/2001/XMLSchema#integer");
    CHECK(t.get(t.literal("x", 0, "en")).lang == "en");
    CHECK(t.find(TermKind::iri, "http://x/missing") == 0);
  }

  TEST_CASE("many terms survive table growth") {
    TermTable t;
    std::vector<TermId> ids;
    for (int i = 0; i < 20000; ++i)
      ids.push_back(t.iri("http://x/" + std::to_string(i)));
    for (int i = 0; i < 20000; ++i) {
      CHECK(t.get(ids[static_cast<std::size_t>(i)]).value == "http://x/" + std::to_string(i));
    }
    const std::string big(600000, 'z');
    const TermId b = t.literal(big);
    CHECK(t.get(b).value == big);
    CHECK(t.get(ids[0]).value == "http://x/0");
  }

  TEST_CASE("ranks order IRIs, blanks, literals by text") {
    TermTable t;
    const TermId lit = t.literal("a");
    const TermId z = t.iri("http://z");
    const TermId a = t.iri("http://a");
    const TermId b = t.blank("b0");
    const auto r = t.ranks();
    CHECK(r[a] < r[z]);
    CHECK(r[z] < r[b]);
    CHECK(r[b] < r[lit]);
  }

  TEST_CASE("freeze removes duplicates and lookups work") {
    Graph g;
    auto &t = g.terms();
    const TermId s = t.iri("http://s"), p = t.iri("http://p"), o = t.literal("o"),
                 q = t.iri("http://q");
    g.add(s, p, o);
    g.add(s, p, o);
    g.add(s, q, s);
    g.add(q, p, o);
    g.freeze();
    CHECK(g.size() == 3);
    CHECK(g.with_subject(s).size() == 2);
    CHECK(g.with_subject_predicate(s, p).size() == 1);
    CHECK(g.subjects(p, o) == std::vector<TermId>{std::min(s, q), std::max(s, q)});
    CHECK(g.with_object(s).size() == 1);
    CHECK(g.contains(q, p, o));
    CHECK_FALSE(g.contains(q, q, o));
  }

  TEST_CASE("a graph without origins keeps none, and freezes to the same quads") {
    Graph with;
    Graph without;
    without.keep_origins(false);
    for (Graph *g : {&with, &without}) {
      auto &t = g->terms();
      const TermId s = t.iri("http://s"), p = t.iri("http://p"), q = t.iri("http://q");
      g->reserve(4);
      for (int i = 0; i < 300; ++i) {
        const TermId o = t.literal(std::to_string(i % 7));
        g->add(i % 2 == 0 ? s : q, i % 3 == 0 ? p : q, o, 0,
               factloom::SourceSpan{1, static_cast<std::uint32_t>(10 + i), 11U});
      }
    }
    CHECK(with.memory_bytes() > without.memory_bytes());
    CHECK(with.origin(0).file == 1);
    CHECK(without.origin(0).file == 0); // unknown
    with.freeze();
    without.freeze();
    CHECK(with.quads() == without.quads());
    const TermId s = without.terms().iri("http://s");
    CHECK(with.subject_origin(s).offset == 10);
    CHECK(without.subject_origin(s).file == 0);
    CHECK(without.quad_origin(s, without.quads().front().p, without.quads().front().o).file == 0);
    CHECK(without.take_quads().size() == with.size());
  }
}

TEST_SUITE("graph") {
  TEST_CASE("retain keeps the quads chosen with their origins, in order, and unfreezes") {
    Graph g;
    auto &t = g.terms();
    const TermId s = t.iri("http://s"), p = t.iri("http://p"), q = t.iri("http://q");
    for (std::uint32_t i = 0; i < 10; ++i)
      g.add(i % 2 == 0 ? s : q, p, t.literal(std::to_string(i)), 0,
            factloom::SourceSpan{1, 100 + i, 101 + i});
    g.freeze();
    g.retain([](const Quad &) { return true; });
    CHECK(g.frozen()); // nothing dropped: still frozen
    g.retain([&](const Quad &quad) { return quad.s == s; });
    CHECK(!g.frozen());
    REQUIRE(g.size() == 5);
    for (std::size_t i = 0; i < g.size(); ++i) {
      CHECK(g.quads()[i].s == s);
      CHECK(t.get(g.quads()[i].o).value == std::to_string(2 * i));
      CHECK(g.origin(i).offset == 100 + 2 * i);
    }
    g.freeze();
    CHECK(g.with_subject(q).empty());
    CHECK(g.subject_origin(s).offset == 100);
  }
}
