// SPARQL 1.1 Protocol pieces: query forms, prefix injection, the JSON results model, a client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "store/http.hpp"
#include "store/json.hpp"

namespace factloom::store {

/// A namespace prefix, as in the ontology ("fl", "https://w3id.org/factloom/ns#").
struct Namespace {
  std::string name;
  std::string iri;
};

/// The prefixes factloom declares for queries and uses to shorten IRIs in tables:
/// fl, rdf, rdfs, xsd, schema, prov, org, skos, owl, time.
const std::vector<Namespace> &common_prefixes();

enum class QueryForm { select, ask, construct, describe, unknown };

/// What the prologue of a query says: its form and the prefixes it declares.
struct QueryInfo {
  QueryForm form = QueryForm::unknown;
  std::vector<Namespace> prefixes; ///< declared by the query itself, in order
};

/// Reads the prologue (comments, BASE, PREFIX) and the first keyword of `query`.
QueryInfo inspect_query(std::string_view query);

/// `query` with `PREFIX` declarations for every common prefix it does not declare itself,
/// all on one line before the query's first line (so the store's line numbers still match).
std::string with_common_prefixes(std::string_view query);

/// One RDF term of a result row.
struct RdfTerm {
  enum class Kind { unbound, iri, blank, literal };
  Kind kind = Kind::unbound;
  std::string value;    ///< IRI, blank label, or lexical form
  std::string datatype; ///< literals: datatype IRI; empty for simple and language strings
  std::string lang;     ///< literals: language tag (as the store sent it)
};

/// A SELECT or ASK result.
struct QueryResults {
  bool is_boolean = false;
  bool boolean = false;
  std::vector<std::string> vars;
  std::vector<std::vector<RdfTerm>> rows; ///< one term per var, unbound where missing
};

/// Reads application/sparql-results+json. Accepts Virtuoso's "typed-literal" type.
Result<QueryResults> parse_results_json(std::string_view text);

/// A SPARQL 1.1 Protocol client: queries go as form-encoded POST (Virtuoso 7.2 never answers a
/// direct POST with application/sparql-query, openlink/virtuoso-opensource#842).
class SparqlClient {
public:
  SparqlClient(std::string endpoint, HttpOptions options);

  /// SELECT or ASK; the query is sent as given (no prefix injection here).
  Result<QueryResults> select(std::string_view query);
  /// CONSTRUCT or DESCRIBE; returns the Turtle text the store sent.
  Result<std::string> construct(std::string_view query);
  /// SELECT (COUNT(*) AS ?n) WHERE { GRAPH <graph> { ?s ?p ?o } }
  Result<std::uint64_t> count_graph(std::string_view graph_iri);
  /// Runs a single-row, single-variable SELECT whose value is a non-negative integer.
  Result<std::uint64_t> count(std::string_view query);

  const std::string &endpoint() const { return endpoint_; }

private:
  Result<HttpResponse> post(std::string_view query, const char *accept);
  std::string endpoint_;
  HttpClient http_;
};

/// `<iri>` with the characters N-Triples forbids in IRIs written as \u escapes.
std::string ntriples_iri(std::string_view iri);
/// `"lexical"` with N-Triples string escapes, followed by @lang or ^^<datatype>.
std::string ntriples_literal(std::string_view lexical, std::string_view datatype,
                             std::string_view lang);
/// The same, appended to `out` (no allocation per term when writing chunks).
void append_ntriples_iri(std::string &out, std::string_view iri);
void append_ntriples_literal(std::string &out, std::string_view lexical, std::string_view datatype,
                             std::string_view lang);

} // namespace factloom::store
