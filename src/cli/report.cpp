// Diagnostics on stderr.
#include "cli/report.hpp"

#include <iostream>

#include "base/io.hpp"
#include "rdf/read.hpp"
#include "validate/validate.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
extern const std::string_view shapes_ttl;
} // namespace factloom::embedded

namespace factloom::cli {

void print_error(const Diagnostic &d, const SourceSet &sources) { std::cerr << render(d, sources); }

void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources) {
  for (const Diagnostic &d : sink.all())
    std::cerr << render(d, sources);
  if (sink.error_count() > 0 || sink.warning_count() > 0) {
    std::cerr << sink.error_count() << (sink.error_count() == 1 ? " error" : " errors") << ", "
              << sink.warning_count() << (sink.warning_count() == 1 ? " warning" : " warnings")
              << "\n";
  }
}

namespace {

/// Reads Turtle into a frozen graph; problems go to `sink` with the given origin.
bool read_turtle(const std::string &name, std::string text, graph::Graph &into,
                 DiagnosticSink &sink) {
  SourceSet sources;
  const std::uint32_t f = sources.add(name, std::move(text));
  rdf::ReadOptions ro;
  ro.base_iri = "https://w3id.org/factloom/ns";
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

} // namespace

void validate_output(compile::Compilation &compilation, const compile::Options &options) {
  DiagnosticSink &sink = compilation.diagnostics;
  graph::Graph shapes_graph;
  if (!read_turtle("<embedded ontology/shapes.ttl>", std::string(embedded::shapes_ttl),
                   shapes_graph, sink))
    return;
  graph::Graph ontology;
  if (options.ontology_path) {
    auto text = read_file(*options.ontology_path);
    if (!text) {
      sink.report(text.error());
      ++compilation.io_errors;
      return;
    }
    if (!read_turtle(*options.ontology_path, std::move(text.value()), ontology, sink))
      return;
  } else if (!read_turtle("<embedded ontology/factloom.ttl>", std::string(embedded::factloom_ttl),
                          ontology, sink)) {
    return;
  }
  auto shapes = validate::load_shapes(shapes_graph, sink);
  if (!shapes)
    return;
  validate::ValidateOptions vo;
  vo.class_hierarchy = &ontology;
  const validate::Report report = shapes->validate(compilation.graph, vo);
  validate::report_diagnostics(report, compilation.graph, sink);
  sink.sort(compilation.sources);
}

} // namespace factloom::cli
