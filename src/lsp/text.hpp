// LSP positions (0-based line, UTF-16 code unit column) and byte offsets; file URIs and paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace factloom::lsp {

struct Position {
  std::uint32_t line = 0;
  std::uint32_t character = 0; ///< UTF-16 code units from the line start
  friend bool operator==(const Position &, const Position &) = default;
};

/// Line starts of a text, to map byte offsets to LSP positions and back.
class LineIndex {
public:
  LineIndex() = default;
  explicit LineIndex(std::string_view text);
  /// The position of byte `offset` (clamped to the text's end).
  Position position(std::size_t offset) const;
  /// The byte offset of a position; a column past the line's end gives the line's end, a line
  /// past the last gives the text's end. A column inside a surrogate pair gives the character's
  /// start.
  std::size_t offset(Position p) const;

private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  std::size_t line_end(std::size_t line) const;
};

/// "file:///a%20b/c.facts" → "/a b/c.facts"; empty when `uri` is not a file URI.
std::string uri_to_path(std::string_view uri);
/// "/a b/c.facts" → "file:///a%20b/c.facts".
std::string path_to_uri(std::string_view path);

} // namespace factloom::lsp
