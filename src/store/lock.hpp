// Loads from this machine into one graph of one store take turns: each holds an advisory lock
// (flock) on a file named after the endpoint and the graph, in $XDG_RUNTIME_DIR or /tmp.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace factloom::store {

/// One held lock; released when destroyed (or when the process ends, however it ends).
class GraphLock {
public:
  GraphLock() = default;
  ~GraphLock();
  GraphLock(GraphLock &&other) noexcept;
  GraphLock &operator=(GraphLock &&other) noexcept;
  GraphLock(const GraphLock &) = delete;
  GraphLock &operator=(const GraphLock &) = delete;

  /// Locks (endpoint, graph). Held by another process: calls `waiting` once and waits when
  /// `wait` is true, otherwise fails with an error that names the graph. An error too when the
  /// lock file cannot be opened.
  static Result<GraphLock> acquire(std::string_view endpoint, std::string_view graph, bool wait,
                                   const std::function<void()> &waiting = {});

  /// The lock file's path for (endpoint, graph) (credentials, query and fragment ignored).
  static std::string path_for(std::string_view endpoint, std::string_view graph);

private:
  int fd_ = -1;
};

} // namespace factloom::store
