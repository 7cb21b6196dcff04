// Advisory per-graph locks and the cancellation flag of a load.
#include "store/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "store/cancel.hpp"
#include "store/http.hpp"

namespace factloom::store {

namespace {
std::atomic<bool> cancel_flag{false};
static_assert(std::atomic<bool>::is_always_lock_free);
} // namespace

void request_cancel() noexcept { cancel_flag.store(true); }
bool cancel_requested() noexcept { return cancel_flag.load(); }
void reset_cancel() noexcept { cancel_flag.store(false); }

GraphLock::~GraphLock() {
  if (fd_ >= 0)
    ::close(fd_);
}

GraphLock::GraphLock(GraphLock &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

GraphLock &GraphLock::operator=(GraphLock &&other) noexcept {
  if (this != &other) {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

std::string GraphLock::path_for(std::string_view endpoint, std::string_view graph) {
  // FNV-1a 64: stable across builds and versions, so every factloom agrees on the name.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
  };
  mix(display_url(endpoint));
  mix(std::string_view("\n", 1));
  mix(graph);
  const char *runtime = std::getenv("XDG_RUNTIME_DIR");
  struct stat st {};
  const bool usable =
      runtime != nullptr && runtime[0] == '/' && ::stat(runtime, &st) == 0 && S_ISDIR(st.st_mode);
  char name[64];
  std::snprintf(name, sizeof name, "/factloom-load-%016llx.lock",
                static_cast<unsigned long long>(h));
  return (usable ? std::string(runtime) : std::string("/tmp")) + name;
}

Result<GraphLock> GraphLock::acquire(std::string_view endpoint, std::string_view graph, bool wait,
                                     const std::function<void()> &waiting) {
  const std::string path = path_for(endpoint, graph);
  const std::string where = "<" + std::string(graph) + ">";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0 && errno == EACCES) // made by another user: a shared lock file still locks
    fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return io_error(path, std::string("cannot open the lock file that keeps loads into ") + where +
                              " from overlapping: " + std::strerror(errno));
  GraphLock lock;
  lock.fd_ = fd;
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
    return lock;
  if (errno != EWOULDBLOCK)
    return io_error(path, std::string("cannot lock: ") + std::strerror(errno));
  if (!wait)
    return io_error(where, "another load into this graph of this store is running on this "
                           "machine (lock " +
                               path + "); try again when it is done");
  if (waiting)
    waiting();
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR)
      return io_error(path, std::string("cannot lock: ") + std::strerror(errno));
    if (cancel_requested())
      return io_error(where, std::string(cancelled_message) + " while waiting for another load");
  }
  return lock;
}

} // namespace factloom::store
