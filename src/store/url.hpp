// libcurl's URL API (CURLU) behind one small owning handle.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <curl/curl.h>

namespace factloom::store {

/// A parsed URL. Parts are read and changed through libcurl, which also writes the URL back.
class Url {
public:
  /// nullopt when libcurl cannot parse `text` as an absolute URL.
  static std::optional<Url> parse(std::string_view text);

  /// The part, or nullopt when the URL has none.
  std::optional<std::string> get(CURLUPart part) const;
  /// Sets (or, with nullopt, removes) a part; false when libcurl refuses the value.
  bool set(CURLUPart part, const std::optional<std::string> &value, unsigned int flags = 0);
  /// The whole URL as libcurl writes it.
  std::string text() const;

private:
  struct Free {
    void operator()(CURLU *u) const noexcept;
  };
  std::unique_ptr<CURLU, Free> handle_;
};

} // namespace factloom::store
