// XPath/SPARQL regular expressions (fn:matches semantics and flags) on top of PCRE2.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace factloom::validate {

/// A compiled XPath regular expression. Flags: s (dot matches all), m (multi-line), i (case
/// insensitive), x (whitespace in the pattern ignored, except in character classes), q (the
/// pattern is a literal string). Matching is a search (unanchored), like fn:matches.
class Regex {
public:
  /// nullopt with `error` set when the pattern or the flags are invalid.
  static std::optional<Regex> compile(std::string_view pattern, std::string_view flags,
                                      std::string &error);
  /// Whether the pattern matches anywhere in `subject` (UTF-8). Not thread-safe (scratch data).
  bool search(std::string_view subject) const;

private:
  struct CodeFree {
    void operator()(pcre2_real_code_8 *p) const noexcept;
  };
  struct DataFree {
    void operator()(pcre2_real_match_data_8 *p) const noexcept;
  };
  std::unique_ptr<pcre2_real_code_8, CodeFree> code_;
  std::unique_ptr<pcre2_real_match_data_8, DataFree> data_;
};

} // namespace factloom::validate
