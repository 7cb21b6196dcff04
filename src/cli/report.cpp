// Diagnostics on stderr.
#include "cli/report.hpp"

#include <iostream>

namespace factloom::cli {

void print_error(const Diagnostic &d, const SourceSet &sources) { std::cerr << render(d, sources); }

void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources) {
  for (const Diagnostic &d : sink.all())
    std::cerr << render(d, sources);
  if (sink.error_count() > 0 || sink.warning_count() > 0) {
    std::cerr << sink.error_count() << (sink.error_count() == 1 ? " error" : " errors") << ", "
              << sink.warning_count() << (sink.warning_count() == 1 ? " warning" : " warnings")
              << "\n";
  }
}

} // namespace factloom::cli
