// What changed between the diagnostics of two runs (`build --watch`, `check --watch`): which are
// new, which were fixed, how many stayed. Each run reads its sources afresh, so a diagnostic is
// compared by a summary that does not depend on the run's SourceSet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"

namespace factloom::compile {

/// One diagnostic, independent of the SourceSet it was reported against.
struct DiagnosticRecord {
  Severity severity = Severity::error;
  std::string file;       ///< source name (or the origin of a diagnostic without a span)
  std::uint32_t line = 0; ///< 1-based; 0 when there is no position
  std::string message;
  std::string hint;
  std::string line_text; ///< the text of the line it points at (empty without a position)
};

/// The records of `diagnostics` (in their order).
std::vector<DiagnosticRecord> summarise(const std::vector<Diagnostic> &diagnostics,
                                        const SourceSet &sources);

/// `after` compared with `before`. Two records are the same diagnostic when their severity,
/// file, message, hint and line text agree: a diagnostic whose line only moved (lines added or
/// removed above it) is unchanged, not fixed and new. Equal records are paired in order, so a
/// second copy of a diagnostic is new.
struct DiagnosticChanges {
  std::vector<std::size_t> added; ///< indices into `after`, ascending
  std::vector<std::size_t> fixed; ///< indices into `before`, ascending
  std::size_t unchanged = 0;
};

DiagnosticChanges diff_diagnostics(const std::vector<DiagnosticRecord> &before,
                                   const std::vector<DiagnosticRecord> &after);

/// "file:line: message" (or "file: message", or the message alone) for a fixed diagnostic.
std::string fixed_line(const DiagnosticRecord &record);

} // namespace factloom::compile
