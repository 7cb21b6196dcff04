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

UniqueFd::~UniqueFd() {
  if (fd_ >= 0)
    ::close(fd_);
}

UniqueFd &UniqueFd::operator=(UniqueFd &&other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

bool UniqueFd::close() {
  const int fd = fd_;
  fd_ = -1;
  return fd < 0 || ::close(fd) == 0;
}

Result<std::string> read_file(const std::string &path) {
  const bool is_stdin = path == "-";
  const UniqueFd owned(is_stdin ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  const int fd = is_stdin ? 0 : owned.get();
  if (fd < 0)
    return io_error(path, "cannot open: " + os_reason());
  const std::string shown = is_stdin ? "<stdin>" : path;
  const std::string too_large =
      "is larger than 4 GiB, which factloom cannot read as one file; split it";
  struct stat st {};
  if (!is_stdin && ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
    return io_error(path, "is a directory");
  if (!is_stdin && static_cast<std::size_t>(st.st_size) > max_input_bytes)
    return io_error(path, too_large);
  std::string text;
  if (!is_stdin && st.st_size > 0)
    text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return io_error(shown, "cannot read: " + os_reason());
    }
    if (n == 0)
      break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_input_bytes)
      return io_error(shown, too_large);
  }
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
    f->owned_ = UniqueFd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!f->owned_.valid())
      return io_error(path, "cannot open: " + os_reason());
    f->fd_ = f->owned_.get();
    return f;
  }
  const std::size_t slash = path.rfind('/');
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  f->temp_ = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." + base +
             ".XXXXXX";
  f->owned_ = UniqueFd(::mkstemp(f->temp_.data()));
  if (!f->owned_.valid()) {
    f->temp_.clear();
    return io_error(path, "cannot create a temporary file beside it: " + os_reason());
  }
  f->fd_ = f->owned_.get();
  // mkstemp makes the file 0600; give it the permissions a newly created file would have.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(f->fd_, 0666 & ~mask) != 0)
    return io_error(path,
                    "cannot set the permissions of a temporary file beside it: " + os_reason());
  return f;
}

AtomicFile::~AtomicFile() {
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
    if (!owned_.close())
      return io_error(shown, "cannot write: " + os_reason());
    return {};
  }
  if (::fsync(fd_) != 0 || !owned_.close())
    return io_error(shown, "cannot write: " + os_reason());
  fd_ = -1;
  if (::rename(temp_.c_str(), path_.c_str()) != 0)
    return io_error(shown, "cannot replace: " + os_reason());
  temp_.clear();
  return {};
}

} // namespace factloom
