// compile::diff_diagnostics (build --watch, check --watch): which diagnostics are new, which
// were fixed, how many stayed, between two runs that read their sources afresh.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/result.hpp"
#include "compile/diagnostic_diff.hpp"

using namespace factloom;
using compile::DiagnosticRecord;

namespace {

DiagnosticRecord record(std::string file, std::uint32_t line, std::string message,
                        std::string line_text) {
  DiagnosticRecord r;
  r.file = std::move(file);
  r.line = line;
  r.message = std::move(message);
  r.line_text = std::move(line_text);
  return r;
}

/// The records of a run over `sources`, for the diagnostics at these (file, offset, message).
std::vector<DiagnosticRecord> run(SourceSet &sources, const std::vector<std::string> &texts,
                                  const std::vector<std::pair<std::uint32_t, std::string>> &at) {
  std::vector<std::uint32_t> files;
  for (std::size_t i = 0; i < texts.size(); ++i)
    files.push_back(sources.add("f" + std::to_string(i) + ".facts", texts[i]));
  std::vector<Diagnostic> diagnostics;
  for (const auto &offset_message : at) {
    Diagnostic d;
    d.span = SourceSpan{files[0], offset_message.first, offset_message.first + 1};
    d.message = offset_message.second;
    diagnostics.push_back(d);
  }
  return compile::summarise(diagnostics, sources);
}

} // namespace

TEST_SUITE("compile") {
  TEST_CASE("diagnostic diff: nothing before, all new, in order") {
    const std::vector<DiagnosticRecord> after = {record("a.facts", 3, "unknown id 'x'", "  x"),
                                                 record("b.facts", 1, "expected a date", "d")};
    const auto changes = compile::diff_diagnostics({}, after);
    CHECK(changes.added == std::vector<std::size_t>{0, 1});
    CHECK(changes.fixed.empty());
    CHECK(changes.unchanged == 0);
  }

  TEST_CASE("diagnostic diff: an error fixed, one new, one unchanged") {
    const std::vector<DiagnosticRecord> before = {record("a.facts", 3, "unknown id 'x'", "  x"),
                                                  record("a.facts", 9, "unknown id 'y'", "  y")};
    const std::vector<DiagnosticRecord> after = {record("a.facts", 9, "unknown id 'y'", "  y"),
                                                 record("c.facts", 2, "expected ':'", "p q")};
    const auto changes = compile::diff_diagnostics(before, after);
    CHECK(changes.added == std::vector<std::size_t>{1});
    CHECK(changes.fixed == std::vector<std::size_t>{0});
    CHECK(changes.unchanged == 1);
    CHECK(compile::fixed_line(before[0]) == "a.facts:3: unknown id 'x'");
  }

  TEST_CASE("diagnostic diff: a diagnostic whose line moved is unchanged") {
    // Two lines were added above the mistake: its line number changed, its line did not.
    const std::vector<DiagnosticRecord> before = {record("a.facts", 3, "unknown id 'x'", "  x")};
    const std::vector<DiagnosticRecord> after = {record("a.facts", 5, "unknown id 'x'", "  x")};
    const auto changes = compile::diff_diagnostics(before, after);
    CHECK(changes.added.empty());
    CHECK(changes.fixed.empty());
    CHECK(changes.unchanged == 1);
  }

  TEST_CASE("diagnostic diff: same message on another line text, file or severity differs") {
    DiagnosticRecord warning = record("a.facts", 3, "unknown id 'x'", "  x");
    warning.severity = Severity::warning;
    const std::vector<DiagnosticRecord> before = {record("a.facts", 3, "unknown id 'x'", "  x")};
    const std::vector<DiagnosticRecord> after = {record("a.facts", 3, "unknown id 'x'", "  x  "),
                                                 record("b.facts", 3, "unknown id 'x'", "  x"),
                                                 warning};
    const auto changes = compile::diff_diagnostics(before, after);
    CHECK(changes.added == std::vector<std::size_t>{0, 1, 2});
    CHECK(changes.fixed == std::vector<std::size_t>{0});
    CHECK(changes.unchanged == 0);
  }

  TEST_CASE("diagnostic diff: copies of one diagnostic pair in order") {
    const DiagnosticRecord x = record("a.facts", 3, "unknown id 'x'", "  x");
    const auto more = compile::diff_diagnostics({x}, {x, x, x});
    CHECK(more.added == std::vector<std::size_t>{1, 2});
    CHECK(more.unchanged == 1);
    const auto fewer = compile::diff_diagnostics({x, x, x}, {x});
    CHECK(fewer.added.empty());
    CHECK(fewer.fixed == std::vector<std::size_t>{1, 2});
    CHECK(fewer.unchanged == 1);
  }

  TEST_CASE("diagnostic diff: records do not depend on the run's SourceSet indices") {
    // The second run reads one more file first, so every index differs.
    SourceSet first;
    const auto before = run(first, {"a\n  x\n"}, {{4, "unknown id 'x'"}});
    SourceSet second;
    second.add("other.facts", "");
    const auto after = run(second, {"a\n\n  x\n"}, {{5, "unknown id 'x'"}});
    REQUIRE(before.size() == 1);
    REQUIRE(after.size() == 1);
    CHECK(before[0].file == "f0.facts");
    CHECK(before[0].line == 2);
    CHECK(after[0].line == 3);
    CHECK(before[0].line_text == "  x");
    const auto changes = compile::diff_diagnostics(before, after);
    CHECK(changes.unchanged == 1);
    CHECK(changes.added.empty());
  }

  TEST_CASE("diagnostic diff: a diagnostic without a position is named by its origin") {
    const Diagnostic unreadable = io_error("gone.facts", "cannot read: No such file or directory");
    const auto records = compile::summarise({unreadable}, SourceSet());
    REQUIRE(records.size() == 1);
    CHECK(compile::fixed_line(records[0]) == "gone.facts: cannot read: No such file or directory");
    CHECK(compile::fixed_line(record("", 0, "no input", "")) == "no input");
  }
}
