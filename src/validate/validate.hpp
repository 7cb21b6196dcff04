// SHACL Core validation: shapes graph -> Shapes, data graph -> Report (and its renderings).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "graph/graph.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/term.hpp"

namespace factloom::validate {

/// An RDF term owned by a report (independent of any TermTable).
using Node = rdf::Term;

/// A SHACL property path, owned (sh:resultPath is copied from it).
struct PathExpr {
  enum class Kind : std::uint8_t {
    predicate,
    inverse,
    sequence,
    alternative,
    zero_or_more,
    one_or_more,
    zero_or_one
  };
  Kind kind = Kind::predicate;
  std::string iri;             ///< predicate paths
  std::vector<PathExpr> items; ///< one item for inverse and the repetitions
};

enum class Level : std::uint8_t { violation, warning, info, other };

/// The level named `violation`, `warning` or `info` (the values of --fail-on), or nullopt.
std::optional<Level> level_by_name(std::string_view name);
/// Whether a result of `level` fails a run that fails on `threshold` and above (violation is the
/// highest, info the lowest; a custom severity ranks as info).
bool fails(Level level, Level threshold);

/// One sh:ValidationResult.
struct ValidationResult {
  Node focus;
  std::optional<PathExpr> path;
  std::optional<Node> value;
  Node source_shape;
  std::string component; ///< sh:sourceConstraintComponent IRI
  std::string severity;  ///< sh:resultSeverity IRI
  Level level = Level::violation;
  std::vector<Node> messages; ///< sh:message of the shape, else one generated message
  // Ids in the data graph that was validated (0 when the term is not in it), for source lookups.
  graph::TermId focus_id = 0;
  graph::TermId value_id = 0;
  graph::TermId predicate_id = 0; ///< when the path is a predicate or its inverse
  bool inverse = false;           ///< the path is ^predicate
};

/// An sh:ValidationReport.
struct Report {
  bool conforms = true; ///< no results at all (of any severity), as SHACL defines it
  std::vector<ValidationResult> results;
  /// Set when the validation could not be completed (a limit was reached: shapes nested deeper
  /// than max_shape_depth, a regular expression that PCRE2 could not match); then `conforms` is
  /// false and `results` is empty: no verdict either way.
  std::optional<std::string> error;
  rdf::PrefixMap prefixes; ///< of the shapes and data graphs (and sh, rdf, rdfs, xsd), for printing
  std::size_t count(Level level) const;
};

/// An rdfs:subClassOf link between two class IRIs, given from outside the data graph.
struct SubClassLink {
  std::string sub;
  std::string super;
};

struct ValidateOptions {
  /// Extra rdfs:subClassOf triples (e.g. the ontology) used, with the data graph's own, for
  /// sh:class and sh:targetClass. Must be frozen; may be the data graph.
  const graph::Graph *class_hierarchy = nullptr;
  /// More such links, as IRIs (the ontology's, read once per run: bind::Ontology).
  std::vector<SubClassLink> subclass_links;
  /// Threads that check focus nodes (0: parallel::default_jobs()); the report does not depend
  /// on it.
  unsigned jobs = 0;
  /// When set, a focus node that is a term of the data graph and that it refuses is not
  /// checked (the others are, as always): for a caller that wants some focus nodes' results.
  std::function<bool(graph::TermId)> focus_filter;
};

/// How deep checks may nest (a shape checking a value node against another shape: sh:node,
/// sh:property, sh:not, sh:and, sh:or, sh:xone, sh:qualifiedValueShape): a recursive shape over
/// a long chain of data, or a long chain of shapes, stops there with an error instead of
/// exhausting the stack.
inline constexpr std::size_t max_shape_depth = 1000;

/// Shapes compiled from a shapes graph; independent of that graph once built.
class Shapes {
public:
  Shapes();
  ~Shapes();
  Shapes(Shapes &&) noexcept;
  Shapes &operator=(Shapes &&) noexcept;
  Shapes(const Shapes &) = delete;
  Shapes &operator=(const Shapes &) = delete;

  /// Validates a frozen data graph. Recursion through shapes is cut at cycles; a check nested
  /// deeper than max_shape_depth, or a sh:pattern match that PCRE2 reports as an error (its match
  /// or depth limit reached, invalid UTF-8), stops the validation with Report::error set.
  Report validate(const graph::Graph &data, const ValidateOptions &options = {}) const;
  /// Number of shapes (targeted or referenced).
  std::size_t size() const;
  /// Whether every result for a focus node depends on nothing but the triples whose subject it
  /// is and the classes (rdf:type) of their objects: targets by node, class or subject (not
  /// sh:targetObjectsOf), paths of one predicate forward from the focus node, and checks of its
  /// values that read only the value and its classes. A change elsewhere in the data graph then
  /// leaves its results as they were (the language server checks only what an edit touched).
  bool local() const;

  struct Impl;

private:
  explicit Shapes(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend std::optional<Shapes> load_shapes(const graph::Graph &, DiagnosticSink &);
};

/// Compiles every shape of a frozen shapes graph. Ill-formed shapes and SHACL-SPARQL features
/// (sh:sparql, SPARQL-based constraint components and targets: not supported) are reported to
/// `sink`, each naming the shape; returns nullopt when any error was reported.
std::optional<Shapes> load_shapes(const graph::Graph &shapes, DiagnosticSink &sink);

/// The report as Turtle: one sh:ValidationReport node, sh:conforms, one sh:result per result,
/// sh:resultPath structures copied per result as blank nodes.
std::string report_turtle(const Report &report);

/// A human-readable report: one block per result (severity, focus and path in prefixed form,
/// value, message, shape and component) and a summary line. When `data` and `sources` are
/// given and the offending triple came from a fact file, the block starts with the rendered
/// file:line:col, source line and caret.
std::string report_text(const Report &report, const graph::Graph *data = nullptr,
                        const SourceSet *sources = nullptr);

/// Where the offending triple of `r` (or else its focus node) was written in a fact file; an
/// invalid span when that is not known (RDF readers record no positions inside a file).
SourceSpan fact_span(const ValidationResult &r, const graph::Graph &data, const SourceSet &sources);
/// "violation", "warning", "info" or "result" (a custom severity).
std::string level_label(Level level);
/// "focus <f> path <p>: <first message>", as the text report and diagnostics say it.
std::string result_headline(const rdf::PrefixMap &names, const ValidationResult &r);

/// What a JSON or SARIF report is written from, besides the validation report itself.
struct ReportContext {
  const graph::Graph *data = nullptr; ///< the validated graph (for source positions)
  const SourceSet *sources = nullptr; ///< the run's sources (for file names, lines, columns)
  /// Problems of the input itself (syntax, binding) that `build` also reports: SARIF results
  /// (rule ids factloom/input-error, factloom/input-warning) and the JSON "diagnostics" array.
  const std::vector<Diagnostic> *diagnostics = nullptr;
  std::string base_dir; ///< absolute file names are written relative to it (the working dir)
};

/// The report as JSON (docs/reports.md: "format": "factloom-validation-report", version 1):
/// results in report order with severity, focus node, path, value, shape, component, messages
/// and the fact file, line and column when known, then a summary. Deterministic.
std::string report_json(const Report &report, const ReportContext &context);

/// The report as a SARIF 2.1.0 log: one run, tool.driver factloom with one rule per shape and
/// constraint component used, one result per validation result (and per input diagnostic), with
/// a physicalLocation for fact-file positions and a logicalLocation naming the focus node.
std::string report_sarif(const Report &report, const ReportContext &context);

/// One Diagnostic per result (an error when the result fails(level, fail_on), a warning
/// otherwise), anchored at the origin of the offending triple, message
/// "focus <f> path <p>: <message>".
void report_diagnostics(const Report &report, const graph::Graph &data, DiagnosticSink &sink,
                        Level fail_on = Level::violation);

/// The prefixes that name IRIs in messages and the text report: one name per namespace, the
/// first declared (a later name for the same IRI is left out), so that which name is used does
/// not depend on how the names sort.
rdf::PrefixMap naming_prefixes(const rdf::PrefixMap &declared);
/// A term in Turtle-like form with prefixed IRIs (PrefixMap::shorten_or_bracket).
std::string node_text(const rdf::PrefixMap &prefixes, const Node &node);
/// A path in SPARQL syntax with prefixed IRIs ("ex:a/^ex:b", "(ex:a|ex:b)+").
std::string path_text(const rdf::PrefixMap &prefixes, const PathExpr &path);

} // namespace factloom::validate
