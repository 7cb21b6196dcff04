// File input and atomic file output.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.hpp"

namespace factloom {

/// An existing file as the system knows it: two names of one file (symlinks, hard links) have
/// the same device and inode.
struct FileId {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  bool operator==(const FileId &) const = default;
};

/// Reads a whole file ("-" = stdin). Errors name the path and the OS reason. With `id`, the
/// FileId of the file read is stored there (nullopt for stdin).
Result<std::string> read_file(const std::string &path, std::optional<FileId> *id = nullptr);

/// The FileId of the file `path` names (through symlinks), or nullopt when there is none (or it
/// cannot be seen). "-" is no file.
std::optional<FileId> file_id(const std::string &path);

/// Whether `a` and `b` name the same existing file, also through symlinks and hard links (the
/// same device and inode). "-" is no file.
bool same_file(const std::string &a, const std::string &b);

/// Owns a file descriptor and closes it at the end of its scope (or on close()).
class UniqueFd {
public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd();
  UniqueFd(UniqueFd &&other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd &operator=(UniqueFd &&other) noexcept;
  UniqueFd(const UniqueFd &) = delete;
  UniqueFd &operator=(const UniqueFd &) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  /// Closes now; false (with errno set) when close(2) failed. A second call does nothing.
  bool close();

private:
  int fd_ = -1;
};

/// Where bytes go: a string, a file, stdout. `write` returns false on failure (see error()).
class ByteSink {
public:
  virtual ~ByteSink() = default;
  virtual bool write(const char *data, std::size_t size) = 0;
  /// Writes `bytes`, which are also the bytes of the open file `fd` at `offset`: a sink into a
  /// file may have the kernel copy them (copy_file_range) instead.
  virtual bool write_copy(std::string_view bytes, int fd, std::uint64_t offset) {
    (void)fd;
    (void)offset;
    return write(bytes.data(), bytes.size());
  }
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
/// file, and so does SIGINT or SIGTERM (a handler removes the temporary file, then the signal
/// ends the process as it would have). The new file keeps an existing file's permissions (and
/// owner, when run as root); a symlink is written through (its target is replaced, the link
/// stays). "-" streams to stdout; an existing device or pipe (/dev/full) is written in place.
class AtomicFile final : public ByteSink {
public:
  static Result<std::unique_ptr<AtomicFile>> open(const std::string &path);
  ~AtomicFile() override;
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  bool write(const char *data, std::size_t size) override;
  bool write_copy(std::string_view bytes, int fd, std::uint64_t offset) override;
  /// Writes `bytes` at `offset` over what was written there (after what is buffered).
  bool write_at(std::uint64_t offset, std::string_view bytes);
  /// Copies `size` bytes of the file `fd` from `in_offset` into this file at `out_offset`,
  /// by the kernel (copy_file_range), leaving alone what write() buffers and where it writes;
  /// false, with nothing reported, when the kernel cannot or this is not a new file. For one
  /// thread while no other uses this file.
  bool copy_at(int fd, std::uint64_t in_offset, std::uint64_t size, std::uint64_t out_offset);
  /// Cuts the file to its first `size` bytes (after what is buffered), and writes on from there.
  bool truncate_to(std::uint64_t size);
  /// Whether commit() waits for the bytes to reach the disk before the rename.
  enum class Durability {
    synced,  ///< fsync first: after a crash of the machine, the old file or the whole new one
    unsynced ///< for files checked whole when read (a cache): a crash may leave one that fails
  };
  /// Flushes, syncs (unless unsynced) and renames; after a failed write, reports that failure
  /// instead.
  Result<void> commit(Durability durability = Durability::synced);
  /// The first write failure ("<path>: cannot write: No space left on device"), if any.
  std::optional<Diagnostic> write_error() const;

private:
  AtomicFile() = default;
  bool flush();
  Result<void> take_attributes(const std::string &target);
  std::string path_;     ///< as the user named it (for messages)
  std::string target_;   ///< what is replaced: path_, or the file a symlink at path_ points to
  std::string temp_;     ///< empty when writing in place
  bool guarded_ = false; ///< temp_ is removed by the signal handler
  int fd_ = -1;          ///< where writes go: owned_'s descriptor, or stdout's
  UniqueFd owned_;       ///< the file's descriptor (none for stdout)
  int errno_ = 0;        ///< first write failure
  std::string buffer_;
};

} // namespace factloom
