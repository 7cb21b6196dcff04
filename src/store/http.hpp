// A minimal HTTP client over libcurl for the store protocols, and the one-line error messages
// a user sees when a store cannot be reached or says no.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include "base/result.hpp"

namespace factloom::store {

/// Which HTTP authentication schemes may carry the password.
enum class AuthScheme {
  safe,  ///< over https any scheme the server asks for; over plain http never Basic (default)
  basic, ///< Basic only (asked for explicitly: the password travels in clear text over http)
  digest ///< Digest only
};

/// User name and password for HTTP authentication.
struct Credentials {
  std::string user;
  std::string password; ///< never printed, never put into a message
  AuthScheme scheme = AuthScheme::safe;
};

/// Which protocol an endpoint speaks; chooses the "usual paths" hint on a 404.
enum class EndpointKind { graph_store, sparql };

/// Receives a 2xx answer's body piece by piece instead of holding it; false stops the transfer
/// (send() then fails with the sink's own message, see `HttpRequest::sink_error`).
using BodySink = std::function<bool(std::string_view)>;

/// How send() begins its message when a sink stopped the transfer.
inline constexpr std::string_view answer_not_passed_on = "the answer could not be passed on";

struct HttpRequest {
  std::string method = "GET"; ///< GET, POST, PUT, DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body; ///< sent as is (not copied); empty with GET/DELETE
  /// When set, a 2xx body goes here (not limited by max_response_bytes) and
  /// HttpResponse::body stays empty; an error answer's body is still held (and limited).
  BodySink sink;
};

struct HttpResponse {
  long status = 0;
  std::string content_type; ///< as sent, e.g. "application/sparql-results+json; charset=UTF-8"
  std::string body;
};

/// The default limit of an answer held in memory (--max-response): 1 GiB.
inline constexpr std::size_t default_max_response_bytes = std::size_t{1} << 30U;

struct HttpOptions {
  std::optional<Credentials> credentials;
  long connect_timeout_s = 10;
  long timeout_s = 300; ///< whole request; 0 = none
  /// An answer held in memory (not streamed to a sink) larger than this fails the request.
  std::size_t max_response_bytes = default_max_response_bytes;
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
/// collapsed, a leading "HTTP/1.1 500 ..." status line dropped, cut at `max` bytes (UTF-8 safe),
/// control characters escaped (escape_controls). Linear in the size of `body`.
std::string trim_store_message(std::string_view body, std::size_t max = 300);

/// `text` safe for a terminal: C0 controls, DEL, C1 controls (U+0080..U+009F) and bytes that are
/// not UTF-8 written as \x1b, \xc2\x9b and so on (a backslash itself stays as it is).
std::string escape_controls(std::string_view text);

/// True when `url` is an absolute http or https URL (the only schemes a store is asked over).
bool is_http_url(std::string_view url);

/// The Diagnostic for a non-2xx response: 401/403 name the user tried (or say none was),
/// 404 lists the usual endpoint paths for `kind`, anything else quotes the store's message.
Diagnostic status_error(const std::string &url, const HttpResponse &response, EndpointKind kind,
                        const std::optional<Credentials> &credentials);

/// True when a write failed only because it ran into another transaction, so that sending it
/// again can succeed: a deadlock (SQL state 40001, any store), or Virtuoso 7's race on a new
/// language tag or datatype, which it registers in a transaction of its own; two requests that
/// bring the same new tag at once fail one of them with "SR197: Non unique primary key on
/// DB.DBA.RDF_LANGUAGE" (openlink/virtuoso-opensource#1329). The failed request was rolled back.
bool transaction_conflict(const HttpResponse &response);

/// The URL without user:password@ and without the query string, for messages.
std::string display_url(std::string_view url);

/// Percent-encodes everything except RFC 3986 unreserved characters.
std::string url_encode(std::string_view s);

} // namespace factloom::store
