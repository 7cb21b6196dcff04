// Prologue scanning, prefix injection, SPARQL JSON results and the query client.
#include "store/sparql.hpp"
#include "base/text.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <nlohmann/json.hpp>

namespace factloom::store {

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
      info.prefixes.push_back(rdf::Prefix{std::string(name), std::string(*iri)});
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

namespace {

/// The end of the string literal starting at `i` (one of ' " ''' """), past its closing quote.
std::size_t skip_string(std::string_view q, std::size_t i) {
  const std::string quote3(3, q[i]);
  const bool triple = q.substr(i, 3) == quote3;
  const std::size_t close = triple ? 3 : 1;
  i += close;
  while (i < q.size()) {
    if (q[i] == '\\')
      i += 2;
    else if (q.substr(i, close) == std::string_view(quote3).substr(0, close))
      return i + close;
    else if (!triple && q[i] == '\n')
      return i; // unterminated: the store will say so
    else
      ++i;
  }
  return q.size();
}

/// The end of an IRI `<...>` starting at `i`, or i + 1 where `<` is an operator.
std::size_t skip_iri(std::string_view q, std::size_t i) {
  for (std::size_t j = i + 1; j < q.size(); ++j) {
    const char c = q[j];
    if (c == '>')
      return j + 1;
    if (std::isspace(static_cast<unsigned char>(c)) != 0 || c == '<' || c == '"' || c == '{' ||
        c == '}')
      break;
  }
  return i + 1;
}

/// Characters of keywords, variables and prefixed names.
bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == ':' ||
         c == '?' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

} // namespace

bool query_addresses_graphs(std::string_view q) {
  std::size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (c == '#') {
      while (i < q.size() && q[i] != '\n')
        ++i;
    } else if (c == '"' || c == '\'') {
      i = skip_string(q, i);
    } else if (c == '<') {
      i = skip_iri(q, i);
    } else if (word_char(c)) {
      const std::size_t start = i;
      while (i < q.size() && word_char(q[i]))
        ++i;
      const std::string_view w = q.substr(start, i - start);
      if (iequals(w, "FROM") || iequals(w, "GRAPH"))
        return true;
    } else {
      ++i;
    }
  }
  return false;
}

std::string query_form_body(std::string_view query, const Dataset &dataset) {
  std::string body = "query=" + url_encode(query);
  for (const std::string &g : dataset.default_graphs)
    body += "&default-graph-uri=" + url_encode(g);
  for (const std::string &g : dataset.named_graphs)
    body += "&named-graph-uri=" + url_encode(g);
  return body;
}

std::string with_common_prefixes(std::string_view query) {
  const QueryInfo info = inspect_query(query);
  std::string head;
  for (const rdf::Prefix &ns : rdf::PrefixMap::common().entries()) {
    const bool declared = std::any_of(info.prefixes.begin(), info.prefixes.end(),
                                      [&](const rdf::Prefix &d) { return d.name == ns.name; });
    if (declared)
      continue;
    head += "PREFIX " + ns.name + ": <" + ns.iri + "> ";
  }
  return head + std::string(query);
}

Result<rdf::Term> result_term(const std::string &type, const std::string &value,
                              const std::string *dt, const std::string *lang) {
  if (type == "uri")
    return rdf::Term::iri(value);
  if (type == "bnode") {
    // Labels must stay usable as _:label: Virtuoso sends "nodeID://b10008".
    std::string label = value.rfind("nodeID://", 0) == 0 ? value.substr(9) : value;
    for (char &c : label) {
      if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-')
        c = '_';
    }
    return rdf::Term::blank(std::move(label));
  }
  if (type == "literal" || type == "typed-literal") {
    std::string datatype = dt != nullptr && *dt != vocab::xsd_string ? *dt : std::string();
    return rdf::Term::literal(value, std::move(datatype), lang != nullptr ? *lang : "");
  }
  return io_error("SPARQL results", "not SPARQL JSON results: unknown term type '" +
                                        escape_controls(type.substr(0, 40)) + "'");
}

namespace {

using Json = nlohmann::json;

Diagnostic results_error(const std::string &what) {
  return io_error("SPARQL results", "not SPARQL JSON results: " + what);
}

constexpr int max_depth = 200;

/// Thrown by the parser callback when the document nests deeper than max_depth.
struct TooDeep {};

/// The member `key` of an object, or nullptr (also when `j` is not an object).
const Json *member(const Json &j, const char *key) {
  if (!j.is_object())
    return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

/// A string member's text, or nullptr.
const std::string *text_of(const Json &j, const char *key) {
  const Json *m = member(j, key);
  return m != nullptr && m->is_string() ? &m->get_ref<const std::string &>() : nullptr;
}

Result<Json> parse_document(std::string_view text) {
  const Json::parser_callback_t limit = [](int depth, Json::parse_event_t event, Json &) {
    if ((event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) &&
        depth > max_depth)
      throw TooDeep{};
    return true;
  };
  try {
    return Json::parse(text.begin(), text.end(), limit);
  } catch (const Json::parse_error &e) {
    return results_error("JSON syntax error at byte " + std::to_string(e.byte) + " (" + e.what() +
                         ")");
  } catch (const TooDeep &) {
    return results_error("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  } catch (const Json::exception &e) {
    // Well-formed JSON that nlohmann-json cannot hold, such as a number beyond a double's range
    // (out_of_range 406): an answer factloom cannot read, not an internal error.
    return results_error(std::string("JSON that cannot be read: ") + e.what());
  }
}

/// The boolean of an ASK result; a store that writes 1/0 or "true" is understood too.
Result<QueryResults> ask_result(const Json &b) {
  QueryResults out;
  out.is_boolean = true;
  if (b.is_boolean())
    out.boolean = b.get<bool>();
  else if (b.is_number_unsigned() || b.is_number_integer())
    out.boolean = b.get<std::int64_t>() == 1;
  else if (b.is_string())
    out.boolean =
        b.get_ref<const std::string &>() == "1" || b.get_ref<const std::string &>() == "true";
  else
    return results_error("'boolean' is not a boolean");
  return out;
}

/// One bound term of a row.
Result<rdf::Term> read_term(const Json &cell) {
  const std::string *type = text_of(cell, "type");
  const std::string *value = text_of(cell, "value");
  if (type == nullptr || value == nullptr)
    return results_error("a term lacks 'type' or 'value'");
  return result_term(*type, *value, text_of(cell, "datatype"), text_of(cell, "xml:lang"));
}

Result<void> read_rows(const Json &bindings, QueryResults &out) {
  out.rows.reserve(bindings.size());
  for (const Json &row : bindings) {
    if (!row.is_object())
      return results_error("a binding is not an object");
    std::vector<std::optional<rdf::Term>> terms(out.vars.size());
    for (std::size_t k = 0; k < out.vars.size(); ++k) {
      const Json *cell = member(row, out.vars[k].c_str());
      if (cell == nullptr)
        continue;
      Result<rdf::Term> t = read_term(*cell);
      if (!t)
        return t.error();
      terms[k] = std::move(t.value());
    }
    out.rows.push_back(std::move(terms));
  }
  return {};
}

} // namespace

Result<QueryResults> parse_results_json(std::string_view text) {
  Result<Json> parsed = parse_document(text);
  if (!parsed)
    return parsed.error();
  const Json &doc = parsed.value();
  if (!doc.is_object())
    return results_error("the document is not an object");
  if (const Json *b = member(doc, "boolean"))
    return ask_result(*b);
  const Json *head = member(doc, "head");
  const Json *vars = head != nullptr ? member(*head, "vars") : nullptr;
  if (vars == nullptr || !vars->is_array())
    return results_error("no head.vars array");
  QueryResults out;
  for (const Json &v : *vars) {
    if (!v.is_string())
      return results_error("a variable name is not a string");
    out.vars.push_back(v.get<std::string>());
  }
  const Json *results = member(doc, "results");
  const Json *bindings = results != nullptr ? member(*results, "bindings") : nullptr;
  if (bindings == nullptr || !bindings->is_array())
    return results_error("no results.bindings array");
  if (Result<void> rows = read_rows(*bindings, out); !rows)
    return rows.error();
  return out;
}

SparqlClient::SparqlClient(std::string endpoint, HttpOptions options)
    : endpoint_(std::move(endpoint)), http_(std::move(options)) {}

Result<HttpResponse> SparqlClient::post(std::string_view query, const char *accept) {
  const std::string body = query_form_body(query, dataset_);
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
    d.message +=
        " (Content-Type: " + escape_controls(response.value().content_type.substr(0, 100)) + ")";
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
  if (res.rows.size() != 1 || res.vars.size() != 1 || !res.rows[0][0] ||
      !res.rows[0][0]->is_literal())
    return io_error(display_url(endpoint_), "a COUNT query did not return one number");
  const std::string &text = res.rows[0][0]->value;
  // Digits only (no sign, no space), and it must fit: from_chars reports an overflow.
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  const bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || ec != std::errc() || end != text.data() + text.size())
    return io_error(display_url(endpoint_),
                    "a COUNT query returned '" + escape_controls(text.substr(0, 40)) +
                        (text.size() > 40 ? "..." : "") + "', not a number" +
                        (digits ? " that fits in 64 bits" : ""));
  return n;
}

Result<std::uint64_t> SparqlClient::count_graph(std::string_view graph_iri) {
  return count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + ntriples_iri(graph_iri) +
               " { ?s ?p ?o } }");
}

} // namespace factloom::store
