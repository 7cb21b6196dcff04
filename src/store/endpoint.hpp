// Endpoint URLs: the Graph Store URL of a graph, and the SPARQL endpoint next to a Graph Store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "store/http.hpp"

namespace factloom::store {

/// `endpoint` with `graph=<IRI>` added to its query string (indirect graph identification);
/// an error when `endpoint` is not a URL libcurl can parse.
Result<std::string> graph_url(std::string_view endpoint, std::string_view graph_iri);

/// The query endpoint that goes with a Graph Store endpoint, for the common stores:
/// Virtuoso .../sparql-graph-crud[-auth] -> .../sparql[-auth]; Fuseki /DS/data -> /DS/sparql;
/// GraphDB /repositories/ID/rdf-graphs/service -> /repositories/ID; Oxigraph /store -> /query;
/// Blazegraph .../namespace/NS/sparql -> itself. nullopt when the path is none of these.
std::optional<std::string> derive_sparql_endpoint(std::string_view graph_store_endpoint);

} // namespace factloom::store
