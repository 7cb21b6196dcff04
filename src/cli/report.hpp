// Printing diagnostics (the only place besides the commands that writes to stderr).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"

namespace factloom::cli {

/// The most diagnostics printed by one command unless --max-diagnostics says otherwise; the
/// rest are counted in one line.
constexpr std::size_t default_max_printed_diagnostics = 100;
/// --max-diagnostics N (0: no limit), for the rest of the process.
void set_max_printed_diagnostics(std::size_t n);

/// Renders the first diagnostics (as many as the limit) to stderr, then how many were not shown.
void print_capped(const std::vector<Diagnostic> &diagnostics, const SourceSet &sources);
/// print_capped, then a summary line when there were errors or warnings.
void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources);
/// A diagnostic as print_capped prints it (rendered, ending with a newline).
std::string render_line(const Diagnostic &d, const SourceSet &sources);
/// print_diagnostics of diagnostics already rendered by render_line, in order.
void print_rendered(const std::vector<std::string_view> &texts, std::size_t errors,
                    std::size_t warnings);
void print_error(const Diagnostic &d, const SourceSet &sources);

} // namespace factloom::cli
