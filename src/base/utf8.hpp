// UTF-8 decoding, encoding and counting: the one copy every stage uses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace factloom::utf8 {

/// Decodes the code point starting at byte `i` into `cp`; returns its length in bytes, or 0
/// when the bytes there are not well-formed UTF-8 (truncated, overlong, a surrogate, or
/// beyond U+10FFFF).
inline std::size_t decode(std::string_view s, std::size_t i, std::uint32_t &cp) {
  if (i >= s.size())
    return 0;
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  std::size_t n = 0;
  std::uint32_t min = 0;
  if ((b & 0xE0U) == 0xC0U) {
    cp = b & 0x1FU;
    n = 2;
    min = 0x80;
  } else if ((b & 0xF0U) == 0xE0U) {
    cp = b & 0x0FU;
    n = 3;
    min = 0x800;
  } else if ((b & 0xF8U) == 0xF0U) {
    cp = b & 0x07U;
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0U) != 0x80U)
      return 0;
    cp = (cp << 6U) | (c & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

/// Appends the UTF-8 encoding of `cp` (which must be a scalar value) to `out`.
inline void encode(std::uint32_t cp, std::string &out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (cp >> 18U));
    out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

/// Whether all of `s` is well-formed UTF-8 (no surrogates, no overlong forms).
inline bool valid(std::string_view s) {
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = decode(s, i, cp);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

/// Characters (code points) in UTF-8 text: every byte but continuation bytes.
inline std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U)
      ++n;
  }
  return n;
}

} // namespace factloom::utf8
