// XSD value semantics for SHACL: lexical checks, value comparison across numeric types and dates.
#pragma once

#include <cstdint>
#include <string_view>

namespace factloom::validate::xsd {

/// The datatypes factloom knows the lexical space of; `other` accepts any lexical form.
enum class Type : std::uint8_t {
  other,
  string, // xsd:string and simple literals
  lang_string,
  boolean,
  decimal,
  integer,
  non_positive_integer,
  negative_integer,
  long_,
  int_,
  short_,
  byte,
  non_negative_integer,
  unsigned_long,
  unsigned_int,
  unsigned_short,
  unsigned_byte,
  positive_integer,
  float_,
  double_,
  date_time,
  date_time_stamp,
  date,
  time,
  g_year,
  g_year_month,
  g_month,
  g_month_day,
  g_day,
  hex_binary,
  base64_binary,
  any_uri,
  normalized_string,
  token,
  language,
  duration,
};

/// The type of a datatype IRI (rdf:langString included); `other` for unknown IRIs.
Type type_of(std::string_view datatype_iri);

/// Whether `lexical` is in the lexical space of `type` (value ranges included: "300" is not a
/// valid xsd:byte). Always true for `other`.
bool well_formed(Type type, std::string_view lexical);

/// Whether values of `type` are numbers (xsd:decimal, its derived types, float, double).
bool is_numeric(Type type);

enum class Order : std::uint8_t { less, equal, greater, incomparable };

/// Compares two literal values as SPARQL's `<` / `=` operators do: numbers across numeric types,
/// strings by code point, booleans, and date/time types per XSD (with the ±14:00 rule when exactly
/// one side has a time zone). Different value spaces, ill-formed literals, NaN, and indeterminate
/// date orders give `incomparable`.
Order compare(Type ta, std::string_view a, Type tb, std::string_view b);

/// Length in Unicode code points of UTF-8 text.
std::size_t code_points(std::string_view utf8);

} // namespace factloom::validate::xsd
