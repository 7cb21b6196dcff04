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

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

/// The source line with a caret under `at` and `~` under the rest of the span on that line. A
/// line longer than max_echo_bytes is cut to a window around the caret, with "…" where cut.
void echo_line(std::string &out, const SourceFile &file, SourceSpan span, LineCol at) {
  const std::string_view line = file.line_text(at.line);
  // The caret's byte in the line.
  std::size_t caret = 0;
  for (std::size_t col = 1; caret < line.size() && col < at.column; ++col) {
    ++caret;
    while (caret < line.size() && continuation(line[caret]))
      ++caret;
  }
  std::size_t from = 0;
  std::size_t to = line.size();
  if (line.size() > max_echo_bytes) {
    from = caret > max_echo_bytes / 2 ? caret - max_echo_bytes / 2 : 0;
    while (from > 0 && continuation(line[from]))
      --from;
    to = std::min(line.size(), from + max_echo_bytes);
    while (to < line.size() && continuation(line[to]))
      ++to;
  }
  const std::string number = std::to_string(at.line);
  const std::string gutter(number.size(), ' ');
  out += " " + number + " | ";
  out += from > 0 ? "…" : "";
  out += line.substr(from, to - from);
  out += to < line.size() ? "…" : "";
  out += "\n " + gutter + " | ";
  if (from > 0)
    out += ' ';
  // Copy tabs so the caret lines up; everything else becomes a space.
  for (std::size_t i = from; i < caret; ++i) {
    if (!continuation(line[i]))
      out += line[i] == '\t' ? '\t' : ' ';
  }
  out += '^';
  // Underline the rest of the span on this line (within the window).
  const LineCol end = file.locate(span.end);
  if (end.line == at.line && end.column > at.column + 1) {
    const std::size_t shown = to > caret ? to - caret : 0;
    out.append(std::min<std::size_t>(end.column - at.column - 1, shown), '~');
  }
  out += "\n";
}

void render_into(std::string &out, const Diagnostic &d, const SourceSet &sources) {
  if (d.span.valid()) {
    const SourceFile &file = sources.get(d.span.file);
    const LineCol at = file.locate(d.span.begin);
    out += file.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
    out += severity_name(d.severity);
    out += ": " + d.message + "\n";
    echo_line(out, file, d.span, at);
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

namespace {

/// The edit distance of a and b when it is at most `limit`, else some number above `limit`;
/// `row` is scratch space. A row's least value bounds every later row's from below, so the
/// rows stop once it passes `limit`.
std::size_t edit_distance_within(std::string_view a, std::string_view b, std::size_t limit,
                                 std::vector<std::size_t> &row) {
  const std::size_t apart = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (apart > limit)
    return apart;
  row.resize(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    std::size_t least = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diag = up;
      least = std::min(least, row[j]);
    }
    if (least > limit)
      return least;
  }
  return row[b.size()];
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row;
  return edit_distance_within(a, b, std::max(a.size(), b.size()), row);
}

std::string closest(std::string_view word, const std::vector<std::string> &candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  std::vector<std::size_t> row;
  for (const std::string &c : candidates) {
    // Only a distance up to the best so far can win (a tie goes to the least candidate).
    const std::size_t d = edit_distance_within(word, c, best_distance, row);
    if (d < best_distance || (d == best_distance && !best.empty() && c < best)) {
      if (d < best_distance)
        best_distance = d;
      best = c;
    }
  }
  return best;
}

} // namespace factloom
