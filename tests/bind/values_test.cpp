// Dates, relative dates and durations.
#include <doctest/doctest.h>

#include "bind/ontology.hpp"
#include "bind/values.hpp"

using namespace factloom::bind;

namespace {
Date published(const char *text) {
  std::string error;
  auto d = parse_date(text, error);
  REQUIRE(d);
  return *d;
}
std::string resolve(const char *phrase, const char *when = "2025-12-15") {
  auto d = resolve_relative(phrase, published(when));
  return d ? d->lexical + "/" + d->datatype + "/" + precision_unit(d->precision).substr(28)
           : "none";
}
std::string duration(const char *text) {
  std::string error;
  auto d = parse_duration(text, error);
  return d ? *d : "error: " + error;
}
} // namespace

TEST_SUITE("bind") {
  TEST_CASE("absolute dates keep their precision and are checked") {
    std::string e;
    CHECK(parse_date("2025", e)->datatype == "gYear");
    CHECK(parse_date("2025-12", e)->datatype == "gYearMonth");
    CHECK(parse_date("2024-02-29", e)->datatype == "date");
    CHECK_FALSE(parse_date("2025-02-29", e));
    CHECK_FALSE(parse_date("2025-13", e));
    CHECK(parse_date("2025-12-14T10:30", e)->lexical == "2025-12-14T10:30:00");
    CHECK(parse_date("2025-12-14T10:30:05.5+01:00", e)->lexical == "2025-12-14T10:30:05.5+01:00");
    CHECK_FALSE(parse_date("2025-12-14T24:00", e));
    CHECK_FALSE(parse_date("2025-12-14T10:30+1", e));
  }

  TEST_CASE("relative dates resolve against the publication date (Monday 2025-12-15)") {
    CHECK(resolve("sunday") == "2025-12-14/date/unitDay");
    CHECK(resolve("monday") == "2025-12-15/date/unitDay");
    CHECK(resolve("monday evening") == "2025-12-15/date/unitDay");
    CHECK(resolve("Tuesday") == "2025-12-09/date/unitDay");
    CHECK(resolve("last monday") == "2025-12-08/date/unitDay");
    CHECK(resolve("next monday") == "2025-12-22/date/unitDay");
    CHECK(resolve("yesterday") == "2025-12-14/date/unitDay");
    CHECK(resolve("tomorrow", "2025-12-31") == "2026-01-01/date/unitDay");
    CHECK(resolve("last week") == "2025-12-08/date/unitWeek");
    CHECK(resolve("this week", "2025-12-14") == "2025-12-08/date/unitWeek");
    CHECK(resolve("last month", "2025-01-10") == "2024-12/gYearMonth/unitMonth");
    CHECK(resolve("next year") == "2026/gYear/unitYear");
    CHECK(resolve("someday") == "none");
    CHECK(resolve("last sunday morning") == "2025-12-14/date/unitDay");
    CHECK(resolve("next week morning") == "none");
  }

  TEST_CASE("weekdays resolve forward for what is planned (published Sunday 2025-12-14)") {
    auto fwd = [](const char *phrase) {
      auto d = resolve_relative(phrase, published("2025-12-14"), Direction::forward);
      return d ? d->lexical : std::string("none");
    };
    CHECK(fwd("monday") == "2025-12-15"); // not 2025-12-08, six days before
    CHECK(fwd("sunday") == "2025-12-14");
    CHECK(fwd("this monday") == "2025-12-15");
    CHECK(fwd("saturday evening") == "2025-12-20");
    CHECK(fwd("last monday") == "2025-12-08"); // explicit words keep their meaning
    CHECK(fwd("tomorrow") == "2025-12-15");
    CHECK(resolve("monday", "2025-12-14") == "2025-12-08/date/unitDay");
    CHECK(resolve("this monday", "2025-12-14") == "2025-12-08/date/unitDay");
  }

  TEST_CASE("more phrases: tonight, that night, the next day, earlier/later this week") {
    CHECK(resolve("tonight") == "2025-12-15/date/unitDay");
    CHECK(resolve("that night") == "2025-12-15/date/unitDay");
    CHECK(resolve("this evening") == "2025-12-15/date/unitDay");
    CHECK(resolve("last night") == "2025-12-14/date/unitDay");
    CHECK(resolve("the next day") == "2025-12-16/date/unitDay");
    CHECK(resolve("the following day") == "2025-12-16/date/unitDay");
    CHECK(resolve("the day before") == "2025-12-14/date/unitDay");
    CHECK(resolve("the day before yesterday") == "2025-12-13/date/unitDay");
    CHECK(resolve("the day after tomorrow morning") == "2025-12-17/date/unitDay");
    CHECK(resolve("tomorrow evening") == "2025-12-16/date/unitDay");
    CHECK(resolve("earlier this week", "2025-12-18") == "2025-12-15/date/unitWeek");
    CHECK(resolve("later this week") == "2025-12-15/date/unitWeek");
    CHECK(resolve("later this month") == "2025-12/gYearMonth/unitMonth");
    CHECK(resolve("earlier this year") == "2025/gYear/unitYear");
    CHECK(resolve("coming friday") == "2025-12-19/date/unitDay");
    CHECK(resolve("later that week") == "none");
    CHECK(resolve("two days ago") == "2025-12-13/date/unitDay");
    CHECK(resolve("a day ago") == "2025-12-14/date/unitDay");
    CHECK(resolve("in three days") == "2025-12-18/date/unitDay");
    CHECK(resolve("two weeks ago") == "2025-12-01/date/unitWeek");
    CHECK(resolve("in a month") == "2026-01/gYearMonth/unitMonth");
    CHECK(resolve("twelve years ago") == "2013/gYear/unitYear");
    CHECK(resolve("2 days ago") == "none"); // digits are not words (the parser refuses them)
    CHECK(resolve("many days ago") == "none");
  }

  TEST_CASE("a date before, on or after the day of publication, by its precision") {
    const Date day = published("2025-12-15");
    auto side = [&](const char *text) { return compare_to_day(published(text), day); };
    CHECK(side("2025-12-14") == -1);
    CHECK(side("2025-12-15") == 0);
    CHECK(side("2025-12-15T23:00") == 0);
    CHECK(side("2025-12-16") == 1);
    CHECK(side("2025-12") == 0);
    CHECK(side("2025-11") == -1);
    CHECK(side("2026") == 1);
    CHECK(compare_to_day(*resolve_relative("last week", day), day) == -1);
    CHECK(compare_to_day(*resolve_relative("this week", day), day) == 0);
  }

  TEST_CASE("durations") {
    CHECK(duration("5h") == "PT5H");
    CHECK(duration("1h30min") == "PT1H30M");
    CHECK(duration("2d") == "P2D");
    CHECK(duration("1w2d") == "P9D");
    CHECK(duration("1y6mo") == "P1Y6M");
    CHECK(duration("90s") == "PT90S");
    CHECK(duration("PT5H") == "PT5H");
    CHECK(duration("P2DT3H30M") == "P2DT3H30M");
    CHECK(duration("5m").find("'min' or 'mo'") != std::string::npos);
    CHECK(duration("5h5h").find("twice") != std::string::npos);
    CHECK(duration("1.5h").find("decimals") != std::string::npos);
    CHECK(duration("PT").rfind("error", 0) == 0);
    CHECK(duration("P5H").rfind("error", 0) == 0);
  }

  TEST_CASE("durations: every unit is a whole unit name, never a piece of one") {
    // "n", "i" and "o" are letters of "min" and "mo"; they used to be taken as units and give "P".
    for (const char *text : {"5n", "5i", "5o", "5 ", "5", "", "5hn", "5yo"})
      CHECK_MESSAGE(duration(text).rfind("error", 0) == 0, text);
    CHECK(duration("2w5d1h2min3.5s") == "P19DT1H2M3.5S");
    CHECK(duration("007d") == "P007D");
    CHECK(duration(".s").rfind("error", 0) == 0);
    CHECK(duration("1..5s").rfind("error", 0) == 0);
  }

  TEST_CASE("durations: weeks too many to count in days are an error, not an exception") {
    CHECK(duration("99999999999999999999w").find("at most 9223372036854775807 days") !=
          std::string::npos);
    CHECK(duration("1317624576693539401w") == "P9223372036854775807D");
    CHECK(duration("1317624576693539401w1d").rfind("error", 0) == 0);
    CHECK(duration("1w99999999999999999999d").rfind("error", 0) == 0);
  }

  TEST_CASE("durations written in ISO 8601 must be xsd:durations") {
    CHECK(duration("P1Y2M3DT4H5M6.5S") == "P1Y2M3DT4H5M6.5S");
    CHECK(duration("P1DT").rfind("error", 0) == 0);
    CHECK(duration("P1.5D").rfind("error", 0) == 0); // only seconds may have decimals
    CHECK(duration("-P1D").rfind("error", 0) == 0);
  }

  TEST_CASE("calendar arithmetic over month, year and leap-year ends") {
    CHECK(resolve("tomorrow", "2024-02-28") == "2024-02-29/date/unitDay");
    CHECK(resolve("tomorrow", "2100-02-28") == "2100-03-01/date/unitDay");
    CHECK(resolve("yesterday", "2000-03-01") == "2000-02-29/date/unitDay");
    CHECK(resolve("next month", "2025-12-31") == "2026-01/gYearMonth/unitMonth");
    CHECK(resolve("this week", "2025-01-01") == "2024-12-30/date/unitWeek");
    CHECK(resolve("next sunday", "2025-12-14") == "2025-12-21/date/unitDay");
    CHECK(resolve("last year", "0000-06-01") == "-001/gYear/unitYear");
  }

  TEST_CASE("numbers") {
    CHECK(*parse_integer("+20", true) == "20");
    CHECK_FALSE(parse_integer("-2", true));
    CHECK(*parse_integer("-2", false) == "-2");
    CHECK(*parse_decimal("-3.50") == "-3.50");
    CHECK_FALSE(parse_decimal("3."));
    CHECK_FALSE(parse_decimal(".5"));
    CHECK_FALSE(parse_decimal("1.2.3"));
    CHECK(*parse_decimal("+0.25") == "0.25");
    CHECK(*parse_integer("-0", true) == "-0");
    CHECK_FALSE(parse_integer("1.0", false));
    CHECK_FALSE(parse_integer("+", false));
  }

  TEST_CASE("keywords from local names") {
    CHECK(kebab("PeacePlan") == "peace-plan");
    CHECK(kebab("partOf") == "part-of");
    CHECK(kebab("detailsPublic") == "details-public");
    CHECK(kebab("URLTemplate") == "url-template");
  }
}
