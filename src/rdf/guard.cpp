// One pass over an RDF document with a small lexer that knows strings, IRIs and comments.
#include "rdf/guard.hpp"

#include "base/hex.hpp"

#include <algorithm>
#include <cstring>

#include "base/utf8.hpp"

namespace factloom::rdf {

namespace {

/// The offset of the first byte that does not start well-formed UTF-8, or npos.
/// Scans from `i` up to `limit` (decoding may read up to 4 bytes past it, within `text`); `i` is
/// left where the scan stopped.
std::size_t first_invalid_utf8(std::string_view text, std::size_t &i, std::size_t limit) {
  std::uint32_t cp = 0;
  while (i < limit) {
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

/// The lexer: scans a window of the document from where it stopped before up to `limit`;
/// looking ahead (at most 10 bytes) stays inside the window, which holds the bytes after `limit`
/// unless the document ends there.
class Scanner {
public:
  void scan(std::string_view window, std::size_t base, std::size_t limit);
  std::size_t position() const { return pos_; }
  bool failed() const { return result_.error.has_value(); }
  GuardResult take() { return std::move(result_); }

private:
  enum class State { top, iri, comment, string, long_string };
  void top(char c);
  void in_iri(char c);
  void in_string(char c);
  void escape();
  void fail(std::size_t at, std::string message) {
    if (!result_.error)
      result_.error = GuardError{static_cast<std::uint32_t>(base_ + at), std::move(message)};
  }

  std::string_view text_; ///< the window
  std::size_t base_ = 0;  ///< the document offset of the window's first byte
  std::size_t i_ = 0;     ///< in the window
  std::size_t pos_ = 0;   ///< in the document: where the next scan starts
  State state_ = State::top;
  char quote_ = '"';
  std::size_t depth_ = 0;
  GuardResult result_;
};

void Scanner::scan(std::string_view window, std::size_t base, std::size_t limit) {
  text_ = window;
  base_ = base;
  for (i_ = pos_ - base; i_ < limit && !result_.error; ++i_) {
    const char c = text_[i_];
    switch (state_) {
    case State::top: top(c); break;
    case State::iri: in_iri(c); break;
    case State::comment:
      if (c == '\n' || c == '\r')
        state_ = State::top;
      else if (c == '\0') {
        result_.has_nul = true;
        result_.comment_nuls.push_back(static_cast<std::uint32_t>(base_ + i_));
      }
      break;
    case State::string:
    case State::long_string: in_string(c); break;
    }
  }
  pos_ = base_ + i_;
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

GuardResult utf8_error(std::size_t at) {
  GuardResult result;
  result.error = GuardError{static_cast<std::uint32_t>(at),
                            "the text is not well-formed UTF-8 here (a stray byte, an overlong "
                            "form or a surrogate)"};
  return result;
}

/// Bytes kept past the scanned part of a window: more than any look-ahead (10 bytes).
constexpr std::size_t look_ahead = 16;

} // namespace

GuardResult guard_document(std::string_view text) {
  std::size_t i = 0;
  if (const std::size_t bad = first_invalid_utf8(text, i, text.size());
      bad != std::string_view::npos)
    return utf8_error(bad);
  Scanner scanner;
  scanner.scan(text, 0, text.size());
  return scanner.take();
}

struct DocumentGuard::State {
  std::string window;        ///< the bytes not yet scanned by both scans
  std::size_t base = 0;      ///< the document offset of window[0]
  std::size_t utf8_next = 0; ///< where the UTF-8 scan goes on (a document offset)
  std::size_t bad_utf8 = std::string_view::npos;
  Scanner scanner;

  void scan(std::size_t limit) {
    if (bad_utf8 == std::string_view::npos) {
      std::size_t i = utf8_next - base;
      bad_utf8 = first_invalid_utf8(window, i, limit);
      if (bad_utf8 != std::string_view::npos)
        bad_utf8 += base;
      utf8_next = base + i;
    }
    if (!scanner.failed())
      scanner.scan(window, base, limit);
  }
};

DocumentGuard::DocumentGuard() : state_(std::make_unique<State>()) {}
DocumentGuard::~DocumentGuard() = default;

void DocumentGuard::feed(std::string_view bytes) {
  State &st = *state_;
  if (st.bad_utf8 != std::string_view::npos)
    return; // decided: the first UTF-8 error is the answer
  st.window.append(bytes);
  if (st.window.size() <= look_ahead)
    return;
  st.scan(st.window.size() - look_ahead);
  const std::size_t scanned =
      st.scanner.failed() ? st.utf8_next : std::min(st.utf8_next, st.scanner.position());
  const std::size_t keep_from = scanned - st.base;
  st.window.erase(0, keep_from);
  st.base += keep_from;
}

GuardResult DocumentGuard::finish() {
  State &st = *state_;
  if (st.bad_utf8 == std::string_view::npos)
    st.scan(st.window.size());
  if (st.bad_utf8 != std::string_view::npos)
    return utf8_error(st.bad_utf8);
  return st.scanner.take();
}

} // namespace factloom::rdf
