// Dates, relative dates and durations, checked and put in their XSD lexical forms.
#include "bind/values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include "rdf/vocab.hpp"
#include "rdf/xsd.hpp"

namespace factloom::bind {

namespace {

namespace chrono = std::chrono;

/// Days from 1970-01-01 to a valid date.
long day_number(int y, int m, int d) {
  return static_cast<long>(
      rdf::xsd::days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

/// 0 = Monday … 6 = Sunday.
int weekday(long days) {
  return static_cast<int>(chrono::weekday{chrono::sys_days{chrono::days{days}}}.iso_encoding()) - 1;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int &out) {
  if (at + n > s.size())
    return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

Date make_day(long days) {
  Date d;
  const chrono::year_month_day ymd = rdf::xsd::civil_from_days(days);
  d.year = static_cast<int>(ymd.year());
  d.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  d.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  d.lexical = buf;
  d.datatype = "date";
  d.precision = Precision::day;
  return d;
}

} // namespace

namespace {

/// A date with its precision, lexical form and datatype set.
Date with_form(Date d, Precision p, std::string lexical, const char *datatype) {
  d.precision = p;
  d.lexical = std::move(lexical);
  d.datatype = datatype;
  return d;
}

/// The time part of "YYYY-MM-DDTHH:MM[:SS[.s]][zone]": the lexical form it becomes, with the
/// seconds made explicit, or nullopt with `error` set.
std::optional<std::string> parse_time_of_day(std::string_view s, std::string &error) {
  int hh = 0;
  int mm = 0;
  int ss = 0;
  if (s[10] != 'T' || !digits(s, 11, 2, hh) || s.size() < 16 || s[13] != ':' ||
      !digits(s, 14, 2, mm)) {
    error = "expected a time as THH:MM";
    return std::nullopt;
  }
  std::size_t i = 16;
  std::string seconds = ":00";
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, ss)) {
      error = "expected seconds as :SS";
      return std::nullopt;
    }
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
    }
    seconds = std::string(s.substr(16, i - 16));
  }
  if (hh > 23 || mm > 59 || ss > 59) {
    error = "there is no such time of day";
    return std::nullopt;
  }
  const std::string_view zone = s.substr(i);
  if (!zone.empty() && zone != "Z") {
    int zh = 0;
    int zm = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2, zh) ||
        zone[3] != ':' || !digits(zone, 4, 2, zm) || zh > 14 || zm > 59) {
      error = "expected a time zone as Z or +HH:MM";
      return std::nullopt;
    }
  }
  return std::string(s.substr(0, 16)) + seconds + std::string(zone);
}

} // namespace

std::optional<Date> parse_date(std::string_view s, std::string &error) {
  Date d;
  if (!digits(s, 0, 4, d.year)) {
    error = "a date starts with a four-digit year";
    return std::nullopt;
  }
  if (s.size() == 4)
    return with_form(d, Precision::year, std::string(s), "gYear");
  if (s.size() < 7 || s[4] != '-' || !digits(s, 5, 2, d.month)) {
    error = "expected YYYY, YYYY-MM or YYYY-MM-DD";
    return std::nullopt;
  }
  if (d.month < 1 || d.month > 12) {
    error = "there is no month " + std::to_string(d.month);
    return std::nullopt;
  }
  if (s.size() == 7)
    return with_form(d, Precision::month, std::string(s), "gYearMonth");
  if (s.size() < 10 || s[7] != '-' || !digits(s, 8, 2, d.day)) {
    error = "expected YYYY-MM-DD";
    return std::nullopt;
  }
  if (d.day < 1 || static_cast<unsigned>(d.day) >
                       rdf::xsd::days_in_month(d.year, static_cast<unsigned>(d.month))) {
    error = std::to_string(d.year) + "-" + (d.month < 10 ? "0" : "") + std::to_string(d.month) +
            " has no day " + std::to_string(d.day);
    return std::nullopt;
  }
  if (s.size() == 10)
    return with_form(d, Precision::day, std::string(s), "date");
  auto lexical = parse_time_of_day(s, error);
  if (!lexical)
    return std::nullopt;
  return with_form(d, Precision::date_time, std::move(*lexical), "dateTime");
}

const char *relative_phrase_help() {
  return "today, tonight, yesterday, last night, tomorrow, the next day, the day before, a "
         "weekday (sunday; this/last/next sunday), last/this/next week, earlier/later this week, "
         "last/this/next month, earlier/later this month, last/this/next year, two days ago, in "
         "three weeks, a month ago; a day may be followed by morning, afternoon, evening or "
         "night";
}

namespace {

/// The lower-cased words of a phrase.
std::vector<std::string> relative_words(std::string_view phrase) {
  std::vector<std::string> words;
  std::string w;
  for (char ch : phrase) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (!w.empty())
        words.push_back(w);
      w.clear();
    } else {
      w += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
  }
  if (!w.empty())
    words.push_back(w);
  return words;
}

/// Drops a trailing part of the day ("monday morning" → "monday"); false when there is none.
bool drop_part_of_day(std::vector<std::string> &words) {
  static constexpr std::array<std::string_view, 4> parts = {"morning", "afternoon", "evening",
                                                            "night"};
  if (words.size() < 2 || std::find(parts.begin(), parts.end(), words.back()) == parts.end())
    return false;
  words.pop_back();
  return true;
}

std::string joined(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words)
    out += (out.empty() ? "" : " ") + w;
  return out;
}

/// Phrases that name a day by its distance from publication ("the next day": +1).
std::optional<long> day_offset(const std::string &phrase) {
  static constexpr std::array<std::pair<std::string_view, long>, 16> offsets = {{
      {"today", 0},
      {"tonight", 0},
      {"this morning", 0},
      {"this afternoon", 0},
      {"this evening", 0},
      {"that night", 0},
      {"yesterday", -1},
      {"last night", -1},
      {"the day before", -1},
      {"the previous day", -1},
      {"the day before yesterday", -2},
      {"tomorrow", 1},
      {"the next day", 1},
      {"the following day", 1},
      {"the day after", 1},
      {"the day after tomorrow", 2},
  }};
  for (const auto &[words, offset] : offsets) {
    if (phrase == words)
      return offset;
  }
  return std::nullopt;
}

/// 0 = Monday … 6 = Sunday, or -1.
int day_index(const std::string &word) {
  static constexpr std::array<std::string_view, 7> days = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  const auto it = std::find(days.begin(), days.end(), word);
  return it == days.end() ? -1 : static_cast<int>(it - days.begin());
}

/// "sunday" and "this sunday" (the latest on or before today, or the first on or after it when
/// looking forward), "last sunday" (before today), "next sunday" and "coming sunday" (after).
std::optional<Date> resolve_weekday(int wd, const std::string &modifier, long today,
                                    Direction direction) {
  const int now = weekday(today);
  if (modifier.empty() || modifier == "this") {
    return direction == Direction::forward ? make_day(today + ((wd - now + 7) % 7))
                                           : make_day(today - ((now - wd + 7) % 7));
  }
  if (modifier == "last")
    return make_day(today - ((now - wd + 6) % 7 + 1));
  if (modifier == "next" || modifier == "coming")
    return make_day(today + ((wd - now + 6) % 7 + 1));
  return std::nullopt;
}

/// "last/this/next week|month|year".
std::optional<Date> resolve_period(const std::string &noun, int shift, const Date &published,
                                   long today) {
  char buf[16];
  if (noun == "week") {
    Date d = make_day(today - weekday(today) + 7L * shift);
    d.precision = Precision::week;
    return d;
  }
  if (noun == "month") {
    const chrono::year_month ym =
        chrono::year{published.year} / chrono::month{static_cast<unsigned>(published.month)} +
        chrono::months{shift};
    Date d;
    d.year = static_cast<int>(ym.year());
    d.month = static_cast<int>(static_cast<unsigned>(ym.month()));
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    return with_form(d, Precision::month, buf, "gYearMonth");
  }
  if (noun == "year") {
    Date d;
    d.year = published.year + shift;
    std::snprintf(buf, sizeof buf, "%04d", d.year);
    return with_form(d, Precision::year, buf, "gYear");
  }
  return std::nullopt;
}

/// "two days ago", "in three weeks", "a month ago": a counted distance, in words (one to
/// twelve, a/an), at the precision of its unit.
std::optional<Date> resolve_count(const std::vector<std::string> &words, const Date &published,
                                  long today) {
  static constexpr std::array<std::string_view, 13> numbers = {
      "zero",  "one",   "two",  "three", "four",   "five",  "six",
      "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  const bool ago = words[2] == "ago";
  if (!ago && words[0] != "in")
    return std::nullopt;
  const std::string &count = ago ? words[0] : words[1];
  std::string unit = ago ? words[1] : words[2];
  if (unit.size() > 1 && unit.back() == 's')
    unit.pop_back();
  int n = count == "a" || count == "an" ? 1 : -1;
  for (std::size_t i = 1; n < 0 && i < numbers.size(); ++i) {
    if (count == numbers[i])
      n = static_cast<int>(i);
  }
  if (n < 0)
    return std::nullopt;
  const int shift = ago ? -n : n;
  if (unit == "day")
    return make_day(today + shift);
  if (unit == "week" || unit == "month" || unit == "year")
    return resolve_period(unit, shift, published, today);
  return std::nullopt;
}

/// "sunday", "next sunday", "last week", "earlier this month", … (no part of the day).
std::optional<Date> resolve_words(const std::vector<std::string> &words, const Date &published,
                                  long today, Direction direction) {
  if (const auto offset = day_offset(joined(words)))
    return make_day(today + *offset);
  if (words.empty() || words.size() > 3)
    return std::nullopt;
  const std::string &noun = words.back();
  if (words.size() == 3) {
    // "earlier this week", "later this month": the current period.
    if ((words[0] == "earlier" || words[0] == "later") && words[1] == "this")
      return resolve_period(noun, 0, published, today);
    return resolve_count(words, published, today);
  }
  const std::string modifier = words.size() == 2 ? words[0] : std::string();
  if (const int wd = day_index(noun); wd >= 0)
    return resolve_weekday(wd, modifier, today, direction);
  static constexpr std::array<std::pair<std::string_view, int>, 3> shifts = {
      {{"last", -1}, {"this", 0}, {"next", 1}}};
  for (const auto &[word, shift] : shifts) {
    if (modifier == word)
      return resolve_period(noun, shift, published, today);
  }
  return std::nullopt;
}

} // namespace

std::optional<Date> resolve_relative(std::string_view phrase, const Date &published,
                                     Direction direction) {
  if (published.precision != Precision::day)
    return std::nullopt;
  std::vector<std::string> words = relative_words(phrase);
  const long today = day_number(published.year, published.month, published.day);
  // Whole phrases first ("that night", "last night"), then without the part of the day.
  if (auto d = resolve_words(words, published, today, direction))
    return d;
  if (!drop_part_of_day(words))
    return std::nullopt;
  auto d = resolve_words(words, published, today, direction);
  if (d && d->precision != Precision::day)
    return std::nullopt; // "next week morning"
  return d;
}

int compare_to_day(const Date &d, const Date &published) {
  const long day = day_number(published.year, published.month, published.day);
  long first = 0;
  long last = 0;
  switch (d.precision) {
  case Precision::year:
    first = day_number(d.year, 1, 1);
    last = day_number(d.year, 12, 31);
    break;
  case Precision::month:
    first = day_number(d.year, d.month, 1);
    last = first +
           static_cast<long>(rdf::xsd::days_in_month(d.year, static_cast<unsigned>(d.month))) - 1;
    break;
  case Precision::week:
    first = day_number(d.year, d.month, d.day);
    last = first + 6;
    break;
  case Precision::day:
  case Precision::date_time: first = last = day_number(d.year, d.month, d.day); break;
  }
  return last < day ? -1 : first > day ? 1 : 0;
}

namespace {

/// The curator's duration units, in the order their xsd:duration parts are written.
enum class Unit : std::uint8_t { y, mo, w, d, h, min, s };
constexpr std::size_t unit_count = 7;
constexpr std::array<std::string_view, unit_count> unit_names = {"y", "mo",  "w", "d",
                                                                 "h", "min", "s"};

/// The number of each unit as written ("5" in "5h"); empty when the unit is absent.
using DurationParts = std::array<std::string_view, unit_count>;

std::string_view part(const DurationParts &parts, Unit u) {
  return parts[static_cast<std::size_t>(u)];
}

/// Reads the unit at the start of `s` ("min" and "mo" before the one-letter units); false with
/// `error` set for "m" (ambiguous) and for anything that is not a unit.
bool take_unit(std::string_view &s, Unit &unit, std::string &error) {
  for (Unit u : {Unit::min, Unit::mo}) {
    const std::string_view name = unit_names[static_cast<std::size_t>(u)];
    if (s.substr(0, name.size()) == name) {
      unit = u;
      s.remove_prefix(name.size());
      return true;
    }
  }
  if (!s.empty() && s[0] == 'm') {
    error = "'m' could mean minutes or months: write 'min' or 'mo'";
    return false;
  }
  for (Unit u : {Unit::y, Unit::w, Unit::d, Unit::h, Unit::s}) {
    if (s.substr(0, 1) == unit_names[static_cast<std::size_t>(u)]) {
      unit = u;
      s.remove_prefix(1);
      return true;
    }
  }
  error = "unknown unit; use y, mo, w, d, h, min or s";
  return false;
}

/// Splits "1h30min" into its numbers by unit.
bool scan_duration(std::string_view s, DurationParts &parts, std::string &error) {
  while (!s.empty()) {
    const std::size_t n = s.find_first_not_of("0123456789.");
    if (n == 0) {
      error = "a duration is numbers with units, like 5h or 1h30min";
      return false;
    }
    const std::string_view number = s.substr(0, n);
    s.remove_prefix(number.size());
    Unit unit{};
    if (!take_unit(s, unit, error))
      return false;
    std::string_view &slot = parts[static_cast<std::size_t>(unit)];
    if (!slot.empty()) {
      error = "the unit '" + std::string(unit_names[static_cast<std::size_t>(unit)]) +
              "' appears twice";
      return false;
    }
    if (number.find('.') != std::string_view::npos) {
      if (unit != Unit::s) {
        error = "only seconds may have decimals; write 1h30min rather than 1.5h";
        return false;
      }
      const auto value = rdf::xsd::split_decimal(number);
      if (!value || (value->whole.empty() && value->fraction.empty())) {
        error = "'" + std::string(number) + "' is not a number";
        return false;
      }
    }
    slot = number;
  }
  return true;
}

/// Weeks become days: 7·w + d, which must fit in 64 bits.
std::optional<std::string> days_with_weeks(std::string_view weeks, std::string_view days,
                                           std::string &error) {
  constexpr std::uint64_t most = std::numeric_limits<std::int64_t>::max();
  auto number = [](std::string_view text, std::uint64_t &out) {
    return std::from_chars(text.data(), text.data() + text.size(), out).ec == std::errc();
  };
  std::uint64_t w = 0;
  std::uint64_t d = 0;
  if (!number(weeks, w) || (!days.empty() && !number(days, d)) || w > (most - d) / 7) {
    error = "expected weeks and days adding up to at most " + std::to_string(most) + " days";
    return std::nullopt;
  }
  return std::to_string(w * 7 + d);
}

} // namespace

std::optional<std::string> parse_duration(std::string_view s, std::string &error) {
  if (!s.empty() && s[0] == 'P') {
    // ISO 8601 / xsd:duration as written: P[nY][nM][nD][T[nH][nM][nS]].
    if (!rdf::xsd::duration_lexical(s)) {
      error = "not an ISO 8601 duration (like PT5H or P2DT3H30M)";
      return std::nullopt;
    }
    return std::string(s);
  }
  // Curator form: 5h, 1h30min, 2d, 3w, 1y6mo, 90s.
  DurationParts parts;
  if (!scan_duration(s, parts, error))
    return std::nullopt;
  std::string out = "P";
  auto add = [&out](std::string_view number, char designator) {
    if (!number.empty())
      out.append(number).push_back(designator);
  };
  add(part(parts, Unit::y), 'Y');
  add(part(parts, Unit::mo), 'M');
  if (!part(parts, Unit::w).empty()) {
    const auto days = days_with_weeks(part(parts, Unit::w), part(parts, Unit::d), error);
    if (!days)
      return std::nullopt;
    add(*days, 'D');
  } else {
    add(part(parts, Unit::d), 'D');
  }
  if (!part(parts, Unit::h).empty() || !part(parts, Unit::min).empty() ||
      !part(parts, Unit::s).empty())
    out += 'T';
  add(part(parts, Unit::h), 'H');
  add(part(parts, Unit::min), 'M');
  add(part(parts, Unit::s), 'S');
  if (out.size() == 1) {
    error = "a duration is numbers with units, like 5h or 1h30min";
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> parse_integer(std::string_view s, bool non_negative) {
  const auto parts = rdf::xsd::split_decimal(s);
  if (!parts || parts->point || parts->whole.empty())
    return std::nullopt;
  if (parts->negative && non_negative &&
      parts->whole.find_first_not_of('0') != std::string_view::npos)
    return std::nullopt;
  return (parts->negative ? "-" : "") + std::string(parts->whole);
}

std::optional<std::string> parse_decimal(std::string_view s) {
  const auto parts = rdf::xsd::split_decimal(s);
  if (!parts || parts->whole.empty() || (parts->point && parts->fraction.empty()))
    return std::nullopt;
  return (parts->negative ? "-" : "") + std::string(s.substr(parts->signed_ ? 1 : 0));
}

std::string precision_unit(Precision p) {
  const std::string t(vocab::time);
  switch (p) {
  case Precision::year: return t + "unitYear";
  case Precision::month: return t + "unitMonth";
  case Precision::week: return t + "unitWeek";
  case Precision::day: return t + "unitDay";
  case Precision::date_time: return t + "unitSecond";
  }
  return t + "unitDay";
}

} // namespace factloom::bind
