// Values the grammar stops at, named for what they are (see misread.hpp).
#include "syntax/misread.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace factloom::syntax {

namespace {

/// `url: https://example.org/x` (or `www.example.org/x`): a web address without its angle
/// brackets stops the line at "://" or "/". Reported as such, over the whole address; false
/// when the error is something else.
bool report_bare_iri(std::string_view text, const char *error_at, std::uint32_t file,
                     DiagnosticSink &sink) {
  const auto at = static_cast<std::size_t>(error_at - text.data());
  const bool scheme = text.substr(at, 3) == "://";
  std::size_t begin = at;
  while (begin > 0 && (std::isalnum(static_cast<unsigned char>(text[begin - 1])) != 0 ||
                       text[begin - 1] == '-' || text[begin - 1] == '.' || text[begin - 1] == '+'))
    --begin;
  const std::string_view before = text.substr(begin, at - begin);
  if (before.empty() ||
      !(scheme || (text.substr(at, 1) == "/" && before.find('.') != std::string_view::npos)))
    return false;
  std::size_t end = at;
  while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
         text[end] != '\r')
    ++end;
  const std::string address(text.substr(begin, end - begin));
  sink.error(SourceSpan{file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)},
             "a web address must be written in angle brackets",
             "write <" + std::string(scheme ? "" : "https://") + address + ">");
  return true;
}

/// The lower-cased words and numbers of a value ("14 December 2025" → 14, december, 2025).
std::vector<std::string> value_words(std::string_view v) {
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    if (!w.empty())
      words.push_back(w);
    w.clear();
  };
  for (const char ch : v) {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0) {
      if (!w.empty() && (std::isdigit(static_cast<unsigned char>(w.back())) != 0) !=
                            (std::isdigit(static_cast<unsigned char>(ch)) != 0))
        flush();
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

/// 1..12 for a month's name or its abbreviation ("dec", "december"), else 0.
int month_number(const std::string &w) {
  static constexpr std::array<std::string_view, 12> names = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (w.size() >= 3 && names[i].substr(0, w.size()) == w)
      return static_cast<int>(i) + 1;
  }
  return 0;
}

/// The ISO form of a date written another way, when it is unambiguous ("14 December 2025",
/// "15/12/2025" → "2025-12-15"), else empty.
std::string iso_date(const std::vector<std::string> &w) {
  int y = 0;
  int m = 0;
  int d = 0;
  std::vector<int> numbers;
  for (const std::string &x : w) {
    if (std::isdigit(static_cast<unsigned char>(x[0])) != 0)
      numbers.push_back(x.size() > 4 ? 0 : std::stoi(x));
    else if (month_number(x) != 0 && m == 0)
      m = month_number(x);
    else if (x != "st" && x != "nd" && x != "rd" && x != "th" && x != "of")
      return {};
  }
  if (m != 0 && numbers.size() == 2) { // 14 December 2025, December 14 2025
    d = numbers[0] > 31 ? numbers[1] : numbers[0];
    y = numbers[0] > 31 ? numbers[0] : numbers[1];
  } else if (m == 0 && numbers.size() == 3 && numbers[2] > 31) { // 15/12/2025, 12/15/2025
    if (numbers[0] > 12 && numbers[1] <= 12) {
      d = numbers[0];
      m = numbers[1];
    } else if (numbers[1] > 12 && numbers[0] <= 12) {
      m = numbers[0];
      d = numbers[1];
    }
    y = numbers[2];
  }
  char buf[48];
  if (m != 0 && numbers.size() == 1 && numbers[0] > 999) { // December 2025
    std::snprintf(buf, sizeof buf, "%04d-%02d", numbers[0], m);
    return buf;
  }
  if (y < 1000 || m < 1 || d < 1 || d > 31)
    return {};
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

/// "5 hours" → "h", "90 minutes" → "min": the unit letters of a number and a unit word.
std::string_view unit_letters(const std::vector<std::string> &w) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> units = {{
      {"hour", "h"},
      {"hours", "h"},
      {"hr", "h"},
      {"hrs", "h"},
      {"minute", "min"},
      {"minutes", "min"},
      {"mins", "min"},
      {"second", "s"},
      {"seconds", "s"},
      {"day", "d"},
      {"days", "d"},
      {"week", "w"},
      {"weeks", "w"},
      {"month", "mo"},
      {"months", "mo"},
      {"year", "y"},
      {"years", "y"},
      {"secs", "s"},
  }};
  if (w.size() != 2 || std::isdigit(static_cast<unsigned char>(w[0][0])) == 0)
    return {};
  for (const auto &[word, letters] : units) {
    if (w[1] == word)
      return letters;
  }
  return {};
}

/// A date or duration written in another format (`date: 15/12/2025`, `date: December 14`,
/// `duration: 5 hours`) stops the line early: reported as what it is, over the whole value.
bool report_misformatted(std::string_view text, const char *error_at, std::uint32_t file,
                         DiagnosticSink &sink) {
  const auto at = static_cast<std::size_t>(error_at - text.data());
  const std::size_t line = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t start = line == std::string_view::npos ? 0 : line + 1;
  const std::size_t colon = text.find(':', start);
  if (colon == std::string_view::npos || colon >= at)
    return false;
  const std::size_t begin = text.find_first_not_of(" \t", colon + 1);
  if (begin == std::string_view::npos)
    return false;
  std::size_t end = text.find_first_of("#\r\n", begin);
  end = end == std::string_view::npos ? text.size() : end;
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
    --end;
  const std::string_view value = text.substr(begin, end - begin);
  const std::vector<std::string> w = value_words(value);
  if (w.empty() || value.find_first_of("\"<") != std::string_view::npos)
    return false;
  const SourceSpan where{file, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)};
  // 2025-12-15 10:00: a date and a time, without the T between them.
  if (w.size() >= 5 && w[0].size() == 4 && value.size() > 11 && value[4] == '-' &&
      value[10] == ' ' && value.find(':') != std::string_view::npos) {
    std::string joined(value);
    joined[10] = 'T';
    sink.error(where, "a date and a time are joined by a T, not a space", "write " + joined);
    return true;
  }
  if (const std::string_view unit = unit_letters(w); !unit.empty()) {
    sink.error(where, "a duration is written with a unit letter, not '" + std::string(value) + "'",
               "write " + w[0] + std::string(unit) + " (units: y, mo, w, d, h, min, s)");
    return true;
  }
  const bool dateish = std::all_of(w.begin(), w.end(), [](const std::string &x) {
    return std::isdigit(static_cast<unsigned char>(x[0])) != 0 || month_number(x) != 0 ||
           x == "st" || x == "nd" || x == "rd" || x == "th" || x == "of";
  });
  const bool month =
      std::any_of(w.begin(), w.end(), [](const std::string &x) { return month_number(x) != 0; });
  const bool numeric =
      !month && w.size() == 3 && value.find_first_of("/.") != std::string_view::npos;
  if (!dateish || (!month && !numeric))
    return false;
  const std::string iso = iso_date(w);
  sink.error(where, "a date is written YYYY-MM-DD, not '" + std::string(value) + "'",
             iso.empty() ? "write it as YYYY-MM-DD (or YYYY-MM, or YYYY), with the year; a "
                           "phrase such as 'sunday' is resolved against the publication date"
                         : "write " + iso);
  return true;
}

} // namespace

bool report_misread_value(std::string_view text, const char *error_at, std::uint32_t file,
                          DiagnosticSink &sink) {
  return report_bare_iri(text, error_at, file, sink) ||
         report_misformatted(text, error_at, file, sink);
}

} // namespace factloom::syntax
