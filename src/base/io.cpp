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
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path, "cannot open: " + os_reason());
  struct stat st {};
  if (!is_stdin && ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return io_error(path, "is a directory");
  }
  std::string text;
  if (!is_stdin && st.st_size > 0) text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string reason = os_reason();
      if (!is_stdin) ::close(fd);
      return io_error(is_stdin ? "<stdin>" : path, "cannot read: " + reason);
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  if (!is_stdin) ::close(fd);
  return text;
}

Result<void> write_file_atomic(const std::string& path, std::string_view data) {
  if (path == "-") {
    if (!write_all(1, data)) return io_error("<stdout>", "cannot write: " + os_reason());
    return {};
  }
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
    // A device or pipe (/dev/stdout, /dev/full, a FIFO): write in place, report any failure.
    const int out = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (out < 0) return io_error(path, "cannot open: " + os_reason());
    const bool ok = write_all(out, data);
    const std::string reason = ok ? std::string() : os_reason();
    if (::close(out) != 0 && ok) return io_error(path, "cannot write: " + os_reason());
    if (!ok) return io_error(path, "cannot write: " + reason);
    return {};
  }
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string tmp = (slash == std::string::npos ? std::string() : dir) + "." + base + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return io_error(path, "cannot create a temporary file beside it: " + os_reason());
  // Keep the permissions an ordinary new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (!write_all(fd, data) || ::fsync(fd) != 0) {
    const std::string reason = os_reason();
    ::close(fd);
    ::unlink(tmp.c_str());
    return io_error(path, "cannot write: " + reason);
  }
  if (::close(fd) != 0) {
    const std::string reason = os_reason();
    ::unlink(tmp.c_str());
    return io_error(path, "cannot write: " + reason);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = os_reason();
    ::unlink(tmp.c_str());
    return io_error(path, "cannot replace: " + reason);
  }
  return {};
}

}  // namespace factloom
