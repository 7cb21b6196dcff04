// A minimal HTTP client over libcurl for the store protocols, and the one-line error messages
// a user sees when a store cannot be reached or says no.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include "base/result.hpp"

namespace factloom::store {

/// User name and password for HTTP authentication (Basic or Digest, as the server asks).
struct Credentials {
  std::string user;
  std::string password; ///< never printed, never put into a message
};

/// Which protocol an endpoint speaks; chooses the "usual paths" hint on a 404.
enum class EndpointKind { graph_store, sparql };

struct HttpRequest {
  std::string method = "GET"; ///< GET, POST, PUT, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body; ///< sent as is (not copied); empty with GET/DELETE
};

struct HttpResponse {
  long status = 0;
  std::string content_type; ///< as sent, e.g. "application/sparql-results+json; charset=UTF-8"
  std::string body;
};

struct HttpOptions {
  std::optional<Credentials> credentials;
  long connect_timeout_s = 10;
  long timeout_s = 300; ///< whole request; 0 = none
};

/// One reusable connection (keep-alive) to one or more URLs. Not thread-safe; one per thread.
class HttpClient {
public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient &) = delete;
  HttpClient &operator=(const HttpClient &) = delete;

  /// Sends a request and returns the response, whatever its status. Transport failures
  /// (refused, DNS, timeout, TLS) become a one-line Diagnostic whose origin is the URL.
  Result<HttpResponse> send(const HttpRequest &request);

  const HttpOptions &options() const { return options_; }

private:
  struct Impl;
  /// Every option of `request` on the handle; the first failing setopt's code.
  CURLcode prepare(const HttpRequest &request, std::string &body, curl_slist *headers);
  Diagnostic transport_error(const HttpRequest &request, CURLcode code) const;
  std::unique_ptr<Impl> impl_;
  HttpOptions options_;
};

/// Text of a store's error page as one trimmed line: HTML tags and head removed, whitespace
/// collapsed, a leading "HTTP/1.1 500 ..." status line dropped, cut at `max` bytes (UTF-8 safe).
std::string trim_store_message(std::string_view body, std::size_t max = 300);

/// The Diagnostic for a non-2xx response: 401/403 name the user tried (or say none was),
/// 404 lists the usual endpoint paths for `kind`, anything else quotes the store's message.
Diagnostic status_error(const std::string &url, const HttpResponse &response, EndpointKind kind,
                        const std::optional<Credentials> &credentials);

/// The URL without user:password@ and without the query string, for messages.
std::string display_url(std::string_view url);

/// Percent-encodes everything except RFC 3986 unreserved characters.
std::string url_encode(std::string_view s);

} // namespace factloom::store
