// Small text helpers shared by the stages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace factloom {

/// The body of a quoted RDF string (Turtle, N-Triples, SPARQL): `"`, `\`, LF, CR and TAB
/// escaped, everything else as it is.
inline void append_escaped_quoted(std::string &out, std::string_view s) {
  std::size_t plain = 0; // start of the run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char *escape = nullptr;
    switch (s[i]) {
    case '"': escape = "\\\""; break;
    case '\\': escape = "\\\\"; break;
    case '\n': escape = "\\n"; break;
    case '\r': escape = "\\r"; break;
    case '\t': escape = "\\t"; break;
    default: continue;
    }
    out.append(s.substr(plain, i - plain));
    out += escape;
    plain = i + 1;
  }
  out.append(s.substr(plain));
}

inline std::string escape_quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_escaped_quoted(out, s);
  return out;
}

/// Characters (code points) in UTF-8 text: every byte but continuation bytes.
inline std::size_t code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U)
      ++n;
  }
  return n;
}

/// 1234567 → "1,234,567".
inline std::string thousands(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

} // namespace factloom
