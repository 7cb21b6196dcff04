// libcurl, loaded when a store command first needs it (dlopen) instead of when factloom starts:
// the 29 libraries it brings (TLS, LDAP, SSH, compression) cost every command 4 to 5 ms at start
// and 4 MiB of resident memory, and only the store commands use them. The declarations (types,
// constants) are curl.h's; the functions are found by name in libcurl.so.4, the library Debian's
// libcurl4 installs (FACTLOOM_LIBCURL names another file, such as libcurl-gnutls.so.4).
#pragma once

#include <stdexcept>

#include <curl/curl.h>

namespace factloom::store {

/// The libcurl functions factloom calls.
struct CurlApi {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_reset) easy_reset;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_perform) easy_perform;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_easy_escape) easy_escape;
  decltype(&curl_free) free;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
  decltype(&curl_url) url;
  decltype(&curl_url_cleanup) url_cleanup;
  decltype(&curl_url_get) url_get;
  decltype(&curl_url_set) url_set;
};

/// libcurl cannot be loaded: what() names the file and the loader's reason.
class CurlUnavailable : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// libcurl's functions, loaded on the first call (from any thread); throws CurlUnavailable
/// when the library or one of its functions cannot be found (the next call tries again). The
/// store commands make that call on the main thread before any request or thread of theirs:
/// their option checks parse the endpoints' URLs (cli/store_options.cpp), and main() turns the
/// exception into exit status 3.
const CurlApi &curl();

} // namespace factloom::store
