// What Serd does not check, or cannot survive, looked for before it reads a document: raw NUL
// bytes where no RDF syntax allows them (Serd's string reader stops at the first NUL),
// ill-formed UTF-8, escapes of surrogate code points, and nesting deep enough to exhaust the
// stack of Serd's recursive reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace factloom::rdf {

/// The deepest nesting of `[` and `(` (blank node property lists and collections, counted
/// together) that factloom reads.
constexpr std::size_t max_nesting_depth = 1000;

/// The first reason a document cannot be read, with its byte offset.
struct GuardError {
  std::uint32_t offset = 0;
  std::string message;
};

/// What a scan found: the first error, if any, and whether the text holds NUL bytes (inside
/// strings and comments, which Turtle allows) so that it must be read by length, not as a C
/// string.
struct GuardResult {
  std::optional<GuardError> error;
  bool has_nul = false;
  /// Offsets of NUL bytes inside comments (Turtle allows them; Serd would end the comment
  /// there): read as spaces.
  std::vector<std::uint32_t> comment_nuls;
};

/// Scans an RDF document (Turtle, TriG, N-Triples, N-Quads) for the problems above, outside
/// and inside strings, IRIs and comments as each applies. Linear in the size of `text`.
GuardResult guard_document(std::string_view text);

/// guard_document over a document given in pieces (read from a file), with the same result;
/// holds only a few bytes of it at a time.
class DocumentGuard {
public:
  DocumentGuard();
  ~DocumentGuard();
  DocumentGuard(const DocumentGuard &) = delete;
  DocumentGuard &operator=(const DocumentGuard &) = delete;
  /// The next bytes of the document.
  void feed(std::string_view bytes);
  /// The result, once every byte was fed.
  GuardResult finish();

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace factloom::rdf
