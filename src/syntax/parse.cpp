// The single translation unit that instantiates the grammar, plus the line-by-line driver
// that recovers after an error so that one run reports several independent mistakes.
#include "syntax/parse.hpp"

#include <functional>

#include "base/utf8.hpp"
#include "syntax/grammar_def.hpp"
#include "syntax/misread.hpp"

namespace factloom::syntax {

namespace {

/// The offset of the first byte that does not start a well-formed UTF-8 character, or of the
/// first NUL byte (then `is_nul`), or npos.
std::size_t invalid_utf8(std::string_view s, bool &is_nul) {
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\0') {
      is_nul = true;
      return i;
    }
    const std::size_t n = utf8::decode(s, i, cp);
    if (n == 0)
      return i;
    i += n;
  }
  return std::string_view::npos;
}

/// Reports invalid UTF-8 or a NUL byte (the first one); false when there is one.
bool check_encoding(std::string_view text, std::uint32_t file, DiagnosticSink &sink) {
  bool is_nul = false;
  const std::size_t bad = invalid_utf8(text, is_nul);
  if (bad == std::string_view::npos)
    return true;
  const auto at = static_cast<std::uint32_t>(bad);
  sink.error(SourceSpan{file, at, at + 1},
             is_nul ? "this file contains a NUL byte; fact files are UTF-8 text"
                    : "this file is not valid UTF-8 here; fact files must be UTF-8 text",
             "save the file as UTF-8 and check this character");
  return false;
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

/// How far the AST had grown before a line: a line that fails is undone back to it.
struct Mark {
  std::size_t blocks, properties, values, words;
  explicit Mark(const ast::Document &doc)
      : blocks(doc.blocks.size()), properties(doc.properties.size()), values(doc.values.size()),
        words(doc.words.size()) {}
  void restore(ast::Document &doc) const {
    doc.blocks.resize(blocks);
    doc.properties.resize(properties);
    doc.values.resize(values);
    doc.words.resize(words);
  }
};

/// "expected X, found Y" at the error, underlining the word found there.
void report_expected(std::string_view text, const char *error_at, const std::string &expected,
                     std::uint32_t file, DiagnosticSink &sink) {
  const auto at = static_cast<std::uint32_t>(error_at - text.data());
  std::uint32_t to = at;
  while (to < text.size() && text[to] != '\n' && text[to] != '\r' && text[to] != ' ' &&
         text[to] != ',' && to - at < 40)
    ++to;
  sink.error(SourceSpan{file, at, to == at ? at + (at < text.size() ? 1U : 0U) : to},
             "expected " + expected + ", found " +
                 describe_found(error_at, text.data() + text.size()));
}

/// A property line before any header: reported and dropped.
void report_orphan_property(const ast::Document &doc, std::uint32_t file, DiagnosticSink &sink) {
  const ast::Property &p = doc.properties.back();
  sink.error(SourceSpan{file, p.name.begin, p.name.end},
             "this property line comes before any header line",
             "start a block first, for example 'person zelensky \"Volodymyr Zelensky\"'");
}

/// Undoes a line that failed. A header line that failed after its kind keeps its block (kind
/// and id, no name), so that the property lines below it stay in their own block instead of
/// each being reported as "not a property of" the block above.
void keep_broken_header(ast::Document &doc, const Mark &mark, bool line_is_property,
                        std::uint32_t line_start) {
  const bool header = !line_is_property && doc.blocks.size() > mark.blocks;
  ast::Block kept = header ? doc.blocks.back() : ast::Block{};
  mark.restore(doc);
  if (!header)
    return;
  kept.header.has_name = false;
  kept.first_property = static_cast<std::uint32_t>(doc.properties.size());
  kept.property_count = 0;
  kept.span = {line_start, line_start};
  doc.blocks.push_back(kept);
}

} // namespace

ast::Document parse(const SourceFile &source, std::uint32_t file, DiagnosticSink &sink) {
  namespace x3 = boost::spirit::x3;
  ast::Document doc;
  const std::string_view text = source.text();
  if (!check_encoding(text, file, sink))
    return doc;
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
    const Mark mark(doc);
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
      // An unnamed part of the grammar (the list of values after a colon) names itself by its
      // C++ type: say what is expected there instead.
      if (expected.find("boost") != std::string::npos)
        expected = grammar::value.name;
    }
    if (error_at == nullptr && builder.line_is_property && mark.blocks == 0) {
      report_orphan_property(doc, file, sink);
      mark.restore(doc);
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
    if (!report_misread_value(text, error_at, file, sink))
      report_expected(text, error_at, expected, file, sink);
    keep_broken_header(doc, mark, builder.line_is_property,
                       static_cast<std::uint32_t>(line_start - begin));
    it = error_at;
    while (it != end && *it != '\n')
      ++it;
    x3::phrase_parse(it, end, blank_lines, grammar::skipper);
    if (it == line_start)
      ++it; // never loop: skip at least one character
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
      // \uXXXX, \UXXXXXXXX: the n hex digits follow the letter at i.
      const std::size_t n = e == 'u' ? 4 : 8;
      if (i + n >= body.size()) {
        bad = i - 1;
        return false;
      }
      std::uint32_t cp = 0;
      for (std::size_t k = 1; k <= n; ++k) {
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
