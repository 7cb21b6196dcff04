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
