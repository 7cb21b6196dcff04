// One pass over an RDF document with a small lexer that knows strings, IRIs and comments.
#include "rdf/guard.hpp"

#include <cstring>

#include "base/utf8.hpp"

namespace factloom::rdf {

namespace {

/// The offset of the first byte that does not start well-formed UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    // Eight ASCII bytes at a time.
    std::uint64_t word = 0;
    if (i + sizeof word <= text.size()) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += sizeof word;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[i]) < 0x80U) {
      ++i;
      continue;
    }
    const std::size_t n = utf8::decode(text, i, cp);
    if (n == 0)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// Whether the escape at `i` (a backslash) is \uXXXX or \UXXXXXXXX naming a surrogate.
bool surrogate_escape(std::string_view text, std::size_t i) {
  if (i + 1 >= text.size() || (text[i + 1] != 'u' && text[i + 1] != 'U'))
    return false;
  const std::size_t digits = text[i + 1] == 'u' ? 4 : 8;
  if (i + 2 + digits > text.size())
    return false;
  std::uint32_t cp = 0;
  for (std::size_t k = 0; k < digits; ++k) {
    const int v = hex_value(text[i + 2 + k]);
    if (v < 0)
      return false;
    cp = (cp << 4U) | static_cast<std::uint32_t>(v);
  }
  return cp >= 0xD800 && cp <= 0xDFFF;
}

class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) {}
  GuardResult run();

private:
  enum class State { top, iri, comment, string, long_string };
  void top(char c);
  void in_iri(char c);
  void in_string(char c);
  void escape();
  void fail(std::size_t at, std::string message) {
    if (!result_.error)
      result_.error = GuardError{static_cast<std::uint32_t>(at), std::move(message)};
  }

  std::string_view text_;
  std::size_t i_ = 0;
  State state_ = State::top;
  char quote_ = '"';
  std::size_t depth_ = 0;
  GuardResult result_;
};

GuardResult Scanner::run() {
  for (; i_ < text_.size() && !result_.error; ++i_) {
    const char c = text_[i_];
    switch (state_) {
    case State::top: top(c); break;
    case State::iri: in_iri(c); break;
    case State::comment:
      if (c == '\n' || c == '\r')
        state_ = State::top;
      else if (c == '\0') {
        result_.has_nul = true;
        result_.comment_nuls.push_back(static_cast<std::uint32_t>(i_));
      }
      break;
    case State::string:
    case State::long_string: in_string(c); break;
    }
  }
  return std::move(result_);
}

void Scanner::top(char c) {
  switch (c) {
  case '#': state_ = State::comment; break;
  case '<': state_ = State::iri; break;
  case '"':
  case '\'':
    quote_ = c;
    if (text_.substr(i_, 3) == std::string(3, c)) {
      state_ = State::long_string;
      i_ += 2;
    } else {
      state_ = State::string;
    }
    break;
  case '[':
  case '(':
    if (++depth_ > max_nesting_depth)
      fail(i_, "'[' and '(' are nested more than " + std::to_string(max_nesting_depth) +
                   " levels deep, which factloom does not read");
    break;
  case ']':
  case ')':
    if (depth_ > 0)
      --depth_;
    break;
  case '\\': ++i_; break; // an escaped character in a prefixed name (p:a\#b)
  case '\0': fail(i_, "a NUL byte (U+0000) is not allowed here"); break;
  default: break;
  }
}

void Scanner::in_iri(char c) {
  if (c == '>' || c == '\n' || c == '\r')
    state_ = State::top;
  else if (c == '\\')
    escape();
  else if (c == '\0')
    fail(i_, "a NUL byte (U+0000) is not allowed in an IRI");
}

void Scanner::in_string(char c) {
  if (c == '\\') {
    escape();
  } else if (c == '\0') {
    result_.has_nul = true;
  } else if (state_ == State::string) {
    if (c == quote_ || c == '\n' || c == '\r')
      state_ = State::top;
  } else if (c == quote_ && text_.substr(i_, 3) == std::string(3, c)) {
    state_ = State::top;
    i_ += 2;
  }
}

void Scanner::escape() {
  if (surrogate_escape(text_, i_))
    fail(i_, "'" + std::string(text_.substr(i_, text_[i_ + 1] == 'u' ? 6 : 10)) +
                 "' escapes a surrogate code point, which is not a character");
  ++i_; // the escaped character is never a delimiter
}

} // namespace

GuardResult guard_document(std::string_view text) {
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    GuardResult result;
    result.error = GuardError{static_cast<std::uint32_t>(bad),
                              "the text is not well-formed UTF-8 here (a stray byte, an overlong "
                              "form or a surrogate)"};
    return result;
  }
  return Scanner(text).run();
}

} // namespace factloom::rdf
