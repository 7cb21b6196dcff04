// SIGINT and SIGTERM handlers that keep a signal the process was started ignoring (nohup, a
// background job) ignored, and give the previous actions back afterwards.
#pragma once

#include <csignal>

namespace factloom {

/// The actions of SIGINT and SIGTERM before install_stop_handler.
struct StopActions {
  struct sigaction interrupt {};
  struct sigaction terminate {};
};

/// Has `handler` (async-signal-safe) take SIGINT and SIGTERM, with sigaction `flags`, except
/// either one that is ignored now; the actions before are saved in `saved`.
void install_stop_handler(void (*handler)(int), int flags, StopActions &saved);
/// Gives SIGINT and SIGTERM the actions saved by install_stop_handler.
void restore_stop_actions(const StopActions &saved);

} // namespace factloom
