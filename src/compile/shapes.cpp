// The compiled graph checked against the ontology's shapes: library policy (which shapes, which
// class hierarchy, results as diagnostics), shared by `build` and `load`.
#include <string>
#include <vector>

#include "base/check.hpp"
#include "base/io.hpp"
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

/// Reads the embedded shapes into `into`; problems go to `sink` under the shapes' name.
bool read_embedded_shapes(graph::Graph &into, DiagnosticSink &sink) {
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
  return ok;
}

/// Reads the shapes files (RDF syntax by extension) into `into`, each kept among the run's
/// sources so that its syntax errors point into it. False when one could not be read (an I/O
/// failure counts in compilation.io_errors) or had errors.
bool read_shape_files(const std::vector<std::string> &paths, graph::Graph &into,
                      Compilation &compilation) {
  bool ok = true;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string &path = paths[i];
    const auto syntax = rdf::syntax_for_path(path);
    if (!syntax) {
      compilation.diagnostics.report(io_error(
          path,
          "cannot tell the RDF syntax of this shapes file (expected .ttl, .nt, .nq or .trig)"));
      ++compilation.io_errors;
      ok = false;
      continue;
    }
    auto text = read_file(path);
    if (!text) {
      compilation.diagnostics.report(text.error());
      ++compilation.io_errors;
      ok = false;
      continue;
    }
    const std::uint32_t f = compilation.sources.add(path, std::move(text.value()));
    rdf::ReadOptions ro;
    ro.syntax = *syntax;
    ro.blank_prefix = "s" + std::to_string(i + 1) + "_";
    ok = rdf::read_rdf(compilation.sources.get(f), f, ro, into, compilation.diagnostics) && ok;
  }
  return ok;
}

std::vector<validate::SubClassLink> hierarchy(const bind::Ontology &ontology) {
  std::vector<validate::SubClassLink> out;
  for (bind::ClassLink &link : ontology.subclass_links())
    out.push_back(validate::SubClassLink{std::move(link.sub), std::move(link.super)});
  return out;
}

} // namespace

std::optional<validate::Shapes> load_shapes(Compilation &compilation,
                                            const ShapeOptions &shape_options) {
  DiagnosticSink &sink = compilation.diagnostics;
  graph::Graph shapes_graph;
  const bool read = shape_options.shapes_paths.empty()
                        ? read_embedded_shapes(shapes_graph, sink)
                        : read_shape_files(shape_options.shapes_paths, shapes_graph, compilation);
  if (!read) {
    sink.sort(compilation.sources);
    return std::nullopt;
  }
  shapes_graph.freeze(shape_options.jobs);
  return validate::load_shapes(shapes_graph, sink);
}

validate::Report validate_graph(Compilation &compilation, const validate::Shapes &shapes,
                                validate::ValidateOptions options) {
  FL_REQUIRE(compilation.ontology != nullptr, "validate_graph needs a compiled ontology");
  options.subclass_links = hierarchy(*compilation.ontology);
  compilation.graph.freeze(options.jobs);
  return shapes.validate(compilation.graph, options);
}

void check_shapes(Compilation &compilation, const ShapeOptions &shape_options) {
  FL_REQUIRE(compilation.ontology != nullptr, "check_shapes needs a compiled ontology");
  const auto shapes = load_shapes(compilation, shape_options);
  if (!shapes)
    return;
  validate::ValidateOptions options;
  options.jobs = shape_options.jobs;
  const validate::Report report = validate_graph(compilation, *shapes, std::move(options));
  validate::report_diagnostics(report, compilation.graph, compilation.diagnostics,
                               shape_options.fail_on);
  if (shape_options.report != nullptr)
    *shape_options.report = report;
  compilation.diagnostics.sort(compilation.sources);
}

} // namespace factloom::compile
