// InputFile: pread(2) from a descriptor, fstat(2) to see whether the file changed.
#include "base/input.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace factloom {

namespace {

/// The most bytes read_file reads from one file (offsets are 32 bits).
constexpr std::uint64_t max_regular_bytes = 0xFFFFFFFEU;

std::int64_t mtime_ns(const struct stat &st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

/// Reads up to `n` bytes at `at`: fewer only at the end of the file.
Result<std::size_t> read_at(int fd, const std::string &path, std::uint64_t at, char *buffer,
                            std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, buffer + got, n - got, static_cast<off_t>(at + got));
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return io_error(path, std::string("cannot read: ") + std::strerror(errno));
    if (r == 0)
      break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

} // namespace

std::optional<InputFile> InputFile::open_regular(const std::string &path) {
  struct stat named {};
  // Looked at before it is opened: opening a FIFO would wait for a writer, and closing it again
  // would lose what was written.
  if (path == "-" || ::stat(path.c_str(), &named) != 0 || !S_ISREG(named.st_mode))
    return std::nullopt;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::uint64_t>(st.st_size) > max_regular_bytes)
    return std::nullopt;
  InputFile file(path, std::move(fd));
  file.size_ = static_cast<std::uint64_t>(st.st_size);
  file.mtime_ns_ = mtime_ns(st);
  return file;
}

Result<std::size_t> InputFile::read(char *buffer, std::size_t n) {
  Result<std::size_t> got = read_at(fd_.get(), path_, position_, buffer, n);
  if (got)
    position_ += got.value();
  return got;
}

Result<std::string> InputFile::read_all() const {
  std::string text(size_ + 1, '\0'); // one byte more: a file that grew has changed
  Result<std::size_t> got = read_at(fd_.get(), path_, 0, text.data(), text.size());
  if (!got)
    return got.error();
  if (got.value() != size_ || !unchanged())
    return changed_error();
  text.resize(size_);
  return text;
}

bool InputFile::unchanged() const {
  struct stat st {};
  return ::fstat(fd_.get(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) == size_ &&
         mtime_ns(st) == mtime_ns_;
}

Diagnostic InputFile::changed_error() const {
  return io_error(path_, "changed while factloom read it; run again");
}

} // namespace factloom
