// XSD values in one place: lexical spaces, value comparison (numbers across types, dates and
// times), decimals, durations and the proleptic Gregorian calendar (std::chrono). The binder
// (bind/values) writes literals with it and the validator (validate/) checks and compares them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace factloom::rdf::xsd {

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

// ---- decimals -------------------------------------------------------------------------------

/// A decimal numeral split into its parts, as written: `[+-]whole[.fraction]`.
struct DecimalParts {
  bool negative = false;     ///< a '-' sign
  bool signed_ = false;      ///< any sign ('+' or '-')
  bool point = false;        ///< a '.' was written
  std::string_view whole;    ///< digits before the point (may be empty: ".5")
  std::string_view fraction; ///< digits after the point (may be empty: "5.")
};

/// Splits `[+-]digits[.digits]`; nullopt when a part holds anything but digits. Empty parts are
/// the caller's to judge (xsd:decimal allows ".5" and "5.", the fact language does not).
std::optional<DecimalParts> split_decimal(std::string_view text);

// ---- durations ------------------------------------------------------------------------------

/// Whether `text` is an xsd:duration: -?P[nY][nM][nD][T[nH][nM][n(.n)S]], at least one part,
/// only seconds with decimals, no 'T' without a time part.
bool duration_lexical(std::string_view text);

// ---- calendar (proleptic Gregorian, any year) -------------------------------------------------

/// The number of days in month `month` (1..12) of `year`.
unsigned days_in_month(std::int64_t year, unsigned month);

/// Days from 1970-01-01 to the date (negative before); `month` and `day` must be valid.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);

/// The date `days` after 1970-01-01 (within std::chrono's years, ±32767).
std::chrono::year_month_day civil_from_days(std::int64_t days);

} // namespace factloom::rdf::xsd
