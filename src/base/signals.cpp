#include "base/signals.hpp"

namespace factloom {

void install_stop_handler(void (*handler)(int), int flags, StopActions &saved) {
  struct sigaction action {};
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, nullptr, &saved.interrupt);
  ::sigaction(SIGTERM, nullptr, &saved.terminate);
  if (saved.interrupt.sa_handler != SIG_IGN)
    ::sigaction(SIGINT, &action, nullptr);
  if (saved.terminate.sa_handler != SIG_IGN)
    ::sigaction(SIGTERM, &action, nullptr);
}

void restore_stop_actions(const StopActions &saved) {
  ::sigaction(SIGINT, &saved.interrupt, nullptr);
  ::sigaction(SIGTERM, &saved.terminate, nullptr);
}

} // namespace factloom
