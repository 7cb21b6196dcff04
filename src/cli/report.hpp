// Printing diagnostics (the only place besides the commands that writes to stderr).
#pragma once

#include "base/diagnostic.hpp"
#include "compile/compile.hpp"

namespace factloom::cli {

/// Renders every diagnostic to stderr, then a summary line when there were errors or warnings.
void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources);
void print_error(const Diagnostic &d, const SourceSet &sources);

/// Validates a compiled graph against the shapes (build's default); adds violations to the
/// compilation's diagnostics.
void validate_output(compile::Compilation &compilation, const compile::Options &options);

} // namespace factloom::cli
