// Renderings of a validation report: Turtle (sh:ValidationReport), text blocks and diagnostics.
#include <map>
#include <string>

#include "base/check.hpp"
#include "base/text.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/syntax.hpp"
#include "serialise/write.hpp"
#include "validate/model.hpp"
#include "validate/validate.hpp"

namespace factloom::validate {

namespace {

using graph::TermId;
using graph::TermKind;

std::string escape_literal(std::string_view s) { return escape_quoted(s); }

/// Paths that need no parentheses as an operand: a predicate, ^predicate, an alternative.
bool simple_path(const PathExpr &p) {
  using K = PathExpr::Kind;
  return p.kind == K::predicate || p.kind == K::alternative ||
         (p.kind == K::inverse && p.items.at(0).kind == K::predicate);
}

/// Builds the report graph with fresh blank nodes for the report, results and path structures.
class TurtleBuilder {
public:
  explicit TurtleBuilder(const Report &report) : report_(report) {
    for (const graph::Prefix &p : report.prefixes)
      g_.add_prefix(p.name, p.iri);
    type_ = iri(rdf_ns, "type");
    first_ = iri(rdf_ns, "first");
    rest_ = iri(rdf_ns, "rest");
    nil_ = iri(rdf_ns, "nil");
  }

  std::string run() {
    const TermId rep = g_.terms().blank("report");
    add(rep, type_, iri(sh_ns, "ValidationReport"));
    add(rep, iri(sh_ns, "conforms"),
        g_.terms().literal(report_.conforms ? "true" : "false", iri(xsd_ns_iri, "boolean")));
    std::size_t n = 0;
    for (const ValidationResult &r : report_.results) {
      const TermId res = g_.terms().blank("result" + std::to_string(++n));
      add(rep, iri(sh_ns, "result"), res);
      add(res, type_, iri(sh_ns, "ValidationResult"));
      add(res, iri(sh_ns, "focusNode"), node(r.focus));
      if (r.path)
        add(res, iri(sh_ns, "resultPath"), path(*r.path));
      if (r.value)
        add(res, iri(sh_ns, "value"), node(*r.value));
      add(res, iri(sh_ns, "sourceShape"), node(r.source_shape));
      add(res, iri(sh_ns, "sourceConstraintComponent"), g_.terms().iri(r.component));
      add(res, iri(sh_ns, "resultSeverity"), g_.terms().iri(r.severity));
      for (const Node &m : r.messages)
        add(res, iri(sh_ns, "resultMessage"), node(m));
    }
    g_.freeze();
    std::string out;
    const Result<void> written = serialise::write_graph(g_, serialise::WriteOptions{}, out);
    FL_ASSERT(written.ok(), "writing a report to memory failed: " + written.error().message);
    return out;
  }

private:
  TermId iri(std::string_view ns, std::string_view local) {
    std::string text(ns);
    text += local;
    return g_.terms().iri(text);
  }
  void add(TermId s, TermId p, TermId o) { g_.add(s, p, o); }

  TermId node(const Node &n) {
    switch (n.kind) {
    case TermKind::iri: return g_.terms().iri(n.value);
    case TermKind::blank: {
      // Input blank labels are renamed so they never clash with the report's own nodes.
      const auto [it, inserted] = blanks_.try_emplace(n.value, blanks_.size() + 1);
      return g_.terms().blank("n" + std::to_string(it->second));
    }
    case TermKind::literal:
      return g_.terms().literal(n.value, n.datatype.empty() ? 0 : g_.terms().iri(n.datatype),
                                n.lang);
    }
    return 0;
  }

  TermId fresh() { return g_.terms().blank("path" + std::to_string(++paths_)); }

  TermId list(const std::vector<PathExpr> &items) {
    TermId head = nil_;
    for (auto it = items.rbegin(); it != items.rend(); ++it) {
      const TermId cell = fresh();
      add(cell, first_, path(*it));
      add(cell, rest_, head);
      head = cell;
    }
    return head;
  }

  TermId path(const PathExpr &p) {
    using K = PathExpr::Kind;
    switch (p.kind) {
    case K::predicate: return g_.terms().iri(p.iri);
    case K::sequence: return list(p.items);
    case K::alternative: {
      const TermId b = fresh();
      add(b, iri(sh_ns, "alternativePath"), list(p.items));
      return b;
    }
    case K::inverse:
    case K::zero_or_more:
    case K::one_or_more:
    case K::zero_or_one: {
      const char *local = p.kind == K::inverse        ? "inversePath"
                          : p.kind == K::zero_or_more ? "zeroOrMorePath"
                          : p.kind == K::one_or_more  ? "oneOrMorePath"
                                                      : "zeroOrOnePath";
      const TermId b = fresh();
      add(b, iri(sh_ns, local), path(p.items.at(0)));
      return b;
    }
    }
    return 0;
  }

  const Report &report_;
  graph::Graph g_;
  TermId type_ = 0;
  TermId first_ = 0;
  TermId rest_ = 0;
  TermId nil_ = 0;
  std::map<std::string, std::size_t> blanks_;
  std::size_t paths_ = 0;
};

std::string level_name(Level l) {
  switch (l) {
  case Level::violation: return "violation";
  case Level::warning: return "warning";
  case Level::info: return "info";
  case Level::other: return "result";
  }
  return "result";
}

std::string headline(const Report &report, const ValidationResult &r) {
  std::string text = "focus " + node_text(report.prefixes, r.focus);
  if (r.path)
    text += " path " + path_text(report.prefixes, *r.path);
  text += ": ";
  text += r.messages.empty() ? std::string("constraint violated") : r.messages.front().value;
  return text;
}

/// Where the offending triple (or else the focus node) came from.
SourceSpan span_of(const ValidationResult &r, const graph::Graph &data) {
  graph::Origin o;
  if (r.focus_id != 0 && r.predicate_id != 0 && r.value_id != 0) {
    o = r.inverse ? data.quad_origin(r.value_id, r.predicate_id, r.focus_id)
                  : data.quad_origin(r.focus_id, r.predicate_id, r.value_id);
  }
  if (o.file == 0 && r.focus_id != 0)
    o = data.subject_origin(r.focus_id);
  if (o.file == 0)
    return {};
  return SourceSpan{o.file, o.offset, o.offset};
}

Diagnostic diagnostic_of(const Report &report, const ValidationResult &r,
                         const graph::Graph &data) {
  Diagnostic d;
  d.severity = r.level == Level::violation ? Severity::error : Severity::warning;
  d.span = span_of(r, data);
  d.message = headline(report, r);
  return d;
}

} // namespace

std::string short_iri(const std::vector<graph::Prefix> &prefixes, const std::string &iri) {
  const graph::Prefix *best = nullptr;
  std::string best_local;
  for (const graph::Prefix &p : prefixes) {
    if (p.iri.empty() || iri.size() < p.iri.size() || iri.compare(0, p.iri.size(), p.iri) != 0)
      continue;
    if (best != nullptr && best->iri.size() >= p.iri.size())
      continue;
    const std::string_view local = std::string_view(iri).substr(p.iri.size());
    if (!rdf::local_name_ok(local))
      continue;
    best = &p;
    best_local = std::string(local);
  }
  if (best == nullptr)
    return "<" + iri + ">";
  return best->name + ":" + best_local;
}

std::string node_text(const std::vector<graph::Prefix> &prefixes, const Node &n) {
  switch (n.kind) {
  case TermKind::iri: return short_iri(prefixes, n.value);
  case TermKind::blank: return "_:" + n.value;
  case TermKind::literal: {
    std::string out = "\"" + escape_literal(n.value) + "\"";
    if (!n.lang.empty())
      return out + "@" + n.lang;
    if (!n.datatype.empty())
      return out + "^^" + short_iri(prefixes, n.datatype);
    return out;
  }
  }
  return {};
}

std::string path_text(const std::vector<graph::Prefix> &prefixes, const PathExpr &p) {
  using K = PathExpr::Kind;
  auto wrapped = [&](const PathExpr &inner) {
    const std::string t = path_text(prefixes, inner);
    return simple_path(inner) ? t : "(" + t + ")";
  };
  switch (p.kind) {
  case K::predicate: return short_iri(prefixes, p.iri);
  case K::inverse: return "^" + wrapped(p.items.at(0));
  case K::sequence:
  case K::alternative: {
    std::string out;
    for (const PathExpr &item : p.items) {
      if (!out.empty())
        out += p.kind == K::sequence ? "/" : "|";
      out += wrapped(item);
    }
    return p.kind == K::alternative ? "(" + out + ")" : out;
  }
  case K::zero_or_more: return wrapped(p.items.at(0)) + "*";
  case K::one_or_more: return wrapped(p.items.at(0)) + "+";
  case K::zero_or_one: return wrapped(p.items.at(0)) + "?";
  }
  return {};
}

std::string report_turtle(const Report &report) { return TurtleBuilder(report).run(); }

std::string report_text(const Report &report, const graph::Graph *data, const SourceSet *sources) {
  std::string out;
  for (const ValidationResult &r : report.results) {
    SourceSpan span;
    if (data != nullptr && sources != nullptr) {
      span = span_of(r, *data);
      // RDF readers record no positions inside a file; only fact files get a line and caret.
      if (span.valid() && (span.file >= sources->size() ||
                           rdf::syntax_for_path(sources->get(span.file).name()).has_value()))
        span = {};
    }
    if (span.valid()) {
      Diagnostic d = diagnostic_of(report, r, *data);
      d.span = span;
      out += render(d, *sources);
      if (!out.empty() && out.back() != '\n')
        out += '\n';
    } else {
      out += level_name(r.level) + ": " + headline(report, r) + "\n";
    }
    if (r.value)
      out += "  value: " + node_text(report.prefixes, *r.value) + "\n";
    // A blank property shape has no name worth printing; say what it constrains instead.
    const std::string shape = r.source_shape.kind == graph::TermKind::blank && r.path
                                  ? "the property shape on " + path_text(report.prefixes, *r.path)
                                  : node_text(report.prefixes, r.source_shape);
    out += "  shape: " + shape + " (" + short_iri(report.prefixes, r.component) + ", " +
           short_iri(report.prefixes, r.severity) + ")\n";
    for (std::size_t i = 1; i < r.messages.size(); ++i) {
      out += "  message: " + node_text(report.prefixes, r.messages[i]) + "\n";
    }
    out += "\n";
  }
  if (report.conforms) {
    out += "conforms: no validation results\n";
  } else {
    const std::size_t n = report.results.size();
    out += "does not conform: " + std::to_string(n) + (n == 1 ? " result" : " results") + " (" +
           std::to_string(report.count(Level::violation)) + " violations, " +
           std::to_string(report.count(Level::warning)) + " warnings, " +
           std::to_string(report.count(Level::info)) + " infos)\n";
  }
  return out;
}

void report_diagnostics(const Report &report, const graph::Graph &data, DiagnosticSink &sink) {
  for (const ValidationResult &r : report.results)
    sink.report(diagnostic_of(report, r, data));
}

} // namespace factloom::validate
