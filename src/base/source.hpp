// Source files held in memory, with line lookup for diagnostics.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace factloom {

/// A position resolved for humans: 1-based line and column (column counted in code points).
struct LineCol {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// One input text (a fact file, an RDF file, stdin) kept in memory for the whole run.
class SourceFile {
public:
  SourceFile(std::string name, std::string text);

  const std::string &name() const { return name_; }
  /// The text; text().data()[text().size()] is a NUL byte (C parsers rely on it).
  std::string_view text() const { return text_; }

  /// Line and column of a byte offset (offsets past the end map to the end).
  LineCol locate(std::size_t offset) const;
  /// The line of `offset` alone (locate() without counting the column).
  std::uint32_t line_of(std::size_t offset) const;
  /// The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;

private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

/// A byte range in one source file. `file` indexes the run's SourceSet (0 = none).
struct SourceSpan {
  std::uint32_t file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool valid() const { return file != 0; }
};

/// All source files of a run; index 0 is reserved for "no source".
class SourceSet {
public:
  SourceSet();
  /// Adds a file and returns its index (stable for the run).
  std::uint32_t add(std::string name, std::string text);
  /// Adds a file made elsewhere (its lines found on another thread) and returns its index.
  std::uint32_t add(SourceFile file);
  /// Gives a file added without its text (read later, when a diagnostic needs it) its text.
  void set_text(std::uint32_t index, std::string text);
  const SourceFile &get(std::uint32_t index) const { return files_.at(index); }
  std::size_t size() const { return files_.size(); }

private:
  std::deque<SourceFile> files_; // a deque: adding a file never moves the others
};

} // namespace factloom
