// Diagnostics on stderr.
#include "cli/report.hpp"

#include <algorithm>
#include <iostream>

namespace factloom::cli {

void print_error(const Diagnostic &d, const SourceSet &sources) { std::cerr << render(d, sources); }

namespace {
std::size_t max_printed = default_max_printed_diagnostics; // 0: no limit
} // namespace

void set_max_printed_diagnostics(std::size_t n) { max_printed = n; }

std::string render_line(const Diagnostic &d, const SourceSet &sources) {
  std::string text = render(d, sources);
  if (!text.empty() && text.back() != '\n')
    text += '\n';
  return text;
}

namespace {

void print_rest(std::size_t total, std::size_t printed) {
  if (total > printed) {
    const std::size_t rest = total - printed;
    std::cerr << "… and " << rest << " more " << (rest == 1 ? "diagnostic" : "diagnostics")
              << " not shown (at most " << max_printed
              << " are printed; --max-diagnostics N to change, 0 for all)\n";
  }
}

void print_summary(std::size_t errors, std::size_t warnings) {
  if (errors > 0 || warnings > 0) {
    std::cerr << errors << (errors == 1 ? " error" : " errors") << ", " << warnings
              << (warnings == 1 ? " warning" : " warnings") << "\n";
  }
}

} // namespace

void print_capped(const std::vector<Diagnostic> &diagnostics, const SourceSet &sources) {
  std::size_t printed = 0;
  for (const Diagnostic &d : diagnostics) {
    if (max_printed != 0 && printed == max_printed)
      break;
    std::cerr << render_line(d, sources);
    ++printed;
  }
  print_rest(diagnostics.size(), printed);
}

void print_diagnostics(const DiagnosticSink &sink, const SourceSet &sources) {
  print_capped(sink.all(), sources);
  print_summary(sink.error_count(), sink.warning_count());
}

void print_rendered(const std::vector<std::string_view> &texts, std::size_t errors,
                    std::size_t warnings) {
  const std::size_t printed = max_printed == 0 ? texts.size() : std::min(texts.size(), max_printed);
  for (std::size_t i = 0; i < printed; ++i)
    std::cerr << texts[i];
  print_rest(texts.size(), printed);
  print_summary(errors, warnings);
}

} // namespace factloom::cli
