// Renderings of a validation report for scripts and CI: JSON (factloom's own shape) and
// SARIF 2.1.0.
#include <cctype>
#include <filesystem>
#include <iterator>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "validate/validate.hpp"

namespace factloom::validate {

namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json &j) {
  // Literals are UTF-8 by the time they reach a graph; a stray byte is replaced, never thrown.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Json term_json(const Node &n) {
  Json j;
  switch (n.kind) {
  case graph::TermKind::iri: j["type"] = "iri"; break;
  case graph::TermKind::blank: j["type"] = "blank"; break;
  case graph::TermKind::literal: j["type"] = "literal"; break;
  }
  j["value"] = n.value;
  if (n.kind == graph::TermKind::literal) {
    if (!n.lang.empty())
      j["language"] = n.lang;
    else if (!n.datatype.empty())
      j["datatype"] = n.datatype;
  }
  return j;
}

/// A file name as a URI reference: relative names stay relative (to the working directory),
/// absolute ones are made relative to `base` when under it, else file:// URIs.
std::string file_uri(const std::string &name, const std::string &base) {
  std::filesystem::path p = std::filesystem::path(name).lexically_normal();
  bool absolute = p.is_absolute();
  if (absolute && !base.empty()) {
    const std::filesystem::path rel = p.lexically_relative(base);
    if (!rel.empty() && *rel.begin() != "..") {
      p = rel;
      absolute = false;
    }
  }
  std::string out = absolute ? "file://" : "";
  static const char *hex = "0123456789ABCDEF";
  for (const char ch : p.generic_string()) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

/// File, line and column of a span, or null when the span is invalid.
Json position_json(const SourceSpan &span, const SourceSet &sources) {
  if (!span.valid() || span.file >= sources.size())
    return nullptr;
  const SourceFile &file = sources.get(span.file);
  const LineCol at = file.locate(span.begin);
  return Json{{"file", file.name()}, {"line", at.line}, {"column", at.column}};
}

SourceSpan result_span(const ValidationResult &r, const ReportContext &c) {
  if (c.data == nullptr || c.sources == nullptr)
    return {};
  return fact_span(r, *c.data, *c.sources);
}

/// The shape's name as the text report gives it (a blank property shape by its path).
std::string shape_name(const rdf::PrefixMap &names, const ValidationResult &r) {
  if (r.source_shape.kind == graph::TermKind::blank && r.path)
    return "property shape on " + path_text(names, *r.path);
  return node_text(names, r.source_shape);
}

Json result_json(const ValidationResult &r, const ReportContext &c) {
  static const rdf::PrefixMap no_prefixes;
  Json j;
  j["severity"] = level_label(r.level);
  j["severityIri"] = r.severity;
  j["focusNode"] = term_json(r.focus);
  j["path"] = r.path ? Json(path_text(no_prefixes, *r.path)) : Json(nullptr);
  j["value"] = r.value ? term_json(*r.value) : Json(nullptr);
  j["shape"] = term_json(r.source_shape);
  j["component"] = r.component;
  j["message"] = r.messages.empty() ? std::string("constraint violated") : r.messages.front().value;
  Json messages = Json::array();
  for (const Node &m : r.messages)
    messages.push_back(m.value);
  j["messages"] = messages;
  j["source"] = c.sources != nullptr ? position_json(result_span(r, c), *c.sources) : nullptr;
  return j;
}

std::string severity_name(Severity s) {
  switch (s) {
  case Severity::note: return "note";
  case Severity::warning: return "warning";
  case Severity::error: return "error";
  }
  return "error";
}

Json diagnostic_json(const Diagnostic &d, const SourceSet *sources) {
  Json j;
  j["severity"] = severity_name(d.severity);
  j["message"] = d.message;
  if (!d.hint.empty())
    j["hint"] = d.hint;
  Json source = sources != nullptr ? position_json(d.span, *sources) : Json(nullptr);
  if (source.is_null() && !d.origin.empty())
    source = Json{{"file", d.origin}};
  j["source"] = source;
  return j;
}

} // namespace

std::string report_json(const Report &report, const ReportContext &context) {
  Json j;
  j["format"] = "factloom-validation-report";
  j["version"] = 1;
  j["conforms"] = report.conforms;
  if (report.error)
    j["error"] = *report.error;
  Json results = Json::array();
  for (const ValidationResult &r : report.results)
    results.push_back(result_json(r, context));
  j["results"] = results;
  if (context.diagnostics != nullptr) {
    Json diagnostics = Json::array();
    for (const Diagnostic &d : *context.diagnostics)
      diagnostics.push_back(diagnostic_json(d, context.sources));
    j["diagnostics"] = diagnostics;
  }
  j["summary"] = Json{{"results", report.results.size()},
                      {"violations", report.count(Level::violation)},
                      {"warnings", report.count(Level::warning)},
                      {"infos", report.count(Level::info)},
                      {"others", report.count(Level::other)}};
  return dump(j);
}

namespace {

/// The rules of a SARIF run, by id (sorted: the same rules, the same indexes, whatever the order
/// of the results).
class Rules {
public:
  explicit Rules(const rdf::PrefixMap &names) : names_(names) {}

  void add(const ValidationResult &r) {
    const std::string id = id_of(r);
    if (rules_.count(id) != 0)
      return;
    Json rule;
    rule["id"] = id;
    rule["name"] = shape_name(names_, r);
    rule["shortDescription"] = Json{{"text", "SHACL " + names_.shorten_or_bracket(r.component) +
                                                 " of " + shape_name(names_, r)}};
    rule["properties"] =
        Json{{"shape", node_text(names_, r.source_shape)}, {"component", r.component}};
    rules_.emplace(id, std::move(rule));
  }
  void add_input(const std::string &id, const std::string &text) {
    rules_.emplace(id, Json{{"id", id}, {"shortDescription", {{"text", text}}}});
  }

  std::string id_of(const ValidationResult &r) const {
    // The shape's own name (a blank one by its label: two property shapes may share a path).
    return node_text(names_, r.source_shape) + "/" + names_.shorten_or_bracket(r.component);
  }
  std::size_t index_of(const std::string &id) const {
    return static_cast<std::size_t>(std::distance(rules_.begin(), rules_.find(id)));
  }
  Json all() const {
    Json out = Json::array();
    for (const auto &entry : rules_)
      out.push_back(entry.second);
    return out;
  }

private:
  const rdf::PrefixMap &names_;
  std::map<std::string, Json> rules_;
};

std::string sarif_level(Level l) {
  switch (l) {
  case Level::violation: return "error";
  case Level::warning: return "warning";
  case Level::info:
  case Level::other: return "note";
  }
  return "note";
}

Json physical_location(const SourceSpan &span, const ReportContext &c) {
  const SourceFile &file = c.sources->get(span.file);
  const LineCol at = file.locate(span.begin);
  return Json{{"artifactLocation", {{"uri", file_uri(file.name(), c.base_dir)}}},
              {"region", {{"startLine", at.line}, {"startColumn", at.column}}}};
}

Json sarif_result(const ValidationResult &r, const Rules &rules, const rdf::PrefixMap &names,
                  const ReportContext &c) {
  const std::string id = rules.id_of(r);
  Json j;
  j["ruleId"] = id;
  j["ruleIndex"] = rules.index_of(id);
  j["level"] = sarif_level(r.level);
  j["message"] = Json{{"text", result_headline(names, r)}};
  Json location;
  const SourceSpan span = result_span(r, c);
  if (span.valid())
    location["physicalLocation"] = physical_location(span, c);
  const std::string focus =
      r.focus.kind == graph::TermKind::blank ? "_:" + r.focus.value : r.focus.value;
  location["logicalLocations"] = Json::array({Json{{"fullyQualifiedName", focus}}});
  j["locations"] = Json::array({location});
  Json properties{{"focusNode", node_text(names, r.focus)}};
  if (r.value)
    properties["value"] = node_text(names, *r.value);
  j["properties"] = properties;
  return j;
}

const char *input_rule(Severity s) {
  return s == Severity::error ? "factloom/input-error" : "factloom/input-warning";
}

Json sarif_diagnostic(const Diagnostic &d, const Rules &rules, const ReportContext &c) {
  const std::string id = input_rule(d.severity);
  Json j;
  j["ruleId"] = id;
  j["ruleIndex"] = rules.index_of(id);
  j["level"] = d.severity == Severity::error     ? "error"
               : d.severity == Severity::warning ? "warning"
                                                 : "note";
  j["message"] = Json{{"text", d.hint.empty() ? d.message : d.message + " (" + d.hint + ")"}};
  if (c.sources != nullptr && d.span.valid() && d.span.file < c.sources->size()) {
    j["locations"] = Json::array({Json{{"physicalLocation", physical_location(d.span, c)}}});
  } else if (!d.origin.empty()) {
    j["locations"] = Json::array({Json{
        {"physicalLocation", {{"artifactLocation", {{"uri", file_uri(d.origin, c.base_dir)}}}}}}});
  }
  return j;
}

} // namespace

std::string report_sarif(const Report &report, const ReportContext &context) {
  const rdf::PrefixMap names = naming_prefixes(report.prefixes);
  Rules rules(names);
  for (const ValidationResult &r : report.results)
    rules.add(r);
  if (context.diagnostics != nullptr) {
    for (const Diagnostic &d : *context.diagnostics) {
      rules.add_input(input_rule(d.severity), d.severity == Severity::error
                                                  ? "an error in the input (syntax, binding)"
                                                  : "a warning about the input");
    }
  }
  Json results = Json::array();
  if (context.diagnostics != nullptr) {
    for (const Diagnostic &d : *context.diagnostics)
      results.push_back(sarif_diagnostic(d, rules, context));
  }
  for (const ValidationResult &r : report.results)
    results.push_back(sarif_result(r, rules, names, context));
  Json driver{{"name", "factloom"},
              {"version", FACTLOOM_VERSION},
              {"informationUri", "https://w3id.org/factloom"},
              {"rules", rules.all()}};
  Json run{{"tool", {{"driver", driver}}}, {"columnKind", "unicodeCodePoints"}};
  if (report.error) {
    run["invocations"] = Json::array(
        {Json{{"executionSuccessful", false},
              {"toolExecutionNotifications",
               Json::array({Json{{"message", {{"text", *report.error}}}, {"level", "error"}}})}}});
  }
  run["results"] = results;
  return dump(Json{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", Json::array({run})}});
}

} // namespace factloom::validate
