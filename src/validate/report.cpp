// Renderings of a validation report: Turtle (sh:ValidationReport), text blocks and diagnostics.
#include <map>
#include <string>
#include <unordered_set>

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
    for (const graph::Prefix &p : report.prefixes.entries())
      g_.add_prefix(p.name, p.iri);
    type_ = iri(vocab::rdf, "type");
    first_ = iri(vocab::rdf, "first");
    rest_ = iri(vocab::rdf, "rest");
    nil_ = iri(vocab::rdf, "nil");
  }

  std::string run() {
    const TermId rep = g_.terms().blank("report");
    add(rep, type_, iri(vocab::sh, "ValidationReport"));
    add(rep, iri(vocab::sh, "conforms"),
        g_.terms().literal(report_.conforms ? "true" : "false", iri(vocab::xsd, "boolean")));
    std::size_t n = 0;
    for (const ValidationResult &r : report_.results) {
      const TermId res = g_.terms().blank("result" + std::to_string(++n));
      add(rep, iri(vocab::sh, "result"), res);
      add(res, type_, iri(vocab::sh, "ValidationResult"));
      add(res, iri(vocab::sh, "focusNode"), node(r.focus));
      if (r.path)
        add(res, iri(vocab::sh, "resultPath"), path(*r.path));
      if (r.value)
        add(res, iri(vocab::sh, "value"), node(*r.value));
      add(res, iri(vocab::sh, "sourceShape"), node(r.source_shape));
      add(res, iri(vocab::sh, "sourceConstraintComponent"), g_.terms().iri(r.component));
      add(res, iri(vocab::sh, "resultSeverity"), g_.terms().iri(r.severity));
      for (const Node &m : r.messages)
        add(res, iri(vocab::sh, "resultMessage"), node(m));
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
      add(b, iri(vocab::sh, "alternativePath"), list(p.items));
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
      add(b, iri(vocab::sh, local), path(p.items.at(0)));
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

std::string headline(const rdf::PrefixMap &names, const ValidationResult &r) {
  std::string text = "focus " + node_text(names, r.focus);
  if (r.path)
    text += " path " + path_text(names, *r.path);
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

Diagnostic diagnostic_of(const rdf::PrefixMap &names, const ValidationResult &r,
                         const graph::Graph &data, Level fail_on = Level::violation) {
  Diagnostic d;
  d.severity = fails(r.level, fail_on) ? Severity::error : Severity::warning;
  d.span = span_of(r, data);
  d.message = headline(names, r);
  return d;
}

/// "1 result", "2 results".
std::string counted(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

} // namespace

rdf::PrefixMap naming_prefixes(const rdf::PrefixMap &declared) {
  rdf::PrefixMap out;
  std::unordered_set<std::string_view> namespaces;
  for (const rdf::Prefix &p : declared.entries()) {
    if (namespaces.insert(p.iri).second)
      out.add(p.name, p.iri);
  }
  return out;
}

std::string node_text(const rdf::PrefixMap &prefixes, const Node &n) {
  switch (n.kind) {
  case TermKind::iri: return prefixes.shorten_or_bracket(n.value);
  case TermKind::blank: return "_:" + n.value;
  case TermKind::literal: {
    std::string out = "\"" + escape_literal(n.value) + "\"";
    if (!n.lang.empty())
      return out + "@" + n.lang;
    if (!n.datatype.empty())
      return out + "^^" + prefixes.shorten_or_bracket(n.datatype);
    return out;
  }
  }
  return {};
}

std::string path_text(const rdf::PrefixMap &prefixes, const PathExpr &p) {
  using K = PathExpr::Kind;
  auto wrapped = [&](const PathExpr &inner) {
    const std::string t = path_text(prefixes, inner);
    return simple_path(inner) ? t : "(" + t + ")";
  };
  switch (p.kind) {
  case K::predicate: return prefixes.shorten_or_bracket(p.iri);
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

SourceSpan fact_span(const ValidationResult &r, const graph::Graph &data,
                     const SourceSet &sources) {
  const SourceSpan span = span_of(r, data);
  // RDF readers record no positions inside a file; only fact files get a line and caret.
  if (span.valid() && (span.file >= sources.size() ||
                       rdf::syntax_for_path(sources.get(span.file).name()).has_value()))
    return {};
  return span;
}

std::string level_label(Level level) { return level_name(level); }

std::string result_headline(const rdf::PrefixMap &names, const ValidationResult &r) {
  return headline(names, r);
}

std::string report_turtle(const Report &report) { return TurtleBuilder(report).run(); }

std::string report_text(const Report &report, const graph::Graph *data, const SourceSet *sources) {
  const rdf::PrefixMap names = naming_prefixes(report.prefixes);
  std::string out;
  for (const ValidationResult &r : report.results) {
    const SourceSpan span =
        data != nullptr && sources != nullptr ? fact_span(r, *data, *sources) : SourceSpan{};
    if (span.valid()) {
      Diagnostic d = diagnostic_of(names, r, *data);
      d.span = span;
      out += render(d, *sources);
      if (!out.empty() && out.back() != '\n')
        out += '\n';
    } else {
      out += level_name(r.level) + ": " + headline(names, r) + "\n";
    }
    if (r.value)
      out += "  value: " + node_text(names, *r.value) + "\n";
    // A blank property shape has no name worth printing; say what it constrains instead.
    const std::string shape = r.source_shape.kind == graph::TermKind::blank && r.path
                                  ? "the property shape on " + path_text(names, *r.path)
                                  : node_text(names, r.source_shape);
    out += "  shape: " + shape + " (" + names.shorten_or_bracket(r.component) + ", " +
           names.shorten_or_bracket(r.severity) + ")\n";
    for (std::size_t i = 1; i < r.messages.size(); ++i) {
      out += "  message: " + node_text(names, r.messages[i]) + "\n";
    }
    out += "\n";
  }
  if (report.error) {
    out += "error: " + *report.error + "\n";
  } else if (report.conforms) {
    out += "conforms: no validation results\n";
  } else {
    const std::size_t n = report.results.size();
    out += "does not conform: " + counted(n, "result") + " (" +
           counted(report.count(Level::violation), "violation") + ", " +
           counted(report.count(Level::warning), "warning") + ", " +
           counted(report.count(Level::info), "info") + ")\n";
  }
  return out;
}

std::optional<Level> level_by_name(std::string_view name) {
  if (name == "violation")
    return Level::violation;
  if (name == "warning")
    return Level::warning;
  if (name == "info")
    return Level::info;
  return std::nullopt;
}

bool fails(Level level, Level threshold) {
  const auto rank = [](Level l) { return l == Level::other ? Level::info : l; };
  return rank(level) <= rank(threshold);
}

void report_diagnostics(const Report &report, const graph::Graph &data, DiagnosticSink &sink,
                        Level fail_on) {
  if (report.error)
    sink.error({}, *report.error);
  const rdf::PrefixMap names = naming_prefixes(report.prefixes);
  for (const ValidationResult &r : report.results)
    sink.report(diagnostic_of(names, r, data, fail_on));
}

} // namespace factloom::validate
