// libFuzzer target: the RDF reader, then the SHACL engine with the input as both the shapes
// graph and the data graph, then every rendering of the report. None may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "validate/validate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  using namespace factloom;
  SourceSet sources;
  const auto f = sources.add("fuzz.ttl", std::string(reinterpret_cast<const char *>(data), size));
  DiagnosticSink sink;
  graph::Graph g;
  rdf::ReadOptions options;
  options.base_iri = "http://example.org/fuzz/";
  if (!rdf::read_rdf(sources.get(f), f, options, g, sink))
    return 0;
  g.freeze();
  const auto shapes = validate::load_shapes(g, sink);
  for (const Diagnostic &d : sink.all())
    (void)render(d, sources);
  if (!shapes)
    return 0;
  validate::ValidateOptions vo;
  vo.class_hierarchy = &g;
  const validate::Report report = shapes->validate(g, vo);
  (void)validate::report_turtle(report);
  (void)validate::report_text(report, &g, &sources);
  DiagnosticSink results;
  validate::report_diagnostics(report, g, results);
  return 0;
}
