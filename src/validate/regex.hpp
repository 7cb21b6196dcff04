// XPath/SPARQL regular expressions (fn:matches semantics and flags) on top of PCRE2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;
struct pcre2_real_jit_stack_8;

namespace factloom::validate {

/// A compiled XPath regular expression. Flags: s (dot matches all), m (multi-line), i (case
/// insensitive), x (whitespace in the pattern ignored, except in character classes), q (the
/// pattern is a literal string). Matching is a search (unanchored), like fn:matches.
class Regex {
public:
  /// nullopt with `error` set when the pattern or the flags are invalid.
  static std::optional<Regex> compile(std::string_view pattern, std::string_view flags,
                                      std::string &error);
  /// Whether the pattern matches anywhere in `subject` (UTF-8); nullopt with `error` set when
  /// PCRE2 could not tell (match_limit or depth_limit reached, `subject` not valid UTF-8): never
  /// a guess either way. Not thread-safe (scratch data).
  std::optional<bool> search(std::string_view subject, std::string &error) const;

  /// PCRE2's match limit (calls of its internal match function per subject) and depth limit
  /// (backtracking depth; heap memory in KiB with PCRE2 10.30 and later: depth_limit * ~100
  /// bytes). Patterns are JIT-compiled where PCRE2 supports it (the JIT obeys match_limit).
  static constexpr std::uint32_t match_limit = 10'000'000;
  static constexpr std::uint32_t depth_limit = 100'000;
  /// The JIT's stack grows up to this many bytes (PCRE2's default is 32 KiB).
  static constexpr std::size_t jit_stack_max = 8U << 20U;

private:
  struct CodeFree {
    void operator()(pcre2_real_code_8 *p) const noexcept;
  };
  struct DataFree {
    void operator()(pcre2_real_match_data_8 *p) const noexcept;
  };
  struct ContextFree {
    void operator()(pcre2_real_match_context_8 *p) const noexcept;
  };
  struct StackFree {
    void operator()(pcre2_real_jit_stack_8 *p) const noexcept;
  };
  std::unique_ptr<pcre2_real_code_8, CodeFree> code_;
  std::unique_ptr<pcre2_real_match_data_8, DataFree> data_;
  std::unique_ptr<pcre2_real_jit_stack_8, StackFree> jit_stack_;
  std::unique_ptr<pcre2_real_match_context_8, ContextFree> context_;
};

} // namespace factloom::validate
