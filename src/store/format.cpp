// Result formatting; the table measures width in code points so accented text lines up.
#include "store/format.hpp"
#include "base/text.hpp"
#include "base/utf8.hpp"

#include <algorithm>

#include "rdf/prefixes.hpp"

namespace factloom::store {

namespace {

std::string escape_controls(std::string_view s) {
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
  return out;
}

std::string table_cell(const RdfTerm &t, const std::vector<Namespace> &prefixes) {
  switch (t.kind) {
  case RdfTerm::Kind::unbound: return {};
  case RdfTerm::Kind::iri: return shorten_iri(t.value, prefixes);
  case RdfTerm::Kind::blank: return "_:" + t.value;
  case RdfTerm::Kind::literal: return escape_controls(t.value);
  }
  return {};
}

std::string tsv_term(const RdfTerm &t) {
  switch (t.kind) {
  case RdfTerm::Kind::unbound: return {};
  case RdfTerm::Kind::iri: return ntriples_iri(t.value);
  case RdfTerm::Kind::blank: return "_:" + t.value;
  case RdfTerm::Kind::literal: {
    // ntriples_literal escapes tabs too, as TSV needs.
    std::string out = ntriples_literal(t.value, t.datatype, t.lang);
    return out;
  }
  }
  return {};
}

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

std::string json_term(const RdfTerm &t) {
  std::string out = "{\"type\":";
  switch (t.kind) {
  case RdfTerm::Kind::unbound: return {};
  case RdfTerm::Kind::iri: out += "\"uri\""; break;
  case RdfTerm::Kind::blank: out += "\"bnode\""; break;
  case RdfTerm::Kind::literal: out += "\"literal\""; break;
  }
  out += ",\"value\":" + json_quote(t.value);
  if (!t.lang.empty())
    out += ",\"xml:lang\":" + json_quote(t.lang);
  if (!t.datatype.empty())
    out += ",\"datatype\":" + json_quote(t.datatype);
  return out + "}";
}

} // namespace

std::string shorten_iri(std::string_view iri, const std::vector<Namespace> &prefixes) {
  const Namespace *best = nullptr;
  std::string escaped;
  std::string best_local;
  for (const Namespace &ns : prefixes) {
    if (iri.size() <= ns.iri.size() || iri.substr(0, ns.iri.size()) != ns.iri)
      continue;
    if (best != nullptr && best->iri.size() >= ns.iri.size())
      continue;
    if (!rdf::local_name_ok(iri.substr(ns.iri.size())))
      continue;
    best = &ns;
    best_local = std::string(iri.substr(ns.iri.size()));
  }
  if (best != nullptr)
    return best->name + ":" + best_local;
  return "<" + std::string(iri) + ">";
}

std::string format_table(const QueryResults &results, const std::vector<Namespace> &prefixes) {
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
      const RdfTerm &t = row[k];
      if (t.kind == RdfTerm::Kind::blank)
        out += "_:" + t.value;
      else if (t.kind != RdfTerm::Kind::unbound)
        out += csv_field(t.value);
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

std::string format_json(const QueryResults &results) {
  if (results.is_boolean)
    return std::string("{\"head\":{},\"boolean\":") + (results.boolean ? "true" : "false") + "}\n";
  std::string out = "{\"head\":{\"vars\":[";
  for (std::size_t k = 0; k < results.vars.size(); ++k) {
    if (k > 0)
      out += ',';
    out += json_quote(results.vars[k]);
  }
  out += "]},\"results\":{\"bindings\":[";
  for (std::size_t r = 0; r < results.rows.size(); ++r) {
    out += r == 0 ? "\n{" : ",\n{";
    bool first = true;
    for (std::size_t k = 0; k < results.vars.size(); ++k) {
      const RdfTerm &t = results.rows[r][k];
      if (t.kind == RdfTerm::Kind::unbound)
        continue;
      if (!first)
        out += ',';
      first = false;
      out += json_quote(results.vars[k]) + ":" + json_term(t);
    }
    out += '}';
  }
  out += results.rows.empty() ? "]}}\n" : "\n]}}\n";
  return out;
}

std::string format_results(const QueryResults &results, ResultFormat format,
                           const std::vector<Namespace> &prefixes) {
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
