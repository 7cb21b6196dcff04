// File input and atomic output with POSIX calls (so every failure is seen and reported).
#include "base/io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace factloom {

namespace {

std::string os_reason() { return std::strerror(errno); }

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

} // namespace

// Source positions are 32-bit byte offsets.
constexpr std::size_t max_input_bytes = 0xFFFFFFFEU;

Result<std::string> read_file(const std::string &path) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return io_error(path, "cannot open: " + os_reason());
  struct stat st {};
  if (!is_stdin && ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return io_error(path, "is a directory");
  }
  std::string text;
  if (!is_stdin && static_cast<std::size_t>(st.st_size) > max_input_bytes) {
    ::close(fd);
    return io_error(path, "is larger than 4 GiB, which factloom cannot read as one file; split it");
  }
  if (!is_stdin && st.st_size > 0)
    text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      const std::string reason = os_reason();
      if (!is_stdin)
        ::close(fd);
      return io_error(is_stdin ? "<stdin>" : path, "cannot read: " + reason);
    }
    if (n == 0)
      break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_input_bytes) {
      if (!is_stdin)
        ::close(fd);
      return io_error(is_stdin ? "<stdin>" : path,
                      "is larger than 4 GiB, which factloom cannot read as one file; split it");
    }
  }
  if (!is_stdin)
    ::close(fd);
  return text;
}

Result<std::unique_ptr<AtomicFile>> AtomicFile::open(const std::string &path) {
  std::unique_ptr<AtomicFile> f(new AtomicFile());
  f->path_ = path;
  f->buffer_.reserve(1U << 18U);
  if (path == "-") {
    f->fd_ = 1;
    return f;
  }
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    f->fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (f->fd_ < 0)
      return io_error(path, "cannot open: " + os_reason());
    f->owns_fd_ = true;
    return f;
  }
  const std::size_t slash = path.rfind('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  f->temp_ = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." + base +
             ".XXXXXX";
  f->fd_ = ::mkstemp(f->temp_.data());
  if (f->fd_ < 0) {
    f->temp_.clear();
    return io_error(path, "cannot create a temporary file beside it: " + os_reason());
  }
  f->owns_fd_ = true;
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(f->fd_, 0666 & ~mask);
  return f;
}

AtomicFile::~AtomicFile() {
  if (owns_fd_ && fd_ >= 0)
    ::close(fd_);
  if (!temp_.empty())
    ::unlink(temp_.c_str());
}

bool AtomicFile::flush() {
  if (errno_ != 0)
    return false;
  if (!buffer_.empty() && !write_all(fd_, buffer_)) {
    errno_ = errno != 0 ? errno : EIO;
    return false;
  }
  buffer_.clear();
  return true;
}

bool AtomicFile::write(const char *data, std::size_t size) {
  if (errno_ != 0)
    return false;
  if (buffer_.size() + size > buffer_.capacity()) {
    if (!flush())
      return false;
    if (size >= buffer_.capacity()) {
      if (!write_all(fd_, std::string_view(data, size))) {
        errno_ = errno != 0 ? errno : EIO;
        return false;
      }
      return true;
    }
  }
  buffer_.append(data, size);
  return true;
}

std::optional<Diagnostic> AtomicFile::write_error() const {
  if (errno_ == 0)
    return std::nullopt;
  return io_error(path_ == "-" ? "<stdout>" : path_,
                  std::string("cannot write: ") + std::strerror(errno_));
}

Result<void> AtomicFile::commit() {
  const std::string shown = path_ == "-" ? "<stdout>" : path_;
  if (!flush())
    return io_error(shown, std::string("cannot write: ") + std::strerror(errno_));
  if (temp_.empty()) {
    if (owns_fd_) {
      const int fd = fd_;
      fd_ = -1;
      if (::close(fd) != 0)
        return io_error(shown, "cannot write: " + os_reason());
    }
    return {};
  }
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    return io_error(shown, "cannot write: " + os_reason());
  }
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    return io_error(shown, "cannot replace: " + os_reason());
  temp_.clear();
  return {};
}

} // namespace factloom
