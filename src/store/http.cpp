// libcurl behind one RAII handle: keep-alive, any auth scheme, no "Expect: 100-continue".
#include "store/http.hpp"

#include <cerrno>
#include <cstring>

#include <curl/curl.h>

#include "store/url.hpp"

namespace factloom::store {

namespace {

template <class T, void (*Release)(T *)> struct CRelease {
  void operator()(T *p) const noexcept { Release(p); }
};
template <class T, void (*Release)(T *)> using Owned = std::unique_ptr<T, CRelease<T, Release>>;
using EasyPtr = Owned<CURL, curl_easy_cleanup>;
using SlistPtr = Owned<curl_slist, curl_slist_free_all>;

/// curl_global_init, once; its result every time.
CURLcode global_init() {
  static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
  return rc;
}

std::size_t collect(char *data, std::size_t size, std::size_t count, void *user) noexcept {
  auto *out = static_cast<std::string *>(user);
  try {
    out->append(data, size * count);
    return size * count;
  } catch (...) {
    return 0; // curl reports CURLE_WRITE_ERROR
  }
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
};

HttpClient::HttpClient(HttpOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  impl_->init = global_init();
  if (impl_->init == CURLE_OK)
    impl_->easy.reset(curl_easy_init());
}

HttpClient::~HttpClient() = default;

namespace {

/// Every option of one request; the first setopt that fails is kept (and the rest skipped).
class Options {
public:
  explicit Options(CURL *h) : h_(h) {}
  template <class T> void set(CURLoption option, T value) {
    if (rc_ == CURLE_OK)
      rc_ = curl_easy_setopt(h_, option, value);
  }
  CURLcode result() const { return rc_; }

private:
  CURL *h_;
  CURLcode rc_ = CURLE_OK;
};

} // namespace

CURLcode HttpClient::prepare(const HttpRequest &request, std::string &body, curl_slist *headers) {
  CURL *h = impl_->easy.get();
  Options o(h);
  o.set(CURLOPT_URL, request.url.c_str());
  o.set(CURLOPT_ERRORBUFFER, impl_->error);
  o.set(CURLOPT_NOSIGNAL, 1L);
  o.set(CURLOPT_USERAGENT, "factloom/" FACTLOOM_VERSION);
  o.set(CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_s);
  o.set(CURLOPT_TIMEOUT, options_.timeout_s);
  o.set(CURLOPT_WRITEFUNCTION, collect);
  o.set(CURLOPT_WRITEDATA, &body);
  o.set(CURLOPT_ACCEPT_ENCODING, ""); // whatever curl can decode
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
    o.set(CURLOPT_HTTPAUTH, CURLAUTH_ANY);
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
                    std::string("cannot initialise libcurl: ") + curl_easy_strerror(impl_->init));
  if (impl_->easy == nullptr)
    return io_error(shown, "cannot initialise libcurl: curl_easy_init failed");
  CURL *h = impl_->easy.get();
  curl_easy_reset(h); // keeps the connection cache
  impl_->error[0] = '\0';
  HttpResponse response;
  SlistPtr headers;
  auto add_header = [&](const std::string &line) {
    curl_slist *next = curl_slist_append(headers.get(), line.c_str());
    FL_ASSERT(next != nullptr, "curl_slist_append failed");
    (void)headers.release(); // `next` now owns the old list
    headers.reset(next);
  };
  for (const auto &[name, value] : request.headers)
    add_header(name + ": " + value);
  add_header("Expect:"); // no 100-continue round trip before each chunk
  if (const CURLcode set = prepare(request, response.body, headers.get()); set != CURLE_OK)
    return io_error(shown, std::string("cannot set up the request: ") + curl_easy_strerror(set));
  // The write callback fills `response.body` in place.
  const CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK)
    return transport_error(request, rc);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char *type = nullptr;
  curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
  if (type != nullptr)
    response.content_type = type;
  return response;
}
Diagnostic HttpClient::transport_error(const HttpRequest &request, CURLcode rc) const {
  CURL *h = impl_->easy.get();
  const std::string shown = display_url(request.url);
  {
    long os_errno = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    const std::string where = host_port(request.url);
    std::string detail = impl_->error[0] != '\0' ? impl_->error : curl_easy_strerror(rc);
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
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return io_error(shown, "not a usable http(s) URL: " + detail);
    default: return io_error(shown, request.method + " failed: " + detail);
    }
  }
}

std::string trim_store_message(std::string_view body, std::size_t max) {
  std::string text;
  // Drop <head>...</head> (the title repeats the status line) and <script>/<style> blocks.
  std::string lower(body);
  for (char &c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Only HTML pages lose their tags: a plain-text message may quote IRIs in <...>.
  const std::size_t first = lower.find_first_not_of(" \t\r\n");
  const bool html =
      first != std::string::npos && lower[first] == '<' &&
      (lower.find("<html") != std::string::npos || lower.find("<!doctype") != std::string::npos);
  std::size_t i = 0;
  bool space = false;
  while (i < body.size()) {
    if (html && body[i] == '<') {
      for (std::string_view block : {"head", "script", "style"}) {
        const std::string open = "<" + std::string(block);
        if (lower.compare(i, open.size(), open) == 0) {
          const std::size_t close = lower.find("</" + std::string(block), i);
          if (close != std::string::npos)
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
    const char c = body[i++];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !text.empty())
      text += ' ';
    space = false;
    text += c;
  }
  // Common entities in error pages.
  if (html)
    for (auto [from, to] :
         {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}}) {
      for (std::size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + 1))
        text.replace(p, std::strlen(from), to);
    }
  // "HTTP/1.1 500 Request Failed Error 22023 ..." -> "Error 22023 ..." (we print the status).
  if (text.rfind("HTTP/1.", 0) == 0 || text.rfind("Error HTTP/1.", 0) == 0) {
    const std::size_t code = text.find(' ', text.find("HTTP/1."));
    if (code != std::string::npos) {
      const std::size_t after = text.find_first_not_of("0123456789", code + 1);
      if (after != std::string::npos) {
        // Skip the reason phrase: words up to the next word that starts a sentence of its own
        // is not knowable; drop only known reason phrases.
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
    }
  }
  // Virtuoso repeats the whole query after its message; the message is what matters.
  if (const std::size_t echo = text.find(" SPARQL query: "); echo != std::string::npos)
    text.resize(echo);
  if (text.size() > max) {
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
      --cut;
    text.resize(cut);
    text += "...";
  }
  return text;
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
  char *encoded = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  FL_ASSERT(encoded != nullptr, "curl_easy_escape failed");
  std::string out(encoded);
  curl_free(encoded);
  return out;
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
                             "/repositories/ID/rdf-graphs/service (GraphDB), /store (Oxigraph), "
                             "/blazegraph/namespace/kb/sparql (Blazegraph)");
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
