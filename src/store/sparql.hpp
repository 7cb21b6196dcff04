// SPARQL 1.1 Protocol pieces: query forms, prefix injection, the JSON results model, a client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/term.hpp"
#include "store/http.hpp"
#include "store/rdf_text.hpp"

namespace factloom::store {

enum class QueryForm { select, ask, construct, describe, unknown };

/// What the prologue of a query says: its form and the prefixes it declares.
struct QueryInfo {
  QueryForm form = QueryForm::unknown;
  std::vector<rdf::Prefix> prefixes; ///< declared by the query itself, in order
};

/// Reads the prologue (comments, BASE, PREFIX) and the first keyword of `query`.
QueryInfo inspect_query(std::string_view query);

/// Whether `query` addresses graphs itself: a FROM or FROM NAMED clause, or a GRAPH pattern
/// (keywords outside comments, strings and IRIs; `?graph` or `fl:graph` are not keywords).
bool query_addresses_graphs(std::string_view query);

/// The RDF dataset a query runs on, as the SPARQL 1.1 Protocol sends it: `default-graph-uri`
/// (their merge is the default graph) and `named-graph-uri` (the graphs GRAPH reaches). Both
/// empty: nothing is sent, and the store's own dataset applies (Virtuoso: every graph in the
/// default graph; Oxigraph, Jena: the unnamed graph alone).
struct Dataset {
  std::vector<std::string> default_graphs;
  std::vector<std::string> named_graphs;
};

/// The form-encoded body of a query request: `query=` and the dataset's parameters, in order.
std::string query_form_body(std::string_view query, const Dataset &dataset);

/// `query` with `PREFIX` declarations for every common prefix it does not declare itself,
/// all on one line before the query's first line (so the store's line numbers still match).
std::string with_common_prefixes(std::string_view query);

/// A SELECT or ASK result.
struct QueryResults {
  bool is_boolean = false;
  bool boolean = false;
  std::vector<std::string> vars;
  /// One term per var, nullopt where unbound. Literals: datatype empty for xsd:string.
  std::vector<std::vector<std::optional<rdf::Term>>> rows;
};

/// Reads application/sparql-results+json (nlohmann-json; nesting deeper than 200 levels is an
/// error). Accepts Virtuoso's "typed-literal" type; term values are kept as text, so a count
/// never loses digits.
Result<QueryResults> parse_results_json(std::string_view text);

/// The term of one binding of a SPARQL JSON result (`dt`, `lang`: the members, or nullptr).
Result<rdf::Term> result_term(const std::string &type, const std::string &value,
                              const std::string *dt, const std::string *lang);

/// Receives a SELECT or ASK answer as it is read (SparqlClient::select_stream): head() once the
/// variables are known and before any rows(); rows() in batches; boolean() for ASK.
class ResultsConsumer {
public:
  virtual ~ResultsConsumer() = default;
  virtual void head(const std::vector<std::string> &vars) = 0;
  virtual void rows(const std::vector<std::vector<std::optional<rdf::Term>>> &rows) = 0;
  virtual void boolean(bool value) = 0;
};

/// A SPARQL 1.1 Protocol client: queries go as form-encoded POST (Virtuoso 7.2 never answers a
/// direct POST with application/sparql-query, openlink/virtuoso-opensource#842).
class SparqlClient {
public:
  SparqlClient(std::string endpoint, HttpOptions options);

  /// SELECT or ASK; the query is sent as given (no prefix injection here).
  Result<QueryResults> select(std::string_view query);
  /// SELECT or ASK, the answer read while it arrives and handed on in batches, never held
  /// whole (so not limited by max_response_bytes). On an error, `to` may have had part of it.
  Result<void> select_stream(std::string_view query, ResultsConsumer &to);
  /// CONSTRUCT or DESCRIBE; returns the Turtle text the store sent.
  Result<std::string> construct(std::string_view query);
  /// SELECT (COUNT(*) AS ?n) WHERE { GRAPH <graph> { ?s ?p ?o } }
  Result<std::uint64_t> count_graph(std::string_view graph_iri);
  /// Runs a single-row, single-variable SELECT whose value is a non-negative integer.
  Result<std::uint64_t> count(std::string_view query);

  const std::string &endpoint() const { return endpoint_; }
  /// The dataset sent with every later query (none by default).
  void set_dataset(Dataset dataset) { dataset_ = std::move(dataset); }

private:
  Result<HttpResponse> post(std::string_view query, const char *accept);
  std::string endpoint_;
  HttpClient http_;
  Dataset dataset_;
};

} // namespace factloom::store
