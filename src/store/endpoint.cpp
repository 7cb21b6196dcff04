// Endpoint URL rules, kept apart so they are easy to test and to extend with another store.
// URLs are taken apart and put together by libcurl's URL API.
#include "store/endpoint.hpp"

#include "store/url.hpp"

namespace factloom::store {

namespace {

/// The query endpoint's path for a Graph Store path (without trailing slashes), or nullopt.
std::optional<std::string> derive_path(std::string_view path) {
  auto replace_tail = [&](std::string_view tail, std::string_view with) {
    return std::string(path.substr(0, path.size() - tail.size())) + std::string(with);
  };
  if (path.ends_with("/sparql-graph-crud-auth"))
    return replace_tail("/sparql-graph-crud-auth", "/sparql-auth");
  if (path.ends_with("/sparql-graph-crud"))
    return replace_tail("/sparql-graph-crud", "/sparql");
  if (path.ends_with("/rdf-graphs/service"))
    return replace_tail("/rdf-graphs/service", "");
  // Oxigraph: http://host:7878/store; Fuseki: http://host:3030/DS/data.
  if (path == "/store")
    return replace_tail("/store", "/query");
  if (path.ends_with("/data") && path.size() > 5)
    return replace_tail("/data", "/sparql");
  return std::nullopt;
}

} // namespace

Result<std::string> graph_url(std::string_view endpoint, std::string_view graph_iri) {
  std::optional<Url> url = Url::parse(endpoint);
  // libcurl writes percent escapes in lower-case hex (RFC 3986: equivalent to upper-case).
  if (!url || !url->set(CURLUPART_QUERY, "graph=" + std::string(graph_iri),
                        CURLU_APPENDQUERY | CURLU_URLENCODE))
    return io_error(display_url(endpoint), "not a usable http(s) URL");
  return url->text();
}

std::optional<std::string> derive_sparql_endpoint(std::string_view endpoint) {
  std::optional<Url> url = Url::parse(endpoint);
  if (!url)
    return std::nullopt;
  std::string path = url->get(CURLUPART_PATH).value_or("/");
  while (path.ends_with("/") && path.size() > 1)
    path.pop_back();
  // Blazegraph: the namespace's own endpoint serves both protocols.
  if (path.ends_with("/namespace/kb/sparql") ||
      (path.find("/namespace/") != std::string::npos && path.ends_with("/sparql"))) {
    url->set(CURLUPART_QUERY, std::nullopt);
    url->set(CURLUPART_FRAGMENT, std::nullopt);
    url->set(CURLUPART_PATH, path);
    return url->text();
  }
  const std::optional<std::string> derived = derive_path(path);
  if (!derived || !url->set(CURLUPART_PATH, *derived))
    return std::nullopt;
  return url->text();
}

} // namespace factloom::store
