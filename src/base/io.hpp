// File input and atomic file output.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace factloom {

/// Reads a whole file ("-" = stdin). Errors name the path and the OS reason.
Result<std::string> read_file(const std::string &path);

/// Where bytes go: a string, a file, stdout. `write` returns false on failure (see error()).
class ByteSink {
public:
  virtual ~ByteSink() = default;
  virtual bool write(const char *data, std::size_t size) = 0;
};

/// A ByteSink appending to a string.
class StringSink final : public ByteSink {
public:
  explicit StringSink(std::string &out) : out_(out) {}
  bool write(const char *data, std::size_t size) override {
    out_.append(data, size);
    return true;
  }

private:
  std::string &out_;
};

/// Streams output into a temporary file beside `path` through a 256 KiB buffer, and renames it
/// into place on commit(): a failed or abandoned run leaves `path` untouched and no temporary
/// file. "-" streams to stdout; an existing device or pipe (/dev/full) is written in place.
class AtomicFile final : public ByteSink {
public:
  static Result<std::unique_ptr<AtomicFile>> open(const std::string &path);
  ~AtomicFile() override;
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  bool write(const char *data, std::size_t size) override;
  /// Flushes, syncs and renames; after a failed write, reports that failure instead.
  Result<void> commit();
  /// The first write failure ("<path>: cannot write: No space left on device"), if any.
  std::optional<Diagnostic> write_error() const;

private:
  AtomicFile() = default;
  bool flush();
  std::string path_;
  std::string temp_; ///< empty when writing in place
  int fd_ = -1;
  bool owns_fd_ = false;
  int errno_ = 0; ///< first write failure
  std::string buffer_;
};

} // namespace factloom
