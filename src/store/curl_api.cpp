// libcurl through dlopen (see curl_api.hpp).
#include "store/curl_api.hpp"

#include <cstdlib>
#include <string>

#include <dlfcn.h>

namespace factloom::store {

namespace {

/// The file to load: FACTLOOM_LIBCURL when set and not empty, else libcurl.so.4.
std::string library_name() {
  const char *name = std::getenv("FACTLOOM_LIBCURL");
  return name != nullptr && *name != '\0' ? name : "libcurl.so.4";
}

template <class F> void find(void *library, const std::string &file, const char *name, F &out) {
  void *symbol = ::dlsym(library, name);
  if (symbol == nullptr)
    throw CurlUnavailable("cannot use libcurl (" + file + "): it has no function " + name);
  out = reinterpret_cast<F>(symbol); // POSIX: dlsym's pointer converts to a function pointer
}

CurlApi load() {
  const std::string file = library_name();
  // Never closed: libcurl stays loaded until the process ends.
  void *library = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char *reason = ::dlerror();
    throw CurlUnavailable("cannot load libcurl (" + file + "), which the store commands need: " +
                          (reason != nullptr ? reason : "unknown reason") +
                          " (on Debian it comes with the package libcurl4)");
  }
  CurlApi api{};
  try {
    find(library, file, "curl_global_init", api.global_init);
    find(library, file, "curl_easy_init", api.easy_init);
    find(library, file, "curl_easy_cleanup", api.easy_cleanup);
    find(library, file, "curl_easy_reset", api.easy_reset);
    find(library, file, "curl_easy_setopt", api.easy_setopt);
    find(library, file, "curl_easy_getinfo", api.easy_getinfo);
    find(library, file, "curl_easy_perform", api.easy_perform);
    find(library, file, "curl_easy_strerror", api.easy_strerror);
    find(library, file, "curl_easy_escape", api.easy_escape);
    find(library, file, "curl_free", api.free);
    find(library, file, "curl_slist_append", api.slist_append);
    find(library, file, "curl_slist_free_all", api.slist_free_all);
    find(library, file, "curl_url", api.url);
    find(library, file, "curl_url_cleanup", api.url_cleanup);
    find(library, file, "curl_url_get", api.url_get);
    find(library, file, "curl_url_set", api.url_set);
  } catch (...) {
    ::dlclose(library);
    throw;
  }
  return api;
}

} // namespace

const CurlApi &curl() {
  // A static whose initialisation throws is initialised again on the next call.
  static const CurlApi api = load();
  return api;
}

} // namespace factloom::store
