// PCRE2 behind the XPath regex interface: flag translation and the few syntax differences.
#include "validate/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace factloom::validate {

void Regex::CodeFree::operator()(pcre2_real_code_8 *p) const noexcept { pcre2_code_free(p); }
void Regex::DataFree::operator()(pcre2_real_match_data_8 *p) const noexcept {
  pcre2_match_data_free(p);
}
void Regex::ContextFree::operator()(pcre2_real_match_context_8 *p) const noexcept {
  pcre2_match_context_free(p);
}
void Regex::StackFree::operator()(pcre2_real_jit_stack_8 *p) const noexcept {
  pcre2_jit_stack_free(p);
}

namespace {

/// XPath-only escapes become PCRE classes: \i and \c (XML name characters, approximated by
/// Unicode categories) and their complements; the 'x' flag drops whitespace outside classes.
std::string translate(std::string_view p, bool strip_space) {
  static constexpr std::string_view name_start = "\\p{L}\\p{Nl}_:";
  static constexpr std::string_view name_char =
      "\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}_:.\\-\\x{B7}";
  std::string out;
  out.reserve(p.size() + 8);
  int depth = 0; // inside [...]
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char e = p[i + 1];
      ++i;
      std::string_view set;
      bool negated = false;
      if (e == 'i' || e == 'I')
        set = name_start, negated = e == 'I';
      if (e == 'c' || e == 'C')
        set = name_char, negated = e == 'C';
      if (set.empty()) {
        out += '\\';
        out += e;
      } else if (depth > 0 && !negated) {
        out += set;
      } else {
        out += negated ? "[^" : "[";
        out += set;
        out += ']';
      }
      continue;
    }
    if (c == '[')
      ++depth;
    if (c == ']' && depth > 0)
      --depth;
    if (strip_space && depth == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
      continue;
    out += c;
  }
  return out;
}

} // namespace

std::optional<Regex> Regex::compile(std::string_view pattern, std::string_view flags,
                                    std::string &error) {
  std::uint32_t options = PCRE2_UTF | PCRE2_DOLLAR_ENDONLY;
  bool literal = false;
  bool strip = false;
  for (char f : flags) {
    switch (f) {
    case 's': options |= PCRE2_DOTALL; break;
    case 'm': options |= PCRE2_MULTILINE; break;
    case 'i': options |= PCRE2_CASELESS; break;
    case 'x': strip = true; break;
    case 'q': literal = true; break;
    default:
      error = std::string("unknown regular expression flag '") + f + "'";
      return std::nullopt;
    }
  }
  std::string text;
  if (literal) {
    options = PCRE2_UTF | PCRE2_LITERAL | (options & PCRE2_CASELESS);
    text.assign(pattern);
  } else {
    options |= PCRE2_UCP;
    text = translate(pattern, strip);
  }
  pcre2_compile_context *context = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(context, PCRE2_NEWLINE_ANYCRLF);
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code *compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                                       options, &code, &offset, context);
  pcre2_compile_context_free(context);
  if (compiled == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(code, buffer, sizeof buffer);
    error = "invalid regular expression at offset " + std::to_string(offset) + ": " +
            reinterpret_cast<const char *>(buffer);
    return std::nullopt;
  }
  Regex r;
  r.code_.reset(compiled);
  // The JIT where PCRE2 has one (an error here only means matching stays interpreted).
  r.jit_ = pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE) == 0;
  r.scratch_ = r.scratch();
  return r;
}

Regex::Scratch Regex::scratch() const {
  Scratch s;
  s.data_.reset(pcre2_match_data_create_from_pattern(code_.get(), nullptr));
  s.context_.reset(pcre2_match_context_create(nullptr));
  if (jit_) {
    s.jit_stack_.reset(pcre2_jit_stack_create(32U << 10U, jit_stack_max, nullptr));
    if (s.jit_stack_)
      pcre2_jit_stack_assign(s.context_.get(), nullptr, s.jit_stack_.get());
  }
  pcre2_set_match_limit(s.context_.get(), match_limit);
  pcre2_set_depth_limit(s.context_.get(), depth_limit);
  return s;
}

std::optional<bool> Regex::search(std::string_view subject, std::string &error,
                                  Scratch &scratch) const {
  const int rc = pcre2_match(code_.get(), reinterpret_cast<PCRE2_SPTR>(subject.data()),
                             subject.size(), 0, 0, scratch.data_.get(), scratch.context_.get());
  if (rc >= 0)
    return true;
  if (rc == PCRE2_ERROR_NOMATCH)
    return false;
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(rc, buffer, sizeof buffer) < 0)
    error = "PCRE2 error " + std::to_string(rc);
  else
    error = reinterpret_cast<const char *>(buffer);
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT)
    error += " (the limit is " +
             std::to_string(rc == PCRE2_ERROR_MATCHLIMIT ? match_limit : depth_limit) + ")";
  return std::nullopt;
}

} // namespace factloom::validate
