// XSD lexical spaces and value comparison, written out by hand (no regex, no allocation).
#include "rdf/xsd.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "rdf/vocab.hpp"

namespace factloom::rdf::xsd {

namespace {

constexpr std::string_view xsd_ns = vocab::xsd;
constexpr std::string_view rdf_lang_string = vocab::rdf_lang_string;

bool digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s) {
    if (!digit(c))
      return false;
  }
  return true;
}
int two_digits(std::string_view s, std::size_t at) {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// ---- numbers ---------------------------------------------------------------------------------

/// A decimal value: sign, integer digits without leading zeros, fraction digits without
/// trailing zeros (zero is never negative).
struct Decimal {
  bool negative = false;
  std::string_view whole;
  std::string_view fraction;
};

std::string_view strip_leading_zeros(std::string_view s) {
  while (!s.empty() && s.front() == '0')
    s.remove_prefix(1);
  return s;
}
std::string_view strip_trailing_zeros(std::string_view s) {
  while (!s.empty() && s.back() == '0')
    s.remove_suffix(1);
  return s;
}

std::optional<Decimal> parse_decimal(std::string_view s, bool allow_point) {
  const auto parts = split_decimal(s);
  if (!parts || (parts->point && !allow_point))
    return std::nullopt;
  if (parts->whole.empty() && parts->fraction.empty())
    return std::nullopt;
  Decimal d;
  d.negative = parts->negative;
  d.whole = strip_leading_zeros(parts->whole);
  d.fraction = strip_trailing_zeros(parts->fraction);
  if (d.whole.empty() && d.fraction.empty())
    d.negative = false;
  return d;
}

int compare_magnitude(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_fraction(std::string_view a, std::string_view b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const char x = i < a.size() ? a[i] : '0';
    const char y = i < b.size() ? b[i] : '0';
    if (x != y)
      return x < y ? -1 : 1;
  }
  return 0;
}

int compare_decimal(const Decimal &a, const Decimal &b) {
  if (a.negative != b.negative)
    return a.negative ? -1 : 1;
  int c = compare_magnitude(a.whole, b.whole);
  if (c == 0)
    c = compare_fraction(a.fraction, b.fraction);
  return a.negative ? -c : c;
}

struct IntRange {
  const char *min; // nullptr = unbounded
  const char *max;
};

IntRange range_of(Type t) {
  switch (t) {
  case Type::non_positive_integer: return {nullptr, "0"};
  case Type::negative_integer: return {nullptr, "-1"};
  case Type::long_: return {"-9223372036854775808", "9223372036854775807"};
  case Type::int_: return {"-2147483648", "2147483647"};
  case Type::short_: return {"-32768", "32767"};
  case Type::byte: return {"-128", "127"};
  case Type::non_negative_integer: return {"0", nullptr};
  case Type::unsigned_long: return {"0", "18446744073709551615"};
  case Type::unsigned_int: return {"0", "4294967295"};
  case Type::unsigned_short: return {"0", "65535"};
  case Type::unsigned_byte: return {"0", "255"};
  case Type::positive_integer: return {"1", nullptr};
  default: return {nullptr, nullptr};
  }
}

bool is_integer_type(Type t) { return t >= Type::integer && t <= Type::positive_integer; }

bool integer_in_range(Type t, const Decimal &v) {
  const IntRange r = range_of(t);
  if (r.min != nullptr && compare_decimal(v, *parse_decimal(r.min, false)) < 0)
    return false;
  if (r.max != nullptr && compare_decimal(v, *parse_decimal(r.max, false)) > 0)
    return false;
  return true;
}

bool float_lexical(std::string_view s) {
  if (s == "INF" || s == "-INF" || s == "+INF" || s == "NaN")
    return true;
  const std::size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (!parse_decimal(mantissa, true))
    return false;
  if (e == std::string_view::npos)
    return true;
  std::string_view exponent = s.substr(e + 1);
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-'))
    exponent.remove_prefix(1);
  return all_digits(exponent);
}

std::optional<double> to_double(std::string_view s) {
  if (s == "INF" || s == "+INF")
    return std::numeric_limits<double>::infinity();
  if (s == "-INF")
    return -std::numeric_limits<double>::infinity();
  if (s == "NaN")
    return std::numeric_limits<double>::quiet_NaN();
  if (!s.empty() && s[0] == '+')
    s.remove_prefix(1);
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    return (!s.empty() && s[0] == '-') ? -std::numeric_limits<double>::infinity()
                                       : std::numeric_limits<double>::infinity();
  }
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    return std::nullopt;
  return v;
}

// ---- dates and times -------------------------------------------------------------------------

struct Moment {
  std::int64_t seconds = 0;  // from 1970-01-01T00:00:00; local time if !has_tz
  std::string_view fraction; // fractional second digits, trailing zeros stripped
  bool has_tz = false;
};

/// Parses an optional time zone at the end of `s`; removes it and returns its offset in minutes.
bool take_timezone(std::string_view &s, bool &has_tz, int &offset) {
  has_tz = false;
  offset = 0;
  if (!s.empty() && s.back() == 'Z') {
    s.remove_suffix(1);
    has_tz = true;
    return true;
  }
  if (s.size() >= 6 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-') &&
      s[s.size() - 3] == ':') {
    const std::string_view tz = s.substr(s.size() - 6);
    if (!digit(tz[1]) || !digit(tz[2]) || !digit(tz[4]) || !digit(tz[5]))
      return false;
    const int h = two_digits(tz, 1);
    const int m = two_digits(tz, 4);
    if (h > 14 || m > 59 || (h == 14 && m != 0))
      return false;
    offset = (h * 60 + m) * (tz[0] == '-' ? -1 : 1);
    has_tz = true;
    s.remove_suffix(6);
  }
  return true;
}

/// "-?YYYY-MM-DD" (year of at least four digits, no leading zero beyond four).
bool take_date(std::string_view &s, std::int64_t &year, int &month, int &day) {
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  std::size_t n = 0;
  while (n < s.size() && digit(s[n]))
    ++n;
  if (n < 4 || n > 12 || (n > 4 && s[0] == '0'))
    return false;
  year = 0;
  for (std::size_t i = 0; i < n; ++i)
    year = year * 10 + (s[i] - '0');
  if (negative)
    year = -year;
  s.remove_prefix(n);
  if (s.size() < 6 || s[0] != '-' || !digit(s[1]) || !digit(s[2]) || s[3] != '-' || !digit(s[4]) ||
      !digit(s[5]))
    return false;
  month = two_digits(s, 1);
  day = two_digits(s, 4);
  s.remove_prefix(6);
  return month >= 1 && month <= 12 && day >= 1 &&
         static_cast<unsigned>(day) <= days_in_month(year, static_cast<unsigned>(month));
}

/// "hh:mm:ss(.s+)?"; 24:00:00 is allowed (end of day).
bool take_time(std::string_view &s, int &h, int &m, int &sec, std::string_view &fraction) {
  if (s.size() < 8 || !digit(s[0]) || !digit(s[1]) || s[2] != ':' || !digit(s[3]) || !digit(s[4]) ||
      s[5] != ':' || !digit(s[6]) || !digit(s[7]))
    return false;
  h = two_digits(s, 0);
  m = two_digits(s, 3);
  sec = two_digits(s, 6);
  s.remove_prefix(8);
  fraction = {};
  if (!s.empty() && s[0] == '.') {
    std::size_t n = 1;
    while (n < s.size() && digit(s[n]))
      ++n;
    if (n == 1)
      return false;
    fraction = strip_trailing_zeros(s.substr(1, n - 1));
    s.remove_prefix(n);
  }
  if (m > 59 || sec > 59)
    return false;
  if (h == 24)
    return m == 0 && sec == 0 && fraction.empty();
  return h <= 23;
}

std::optional<Moment> parse_moment(Type t, std::string_view s) {
  bool has_tz = false;
  int offset = 0;
  if (!take_timezone(s, has_tz, offset))
    return std::nullopt;
  std::int64_t year = 1972;
  int month = 12;
  int day = 31;
  int h = 0;
  int m = 0;
  int sec = 0;
  std::string_view fraction;
  if (t == Type::date_time || t == Type::date_time_stamp) {
    if (!take_date(s, year, month, day) || s.empty() || s[0] != 'T')
      return std::nullopt;
    s.remove_prefix(1);
    if (!take_time(s, h, m, sec, fraction))
      return std::nullopt;
    if (t == Type::date_time_stamp && !has_tz)
      return std::nullopt;
  } else if (t == Type::date) {
    if (!take_date(s, year, month, day))
      return std::nullopt;
  } else if (t == Type::time) {
    if (!take_time(s, h, m, sec, fraction))
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!s.empty())
    return std::nullopt;
  Moment out;
  out.seconds =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
      h * 3600 + m * 60 + sec - offset * 60;
  out.fraction = fraction;
  out.has_tz = has_tz;
  return out;
}

int compare_moment_raw(std::int64_t sa, std::string_view fa, std::int64_t sb, std::string_view fb) {
  if (sa != sb)
    return sa < sb ? -1 : 1;
  return compare_fraction(fa, fb);
}

Order order_of(int c) { return c < 0 ? Order::less : (c > 0 ? Order::greater : Order::equal); }

Order compare_moments(const Moment &a, const Moment &b) {
  if (a.has_tz == b.has_tz)
    return order_of(compare_moment_raw(a.seconds, a.fraction, b.seconds, b.fraction));
  // XSD 1.1 §E.3.3: the side without a time zone could be anywhere from -14:00 to +14:00.
  constexpr std::int64_t fourteen = 14 * 3600;
  if (a.has_tz) {
    if (compare_moment_raw(a.seconds, a.fraction, b.seconds - fourteen, b.fraction) < 0)
      return Order::less;
    if (compare_moment_raw(a.seconds, a.fraction, b.seconds + fourteen, b.fraction) > 0)
      return Order::greater;
    return Order::incomparable;
  }
  if (compare_moment_raw(a.seconds + fourteen, a.fraction, b.seconds, b.fraction) < 0)
    return Order::less;
  if (compare_moment_raw(a.seconds - fourteen, a.fraction, b.seconds, b.fraction) > 0)
    return Order::greater;
  return Order::incomparable;
}

// ---- other lexical spaces --------------------------------------------------------------------

bool g_lexical(Type t, std::string_view s) {
  bool has_tz = false;
  int offset = 0;
  if (!take_timezone(s, has_tz, offset))
    return false;
  auto two = [&](std::size_t at) { return s.size() >= at + 2 && digit(s[at]) && digit(s[at + 1]); };
  switch (t) {
  case Type::g_year:
  case Type::g_year_month: {
    if (!s.empty() && s[0] == '-')
      s.remove_prefix(1);
    std::size_t n = 0;
    while (n < s.size() && digit(s[n]))
      ++n;
    if (n < 4 || (n > 4 && s[0] == '0'))
      return false;
    s.remove_prefix(n);
    if (t == Type::g_year)
      return s.empty();
    if (s.size() != 3 || s[0] != '-' || !two(1))
      return false;
    const int m = two_digits(s, 1);
    return m >= 1 && m <= 12;
  }
  case Type::g_month:
    return s.size() == 4 && s[0] == '-' && s[1] == '-' && two(2) && two_digits(s, 2) >= 1 &&
           two_digits(s, 2) <= 12;
  case Type::g_month_day: {
    if (s.size() != 7 || s[0] != '-' || s[1] != '-' || !two(2) || s[4] != '-' || !two(5))
      return false;
    const int m = two_digits(s, 2);
    const int d = two_digits(s, 5);
    return m >= 1 && m <= 12 && d >= 1 &&
           static_cast<unsigned>(d) <= days_in_month(2000, static_cast<unsigned>(m));
  }
  case Type::g_day:
    return s.size() == 5 && s.substr(0, 3) == "---" && two(3) && two_digits(s, 3) >= 1 &&
           two_digits(s, 3) <= 31;
  default: return false;
  }
}

} // namespace

bool duration_lexical(std::string_view s) {
  if (!s.empty() && s[0] == '-')
    s.remove_prefix(1);
  if (s.empty() || s[0] != 'P')
    return false;
  s.remove_prefix(1);
  bool any = false;
  bool in_time = false;
  bool time_any = false;
  const char *order = "YMD";
  std::size_t pos = 0;
  while (!s.empty()) {
    if (s[0] == 'T') {
      if (in_time)
        return false;
      in_time = true;
      order = "HMS";
      pos = 0;
      s.remove_prefix(1);
      continue;
    }
    std::size_t n = 0;
    while (n < s.size() && (digit(s[n]) || (in_time && s[n] == '.')))
      ++n;
    if (n == 0 || n >= s.size())
      return false;
    const std::string_view number = s.substr(0, n);
    const char unit = s[n];
    std::size_t k = pos;
    while (k < 3 && order[k] != unit)
      ++k;
    if (k == 3)
      return false;
    if (number.find('.') != std::string_view::npos && unit != 'S')
      return false;
    if (!parse_decimal(number, unit == 'S'))
      return false;
    pos = k + 1;
    any = true;
    if (in_time)
      time_any = true;
    s.remove_prefix(n + 1);
  }
  return any && (!in_time || time_any);
}

namespace {

bool language_lexical(std::string_view s) {
  std::size_t part = 0;
  bool first = true;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '-') {
      if (part == 0 || part > 8)
        return false;
      part = 0;
      first = false;
      continue;
    }
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!(alpha || (!first && digit(c))))
      return false;
    ++part;
  }
  return !s.empty();
}

bool hex_lexical(std::string_view s) {
  if (s.size() % 2 != 0)
    return false;
  for (char c : s) {
    if (!digit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
      return false;
  }
  return true;
}

bool base64_lexical(std::string_view s) {
  std::size_t n = 0;
  std::size_t pad = 0;
  for (char c : s) {
    if (c == ' ')
      continue;
    const bool b64 =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || digit(c) || c == '+' || c == '/';
    if (c == '=') {
      ++pad;
    } else if (!b64 || pad > 0) {
      return false;
    }
    ++n;
  }
  return n % 4 == 0 && pad <= 2;
}

} // namespace

Type type_of(std::string_view iri) {
  if (iri == rdf_lang_string)
    return Type::lang_string;
  if (iri.substr(0, xsd_ns.size()) != xsd_ns)
    return Type::other;
  const std::string_view local = iri.substr(xsd_ns.size());
  static constexpr std::pair<std::string_view, Type> names[] = {
      {"string", Type::string},
      {"boolean", Type::boolean},
      {"decimal", Type::decimal},
      {"integer", Type::integer},
      {"nonPositiveInteger", Type::non_positive_integer},
      {"negativeInteger", Type::negative_integer},
      {"long", Type::long_},
      {"int", Type::int_},
      {"short", Type::short_},
      {"byte", Type::byte},
      {"nonNegativeInteger", Type::non_negative_integer},
      {"unsignedLong", Type::unsigned_long},
      {"unsignedInt", Type::unsigned_int},
      {"unsignedShort", Type::unsigned_short},
      {"unsignedByte", Type::unsigned_byte},
      {"positiveInteger", Type::positive_integer},
      {"float", Type::float_},
      {"double", Type::double_},
      {"dateTime", Type::date_time},
      {"dateTimeStamp", Type::date_time_stamp},
      {"date", Type::date},
      {"time", Type::time},
      {"gYear", Type::g_year},
      {"gYearMonth", Type::g_year_month},
      {"gMonth", Type::g_month},
      {"gMonthDay", Type::g_month_day},
      {"gDay", Type::g_day},
      {"hexBinary", Type::hex_binary},
      {"base64Binary", Type::base64_binary},
      {"anyURI", Type::any_uri},
      {"normalizedString", Type::normalized_string},
      {"token", Type::token},
      {"language", Type::language},
      {"duration", Type::duration},
  };
  for (const auto &[name, type] : names) {
    if (name == local)
      return type;
  }
  return Type::other;
}

bool is_numeric(Type t) {
  return t == Type::decimal || is_integer_type(t) || t == Type::float_ || t == Type::double_;
}

bool well_formed(Type t, std::string_view s) {
  switch (t) {
  case Type::other:
  case Type::string:
  case Type::lang_string:
  case Type::any_uri: return true;
  case Type::boolean: return s == "true" || s == "false" || s == "1" || s == "0";
  case Type::decimal: return parse_decimal(s, true).has_value();
  case Type::float_:
  case Type::double_: return float_lexical(s);
  case Type::date_time:
  case Type::date_time_stamp:
  case Type::date:
  case Type::time: return parse_moment(t, s).has_value();
  case Type::g_year:
  case Type::g_year_month:
  case Type::g_month:
  case Type::g_month_day:
  case Type::g_day: return g_lexical(t, s);
  case Type::hex_binary: return hex_lexical(s);
  case Type::base64_binary: return base64_lexical(s);
  case Type::normalized_string: return s.find_first_of("\t\n\r") == std::string_view::npos;
  case Type::token:
    return s.find_first_of("\t\n\r") == std::string_view::npos &&
           s.find("  ") == std::string_view::npos &&
           (s.empty() || (s.front() != ' ' && s.back() != ' '));
  case Type::language: return language_lexical(s);
  case Type::duration: return duration_lexical(s);
  default: break;
  }
  if (is_integer_type(t)) {
    const auto v = parse_decimal(s, false);
    return v.has_value() && integer_in_range(t, *v);
  }
  return true;
}

Order compare(Type ta, std::string_view a, Type tb, std::string_view b) {
  if (!well_formed(ta, a) || !well_formed(tb, b))
    return Order::incomparable;
  if (is_numeric(ta) && is_numeric(tb)) {
    const bool exact_a = ta != Type::float_ && ta != Type::double_;
    const bool exact_b = tb != Type::float_ && tb != Type::double_;
    if (exact_a && exact_b)
      return order_of(compare_decimal(*parse_decimal(a, true), *parse_decimal(b, true)));
    const auto x = to_double(a);
    const auto y = to_double(b);
    if (!x || !y || std::isnan(*x) || std::isnan(*y))
      return Order::incomparable;
    return *x < *y ? Order::less : (*x > *y ? Order::greater : Order::equal);
  }
  if (ta == Type::string && tb == Type::string) {
    const int c = a.compare(b); // UTF-8 byte order is code point order
    return order_of(c);
  }
  if (ta == Type::boolean && tb == Type::boolean) {
    const bool x = a == "true" || a == "1";
    const bool y = b == "true" || b == "1";
    return order_of(static_cast<int>(x) - static_cast<int>(y));
  }
  auto family = [](Type t) { return t == Type::date_time_stamp ? Type::date_time : t; };
  if ((family(ta) == Type::date_time || ta == Type::date || ta == Type::time) &&
      family(ta) == family(tb)) {
    const auto x = parse_moment(ta, a);
    const auto y = parse_moment(tb, b);
    if (!x || !y)
      return Order::incomparable;
    return compare_moments(*x, *y);
  }
  return Order::incomparable;
}

std::optional<DecimalParts> split_decimal(std::string_view s) {
  DecimalParts d;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    d.signed_ = true;
    d.negative = s[0] == '-';
    s.remove_prefix(1);
  }
  const std::size_t point = s.find('.');
  d.point = point != std::string_view::npos;
  d.whole = s.substr(0, point);
  d.fraction = d.point ? s.substr(point + 1) : std::string_view();
  if ((!d.whole.empty() && !all_digits(d.whole)) ||
      (!d.fraction.empty() && !all_digits(d.fraction)))
    return std::nullopt;
  return d;
}

namespace {

/// The Gregorian calendar repeats every 400 years (146097 days): `year` is `cycles` such
/// periods after a year in 0..399, which std::chrono's year holds.
constexpr std::int64_t cycle_years = 400;
constexpr std::int64_t cycle_days = 146097;

std::int64_t cycles_of(std::int64_t year) {
  return year >= 0 ? year / cycle_years : -((-year + cycle_years - 1) / cycle_years);
}

std::chrono::year year_in_cycle(std::int64_t year) {
  return std::chrono::year{static_cast<int>(year - cycles_of(year) * cycle_years)};
}

} // namespace

unsigned days_in_month(std::int64_t y, unsigned m) {
  namespace chrono = std::chrono;
  return static_cast<unsigned>((year_in_cycle(y) / chrono::month{m} / chrono::last).day());
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  namespace chrono = std::chrono;
  const chrono::sys_days date{year_in_cycle(y) / chrono::month{m} / chrono::day{d}};
  return date.time_since_epoch().count() + cycles_of(y) * cycle_days;
}

std::chrono::year_month_day civil_from_days(std::int64_t days) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}};
}

} // namespace factloom::rdf::xsd
