// Prologue scanning, prefix injection, SPARQL JSON results and the query client.
#include "store/sparql.hpp"

#include "base/text.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>
#include <cctype>

namespace factloom::store {

const std::vector<Namespace> &common_prefixes() {
  static const std::vector<Namespace> prefixes = [] {
    std::vector<Namespace> list;
    for (const vocab::Namespace &ns : vocab::common_namespaces)
      list.push_back({std::string(ns.name), std::string(ns.iri)});
    return list;
  }();
  return prefixes;
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

class Prologue {
public:
  explicit Prologue(std::string_view q) : q_(q) {}

  void skip_space_and_comments() {
    while (i_ < q_.size()) {
      const char c = q_[i_];
      if (c == '#') {
        while (i_ < q_.size() && q_[i_] != '\n')
          ++i_;
      } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        ++i_;
      } else {
        break;
      }
    }
  }
  std::string_view word() {
    skip_space_and_comments();
    const std::size_t start = i_;
    while (i_ < q_.size() &&
           (std::isalnum(static_cast<unsigned char>(q_[i_])) != 0 || q_[i_] == '_' ||
            q_[i_] == '-' || q_[i_] == '.' || static_cast<unsigned char>(q_[i_]) >= 0x80))
      ++i_;
    return q_.substr(start, i_ - start);
  }
  bool consume(char c) {
    skip_space_and_comments();
    if (i_ < q_.size() && q_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::optional<std::string_view> iri() {
    if (!consume('<'))
      return std::nullopt;
    const std::size_t start = i_;
    while (i_ < q_.size() && q_[i_] != '>')
      ++i_;
    if (i_ >= q_.size())
      return std::nullopt;
    return q_.substr(start, i_++ - start);
  }
  std::size_t pos() const { return i_; }
  void seek(std::size_t p) { i_ = p; }

private:
  std::string_view q_;
  std::size_t i_ = 0;
};

} // namespace

QueryInfo inspect_query(std::string_view query) {
  QueryInfo info;
  Prologue p(query);
  while (true) {
    const std::string_view w = p.word();
    if (iequals(w, "PREFIX")) {
      // The prefix name runs up to ':' (it may be empty).
      const std::size_t at = p.pos();
      std::string_view name = p.word();
      if (!p.consume(':')) {
        p.seek(at);
        return info;
      }
      const auto iri = p.iri();
      if (!iri)
        return info;
      info.prefixes.push_back(Namespace{std::string(name), std::string(*iri)});
    } else if (iequals(w, "BASE")) {
      if (!p.iri())
        return info;
    } else {
      if (iequals(w, "SELECT"))
        info.form = QueryForm::select;
      else if (iequals(w, "ASK"))
        info.form = QueryForm::ask;
      else if (iequals(w, "CONSTRUCT"))
        info.form = QueryForm::construct;
      else if (iequals(w, "DESCRIBE"))
        info.form = QueryForm::describe;
      return info;
    }
  }
}

std::string with_common_prefixes(std::string_view query) {
  const QueryInfo info = inspect_query(query);
  std::string head;
  for (const Namespace &ns : common_prefixes()) {
    const bool declared = std::any_of(info.prefixes.begin(), info.prefixes.end(),
                                      [&](const Namespace &d) { return d.name == ns.name; });
    if (declared)
      continue;
    head += "PREFIX " + ns.name + ": <" + ns.iri + "> ";
  }
  return head + std::string(query);
}

namespace {

Diagnostic results_error(const std::string &what) {
  return io_error("SPARQL results", "not SPARQL JSON results: " + what);
}

} // namespace

Result<QueryResults> parse_results_json(std::string_view text) {
  Result<Json> parsed = parse_json(text);
  if (!parsed)
    return results_error(parsed.error().message);
  const Json &doc = parsed.value();
  if (!doc.is_object())
    return results_error("the document is not an object");
  QueryResults out;
  if (const Json *b = doc.find("boolean")) {
    if (b->is_bool()) {
      out.is_boolean = true;
      out.boolean = b->as_bool();
    } else if (b->is_number() || b->is_string()) { // a store that writes 1/0
      out.is_boolean = true;
      out.boolean = b->text() == "1" || b->text() == "true";
    } else {
      return results_error("'boolean' is not a boolean");
    }
    return out;
  }
  const Json *head = doc.find("head");
  const Json *vars = head != nullptr ? head->find("vars") : nullptr;
  if (vars == nullptr || !vars->is_array())
    return results_error("no head.vars array");
  for (const Json &v : vars->items()) {
    if (!v.is_string())
      return results_error("a variable name is not a string");
    out.vars.push_back(v.text());
  }
  const Json *results = doc.find("results");
  const Json *bindings = results != nullptr ? results->find("bindings") : nullptr;
  if (bindings == nullptr || !bindings->is_array())
    return results_error("no results.bindings array");
  out.rows.reserve(bindings->items().size());
  for (const Json &row : bindings->items()) {
    if (!row.is_object())
      return results_error("a binding is not an object");
    std::vector<RdfTerm> terms(out.vars.size());
    for (std::size_t k = 0; k < out.vars.size(); ++k) {
      const Json *cell = row.find(out.vars[k]);
      if (cell == nullptr)
        continue;
      const Json *type = cell->find("type");
      const Json *value = cell->find("value");
      if (type == nullptr || value == nullptr || !type->is_string() || !value->is_string())
        return results_error("a term lacks 'type' or 'value'");
      RdfTerm &t = terms[k];
      t.value = value->text();
      const std::string &kind = type->text();
      if (kind == "uri") {
        t.kind = RdfTerm::Kind::iri;
      } else if (kind == "bnode") {
        // Labels must stay usable as _:label: Virtuoso sends "nodeID://b10008".
        t.kind = RdfTerm::Kind::blank;
        if (t.value.rfind("nodeID://", 0) == 0)
          t.value.erase(0, 9);
        for (char &c : t.value) {
          if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-')
            c = '_';
        }
      } else if (kind == "literal" || kind == "typed-literal") {
        t.kind = RdfTerm::Kind::literal;
        if (const Json *dt = cell->find("datatype"); dt != nullptr && dt->is_string())
          t.datatype = dt->text();
        if (const Json *lang = cell->find("xml:lang"); lang != nullptr && lang->is_string())
          t.lang = lang->text();
        if (t.datatype == "http://www.w3.org/2001/XMLSchema#string")
          t.datatype.clear();
      } else {
        return results_error("unknown term type '" + kind + "'");
      }
    }
    out.rows.push_back(std::move(terms));
  }
  return out;
}

SparqlClient::SparqlClient(std::string endpoint, HttpOptions options)
    : endpoint_(std::move(endpoint)), http_(std::move(options)) {}

Result<HttpResponse> SparqlClient::post(std::string_view query, const char *accept) {
  const std::string body = "query=" + url_encode(query);
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint_;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", accept}};
  request.body = body;
  Result<HttpResponse> response = http_.send(request);
  if (!response)
    return response;
  if (response.value().status / 100 != 2)
    return status_error(endpoint_, response.value(), EndpointKind::sparql,
                        http_.options().credentials);
  return response;
}

Result<QueryResults> SparqlClient::select(std::string_view query) {
  Result<HttpResponse> response = post(query, "application/sparql-results+json");
  if (!response)
    return response.error();
  Result<QueryResults> results = parse_results_json(response.value().body);
  if (!results) {
    Diagnostic d = results.error();
    d.origin = display_url(endpoint_);
    d.message += " (Content-Type: " + response.value().content_type + ")";
    return d;
  }
  return results;
}

Result<std::string> SparqlClient::construct(std::string_view query) {
  Result<HttpResponse> response = post(query, "text/turtle");
  if (!response)
    return response.error();
  return std::move(response.value().body);
}

Result<std::uint64_t> SparqlClient::count(std::string_view query) {
  Result<QueryResults> r = select(query);
  if (!r)
    return r.error();
  const QueryResults &res = r.value();
  if (res.rows.size() != 1 || res.vars.size() != 1 || res.rows[0][0].kind != RdfTerm::Kind::literal)
    return io_error(display_url(endpoint_), "a COUNT query did not return one number");
  const std::string &text = res.rows[0][0].value;
  std::uint64_t n = 0;
  for (const char c : text) {
    if (c < '0' || c > '9')
      return io_error(display_url(endpoint_),
                      "a COUNT query returned '" + text + "', not a number");
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

Result<std::uint64_t> SparqlClient::count_graph(std::string_view graph_iri) {
  return count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + ntriples_iri(graph_iri) +
               " { ?s ?p ?o } }");
}

void append_ntriples_iri(std::string &out, std::string_view iri) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += '<';
  std::size_t plain = 0; // start of the run of characters written as they are
  for (std::size_t i = 0; i < iri.size(); ++i) {
    const char ch = iri[i];
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || ch == '<' || ch == '>' || ch == '"' || ch == '{' || ch == '}' || ch == '|' ||
        ch == '^' || ch == '`' || ch == '\\') {
      out.append(iri.substr(plain, i - plain));
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
      plain = i + 1;
    }
  }
  out.append(iri.substr(plain));
  out += '>';
}

void append_ntriples_literal(std::string &out, std::string_view lexical, std::string_view datatype,
                             std::string_view lang) {
  out += '"';
  append_escaped_quoted(out, lexical);
  out += '"';
  if (!lang.empty()) {
    out += '@';
    out += lang;
  } else if (!datatype.empty() && datatype != "http://www.w3.org/2001/XMLSchema#string") {
    out += "^^";
    append_ntriples_iri(out, datatype);
  }
}

std::string ntriples_iri(std::string_view iri) {
  std::string out;
  append_ntriples_iri(out, iri);
  return out;
}

std::string ntriples_literal(std::string_view lexical, std::string_view datatype,
                             std::string_view lang) {
  std::string out;
  append_ntriples_literal(out, lexical, datatype, lang);
  return out;
}

} // namespace factloom::store
