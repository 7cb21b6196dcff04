#include "compile/diagnostic_diff.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace factloom::compile {

namespace {

using Key = std::tuple<int, const std::string &, const std::string &, const std::string &,
                       const std::string &>;

Key key_of(const DiagnosticRecord &r) {
  return Key(static_cast<int>(r.severity), r.file, r.message, r.hint, r.line_text);
}

} // namespace

std::vector<DiagnosticRecord> summarise(const std::vector<Diagnostic> &diagnostics,
                                        const SourceSet &sources) {
  std::vector<DiagnosticRecord> records;
  records.reserve(diagnostics.size());
  for (const Diagnostic &d : diagnostics) {
    DiagnosticRecord r;
    r.severity = d.severity;
    r.message = d.message;
    r.hint = d.hint;
    if (d.span.valid() && d.span.file < sources.size()) {
      const SourceFile &file = sources.get(d.span.file);
      r.file = file.name();
      r.line = file.line_of(d.span.begin);
      r.line_text = std::string(file.line_text(r.line));
    } else {
      r.file = d.origin;
    }
    records.push_back(std::move(r));
  }
  return records;
}

DiagnosticChanges diff_diagnostics(const std::vector<DiagnosticRecord> &before,
                                   const std::vector<DiagnosticRecord> &after) {
  // The unpaired records of `before` with each key, earliest first.
  std::multimap<Key, std::size_t> open;
  for (std::size_t i = 0; i < before.size(); ++i)
    open.emplace(key_of(before[i]), i);
  DiagnosticChanges changes;
  for (std::size_t i = 0; i < after.size(); ++i) {
    const Key key = key_of(after[i]);
    const auto it = open.lower_bound(key); // the earliest with this key (insertion order)
    if (it == open.end() || it->first != key) {
      changes.added.push_back(i);
    } else {
      open.erase(it);
      ++changes.unchanged;
    }
  }
  for (const auto &[key, index] : open)
    changes.fixed.push_back(index);
  std::sort(changes.fixed.begin(), changes.fixed.end());
  return changes;
}

std::string fixed_line(const DiagnosticRecord &record) {
  std::string text = record.file;
  if (!text.empty() && record.line != 0)
    text += ":" + std::to_string(record.line);
  if (!text.empty())
    text += ": ";
  return text + record.message;
}

} // namespace factloom::compile
