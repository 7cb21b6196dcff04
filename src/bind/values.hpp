// Literal values of the fact language: dates (absolute and relative), durations, numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace factloom::bind {

enum class Precision { year, month, week, day, date_time };

struct Date {
  int year = 0;
  int month = 0; ///< 0 when the precision is year
  int day = 0;   ///< 0 when the precision is month or year
  Precision precision = Precision::day;
  std::string lexical;  ///< the literal's lexical form ("2025-12", "2025-12-14T10:30:00Z")
  std::string datatype; ///< the xsd datatype local name: date, gYearMonth, gYear, dateTime
};

/// An absolute date as written (2025, 2025-12, 2025-12-14, 2025-12-14T10:30[:00][zone]).
/// Returns nullopt with `error` set when the text is not a real date (2025-02-30).
std::optional<Date> parse_date(std::string_view text, std::string &error);

/// Which way a bare weekday ("monday", "this monday") points from the publication date:
/// backward for what has happened or is happening (the latest such day on or before
/// publication), forward for what is planned (the first such day on or after it).
enum class Direction { backward, forward };

/// A phrase relative to `published` (which has day precision): "sunday", "monday morning",
/// "last week", "yesterday", "tonight", "the next day", "later this week", … Returns nullopt
/// when the phrase is not one factloom knows.
std::optional<Date> resolve_relative(std::string_view phrase, const Date &published,
                                     Direction direction = Direction::backward);

/// Whether `d` lies wholly before (-1) or wholly after (+1) the day `published`, or overlaps it
/// (0): a week, month or year that contains the day overlaps it; a moment counts by its day.
int compare_to_day(const Date &d, const Date &published);

/// The phrases resolve_relative() accepts, for messages.
const char *relative_phrase_help();

/// "5h" → "PT5H", "1h30min" → "PT1H30M", "2d" → "P2D", "PT5H" (ISO) kept. Error on "5m".
std::optional<std::string> parse_duration(std::string_view text, std::string &error);

/// xsd:integer / xsd:decimal lexical checks ("+5" → "5").
std::optional<std::string> parse_integer(std::string_view text, bool non_negative);
std::optional<std::string> parse_decimal(std::string_view text);

/// OWL-Time unit IRI of a precision (time:unitDay, …).
std::string precision_unit(Precision p);

} // namespace factloom::bind
