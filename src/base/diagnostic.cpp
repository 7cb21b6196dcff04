// Diagnostic collection and rendering with the source line and a caret.
#include "base/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace factloom {

void DiagnosticSink::report(Diagnostic d) {
  if (d.severity == Severity::error)
    ++errors_;
  if (d.severity == Severity::warning)
    ++warnings_;
  diagnostics_.push_back(std::move(d));
}

void DiagnosticSink::error(SourceSpan span, std::string message, std::string hint) {
  report(Diagnostic{Severity::error, span, std::move(message), std::move(hint), {}, {}});
}

void DiagnosticSink::warning(SourceSpan span, std::string message, std::string hint) {
  report(Diagnostic{Severity::warning, span, std::move(message), std::move(hint), {}, {}});
}

void DiagnosticSink::sort(const SourceSet &sources) {
  auto key = [&](const Diagnostic &d) {
    const std::string &name = d.span.valid() ? sources.get(d.span.file).name() : d.origin;
    return std::make_tuple(name, d.span.begin, d.span.end, static_cast<int>(d.severity), d.message);
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic &a, const Diagnostic &b) { return key(a) < key(b); });
}

namespace {

const char *severity_name(Severity s) {
  switch (s) {
  case Severity::note: return "note";
  case Severity::warning: return "warning";
  case Severity::error: return "error";
  }
  return "error";
}

void render_into(std::string &out, const Diagnostic &d, const SourceSet &sources) {
  if (d.span.valid()) {
    const SourceFile &file = sources.get(d.span.file);
    const LineCol at = file.locate(d.span.begin);
    out += file.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
    out += severity_name(d.severity);
    out += ": " + d.message + "\n";
    const std::string_view line = file.line_text(at.line);
    const std::string number = std::to_string(at.line);
    const std::string gutter(number.size(), ' ');
    out += " " + number + " | ";
    out += line;
    out += "\n " + gutter + " | ";
    // Copy tabs so the caret lines up; everything else becomes a space.
    std::size_t col = 1;
    std::size_t i = 0;
    for (; i < line.size() && col < at.column; ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      if ((c & 0xC0U) == 0x80U)
        continue;
      out += line[i] == '\t' ? '\t' : ' ';
      ++col;
    }
    out += '^';
    // Underline the rest of the span on this line.
    const LineCol end = file.locate(d.span.end);
    if (end.line == at.line && end.column > at.column + 1) {
      out.append(end.column - at.column - 1, '~');
    }
    out += "\n";
  } else {
    if (!d.origin.empty())
      out += d.origin + ": ";
    out += severity_name(d.severity);
    out += ": " + d.message + "\n";
  }
  if (!d.hint.empty())
    out += "   = " + d.hint + "\n";
  for (const Diagnostic &n : d.notes)
    render_into(out, n, sources);
}

} // namespace

std::string render(const Diagnostic &d, const SourceSet &sources) {
  std::string out;
  render_into(out, d, sources);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string> &candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string &c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance || (d == best_distance && !best.empty() && c < best)) {
      if (d < best_distance)
        best_distance = d;
      best = c;
    }
  }
  return best;
}

} // namespace factloom
