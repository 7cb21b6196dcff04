// The fact-language grammar (Boost.Spirit X3): one line (header or property) at a time.
// Semantic actions fill a Builder found in the parse context; positions are byte offsets.
#pragma once

#include <boost/spirit/home/x3.hpp>

#include "syntax/ast.hpp"

namespace factloom::syntax::grammar {

namespace x3 = boost::spirit::x3;

/// Receives what the grammar recognises, in order.
struct Builder {
  const char *base = nullptr;
  ast::Document *doc = nullptr;
  ast::Value value;
  bool line_is_property = false;

  ast::Range range(const char *b, const char *e) const {
    return {static_cast<std::uint32_t>(b - base), static_cast<std::uint32_t>(e - base)};
  }
  template <class R> ast::Range range(const R &r) const {
    return range(&*r.begin(), &*r.begin() + (r.end() - r.begin()));
  }
};

struct builder_tag;

template <class Ctx> Builder &builder(const Ctx &ctx) { return x3::get<builder_tag>(ctx).get(); }

// ---- actions ---------------------------------------------------------------------------
inline auto const on_kind = [](auto &ctx) {
  Builder &b = builder(ctx);
  ast::Block block;
  block.header.kind = b.range(x3::_attr(ctx));
  block.first_property = static_cast<std::uint32_t>(b.doc->properties.size());
  b.doc->blocks.push_back(block);
  b.line_is_property = false;
};
inline auto const on_id = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.doc->blocks.back().header.id = b.range(x3::_attr(ctx));
};
inline auto const on_name = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.span = b.range(x3::_attr(ctx));
  b.doc->blocks.back().header.name = b.value;
  b.doc->blocks.back().header.has_name = true;
};
inline auto const on_property = [](auto &ctx) {
  Builder &b = builder(ctx);
  ast::Range r = b.range(x3::_attr(ctx));
  // The raw range covers "name   :"; keep the name only.
  std::uint32_t end = r.begin;
  while (end < r.end) {
    const char c = b.base[end];
    if (c == ':' || c == ' ' || c == '\t')
      break;
    ++end;
  }
  ast::Property p;
  p.name = {r.begin, end};
  p.first_value = static_cast<std::uint32_t>(b.doc->values.size());
  b.doc->properties.push_back(p);
  b.line_is_property = true;
};
inline auto const begin_value = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value = ast::Value{};
  b.value.first_word = static_cast<std::uint32_t>(b.doc->words.size());
};
inline auto const end_value = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.span = b.range(x3::_attr(ctx));
  if (b.value.kind == ast::ValueKind::phrase) {
    b.value.word_count = static_cast<std::uint32_t>(b.doc->words.size()) - b.value.first_word;
    b.value.body = b.doc->words[b.value.first_word];
  }
  b.doc->values.push_back(b.value);
  b.doc->properties.back().value_count++;
};
inline auto const on_short_body = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.kind = ast::ValueKind::string;
  b.value.long_string = false;
  b.value.body = b.range(x3::_attr(ctx));
};
inline auto const on_long_body = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.kind = ast::ValueKind::string;
  b.value.long_string = true;
  b.value.body = b.range(x3::_attr(ctx));
};
inline auto const on_lang = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.lang = b.range(x3::_attr(ctx));
};
inline auto const on_iri = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.kind = ast::ValueKind::iri;
  b.value.body = b.range(x3::_attr(ctx));
};
inline auto const on_token = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.kind = ast::ValueKind::token;
  b.value.body = b.range(x3::_attr(ctx));
};
inline auto const on_word = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.kind = ast::ValueKind::phrase;
  b.doc->words.push_back(b.range(x3::_attr(ctx)));
};
inline auto const on_role = [](auto &ctx) {
  Builder &b = builder(ctx);
  b.value.role = b.range(x3::_attr(ctx));
};

// ---- lexical rules ---------------------------------------------------------------------
using x3::char_;
using x3::eoi;
using x3::eol;
using x3::lexeme;
using x3::lit;
using x3::raw;

inline auto const letter = char_("a-zA-Z");
inline auto const digit = char_("0-9");
inline auto const word_char = char_("a-zA-Z0-9_-");
inline auto const word_def = lexeme[letter >> *(word_char | ('.' >> &char_("a-zA-Z0-9_")))];

inline auto const d2 = x3::repeat(2)[digit];
inline auto const d4 = x3::repeat(4)[digit];
inline auto const zone = char_('Z') | (char_("+-") >> d2 >> ':' >> d2);
inline auto const date_time = d4 >> '-' >> d2 >> '-' >> d2 >> 'T' >> d2 >> ':' >> d2 >>
                              -(':' >> d2 >> -('.' >> +digit)) >> -zone;
inline auto const date = d4 >> -('-' >> d2 >> -('-' >> d2));
inline auto const unit = lit("min") | lit("mo") | char_("ywdhsm");
inline auto const duration = +(+digit >> -('.' >> +digit) >> unit);
inline auto const number = -char_("+-") >> +digit >> -('.' >> +digit);

// Named rules: their names are what diagnostics say was expected.
x3::rule<class closing_quote_class> const closing_quote =
    "a closing '\"' on the same line (use \"\"\"…\"\"\" for text over several lines)";
x3::rule<class closing_long_quote_class> const closing_long_quote = "a closing '\"\"\"'";
x3::rule<class closing_bracket_class> const closing_bracket =
    "a closing '>' (spaces, quotes, braces and backslashes are not allowed in a web address)";
x3::rule<class language_tag_class> const language_tag = "a language tag such as 'en' or 'de-CH'";
x3::rule<class role_class> const role = "a role after 'as' (for example 'host' or 'envoy')";
x3::rule<class value_class> const value =
    "a value: an id, \"text\", <https://…>, a date (2025-12-14), a duration (5h) or a number";
x3::rule<class line_end_class> const line_end =
    "the end of the line (separate several values with ',')";
x3::rule<class header_end_class> const header_end =
    "a name in double quotes or the end of the line";
x3::rule<class property_line_class> const property_line = "a property line";
x3::rule<class header_line_class> const header_line = "a header line";
x3::rule<class line_class> const line =
    "a header (KIND ID \"NAME\") or a property line (NAME: VALUE)";

inline auto const closing_quote_def = lit('"');
inline auto const closing_long_quote_def = lit("\"\"\"");
inline auto const closing_bracket_def = lit('>');
inline auto const language_tag_def =
    raw[lexeme[+char_("a-zA-Z") >> *('-' >> +char_("a-zA-Z0-9"))]][on_lang];
inline auto const role_def = raw[word_def][on_role];

inline auto const long_string =
    lexeme[lit("\"\"\"") >> raw[*(('\\' >> char_) | (char_ - lit("\"\"\"")))][on_long_body] >
           closing_long_quote];
inline auto const short_string =
    lexeme['"' >> raw[*(('\\' >> (char_ - eol)) | (char_ - '"' - eol))][on_short_body] >
           closing_quote];
inline auto const string_value = (long_string | short_string) >> -(lexeme['@' > language_tag]);
inline auto const iri_value =
    lexeme['<' >> raw[*(char_ - char_("<>\"{}|^`\\ \t\r\n"))][on_iri] > closing_bracket];
inline auto const token_value =
    raw[lexeme[(date_time | duration | date | number) >> !char_("a-zA-Z0-9_.:-")]][on_token];
inline auto const as_keyword = lexeme[lit("as") >> !word_char];
inline auto const phrase_value = +(!as_keyword >> raw[word_def][on_word]) >> -(as_keyword > role);

inline auto const value_def =
    x3::eps[begin_value] >> raw[string_value | iri_value | token_value | phrase_value][end_value];

inline auto const value_list = value % (',' >> *eol);
inline auto const line_end_def = +eol | eoi;
inline auto const header_end_def = line_end;

inline auto const property_line_def = raw[word_def >> ':'][on_property] > value_list > line_end;
inline auto const
    header_line_def = raw[word_def][on_kind] >> -raw[word_def][on_id] >>
                      -(raw[x3::eps[begin_value] >> string_value][on_name]) > header_end;
inline auto const line_def = property_line | header_line;

BOOST_SPIRIT_DEFINE(closing_quote, closing_long_quote, closing_bracket, language_tag, role, value,
                    line_end, header_end, property_line, header_line, line)

/// Spaces, tabs and comments; newlines are significant.
inline auto const skipper = char_(" \t") | ('#' >> *(char_ - eol));

} // namespace factloom::syntax::grammar
