// Diagnostics from every stage, collected in a sink and rendered like a compiler's.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "base/source.hpp"

namespace factloom {

enum class Severity { note, warning, error };

/// One message about the input, optionally anchored to a span, with optional notes.
struct Diagnostic {
  Severity severity = Severity::error;
  SourceSpan span;     ///< Where; invalid span = no location.
  std::string message; ///< "expected a date (YYYY-MM-DD)"
  std::string hint;    ///< Optional "did you mean 'meeting'?" line.
  std::string origin;  ///< File name when span is invalid (e.g. an unreadable path).
  std::vector<Diagnostic> notes;
};

/// Collects diagnostics; stages report here and return normally.
class DiagnosticSink {
public:
  void report(Diagnostic d);
  void error(SourceSpan span, std::string message, std::string hint = {});
  void warning(SourceSpan span, std::string message, std::string hint = {});
  bool has_errors() const { return errors_ > 0; }
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return warnings_; }
  const std::vector<Diagnostic> &all() const { return diagnostics_; }
  /// Orders diagnostics by file, position, then text (deterministic output).
  void sort(const SourceSet &sources);

private:
  std::vector<Diagnostic> diagnostics_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

/// The most bytes of a source line a diagnostic echoes: a longer line is shown as a window of
/// this many bytes around the caret.
constexpr std::size_t max_echo_bytes = 200;

/// Renders "file:line:col: error: message", the source line and a caret line.
std::string render(const Diagnostic &d, const SourceSet &sources);

/// Edit distance (code units), for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest candidate within a small distance (of several, the least), or empty; the
/// candidates' order does not matter.
std::string closest(std::string_view word, const std::vector<std::string> &candidates);

} // namespace factloom
