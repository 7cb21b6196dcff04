// Dates, relative dates and durations, checked and put in their XSD lexical forms.
#include "bind/values.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "rdf/vocab.hpp"

namespace factloom::bind {

namespace {

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

// Days since 1970-01-01 (proleptic Gregorian), and back.
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
void civil_from_days(long z, int &y, int &m, int &d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}
/// 0 = Monday … 6 = Sunday.
int weekday(long days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

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
  civil_from_days(days, d.year, d.month, d.day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  d.lexical = buf;
  d.datatype = "date";
  d.precision = Precision::day;
  return d;
}

} // namespace

std::optional<Date> parse_date(std::string_view s, std::string &error) {
  Date d;
  if (!digits(s, 0, 4, d.year)) {
    error = "a date starts with a four-digit year";
    return std::nullopt;
  }
  if (s.size() == 4) {
    d.precision = Precision::year;
    d.lexical = std::string(s);
    d.datatype = "gYear";
    return d;
  }
  if (s.size() < 7 || s[4] != '-' || !digits(s, 5, 2, d.month)) {
    error = "expected YYYY, YYYY-MM or YYYY-MM-DD";
    return std::nullopt;
  }
  if (d.month < 1 || d.month > 12) {
    error = "there is no month " + std::to_string(d.month);
    return std::nullopt;
  }
  if (s.size() == 7) {
    d.precision = Precision::month;
    d.lexical = std::string(s);
    d.datatype = "gYearMonth";
    return d;
  }
  if (s.size() < 10 || s[7] != '-' || !digits(s, 8, 2, d.day)) {
    error = "expected YYYY-MM-DD";
    return std::nullopt;
  }
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    error = std::to_string(d.year) + "-" + (d.month < 10 ? "0" : "") + std::to_string(d.month) +
            " has no day " + std::to_string(d.day);
    return std::nullopt;
  }
  if (s.size() == 10) {
    d.precision = Precision::day;
    d.lexical = std::string(s);
    d.datatype = "date";
    return d;
  }
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
    seconds = std::string(s.substr(i, 3));
    i += 3;
    if (i < s.size() && s[i] == '.') {
      const std::size_t start = i;
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
      seconds += std::string(s.substr(start, i - start));
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) {
    error = "there is no such time of day";
    return std::nullopt;
  }
  std::string zone(s.substr(i));
  if (!zone.empty() && zone != "Z") {
    int zh = 0;
    int zm = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !digits(zone, 1, 2, zh) ||
        zone[3] != ':' || !digits(zone, 4, 2, zm) || zh > 14 || zm > 59) {
      error = "expected a time zone as Z or +HH:MM";
      return std::nullopt;
    }
  }
  d.precision = Precision::date_time;
  d.lexical = std::string(s.substr(0, 16)) + seconds + zone;
  d.datatype = "dateTime";
  return d;
}

const char *relative_phrase_help() {
  return "today, yesterday, tomorrow, a weekday (sunday, optionally followed by morning, "
         "afternoon, evening or night), last/next <weekday>, last/this/next week, "
         "last/this/next month, last/this/next year";
}

std::optional<Date> resolve_relative(std::string_view phrase, const Date &published) {
  std::vector<std::string> words;
  std::string w;
  for (char c : phrase) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!w.empty())
        words.push_back(w);
      w.clear();
    } else {
      w += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  if (!w.empty())
    words.push_back(w);
  if (words.empty() || published.precision != Precision::day)
    return std::nullopt;
  static constexpr std::array<std::string_view, 4> parts = {"morning", "afternoon", "evening",
                                                            "night"};
  if (words.size() == 2) {
    for (auto p : parts) {
      if (words[1] == p) {
        words.pop_back();
        break;
      }
    }
  }
  const long today = days_from_civil(published.year, published.month, published.day);
  static constexpr std::array<std::string_view, 7> days = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  auto day_index = [&](const std::string &s) {
    for (std::size_t i = 0; i < days.size(); ++i) {
      if (s == days[i])
        return static_cast<int>(i);
    }
    return -1;
  };
  std::string modifier;
  std::string noun = words.back();
  if (words.size() == 2)
    modifier = words[0];
  else if (words.size() > 2)
    return std::nullopt;
  if (words.size() == 1) {
    if (noun == "today")
      return make_day(today);
    if (noun == "yesterday")
      return make_day(today - 1);
    if (noun == "tomorrow")
      return make_day(today + 1);
  }
  if (const int wd = day_index(noun); wd >= 0) {
    const int now = weekday(today);
    if (modifier.empty())
      return make_day(today - ((now - wd + 7) % 7));
    if (modifier == "last")
      return make_day(today - ((now - wd + 6) % 7 + 1));
    if (modifier == "next")
      return make_day(today + ((wd - now + 6) % 7 + 1));
    return std::nullopt;
  }
  int shift = 0;
  if (modifier == "last")
    shift = -1;
  else if (modifier == "next")
    shift = 1;
  else if (modifier != "this")
    return std::nullopt;
  if (noun == "week") {
    Date d = make_day(today - weekday(today) + 7L * shift);
    d.precision = Precision::week;
    return d;
  }
  if (noun == "month") {
    int y = published.year;
    int m = published.month + shift;
    if (m == 0) {
      m = 12;
      --y;
    }
    if (m == 13) {
      m = 1;
      ++y;
    }
    Date d;
    d.year = y;
    d.month = m;
    d.precision = Precision::month;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    d.lexical = buf;
    d.datatype = "gYearMonth";
    return d;
  }
  if (noun == "year") {
    Date d;
    d.year = published.year + shift;
    d.precision = Precision::year;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", d.year);
    d.lexical = buf;
    d.datatype = "gYear";
    return d;
  }
  return std::nullopt;
}

std::optional<std::string> parse_duration(std::string_view s, std::string &error) {
  if (!s.empty() && s[0] == 'P') {
    // ISO 8601 / xsd:duration as written: P[nY][nM][nD][T[nH][nM][nS]].
    bool time = false;
    bool any = false;
    bool number = false;
    std::string_view order_date = "YMD";
    std::string_view order_time = "HMS";
    std::size_t pos = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
      const char c = s[i];
      if (c >= '0' && c <= '9') {
        number = true;
        continue;
      }
      if (c == '.' && number)
        continue;
      if (c == 'T' && !time && !number) {
        time = true;
        pos = 0;
        continue;
      }
      const std::string_view order = time ? order_time : order_date;
      const std::size_t at = order.find(c, pos);
      if (!number || at == std::string_view::npos) {
        error = "not an ISO 8601 duration (like PT5H or P2DT3H30M)";
        return std::nullopt;
      }
      pos = at + 1;
      number = false;
      any = true;
    }
    if (!any || number || s.back() == 'T') {
      error = "not an ISO 8601 duration (like PT5H or P2DT3H30M)";
      return std::nullopt;
    }
    return std::string(s);
  }
  // Curator form: 5h, 1h30min, 2d, 3w, 1y6mo, 90s.
  struct Part {
    std::string value;
    std::string unit;
  };
  std::vector<Part> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
      ++i;
    if (i == start) {
      error = "a duration is numbers with units, like 5h or 1h30min";
      return std::nullopt;
    }
    std::string value(s.substr(start, i - start));
    std::string unit;
    if (s.substr(i, 3) == "min") {
      unit = "min";
      i += 3;
    } else if (s.substr(i, 2) == "mo") {
      unit = "mo";
      i += 2;
    } else if (i < s.size()) {
      unit = std::string(1, s[i]);
      ++i;
    }
    if (unit == "m") {
      error = "'m' could mean minutes or months: write 'min' or 'mo'";
      return std::nullopt;
    }
    if (unit.empty() || std::string_view("y mo w d h min s").find(unit) == std::string_view::npos) {
      error = "unknown unit; use y, mo, w, d, h, min or s";
      return std::nullopt;
    }
    for (const Part &p : parts) {
      if (p.unit == unit) {
        error = "the unit '" + unit + "' appears twice";
        return std::nullopt;
      }
    }
    if (value.find('.') != std::string::npos && unit != "s") {
      error = "only seconds may have decimals; write 1h30min rather than 1.5h";
      return std::nullopt;
    }
    parts.push_back({value, unit});
  }
  auto get = [&](const char *unit) -> std::string {
    for (const Part &p : parts) {
      if (p.unit == unit)
        return p.value;
    }
    return {};
  };
  std::string out = "P";
  if (auto y = get("y"); !y.empty())
    out += y + "Y";
  if (auto mo = get("mo"); !mo.empty())
    out += mo + "M";
  std::string days = get("d");
  if (auto w = get("w"); !w.empty()) {
    days = std::to_string(std::stol(w) * 7 + (days.empty() ? 0 : std::stol(days)));
  }
  if (!days.empty())
    out += days + "D";
  std::string t;
  if (auto h = get("h"); !h.empty())
    t += h + "H";
  if (auto mi = get("min"); !mi.empty())
    t += mi + "M";
  if (auto sec = get("s"); !sec.empty())
    t += sec + "S";
  if (!t.empty())
    out += "T" + t;
  return out;
}

std::optional<std::string> parse_integer(std::string_view s, bool non_negative) {
  std::string_view body = s;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.empty())
    return std::nullopt;
  for (char c : body) {
    if (c < '0' || c > '9')
      return std::nullopt;
  }
  if (negative && non_negative && body.find_first_not_of('0') != std::string_view::npos)
    return std::nullopt;
  std::string out;
  if (negative)
    out += '-';
  out.append(body);
  return out;
}

std::optional<std::string> parse_decimal(std::string_view s) {
  std::string_view body = s;
  std::string sign;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    if (body[0] == '-')
      sign = "-";
    body.remove_prefix(1);
  }
  const std::size_t dot = body.find('.');
  const std::string_view whole = body.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && frac.empty()))
    return std::nullopt;
  for (char c : whole) {
    if (c < '0' || c > '9')
      return std::nullopt;
  }
  for (char c : frac) {
    if (c < '0' || c > '9')
      return std::nullopt;
  }
  sign.append(body);
  return sign;
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
