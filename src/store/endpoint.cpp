// Endpoint URL rules, kept apart so they are easy to test and to extend with another store.
#include "store/endpoint.hpp"

#include "store/http.hpp"

namespace factloom::store {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

std::string graph_url(std::string_view endpoint, std::string_view graph_iri) {
  std::string url(endpoint);
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += "graph=" + url_encode(graph_iri);
  return url;
}

std::optional<std::string> derive_sparql_endpoint(std::string_view endpoint) {
  const std::size_t q = endpoint.find_first_of("?#");
  std::string_view path = endpoint.substr(0, q);
  const std::string_view query =
      q == std::string_view::npos ? std::string_view{} : endpoint.substr(q);
  while (ends_with(path, "/") && path.size() > 1)
    path.remove_suffix(1);
  auto replace_tail = [&](std::string_view tail, std::string_view with) {
    return std::string(path.substr(0, path.size() - tail.size())) + std::string(with) +
           std::string(query);
  };
  if (ends_with(path, "/sparql-graph-crud-auth"))
    return replace_tail("/sparql-graph-crud-auth", "/sparql-auth");
  if (ends_with(path, "/sparql-graph-crud"))
    return replace_tail("/sparql-graph-crud", "/sparql");
  if (ends_with(path, "/rdf-graphs/service"))
    return replace_tail("/rdf-graphs/service", "");
  if (ends_with(path, "/namespace/kb/sparql") ||
      (path.find("/namespace/") != std::string_view::npos && ends_with(path, "/sparql")))
    return std::string(path);
  // Oxigraph: http://host:7878/store; Fuseki: http://host:3030/DS/data.
  const std::size_t scheme = path.find("://");
  const std::size_t path_start = scheme == std::string_view::npos ? 0 : path.find('/', scheme + 3);
  if (path_start == std::string_view::npos)
    return std::nullopt;
  const std::string_view local = path.substr(path_start);
  if (local == "/store")
    return replace_tail("/store", "/query");
  if (ends_with(path, "/data") && local.size() > 5)
    return replace_tail("/data", "/sparql");
  return std::nullopt;
}

} // namespace factloom::store
