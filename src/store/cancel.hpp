// A load's cancellation: set from a signal handler (first SIGINT/SIGTERM), read by the loader
// between requests. Lock-free, so setting it is async-signal-safe.
#pragma once

#include <atomic>

namespace factloom::store {

/// Asks a running load to stop and undo; safe to call from a signal handler.
void request_cancel() noexcept;
/// Whether request_cancel() was called (and not reset).
bool cancel_requested() noexcept;
/// Forgets a request (tests, or a new load in the same process).
void reset_cancel() noexcept;

/// The message part a cancelled load reports.
inline constexpr const char *cancelled_message = "interrupted by a signal";

} // namespace factloom::store
