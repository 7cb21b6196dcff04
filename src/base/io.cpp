// File input and atomic output with POSIX calls (so every failure is seen and reported).
#include "base/io.hpp"

#include "base/signals.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
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

// The temporary file a signal must not leave behind (one at a time: the first registered).
char temporary_path[4096];
volatile std::sig_atomic_t temporary_set = 0;
StopActions previous_actions;

extern "C" void remove_temporary_and_reraise(int signal) {
  // Only async-signal-safe calls: unlink, signal, raise.
  if (temporary_set != 0)
    ::unlink(temporary_path);
  std::signal(signal, SIG_DFL);
  std::raise(signal); // delivered when the handler returns: the default action ends the process
}

/// Has SIGINT and SIGTERM remove `temp` before they end the process; false when another file
/// is registered already (or the path is too long to keep).
bool guard_temporary(const std::string &temp) {
  if (temporary_set != 0 || temp.size() >= sizeof temporary_path)
    return false;
  std::memcpy(temporary_path, temp.c_str(), temp.size() + 1);
  temporary_set = 1;
  install_stop_handler(remove_temporary_and_reraise, 0, previous_actions);
  return true;
}

void unguard_temporary() {
  restore_stop_actions(previous_actions);
  temporary_set = 0;
}

} // namespace

// Source positions are 32-bit byte offsets.
constexpr std::size_t max_input_bytes = 0xFFFFFFFEU;
// What is read at most from a character or block device.
constexpr std::size_t max_device_bytes = std::size_t{64} << 20U;

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

std::optional<FileId> file_id(const std::string &path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0)
    return std::nullopt;
  return FileId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

bool same_file(const std::string &a, const std::string &b) {
  const std::optional<FileId> ia = file_id(a);
  return ia && ia == file_id(b);
}

Result<std::string> read_file(const std::string &path, std::optional<FileId> *id) {
  const bool is_stdin = path == "-";
  const UniqueFd owned(is_stdin ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  const int fd = is_stdin ? 0 : owned.get();
  if (fd < 0)
    return io_error(path, "cannot open: " + os_reason());
  const std::string shown = is_stdin ? "<stdin>" : path;
  const std::string too_large =
      "is larger than 4 GiB, which factloom cannot read as one file; split it";
  struct stat st {};
  const bool stat_ok = ::fstat(fd, &st) == 0;
  if (!is_stdin && stat_ok && S_ISDIR(st.st_mode))
    return io_error(path, "is a directory");
  if (id != nullptr && !is_stdin && stat_ok)
    *id = FileId{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
  if (!is_stdin && static_cast<std::size_t>(st.st_size) > max_input_bytes)
    return io_error(path, too_large);
  // A device (/dev/zero, /dev/urandom) may never end: read at most max_device_bytes of it.
  const bool device = stat_ok && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode));
  const std::size_t limit = device ? max_device_bytes : max_input_bytes;
  std::string text;
  if (!is_stdin && !device && st.st_size > 0)
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
    if (text.size() > limit)
      return io_error(shown, device ? "is a device that gives more than 64 MiB, the most "
                                      "factloom reads from a device"
                                    : too_large);
  }
  return text;
}

Result<std::unique_ptr<AtomicFile>> AtomicFile::open(const std::string &path) {
  std::unique_ptr<AtomicFile> f(new AtomicFile());
  f->path_ = path;
  f->target_ = path;
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
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    // Replace the file the link points to, not the link.
    char *resolved = ::realpath(path.c_str(), nullptr);
    if (resolved == nullptr)
      return io_error(path, "is a symlink whose target cannot be found: " + os_reason());
    f->target_ = resolved;
    std::free(resolved);
  }
  const std::string &target = f->target_;
  const std::size_t slash = target.rfind('/');
  const std::string base = slash == std::string::npos ? target : target.substr(slash + 1);
  f->temp_ = (slash == std::string::npos ? std::string() : target.substr(0, slash + 1)) + "." +
             base + ".XXXXXX";
  // SIGINT and SIGTERM wait while the file is made and registered: one arriving in between
  // would otherwise end the process with the temporary file left behind.
  sigset_t block;
  sigset_t previous;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &block, &previous);
  f->owned_ = UniqueFd(::mkstemp(f->temp_.data()));
  const int made_errno = errno;
  if (f->owned_.valid())
    f->guarded_ = guard_temporary(f->temp_);
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (!f->owned_.valid()) {
    f->temp_.clear();
    errno = made_errno;
    return io_error(path, "cannot create a temporary file beside it: " + os_reason());
  }
  f->fd_ = f->owned_.get();
  if (auto taken = f->take_attributes(target); !taken)
    return taken.error();
  return f;
}

Result<void> AtomicFile::take_attributes(const std::string &target) {
  struct stat old {};
  if (::stat(target.c_str(), &old) == 0) {
    // Keep the file's owner (only root may give a file away) and permissions.
    if (::geteuid() == 0 && ::fchown(fd_, old.st_uid, old.st_gid) != 0)
      return io_error(path_, "cannot keep the owner of the file: " + os_reason());
    if (::fchmod(fd_, old.st_mode & 07777) != 0)
      return io_error(path_, "cannot keep the permissions of the file: " + os_reason());
    return {};
  }
  // mkstemp makes the file 0600; give it the permissions a newly created file would have.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd_, 0666 & ~mask) != 0)
    return io_error(path_,
                    "cannot set the permissions of a temporary file beside it: " + os_reason());
  return {};
}

AtomicFile::~AtomicFile() {
  if (!temp_.empty())
    ::unlink(temp_.c_str());
  if (guarded_)
    unguard_temporary();
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

bool AtomicFile::write_copy(std::string_view bytes, int fd, std::uint64_t offset) {
  if (bytes.size() < buffer_.capacity() || owned_.get() != fd_ || !flush())
    return write(bytes.data(), bytes.size());
  auto in = static_cast<loff_t>(offset);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::copy_file_range(fd, &in, fd_, nullptr, bytes.size() - done, 0);
    if (n <= 0)
      break; // not supported here (another file system, a kernel without it): written instead
    done += static_cast<std::size_t>(n);
  }
  return done == bytes.size() || write(bytes.data() + done, bytes.size() - done);
}

bool AtomicFile::write_at(std::uint64_t offset, std::string_view bytes) {
  if (!flush())
    return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      errno_ = n < 0 && errno != 0 ? errno : EIO;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool AtomicFile::copy_at(int fd, std::uint64_t in_offset, std::uint64_t size,
                         std::uint64_t out_offset) {
  if (temp_.empty() || owned_.get() != fd_)
    return false;
  auto in = static_cast<loff_t>(in_offset);
  auto out = static_cast<loff_t>(out_offset);
  std::uint64_t done = 0;
  while (done < size) {
    const ssize_t n = ::copy_file_range(fd, &in, fd_, &out, size - done, 0);
    if (n <= 0)
      return false;
    done += static_cast<std::uint64_t>(n);
  }
  return true;
}

bool AtomicFile::truncate_to(std::uint64_t size) {
  if (!flush())
    return false;
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0 ||
      ::lseek(fd_, static_cast<off_t>(size), SEEK_SET) < 0) {
    errno_ = errno != 0 ? errno : EIO;
    return false;
  }
  return true;
}

std::optional<Diagnostic> AtomicFile::write_error() const {
  if (errno_ == 0)
    return std::nullopt;
  return io_error(path_ == "-" ? "<stdout>" : path_,
                  std::string("cannot write: ") + std::strerror(errno_));
}

Result<void> AtomicFile::commit(Durability durability) {
  const std::string shown = path_ == "-" ? "<stdout>" : path_;
  if (!flush())
    return io_error(shown, std::string("cannot write: ") + std::strerror(errno_));
  if (temp_.empty()) {
    if (!owned_.close())
      return io_error(shown, "cannot write: " + os_reason());
    return {};
  }
  if ((durability == Durability::synced && ::fsync(fd_) != 0) || !owned_.close())
    return io_error(shown, "cannot write: " + os_reason());
  fd_ = -1;
  if (::rename(temp_.c_str(), target_.c_str()) != 0)
    return io_error(shown, "cannot replace: " + os_reason());
  temp_.clear();
  if (guarded_)
    unguard_temporary();
  guarded_ = false;
  return {};
}

} // namespace factloom
