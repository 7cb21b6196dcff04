// Printing diagnostics (the only place besides the commands that writes to stderr).
#pragma once

#include "base/diagnostic.hpp"

namespace factloom::cli {

/// Renders every diagnostic to stderr, then a summary line when there were errors or warnings.
void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources);
void print_error(const Diagnostic &d, const SourceSet &sources);

} // namespace factloom::cli
