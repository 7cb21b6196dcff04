// Byte offsets ↔ LSP positions (UTF-16 columns), file URIs ↔ paths.
#include "lsp/text.hpp"

#include "base/hex.hpp"

#include <algorithm>
#include <cctype>

namespace factloom::lsp {

namespace {

/// UTF-16 code units of the UTF-8 sequence that starts with `lead` (0 for a continuation byte).
std::uint32_t utf16_units(unsigned char lead) {
  if (lead < 0x80 || (lead >= 0xC0 && lead < 0xF0))
    return 1;
  if (lead >= 0xF0)
    return 2;
  return 0;
}

} // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n')
      starts_.push_back(i + 1);
  }
}

std::size_t LineIndex::line_end(std::size_t line) const {
  std::size_t end = line + 1 < starts_.size() ? starts_[line + 1] - 1 : text_.size();
  if (end > starts_[line] && text_[end - 1] == '\r')
    --end;
  return end;
}

Position LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::size_t>(it - starts_.begin()) - 1;
  std::uint32_t column = 0;
  for (std::size_t i = starts_[line]; i < offset; ++i)
    column += utf16_units(static_cast<unsigned char>(text_[i]));
  return Position{static_cast<std::uint32_t>(line), column};
}

std::size_t LineIndex::offset(Position p) const {
  if (p.line >= starts_.size())
    return text_.size();
  const std::size_t end = line_end(p.line);
  std::size_t i = starts_[p.line];
  std::uint32_t column = 0;
  while (i < end) {
    const std::uint32_t units = utf16_units(static_cast<unsigned char>(text_[i]));
    if (units > 0 && column + units > p.character)
      break;
    column += units;
    ++i;
  }
  while (i < end && utf16_units(static_cast<unsigned char>(text_[i])) == 0)
    ++i; // never inside a sequence
  return i;
}

std::string uri_to_path(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.substr(0, scheme.size()) != scheme)
    return {};
  uri.remove_prefix(scheme.size());
  const std::size_t slash = uri.find('/');
  if (slash == std::string_view::npos)
    return {};
  uri.remove_prefix(slash); // an authority (localhost) is dropped
  std::string path;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size()) {
      const int hi = hex_value(uri[i + 1]);
      const int lo = hex_value(uri[i + 2]);
      if (hi >= 0 && lo >= 0) {
        path += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    path += uri[i];
  }
  return path;
}

std::string path_to_uri(std::string_view path) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || std::string_view("/-._~").find(c) != std::string_view::npos) {
      uri += c;
    } else {
      uri += '%';
      uri += digits[u >> 4U];
      uri += digits[u & 15U];
    }
  }
  return uri;
}

} // namespace factloom::lsp
