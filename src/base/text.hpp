// Small text helpers shared by the stages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace factloom {

/// The body of a quoted RDF string (Turtle, N-Triples, SPARQL): `"`, `\`, LF, CR and TAB
/// escaped, everything else as it is.
inline std::string escape_quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: out += c;
    }
  }
  return out;
}

/// Characters (code points) in UTF-8 text: every byte but continuation bytes.
inline std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

/// 1234567 → "1,234,567".
inline std::string thousands(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace factloom
