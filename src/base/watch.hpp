// Waiting for changes to files (inotify) and for SIGINT/SIGTERM, for `build --watch` and
// `check --watch`.
#pragma once

#include <map>
#include <set>
#include <string>

#include "base/io.hpp"
#include "base/result.hpp"

namespace factloom {

/// Watches folder trees and single files with inotify (Linux).
class FileWatcher {
public:
  /// A watcher; an error when inotify is unavailable (or out of instances).
  static Result<std::unique_ptr<FileWatcher>> open();

  /// Watches `dir` and every folder under it, also folders created (or moved in) later. A change
  /// is an event on a file whose name ends with `suffix`, or on a folder.
  Result<void> watch_tree(const std::string &dir, const std::string &suffix);
  /// Watches one file through its folder, so that an editor which saves by renaming a new file
  /// over it (or deletes and recreates it) is seen too.
  Result<void> watch_file(const std::string &path);

  enum class Wake { changed, stopped };
  /// Blocks until a change is seen and `quiet_ms` milliseconds then pass without another (a
  /// burst of writes is one change), or until `stop_fd` becomes readable (stopped).
  Wake wait(int stop_fd, int quiet_ms);

private:
  struct Watch {
    std::string dir;
    std::string suffix;          ///< the whole tree's files with it count; empty: not a tree
    std::set<std::string> names; ///< single files watched here
  };
  FileWatcher() = default;
  Result<int> add(const std::string &dir);
  Result<void> add_tree(const std::string &dir, const std::string &suffix);
  /// Reads the pending events; whether any is a change.
  bool drain();
  bool is_change(int wd, std::uint32_t mask, const std::string &name);
  UniqueFd fd_;
  std::map<int, Watch> watches_; ///< by watch descriptor
  int last_errno_ = 0;           ///< of the last inotify_add_watch that failed
};

/// Catches SIGINT and SIGTERM while it lives (a signal the process was started ignoring stays
/// ignored): the first one is remembered and makes fd() readable. The previous handlers come
/// back at the end of its scope.
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;
  int fd() const;
  /// The signal caught (0: none yet).
  int signal() const;
};

} // namespace factloom
