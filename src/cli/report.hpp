// Printing diagnostics (the only place besides the commands that writes to stderr).
#pragma once

#include <cstddef>
#include <vector>

#include "base/diagnostic.hpp"

namespace factloom::cli {

/// The most diagnostics printed by one command; the rest are counted in one line.
constexpr std::size_t max_printed_diagnostics = 100;

/// Renders the first max_printed_diagnostics diagnostics to stderr, then how many were not shown.
void print_capped(const std::vector<Diagnostic> &diagnostics, const SourceSet &sources);
/// print_capped, then a summary line when there were errors or warnings.
void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources);
void print_error(const Diagnostic &d, const SourceSet &sources);

} // namespace factloom::cli
