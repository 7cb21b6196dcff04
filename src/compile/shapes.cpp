// The compiled graph checked against the ontology's shapes: library policy (which shapes, which
// class hierarchy, results as diagnostics), shared by `build` and `load`.
#include <string>
#include <vector>

#include "base/check.hpp"
#include "bind/ontology.hpp"
#include "compile/compile.hpp"
#include "rdf/read.hpp"
#include "rdf/vocab.hpp"
#include "validate/validate.hpp"

namespace factloom::embedded {
extern const std::string_view shapes_ttl;
} // namespace factloom::embedded

namespace factloom::compile {

namespace {

/// Reads the embedded shapes into a frozen graph; problems go to `sink` under the shapes' name.
bool read_shapes(graph::Graph &into, DiagnosticSink &sink) {
  const std::string name = "<embedded ontology/shapes.ttl>";
  SourceSet sources;
  const std::uint32_t f = sources.add(name, std::string(embedded::shapes_ttl));
  rdf::ReadOptions ro;
  ro.base_iri = vocab::fl_ontology_base;
  ro.blank_prefix = "s_";
  DiagnosticSink local;
  const bool ok = rdf::read_rdf(sources.get(f), f, ro, into, local);
  for (const Diagnostic &d : local.all()) {
    Diagnostic copy = d;
    copy.span = {};
    copy.origin = name;
    sink.report(copy);
  }
  into.freeze();
  return ok;
}

std::vector<validate::SubClassLink> hierarchy(const bind::Ontology &ontology) {
  std::vector<validate::SubClassLink> out;
  for (bind::ClassLink &link : ontology.subclass_links())
    out.push_back(validate::SubClassLink{std::move(link.sub), std::move(link.super)});
  return out;
}

} // namespace

void check_shapes(Compilation &compilation) {
  FL_REQUIRE(compilation.ontology != nullptr, "check_shapes needs a compiled ontology");
  DiagnosticSink &sink = compilation.diagnostics;
  graph::Graph shapes_graph;
  if (!read_shapes(shapes_graph, sink))
    return;
  const auto shapes = validate::load_shapes(shapes_graph, sink);
  if (!shapes)
    return;
  validate::ValidateOptions options;
  options.subclass_links = hierarchy(*compilation.ontology);
  compilation.graph.freeze();
  const validate::Report report = shapes->validate(compilation.graph, options);
  validate::report_diagnostics(report, compilation.graph, sink);
  sink.sort(compilation.sources);
}

} // namespace factloom::compile
