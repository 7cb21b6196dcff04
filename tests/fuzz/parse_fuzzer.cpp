// libFuzzer target: the parser and binder must never crash, hang or leak on any input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/diagnostic.hpp"
#include "bind/bind.hpp"
#include "bind/ontology.hpp"
#include "graph/graph.hpp"
#include "syntax/parse.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace factloom;
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
  g.freeze();
  for (const Diagnostic &d : sink.all())
    (void)render(d, sources);
  return 0;
}
