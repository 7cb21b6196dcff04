#include "base/watch.hpp"

#include "base/signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

namespace factloom {

namespace {

constexpr std::uint32_t watch_mask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE |
                                     IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF |
                                     IN_ATTRIB;

bool ends_with(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

Result<std::unique_ptr<FileWatcher>> FileWatcher::open() {
  std::unique_ptr<FileWatcher> w(new FileWatcher());
  w->fd_ = UniqueFd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (!w->fd_.valid())
    return io_error("inotify", std::string("cannot watch files: ") + std::strerror(errno));
  return w;
}

Result<int> FileWatcher::add(const std::string &dir) {
  const int wd = ::inotify_add_watch(fd_.get(), dir.c_str(), watch_mask);
  if (wd < 0) {
    last_errno_ = errno;
    return io_error(dir, std::string("cannot watch: ") + std::strerror(last_errno_));
  }
  Watch &w = watches_[wd];
  if (w.dir.empty())
    w.dir = dir;
  return wd;
}

Result<void> FileWatcher::add_tree(const std::string &dir, const std::string &suffix) {
  const Result<int> wd = add(dir);
  if (!wd)
    return wd.error();
  Watch &w = watches_[wd.value()];
  if (!w.suffix.empty())
    return {}; // watched already (also a symlink loop)
  w.suffix = suffix;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  for (const std::filesystem::directory_iterator end; !ec && it != end; it.increment(ec)) {
    std::error_code status_ec;
    if (!it->is_directory(status_ec))
      continue;
    const Result<void> added = add_tree(it->path().string(), suffix);
    // A folder gone again, or unreadable, is the build's to report; no more watches is ours.
    if (!added && last_errno_ != ENOENT && last_errno_ != EACCES && last_errno_ != ENOTDIR)
      return added;
  }
  return {};
}

Result<void> FileWatcher::watch_tree(const std::string &dir, const std::string &suffix) {
  return add_tree(dir, suffix);
}

Result<void> FileWatcher::watch_file(const std::string &path) {
  std::filesystem::path p(path);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
  const Result<int> wd = add(dir);
  if (!wd)
    return wd.error();
  watches_[wd.value()].names.insert(p.filename().string());
  return {};
}

bool FileWatcher::is_change(int wd, std::uint32_t mask, const std::string &name) {
  const auto found = watches_.find(wd);
  if (found == watches_.end())
    return false;
  if ((mask & IN_IGNORED) != 0) { // the folder is gone
    watches_.erase(found);
    return true;
  }
  const Watch w = found->second; // a copy: add_tree inserts into watches_
  if (name.empty())              // the watched folder itself (moved or deleted)
    return !w.suffix.empty();
  if (w.names.count(name) != 0)
    return true;
  if (w.suffix.empty())
    return false;
  if ((mask & IN_ISDIR) != 0) {
    if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0)
      (void)add_tree(w.dir + "/" + name, w.suffix); // a failure: that folder is not watched
    return true;
  }
  return ends_with(name, w.suffix);
}

bool FileWatcher::drain() {
  alignas(inotify_event) char buffer[64 * 1024];
  bool changed = false;
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buffer, sizeof buffer);
    if (n <= 0)
      return changed; // EAGAIN: nothing more for now
    for (ssize_t at = 0; at < n;) {
      inotify_event event{};
      std::memcpy(&event, buffer + at, sizeof event);
      const char *name_at = buffer + at + sizeof event;
      const std::string name =
          event.len > 0 ? std::string(name_at, ::strnlen(name_at, event.len)) : std::string();
      if ((event.mask & IN_Q_OVERFLOW) != 0 || is_change(event.wd, event.mask, name))
        changed = true;
      at += static_cast<ssize_t>(sizeof event + event.len);
    }
  }
}

FileWatcher::Wake FileWatcher::wait(int stop_fd, int quiet_ms) {
  bool changed = false;
  for (;;) {
    pollfd fds[2] = {{stop_fd, POLLIN, 0}, {fd_.get(), POLLIN, 0}};
    const int ready = ::poll(fds, 2, changed ? quiet_ms : -1);
    if (ready < 0 && errno == EINTR)
      continue; // a signal: its handler has made stop_fd readable
    if (ready < 0 || (fds[0].revents & POLLIN) != 0)
      return Wake::stopped;
    if (ready == 0)
      return Wake::changed; // quiet for quiet_ms after a change
    if ((fds[1].revents & POLLIN) != 0 && drain())
      changed = true;
  }
}

namespace {

int stop_pipe[2] = {-1, -1};
volatile std::sig_atomic_t caught_signal = 0;
StopActions previous_actions;

extern "C" void remember_stop(int signal) {
  // Only async-signal-safe calls: write.
  if (caught_signal == 0)
    caught_signal = signal;
  const int saved = errno;
  const char byte = 's';
  [[maybe_unused]] const ssize_t n = ::write(stop_pipe[1], &byte, 1);
  errno = saved;
}

} // namespace

StopSignals::StopSignals() {
  if (stop_pipe[0] < 0 && ::pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    stop_pipe[0] = stop_pipe[1] = -1;
  caught_signal = 0;
  install_stop_handler(remember_stop, 0, previous_actions);
}

StopSignals::~StopSignals() { restore_stop_actions(previous_actions); }

int StopSignals::fd() const { return stop_pipe[0]; }
int StopSignals::signal() const { return caught_signal; }

} // namespace factloom
