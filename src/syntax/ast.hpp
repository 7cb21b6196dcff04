// The fact-language AST: plain structs over byte ranges of the source buffer (zero-copy).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace factloom::syntax::ast {

/// A byte range of the source text [begin, end).
struct Range {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool empty() const { return begin == end; }
};

enum class ValueKind : std::uint8_t {
  string, ///< "…" or """…""" (body raw, escapes not yet decoded), optional @lang
  iri,    ///< <…> (body between the brackets)
  token,  ///< a date, date-time, duration or number, as written
  phrase  ///< one or more words (an id, a keyword or a relative date), optional "as" role
};

struct Value {
  ValueKind kind = ValueKind::phrase;
  Range span;                   ///< the whole value as written
  Range body;                   ///< string body / IRI / token text / first word
  Range lang;                   ///< string language tag (without '@')
  bool long_string = false;     ///< written with """
  std::uint32_t first_word = 0; ///< phrase: index into Document::words
  std::uint32_t word_count = 0;
  Range role; ///< phrase: the word after "as"
};

/// `KIND [ID] ["NAME"[@lang]]`
struct Header {
  Range kind;
  Range id;   ///< empty when absent
  Value name; ///< kind == string when present
  bool has_name = false;
};

/// `NAME: VALUE, VALUE…`
struct Property {
  Range name;
  std::uint32_t first_value = 0; ///< index into Document::values
  std::uint32_t value_count = 0;
};

/// A block: a header and the property lines that follow it.
struct Block {
  Header header;
  Range span;                       ///< the header line
  std::uint32_t first_property = 0; ///< index into Document::properties
  std::uint32_t property_count = 0;
};

/// One parsed file. Flat vectors keep allocations per file, not per value.
struct Document {
  std::vector<Block> blocks;
  std::vector<Property> properties;
  std::vector<Value> values;
  std::vector<Range> words;
};

} // namespace factloom::syntax::ast
