// libFuzzer target: a build round trip. A fact file is parsed and bound into a graph, written as
// Turtle, and the Turtle read back with the RDF reader: it must read without error and give the
// same number of distinct triples.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <tuple>

#include "base/diagnostic.hpp"
#include "bind/bind.hpp"
#include "bind/ontology.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "serialise/write.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

namespace {

using namespace factloom;

std::size_t distinct_triples(const graph::Graph &g) {
  std::set<std::tuple<graph::TermId, graph::TermId, graph::TermId>> triples;
  for (const graph::Quad &q : g.quads())
    triples.emplace(q.s, q.p, q.o);
  return triples.size();
}

[[noreturn]] void fail(const std::string &why, const std::string &turtle) {
  std::fprintf(stderr, "round trip: %s\n--- Turtle ---\n%s\n", why.c_str(), turtle.c_str());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const bind::Ontology *ontology = [] {
    auto *o = new bind::Ontology();
    DiagnosticSink sink;
    (void)o->load(embedded::factloom_ttl, "ontology", sink);
    return o;
  }();
  SourceSet sources;
  const auto f = sources.add("fuzz.facts", std::string(reinterpret_cast<const char *>(data), size));
  DiagnosticSink sink;
  const syntax::ast::Document doc = syntax::parse(sources.get(f), f, sink);
  graph::Graph g;
  bind::BindOptions options;
  options.base_iri = "https://example.org/factloom/";
  bind::bind(sources, {bind::FileAst{f, &doc}}, *ontology, options, g, sink);
  if (sink.has_errors())
    return 0; // build writes nothing then
  g.freeze();
  std::string turtle;
  if (!serialise::write_graph(g, serialise::WriteOptions{}, turtle))
    fail("the graph could not be written", turtle);
  const auto t = sources.add("out.ttl", turtle);
  DiagnosticSink reread_sink;
  graph::Graph reread;
  rdf::ReadOptions read_options;
  read_options.base_iri = "https://example.org/factloom/";
  if (!rdf::read_rdf(sources.get(t), t, read_options, reread, reread_sink) ||
      reread_sink.has_errors()) {
    std::string why = "the Turtle does not read back:";
    for (const Diagnostic &d : reread_sink.all())
      why += "\n" + render(d, sources);
    fail(why, turtle);
  }
  reread.freeze();
  const std::size_t before = distinct_triples(g);
  const std::size_t after = distinct_triples(reread);
  if (before != after)
    fail(std::to_string(before) + " triples written, " + std::to_string(after) + " read back",
         turtle);
  return 0;
}
