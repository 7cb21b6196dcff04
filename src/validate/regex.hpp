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

public:
  /// What one search needs besides the pattern (match data, JIT stack, limits): one per thread
  /// lets several threads search with the same Regex at once.
  class Scratch {
    friend class Regex;
    std::unique_ptr<pcre2_real_match_data_8, DataFree> data_;
    std::unique_ptr<pcre2_real_jit_stack_8, StackFree> jit_stack_;
    std::unique_ptr<pcre2_real_match_context_8, ContextFree> context_;
  };

  /// nullopt with `error` set when the pattern or the flags are invalid.
  static std::optional<Regex> compile(std::string_view pattern, std::string_view flags,
                                      std::string &error);
  /// Whether the pattern matches anywhere in `subject` (UTF-8); nullopt with `error` set when
  /// PCRE2 could not tell (match_limit or depth_limit reached, `subject` not valid UTF-8): never
  /// a guess either way. Not thread-safe (the Regex's own scratch data).
  std::optional<bool> search(std::string_view subject, std::string &error) const {
    return search(subject, error, scratch_);
  }
  /// The same with `scratch` (from scratch()): thread-safe when each thread has its own.
  std::optional<bool> search(std::string_view subject, std::string &error, Scratch &scratch) const;
  /// New scratch data for this pattern.
  Scratch scratch() const;

  /// PCRE2's match limit (calls of its internal match function per subject) and depth limit
  /// (backtracking depth; heap memory in KiB with PCRE2 10.30 and later: depth_limit * ~100
  /// bytes). Patterns are JIT-compiled where PCRE2 supports it (the JIT obeys match_limit).
  static constexpr std::uint32_t match_limit = 10'000'000;
  static constexpr std::uint32_t depth_limit = 100'000;
  /// The JIT's stack grows up to this many bytes (PCRE2's default is 32 KiB).
  static constexpr std::size_t jit_stack_max = 8U << 20U;

private:
  std::unique_ptr<pcre2_real_code_8, CodeFree> code_;
  bool jit_ = false;
  mutable Scratch scratch_;
};

} // namespace factloom::validate
