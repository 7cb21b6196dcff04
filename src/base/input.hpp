// A regular file read in pieces (never held whole in memory), and read again when needed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/io.hpp"
#include "base/result.hpp"

namespace factloom {

/// A regular file opened for reading in pieces. Its size and modification time are taken when
/// it is opened, so that a second reading (of the whole text, for a diagnostic's source line)
/// can tell whether it still reads the same bytes.
class InputFile {
public:
  /// Opens `path` when it is a regular file that read_file would read (at most 4 GiB); nullopt
  /// otherwise (missing, unreadable, a directory, a device, a pipe: read_file reads those, or
  /// says why not).
  static std::optional<InputFile> open_regular(const std::string &path);

  const std::string &path() const { return path_; }
  std::uint64_t size() const { return size_; }

  /// Reads up to `n` bytes from the current position into `buffer`: fewer only at the end of
  /// the file. An error names the path and the OS reason, as read_file's do.
  Result<std::size_t> read(char *buffer, std::size_t n);
  /// Back to the first byte.
  void rewind() { position_ = 0; }
  /// The whole text, read again; an error when it cannot be read or has changed.
  Result<std::string> read_all() const;
  /// Whether the file still has the size and modification time it had when opened.
  bool unchanged() const;
  /// The error for a file that changed while it was read.
  Diagnostic changed_error() const;

private:
  InputFile(std::string path, UniqueFd fd) : path_(std::move(path)), fd_(std::move(fd)) {}
  std::string path_;
  UniqueFd fd_;
  std::uint64_t size_ = 0;
  std::int64_t mtime_ns_ = 0;
  std::uint64_t position_ = 0;
};

} // namespace factloom
