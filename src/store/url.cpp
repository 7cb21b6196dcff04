// CURLU wrapper.
#include "store/url.hpp"

#include "base/check.hpp"
#include "store/curl_api.hpp"

namespace factloom::store {

void Url::Free::operator()(CURLU *u) const noexcept { curl().url_cleanup(u); }

std::optional<Url> Url::parse(std::string_view text) {
  Url url;
  url.handle_.reset(curl().url());
  if (url.handle_ == nullptr)
    return std::nullopt;
  const std::string copy(text);
  if (curl().url_set(url.handle_.get(), CURLUPART_URL, copy.c_str(), 0) != CURLUE_OK)
    return std::nullopt;
  return url;
}

std::optional<std::string> Url::get(CURLUPart part) const {
  char *value = nullptr;
  if (curl().url_get(handle_.get(), part, &value, 0) != CURLUE_OK || value == nullptr)
    return std::nullopt;
  std::string out(value);
  curl().free(value);
  return out;
}

bool Url::set(CURLUPart part, const std::optional<std::string> &value, unsigned int flags) {
  return curl().url_set(handle_.get(), part, value ? value->c_str() : nullptr, flags) == CURLUE_OK;
}

std::string Url::text() const {
  std::optional<std::string> url = get(CURLUPART_URL);
  FL_ASSERT(url.has_value(), "a parsed URL has a text");
  return *url;
}

} // namespace factloom::store
