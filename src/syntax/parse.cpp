// The single translation unit that instantiates the grammar, plus the line-by-line driver
// that recovers after an error so that one run reports several independent mistakes.
#include "syntax/parse.hpp"

#include "base/utf8.hpp"

#include <functional>

#include "syntax/grammar_def.hpp"

namespace factloom::syntax {

namespace {

/// Returns the offset of the first invalid UTF-8 sequence (or NUL byte), or npos.
std::size_t invalid_utf8(std::string_view s, bool &is_nul) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) {
      is_nul = true;
      return i;
    }
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t n = utf8::decode(s, i, cp);
    if (n == 0)
      return i; // truncated, overlong, a surrogate or past U+10FFFF
    i += n;
  }
  return std::string_view::npos;
}

std::string describe_found(const char *where, const char *end) {
  if (where == end)
    return "the end of the file";
  if (*where == '\n' || *where == '\r')
    return "the end of the line";
  std::string found;
  const char *p = where;
  while (p != end && *p != '\n' && *p != '\r' && found.size() < 20)
    found += *p++;
  while (!found.empty() && (found.back() == ' ' || found.back() == '\t'))
    found.pop_back();
  if (found.empty())
    return "the end of the line";
  return "'" + found + (p != end && *p != '\n' && *p != '\r' ? "…'" : "'");
}

} // namespace

ast::Document parse(const SourceFile &source, std::uint32_t file, DiagnosticSink &sink) {
  namespace x3 = boost::spirit::x3;
  ast::Document doc;
  const std::string_view text = source.text();
  bool is_nul = false;
  if (const std::size_t bad = invalid_utf8(text, is_nul); bad != std::string_view::npos) {
    const auto at = static_cast<std::uint32_t>(bad);
    sink.error(SourceSpan{file, at, at + 1},
               is_nul ? "this file contains a NUL byte; fact files are UTF-8 text"
                      : "this file is not valid UTF-8 here; fact files must be UTF-8 text",
               "save the file as UTF-8 and check this character");
    return doc;
  }
  const char *const begin = text.data();
  const char *const end = begin + text.size();
  const char *it = begin;
  // A byte-order mark is allowed and ignored.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
    it += 3;

  grammar::Builder builder;
  builder.base = begin;
  builder.doc = &doc;
  const auto parser = x3::with<grammar::builder_tag>(std::ref(builder))[grammar::line];
  const auto blank_lines = *x3::eol;

  x3::phrase_parse(it, end, blank_lines, grammar::skipper);
  while (it != end) {
    const std::size_t blocks = doc.blocks.size();
    const std::size_t properties = doc.properties.size();
    const std::size_t values = doc.values.size();
    const std::size_t words = doc.words.size();
    const char *line_start = it;
    const char *error_at = nullptr;
    std::string expected;
    try {
      if (!x3::phrase_parse(it, end, parser, grammar::skipper)) {
        error_at = it;
        expected = grammar::line.name;
      }
    } catch (const x3::expectation_failure<const char *> &e) {
      error_at = e.where();
      expected = e.which();
    }
    if (error_at == nullptr && builder.line_is_property && blocks == 0 && doc.blocks.empty()) {
      const ast::Property &p = doc.properties.back();
      sink.error(SourceSpan{file, p.name.begin, p.name.end},
                 "this property line comes before any header line",
                 "start a block first, for example 'person zelensky \"Volodymyr Zelensky\"'");
      doc.properties.resize(properties);
      doc.values.resize(values);
      doc.words.resize(words);
      continue;
    }
    if (error_at == nullptr) {
      if (builder.line_is_property)
        doc.blocks.back().property_count++;
      else
        doc.blocks.back().span = {static_cast<std::uint32_t>(line_start - begin),
                                  static_cast<std::uint32_t>(line_start - begin)};
      continue;
    }
    // Report, undo the half-read line, and resume after the end of the line of the error.
    const auto at = static_cast<std::uint32_t>(error_at - begin);
    std::uint32_t to = at;
    while (to < text.size() && text[to] != '\n' && text[to] != '\r' && text[to] != ' ' &&
           text[to] != ',' && to - at < 40)
      ++to;
    sink.error(SourceSpan{file, at, to == at ? at + (at < text.size() ? 1U : 0U) : to},
               "expected " + expected + ", found " + describe_found(error_at, end));
    doc.blocks.resize(blocks);
    doc.properties.resize(properties);
    doc.values.resize(values);
    doc.words.resize(words);
    it = error_at;
    while (it != end && *it != '\n')
      ++it;
    x3::phrase_parse(it, end, blank_lines, grammar::skipper);
    if (it == line_start) {
      // Never loop: skip at least one character.
      ++it;
    }
  }
  return doc;
}

bool unescape(std::string_view body, std::string &out, std::size_t &bad) {
  out.clear();
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= body.size()) {
      bad = i;
      return false;
    }
    const char e = body[++i];
    switch (e) {
    case '"': out += '"'; break;
    case '\\': out += '\\'; break;
    case 'n': out += '\n'; break;
    case 't': out += '\t'; break;
    case 'r': out += '\r'; break;
    case '\'': out += '\''; break;
    case 'u':
    case 'U': {
      const std::size_t n = e == 'u' ? 4 : 8;
      if (i + n >= body.size() + 0 && i + n > body.size() - 1 + 1) {
        bad = i - 1;
        return false;
      }
      std::uint32_t cp = 0;
      for (std::size_t k = 1; k <= n; ++k) {
        if (i + k >= body.size()) {
          bad = i - 1;
          return false;
        }
        const char h = body[i + k];
        cp <<= 4U;
        if (h >= '0' && h <= '9')
          cp |= static_cast<std::uint32_t>(h - '0');
        else if (h >= 'a' && h <= 'f')
          cp |= static_cast<std::uint32_t>(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
          cp |= static_cast<std::uint32_t>(h - 'A' + 10);
        else {
          bad = i - 1;
          return false;
        }
      }
      if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || cp == 0) {
        bad = i - 1;
        return false;
      }
      i += n;
      utf8::encode(cp, out);
      break;
    }
    default: bad = i - 1; return false;
    }
  }
  return true;
}

} // namespace factloom::syntax
