// libcurl behind one RAII handle: keep-alive, any auth scheme, no "Expect: 100-continue".
#include "store/http.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>

#include <curl/curl.h>

#include "store/curl_api.hpp"
#include "store/url.hpp"

namespace factloom::store {

namespace {

// libcurl is loaded before any of its handles exists, so the releases find it loaded.
struct EasyCleanup {
  void operator()(CURL *h) const noexcept { curl().easy_cleanup(h); }
};
struct SlistFree {
  void operator()(curl_slist *l) const noexcept { curl().slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyCleanup>;
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

/// curl_global_init, once; its result every time.
CURLcode global_init() {
  static const CURLcode rc = curl().global_init(CURL_GLOBAL_DEFAULT);
  return rc;
}

/// Where the write callback puts an answer: held (up to a limit) or handed to a sink.
struct Collector {
  CURL *handle = nullptr;
  std::string *body = nullptr;
  const BodySink *sink = nullptr;
  std::size_t max = 0;
  bool too_large = false;
  bool sink_stopped = false;
};

std::size_t collect(char *data, std::size_t size, std::size_t count, void *user) noexcept {
  auto *out = static_cast<Collector *>(user);
  const std::size_t n = size * count;
  try {
    long status = 0;
    curl().easy_getinfo(out->handle, CURLINFO_RESPONSE_CODE, &status);
    if (out->sink != nullptr && *out->sink && status / 100 == 2) {
      if ((*out->sink)(std::string_view(data, n)))
        return n;
      out->sink_stopped = true;
      return 0;
    }
    if (out->body->size() + n > out->max) {
      out->too_large = true;
      return 0; // curl reports CURLE_WRITE_ERROR
    }
    out->body->append(data, n);
    return n;
  } catch (...) {
    return 0; // curl reports CURLE_WRITE_ERROR
  }
}

/// Keeps the Content-Encoding header: an answer encoded although none was asked for is refused.
std::size_t header_line(char *data, std::size_t size, std::size_t count, void *user) noexcept {
  auto *encoding = static_cast<std::string *>(user);
  const std::string_view line(data, size * count);
  constexpr std::string_view name = "content-encoding:";
  if (line.size() > name.size()) {
    bool match = true;
    for (std::size_t i = 0; i < name.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(line[i])) == name[i];
    if (match) {
      std::string_view value = line.substr(name.size());
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n' ||
                                value.back() == ' ' || value.back() == '\t'))
        value.remove_suffix(1);
      try {
        encoding->assign(value.substr(0, 64));
      } catch (...) {
        return 0;
      }
    }
  }
  return size * count;
}

/// The curl auth bitmask for `scheme` at `url`: Basic only when asked for, or over https.
unsigned long auth_mask(AuthScheme scheme, std::string_view url) {
  switch (scheme) {
  case AuthScheme::basic: return CURLAUTH_BASIC;
  case AuthScheme::digest: return CURLAUTH_DIGEST;
  case AuthScheme::safe: break;
  }
  const std::optional<Url> parsed = Url::parse(url);
  const bool https = parsed && parsed->get(CURLUPART_SCHEME).value_or("") == "https";
  return https ? CURLAUTH_ANY : CURLAUTH_ANYSAFE;
}

/// "host:port" as the URL gives them (the port only when it names one).
std::string host_port(std::string_view url) {
  const std::optional<Url> parsed = Url::parse(url);
  if (!parsed)
    return display_url(url);
  std::string out = parsed->get(CURLUPART_HOST).value_or("");
  if (const auto port = parsed->get(CURLUPART_PORT))
    out += ":" + *port;
  return out;
}

} // namespace

struct HttpClient::Impl {
  CURLcode init = CURLE_OK; ///< curl_global_init's result
  EasyPtr easy;
  char error[CURL_ERROR_SIZE] = {};
  Collector collector;
  std::string encoding; ///< Content-Encoding of the last answer
};

HttpClient::HttpClient(HttpOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  impl_->init = global_init();
  if (impl_->init == CURLE_OK)
    impl_->easy.reset(curl().easy_init());
}

HttpClient::~HttpClient() = default;

namespace {

/// Every option of one request; the first setopt that fails is kept (and the rest skipped).
class Options {
public:
  explicit Options(CURL *h) : h_(h) {}
  template <class T> void set(CURLoption option, T value) {
    if (rc_ == CURLE_OK)
      rc_ = curl().easy_setopt(h_, option, value);
  }
  CURLcode result() const { return rc_; }

private:
  CURL *h_;
  CURLcode rc_ = CURLE_OK;
};

} // namespace

CURLcode HttpClient::prepare(const HttpRequest &request, std::string &body, curl_slist *headers) {
  CURL *h = impl_->easy.get();
  impl_->collector = Collector{h, &body, &request.sink, options_.max_response_bytes, false, false};
  impl_->encoding.clear();
  Options o(h);
  o.set(CURLOPT_URL, request.url.c_str());
  // Only http and https, also for redirects (which are not followed anyway).
  o.set(CURLOPT_PROTOCOLS_STR, "http,https");
  o.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  o.set(CURLOPT_ERRORBUFFER, impl_->error);
  o.set(CURLOPT_NOSIGNAL, 1L);
  o.set(CURLOPT_USERAGENT, "factloom/" FACTLOOM_VERSION);
  o.set(CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
  o.set(CURLOPT_TIMEOUT, options_.timeout_s);
  o.set(CURLOPT_WRITEFUNCTION, collect);
  o.set(CURLOPT_WRITEDATA, &impl_->collector);
  o.set(CURLOPT_HEADERFUNCTION, header_line);
  o.set(CURLOPT_HEADERDATA, &impl_->encoding);
  // No Accept-Encoding and no decoding: an answer is as large in memory as on the wire.
  o.set(CURLOPT_HTTP_CONTENT_DECODING, 0L);
  if (request.method == "GET") {
    o.set(CURLOPT_HTTPGET, 1L);
  } else {
    o.set(CURLOPT_POST, 1L);
    o.set(CURLOPT_POSTFIELDS, request.body.data());
    o.set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST")
      o.set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (options_.credentials) {
    o.set(CURLOPT_HTTPAUTH, auth_mask(options_.credentials->scheme, request.url));
    o.set(CURLOPT_USERNAME, options_.credentials->user.c_str());
    o.set(CURLOPT_PASSWORD, options_.credentials->password.c_str());
  }
  o.set(CURLOPT_HTTPHEADER, headers);
  return o.result();
}

Result<HttpResponse> HttpClient::send(const HttpRequest &request) {
  const std::string shown = display_url(request.url);
  if (impl_->init != CURLE_OK)
    return io_error(shown,
                    std::string("cannot initialise libcurl: ") + curl().easy_strerror(impl_->init));
  if (impl_->easy == nullptr)
    return io_error(shown, "cannot initialise libcurl: curl_easy_init failed");
  CURL *h = impl_->easy.get();
  curl().easy_reset(h); // keeps the connection cache
  impl_->error[0] = '\0';
  HttpResponse response;
  SlistPtr headers;
  auto add_header = [&](const std::string &line) {
    curl_slist *next = curl().slist_append(headers.get(), line.c_str());
    FL_ASSERT(next != nullptr, "curl_slist_append failed");
    (void)headers.release(); // `next` now owns the old list
    headers.reset(next);
  };
  for (const auto &[name, value] : request.headers)
    add_header(name + ": " + value);
  add_header("Expect:"); // no 100-continue round trip before each chunk
  if (const CURLcode set = prepare(request, response.body, headers.get()); set != CURLE_OK)
    return io_error(shown, std::string("cannot set up the request: ") + curl().easy_strerror(set));
  // The write callback fills `response.body` in place.
  const CURLcode rc = curl().easy_perform(h);
  if (impl_->collector.too_large)
    return io_error(shown, "the answer is larger than " +
                               std::to_string(options_.max_response_bytes >> 20U) +
                               " MiB, the limit for an answer held in memory (--max-response MIB "
                               "raises it)");
  if (impl_->collector.sink_stopped)
    return io_error(shown, std::string(answer_not_passed_on) + " (the reader stopped)");
  if (rc != CURLE_OK)
    return transport_error(request, rc);
  curl().easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  if (!impl_->encoding.empty() && impl_->encoding != "identity")
    return io_error(shown, "the store sent an answer with Content-Encoding '" +
                               escape_controls(impl_->encoding) +
                               "', which factloom did not ask for and does not decode");
  char *type = nullptr;
  curl().easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
  if (type != nullptr)
    response.content_type = type;
  return response;
}
Diagnostic HttpClient::transport_error(const HttpRequest &request, CURLcode rc) const {
  CURL *h = impl_->easy.get();
  const std::string shown = display_url(request.url);
  {
    long os_errno = 0;
    curl().easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    const std::string where = host_port(request.url);
    const std::string detail =
        escape_controls(impl_->error[0] != '\0' ? impl_->error : curl().easy_strerror(rc));
    switch (rc) {
    case CURLE_COULDNT_CONNECT:
      if (os_errno == ECONNREFUSED)
        return io_error(shown, "cannot connect to " + where +
                                   ": connection refused (is the store running on that port?)");
      return io_error(shown,
                      "cannot connect to " + where + ": " +
                          (os_errno != 0 ? std::strerror(static_cast<int>(os_errno)) : detail));
    case CURLE_COULDNT_RESOLVE_HOST:
      return io_error(shown, "cannot resolve host '" + where.substr(0, where.rfind(':')) +
                                 "' (DNS lookup failed; check the host name)");
    case CURLE_OPERATION_TIMEDOUT:
      return io_error(shown, "timeout: no complete answer from " + where + " within " +
                                 std::to_string(options_.timeout_s) + " s (--timeout raises it)");
    case CURLE_URL_MALFORMAT: return io_error(shown, "not a usable http(s) URL: " + detail);
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_WEIRD_SERVER_REPLY:
      if (is_http_url(request.url))
        return io_error(shown,
                        "the server at " + where +
                            " did not answer in HTTP (is this the store's HTTP port?): " + detail);
      return io_error(shown, "not a usable http(s) URL: only http and https are allowed");
    default: return io_error(shown, request.method + " failed: " + detail);
    }
  }
}

namespace {

/// Length of the UTF-8 sequence at `s[i]` that is valid and not a C1 control; 0 otherwise.
std::size_t printable_sequence(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  if (b >= 0x20U && b < 0x7fU)
    return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80U;
  unsigned char hi = 0xbfU;
  if (b >= 0xc2U && b <= 0xdfU) {
    n = 2;
    if (b == 0xc2U)
      lo = 0xa0U; // U+0080..U+009F are C1 controls
  } else if (b >= 0xe0U && b <= 0xefU) {
    n = 3;
    lo = b == 0xe0U ? 0xa0U : 0x80U;
    hi = b == 0xedU ? 0x9fU : 0xbfU; // no surrogates
  } else if (b >= 0xf0U && b <= 0xf4U) {
    n = 4;
    lo = b == 0xf0U ? 0x90U : 0x80U;
    hi = b == 0xf4U ? 0x8fU : 0xbfU;
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi)
    return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80U || byte(i + k) > 0xbfU)
      return 0;
  }
  return n;
}

/// The entity at `body[i]` ('&') among the common ones of error pages: its text and length.
std::optional<std::pair<char, std::size_t>> entity_at(std::string_view body, std::size_t i) {
  for (auto [name, c] : {std::pair{std::string_view("&lt;"), '<'},
                         {std::string_view("&gt;"), '>'},
                         {std::string_view("&quot;"), '"'},
                         {std::string_view("&amp;"), '&'}}) {
    if (body.compare(i, name.size(), name) == 0)
      return std::pair{c, name.size()};
  }
  return std::nullopt;
}

bool starts_with_nocase(std::string_view s, std::size_t i, std::string_view prefix) {
  if (s.size() - i < prefix.size())
    return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(s[i + k])) != prefix[k])
      return false;
  }
  return true;
}

/// Finds "</name" (any case) from `from`; each block kind keeps where it last looked, so a page
/// of many unclosed "<head" costs one scan, not one per tag.
class CloseFinder {
public:
  explicit CloseFinder(std::string_view body) : body_(body) {}
  std::size_t find(std::size_t kind, std::string_view close, std::size_t from) {
    Cached &c = cache_[kind];
    if (c.found != std::string_view::npos && c.found >= from)
      return c.found;
    if (c.exhausted)
      return std::string_view::npos;
    for (std::size_t i = std::max(from, c.scanned); i < body_.size(); ++i) {
      if (body_[i] == '<' && starts_with_nocase(body_, i, close)) {
        c.found = i;
        c.scanned = i + 1;
        return i;
      }
    }
    c.exhausted = true;
    return std::string_view::npos;
  }

private:
  struct Cached {
    std::size_t found = std::string_view::npos;
    std::size_t scanned = 0;
    bool exhausted = false;
  };
  std::string_view body_;
  Cached cache_[3];
};

/// The page as one line: tags (HTML only) and blocks dropped, entities decoded, whitespace
/// collapsed; stops once `limit` bytes are written.
std::string page_text(std::string_view body, std::size_t limit) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  bool html = false;
  if (first != std::string_view::npos && body[first] == '<') {
    const std::string_view head = body.substr(first, 1024);
    for (std::size_t i = 0; i < head.size() && !html; ++i)
      html = starts_with_nocase(head, i, "<html") || starts_with_nocase(head, i, "<!doctype");
  }
  static constexpr std::string_view blocks[] = {"head", "script", "style"};
  static constexpr std::string_view closes[] = {"</head", "</script", "</style"};
  CloseFinder closer(body);
  std::string text;
  std::size_t i = 0;
  bool space = false;
  auto put = [&](char c) {
    if (space && !text.empty())
      text += ' ';
    space = false;
    text += c;
  };
  while (i < body.size() && text.size() < limit) {
    if (html && body[i] == '<') {
      for (std::size_t k = 0; k < 3; ++k) {
        if (starts_with_nocase(body, i + 1, blocks[k])) {
          const std::size_t close = closer.find(k, closes[k], i + 1);
          if (close != std::string_view::npos)
            i = close;
          break;
        }
      }
      const std::size_t end = body.find('>', i);
      if (end == std::string_view::npos)
        break;
      i = end + 1;
      space = true;
      continue;
    }
    if (html && body[i] == '&') {
      if (const auto entity = entity_at(body, i)) {
        put(entity->first);
        i += entity->second;
        continue;
      }
    }
    const char c = body[i++];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
      space = true;
    else
      put(c);
  }
  return text;
}

/// "HTTP/1.1 500 Request Failed Error 22023 ..." -> "Error 22023 ..." (the status is printed).
void drop_status_line(std::string &text) {
  if (text.rfind("HTTP/1.", 0) != 0 && text.rfind("Error HTTP/1.", 0) != 0)
    return;
  const std::size_t code = text.find(' ', text.find("HTTP/1."));
  if (code == std::string::npos)
    return;
  const std::size_t after = text.find_first_not_of("0123456789", code + 1);
  if (after == std::string::npos)
    return;
  // Only known reason phrases are dropped: where another one ends is not knowable.
  static constexpr std::string_view reasons[] = {
      " Request Failed", " File not found", " Not Found", " Internal Server Error",
      " Bad Request",    " Unauthorized",   " Forbidden"};
  std::size_t cut = after;
  for (std::string_view r : reasons) {
    if (text.compare(after, r.size(), r) == 0)
      cut = after + r.size();
  }
  text.erase(0, std::min(text.size(), cut + 1));
}

} // namespace

std::string escape_controls(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t n = printable_sequence(text, i); n > 0) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    const auto b = static_cast<unsigned char>(text[i++]);
    out += "\\x";
    out += hex[b >> 4U];
    out += hex[b & 0xfU];
  }
  return out;
}

bool is_http_url(std::string_view url) {
  const std::optional<Url> parsed = Url::parse(url);
  if (!parsed)
    return false;
  const std::string scheme = parsed->get(CURLUPART_SCHEME).value_or("");
  return scheme == "http" || scheme == "https";
}

std::string trim_store_message(std::string_view body, std::size_t max) {
  // A little more than `max`: the status line and the query echo may still be cut off.
  std::string text = page_text(body, max + 512);
  drop_status_line(text);
  // Virtuoso repeats the whole query after its message; the message is what matters.
  if (const std::size_t echo = text.find(" SPARQL query: "); echo != std::string::npos)
    text.resize(echo);
  bool cut_off = false;
  if (text.size() > max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
      --cut;
    text.resize(cut);
    cut_off = true;
  }
  std::string out = escape_controls(text);
  if (cut_off)
    out += "...";
  return out;
}

std::string display_url(std::string_view url) {
  if (std::optional<Url> parsed = Url::parse(url)) {
    parsed->set(CURLUPART_USER, std::nullopt);
    parsed->set(CURLUPART_PASSWORD, std::nullopt);
    parsed->set(CURLUPART_OPTIONS, std::nullopt);
    parsed->set(CURLUPART_QUERY, std::nullopt);
    parsed->set(CURLUPART_FRAGMENT, std::nullopt);
    return parsed->text();
  }
  // Not a URL libcurl can parse: up to the query, without anything that may be credentials.
  std::string out(url.substr(0, url.find_first_of("?#")));
  if (const std::size_t at = out.rfind('@'); at != std::string::npos)
    out.erase(0, at + 1);
  return out;
}

std::string url_encode(std::string_view s) {
  char *encoded = curl().easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  FL_ASSERT(encoded != nullptr, "curl_easy_escape failed");
  std::string out(encoded);
  curl().free(encoded);
  return out;
}

bool transaction_conflict(const HttpResponse &response) {
  if (response.status < 500)
    return false;
  const std::string_view body = response.body;
  auto has = [&](std::string_view what) { return body.find(what) != std::string_view::npos; };
  if (has("40001"))
    return true;
  return (has("SR197") || has("SR175")) && (has("RDF_LANGUAGE") || has("RDF_DATATYPE"));
}

Diagnostic status_error(const std::string &url, const HttpResponse &response, EndpointKind kind,
                        const std::optional<Credentials> &credentials) {
  const std::string shown = display_url(url);
  const std::string code = std::to_string(response.status);
  if (response.status == 401 || response.status == 403) {
    const std::string what = response.status == 401 ? "401 Unauthorized" : "403 Forbidden";
    if (credentials)
      return io_error(shown, what + ": the store rejected user '" + credentials->user +
                                 "' (check the password in --password-env and the user's rights)");
    return io_error(shown, what + ": the store wants credentials; none were sent (use --user NAME "
                                  "--password-env VAR)");
  }
  // A wrong path answers 404, or 405/501 when the server has the path but not the method
  // (Virtuoso answers a PUT to an unknown path with 501).
  if (response.status == 404 || response.status == 405 || response.status == 501) {
    const std::string what = code + (response.status == 404   ? " Not Found"
                                     : response.status == 405 ? " Method Not Allowed"
                                                              : " Not Implemented");
    if (kind == EndpointKind::graph_store)
      return io_error(shown,
                      what + ": no Graph Store endpoint at this path; usual ones: "
                             "/sparql-graph-crud (Virtuoso), /DATASET/data (Fuseki), "
                             "/repositories/ID/rdf-graphs/service (GraphDB), /store (Oxigraph); "
                             "Blazegraph has none");
    return io_error(shown, what +
                               ": no SPARQL endpoint at this path; usual ones: /sparql "
                               "(Virtuoso), /DATASET/sparql (Fuseki), /repositories/ID (GraphDB), "
                               "/query (Oxigraph), /blazegraph/namespace/kb/sparql (Blazegraph)");
  }
  std::string message = trim_store_message(response.body);
  return io_error(shown, "the store answered " + code +
                             (message.empty() ? std::string(" with no message") : ": " + message));
}

} // namespace factloom::store
