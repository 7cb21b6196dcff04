// Small text helpers shared by the stages.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace factloom {

/// A hash of strings that looks up by string_view with no string made: the hash of an
/// unordered container keyed by std::string, with std::equal_to<> as its equality.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

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
