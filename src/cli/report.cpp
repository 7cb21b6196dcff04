// Diagnostics on stderr.
#include "cli/report.hpp"

#include <iostream>

namespace factloom::cli {

void print_error(const Diagnostic &d, const SourceSet &sources) { std::cerr << render(d, sources); }

namespace {
std::size_t max_printed = default_max_printed_diagnostics; // 0: no limit
} // namespace

void set_max_printed_diagnostics(std::size_t n) { max_printed = n; }

void print_capped(const std::vector<Diagnostic> &diagnostics, const SourceSet &sources) {
  std::size_t printed = 0;
  for (const Diagnostic &d : diagnostics) {
    if (max_printed != 0 && printed == max_printed)
      break;
    std::string text = render(d, sources);
    if (!text.empty() && text.back() != '\n')
      text += '\n';
    std::cerr << text;
    ++printed;
  }
  if (diagnostics.size() > printed) {
    const std::size_t rest = diagnostics.size() - printed;
    std::cerr << "… and " << rest << " more " << (rest == 1 ? "diagnostic" : "diagnostics")
              << " not shown (at most " << max_printed
              << " are printed; --max-diagnostics N to change, 0 for all)\n";
  }
}

void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources) {
  print_capped(sink.all(), sources);
  if (sink.error_count() > 0 || sink.warning_count() > 0) {
    std::cerr << sink.error_count() << (sink.error_count() == 1 ? " error" : " errors") << ", "
              << sink.warning_count() << (sink.warning_count() == 1 ? " warning" : " warnings")
              << "\n";
  }
}

} // namespace factloom::cli
