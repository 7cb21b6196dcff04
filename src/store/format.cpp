// Result formatting; the table measures width in code points so accented text lines up.
#include "store/format.hpp"
#include "base/check.hpp"
#include "base/text.hpp"
#include "base/utf8.hpp"

#include <algorithm>
#include <ostream>

#include <nlohmann/json.hpp>

#include "rdf/prefixes.hpp"
#include "store/http.hpp"

namespace factloom::store {

namespace {

/// A table cell's text for a terminal: \n, \t and \r as such, every other control character
/// (and any byte that is not UTF-8) as \x1b and the like (store::escape_controls).
std::string table_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else
      out += c;
  }
  return store::escape_controls(out);
}

using Cell = std::optional<rdf::Term>;

std::string table_cell(const Cell &t, const rdf::PrefixMap &prefixes) {
  if (!t)
    return {};
  switch (t->kind) {
  case rdf::TermKind::iri:
    return table_text(prefixes.shorten_or_bracket(t->value, rdf::LocalNames::turtle));
  case rdf::TermKind::blank: return "_:" + table_text(t->value);
  case rdf::TermKind::literal: return table_text(t->value);
  }
  return {};
}

/// N-Triples syntax (which escapes tabs too, as TSV needs).
std::string tsv_term(const Cell &t) { return t ? ntriples_term(t->view()) : std::string(); }

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
  return out;
}

using OrderedJson = nlohmann::ordered_json;

/// One JSON text, UTF-8 kept (invalid bytes, which a parsed result cannot hold, replaced).
std::string dump(const OrderedJson &j) {
  return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

OrderedJson json_term(const rdf::Term &t) {
  OrderedJson out = OrderedJson::object();
  switch (t.kind) {
  case rdf::TermKind::iri: out["type"] = "uri"; break;
  case rdf::TermKind::blank: out["type"] = "bnode"; break;
  case rdf::TermKind::literal: out["type"] = "literal"; break;
  }
  out["value"] = t.value;
  if (!t.lang.empty())
    out["xml:lang"] = t.lang;
  if (!t.datatype.empty())
    out["datatype"] = t.datatype;
  return out;
}

} // namespace

std::string format_table(const QueryResults &results, const rdf::PrefixMap &prefixes) {
  const std::size_t n = results.vars.size();
  std::vector<std::vector<std::string>> cells;
  cells.reserve(results.rows.size());
  std::vector<std::size_t> width(n);
  for (std::size_t k = 0; k < n; ++k)
    width[k] = utf8::code_points(results.vars[k]);
  for (const auto &row : results.rows) {
    std::vector<std::string> line;
    line.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      line.push_back(table_cell(row[k], prefixes));
      width[k] = std::max(width[k], utf8::code_points(line.back()));
    }
    cells.push_back(std::move(line));
  }
  std::string out;
  auto emit = [&](const std::vector<std::string> &line) {
    std::string text;
    for (std::size_t k = 0; k < n; ++k) {
      if (k > 0)
        text += " | ";
      text += line[k];
      if (k + 1 < n)
        text.append(width[k] - utf8::code_points(line[k]), ' ');
    }
    while (!text.empty() && text.back() == ' ')
      text.pop_back();
    out += text + "\n";
  };
  emit(results.vars);
  std::string rule;
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0)
      rule += "-+-";
    rule.append(width[k], '-');
  }
  out += rule + "\n";
  for (const auto &line : cells)
    emit(line);
  out += "(" + std::to_string(results.rows.size()) +
         (results.rows.size() == 1 ? " row)\n" : " rows)\n");
  return out;
}

std::string format_csv(const QueryResults &results) {
  std::string out;
  for (std::size_t k = 0; k < results.vars.size(); ++k) {
    if (k > 0)
      out += ',';
    out += csv_field(results.vars[k]);
  }
  out += "\r\n";
  for (const auto &row : results.rows) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k > 0)
        out += ',';
      const Cell &t = row[k];
      if (t && t->is_blank())
        out += "_:" + t->value;
      else if (t)
        out += csv_field(t->value);
    }
    out += "\r\n";
  }
  return out;
}

std::string format_tsv(const QueryResults &results) {
  std::string out;
  for (std::size_t k = 0; k < results.vars.size(); ++k) {
    if (k > 0)
      out += '\t';
    out += "?" + results.vars[k];
  }
  out += "\n";
  for (const auto &row : results.rows) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k > 0)
        out += '\t';
      out += tsv_term(row[k]);
    }
    out += "\n";
  }
  return out;
}

namespace {

/// The JSON document up to and including the '[' of the bindings.
std::string json_opening(const std::vector<std::string> &vars) {
  // The document as nlohmann writes it, with each binding on a line of its own: the bindings
  // are dumped one by one into the place of the empty array.
  OrderedJson doc = {{"head", {{"vars", vars}}}, {"results", {{"bindings", OrderedJson::array()}}}};
  const std::string whole = dump(doc);
  const std::string empty_bindings = "[]}}";
  FL_ASSERT(whole.size() > empty_bindings.size() &&
                whole.compare(whole.size() - empty_bindings.size(), empty_bindings.size(),
                              empty_bindings) == 0,
            "unexpected JSON layout");
  return whole.substr(0, whole.size() - empty_bindings.size() + 1);
}

std::string json_binding(const std::vector<std::string> &vars, const std::vector<Cell> &row) {
  OrderedJson binding = OrderedJson::object();
  for (std::size_t k = 0; k < vars.size(); ++k) {
    if (const Cell &t = row[k])
      binding[vars[k]] = json_term(*t);
  }
  return dump(binding);
}

} // namespace

std::string format_json(const QueryResults &results) {
  if (results.is_boolean) {
    const OrderedJson doc = {{"head", OrderedJson::object()}, {"boolean", results.boolean}};
    return dump(doc) + "\n";
  }
  std::string out = json_opening(results.vars);
  for (std::size_t r = 0; r < results.rows.size(); ++r) {
    out += r == 0 ? "\n" : ",\n";
    out += json_binding(results.vars, results.rows[r]);
  }
  out += results.rows.empty() ? "]}}\n" : "\n]}}\n";
  return out;
}

ResultsWriter::ResultsWriter(ResultFormat format, std::ostream &out) : format_(format), out_(out) {
  FL_REQUIRE(format != ResultFormat::table, "a table needs every row before the first line");
}

void ResultsWriter::head(const std::vector<std::string> &vars) {
  head_.vars = vars;
  if (format_ == ResultFormat::json) {
    out_ << json_opening(vars);
    return;
  }
  const std::string header = format_ == ResultFormat::csv ? format_csv(head_) : format_tsv(head_);
  header_size_ = header.size();
  out_ << header;
}

void ResultsWriter::rows(const std::vector<std::vector<std::optional<rdf::Term>>> &rows) {
  if (format_ == ResultFormat::json) {
    std::string text;
    for (const auto &row : rows) {
      text += rows_written_++ == 0 ? "\n" : ",\n";
      text += json_binding(head_.vars, row);
    }
    out_ << text;
    return;
  }
  head_.rows = rows;
  const std::string text = format_ == ResultFormat::csv ? format_csv(head_) : format_tsv(head_);
  head_.rows.clear();
  rows_written_ += rows.size();
  out_ << std::string_view(text).substr(header_size_);
}

void ResultsWriter::boolean(bool value) {
  is_boolean_ = true;
  value_ = value;
}

void ResultsWriter::end() {
  if (is_boolean_) {
    QueryResults r;
    r.is_boolean = true;
    r.boolean = value_;
    out_ << format_results(r, format_, rdf::PrefixMap());
  } else if (format_ == ResultFormat::json) {
    out_ << (rows_written_ == 0 ? "]}}\n" : "\n]}}\n");
  }
  out_.flush();
}

std::string format_results(const QueryResults &results, ResultFormat format,
                           const rdf::PrefixMap &prefixes) {
  if (results.is_boolean && format != ResultFormat::json)
    return results.boolean ? "true\n" : "false\n";
  switch (format) {
  case ResultFormat::table: return format_table(results, prefixes);
  case ResultFormat::csv: return format_csv(results);
  case ResultFormat::tsv: return format_tsv(results);
  case ResultFormat::json: return format_json(results);
  }
  return {};
}

} // namespace factloom::store
