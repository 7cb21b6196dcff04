// The writer on several threads: the same bytes as on one, for every syntax.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "graph/graph.hpp"
#include "serialise/write.hpp"

using namespace factloom;

namespace {

/// A graph big enough to be cut (about 100,000 quads): IRIs with and without prefixes, blank
/// nodes as subjects and objects, rdf:type, RDF lists, literals with datatypes and languages,
/// the default graph and named graphs, and the same triple in several graphs.
void fill(graph::Graph &g) {
  auto &t = g.terms();
  g.add_prefix("ex", "http://ex.org/");
  g.add_prefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
  const auto type = t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  const auto first = t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#first");
  const auto rest = t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest");
  const auto nil = t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil");
  const auto integer = t.iri("http://www.w3.org/2001/XMLSchema#integer");
  std::mt19937 rng(11);
  std::vector<graph::TermId> graphs{0, 0, t.iri("http://ex.org/g1"), t.iri("http://other.org/g2")};
  for (int i = 0; i < 6000; ++i) {
    const std::string n = std::to_string(i);
    const auto s = i % 5 == 0   ? t.blank("b" + n)
                   : i % 7 == 0 ? t.iri("http://other.org/x/" + n)
                                : t.iri("http://ex.org/s" + n);
    const auto g_id = graphs[rng() % graphs.size()];
    g.add(s, type, t.iri("http://ex.org/C" + std::to_string(rng() % 4)), g_id);
    for (int k = 0; k < 12; ++k) {
      const auto p = t.iri("http://ex.org/p" + std::to_string(rng() % 6));
      const unsigned kind = rng() % 4;
      const auto o = kind == 0   ? t.literal(std::to_string(rng() % 1000), integer)
                     : kind == 1 ? t.literal("text " + std::to_string(rng() % 50), 0, "en")
                     : kind == 2 ? t.blank("b" + std::to_string(rng() % 6000))
                                 : t.iri("http://ex.org/s" + std::to_string(rng() % 6000));
      g.add(s, p, o, g_id);
      if (rng() % 10 == 0)
        g.add(s, p, o, graphs[rng() % graphs.size()]);
    }
    if (i % 3 == 0) { // a list of two items
      const auto l1 = t.blank("l" + n + "a");
      const auto l2 = t.blank("l" + n + "b");
      g.add(s, t.iri("http://ex.org/list"), l1, g_id);
      g.add(l1, first, t.literal("one"), g_id);
      g.add(l1, rest, l2, g_id);
      g.add(l2, first, t.literal("two"), g_id);
      g.add(l2, rest, nil, g_id);
    }
  }
}

std::string written(rdf::Syntax syntax, unsigned jobs) {
  graph::Graph g;
  fill(g);
  serialise::WriteOptions wo;
  wo.syntax = syntax;
  wo.jobs = jobs;
  std::string out;
  REQUIRE(serialise::write_graph(g, wo, out));
  return out;
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("the writer's bytes are the same for jobs 1 to 4 (Turtle, N-Triples, N-Quads, TriG)") {
    for (rdf::Syntax syntax :
         {rdf::Syntax::turtle, rdf::Syntax::ntriples, rdf::Syntax::nquads, rdf::Syntax::trig}) {
      const std::string one = written(syntax, 1);
      REQUIRE(one.size() > 1000000);
      for (unsigned jobs : {2U, 3U, 4U}) {
        CAPTURE(jobs);
        const std::string many = written(syntax, jobs);
        CHECK(many.size() == one.size());
        CHECK(many == one);
      }
    }
  }

  TEST_CASE("N-Quads: Serd's bytes, the graph before the dot, none for the default graph") {
    graph::Graph g;
    auto &t = g.terms();
    const auto s = t.iri("http://ex.org/s");
    const auto p = t.iri("http://ex.org/p");
    const auto g1 = t.iri("http://ex.org/g1");
    const auto g2 = t.iri("http://ex.org/\xc3\xbc\"g");
    g.add(s, p, t.literal("a\nb \"q\""), 0);
    g.add(s, p, t.literal("x", 0, "en"), g1);
    g.add(t.blank("b1"), p, t.literal("1", t.iri("http://www.w3.org/2001/XMLSchema#integer")), g2);
    g.add(s, p, s, g2);
    serialise::WriteOptions wo;
    wo.syntax = rdf::Syntax::nquads;
    std::string out;
    REQUIRE(serialise::write_graph(g, wo, out));
    CHECK(out == "<http://ex.org/s> <http://ex.org/p> \"a\\nb \\\"q\\\"\" .\n"
                 "<http://ex.org/s> <http://ex.org/p> \"x\"@en <http://ex.org/g1> .\n"
                 "<http://ex.org/s> <http://ex.org/p> <http://ex.org/s> "
                 "<http://ex.org/\xc3\xbc\\u0022g> .\n"
                 "_:b1 <http://ex.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> "
                 "<http://ex.org/\xc3\xbc\\u0022g> .\n");
  }
}
