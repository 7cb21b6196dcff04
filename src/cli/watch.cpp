// The watch loop: only prints; what changed between two runs' diagnostics is
// compile::diff_diagnostics, the waiting is base/watch.
#include "cli/watch.hpp"

#include <filesystem>
#include <iostream>

#include "base/watch.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"
#include "compile/diagnostic_diff.hpp"

namespace factloom::cli {

namespace {

/// A burst of writes (an editor's save) within this many milliseconds is one change.
constexpr int quiet_ms = 100;

Result<void> watch_inputs(FileWatcher &watcher, const WatchJob &job) {
  for (const std::string &input : job.inputs) {
    std::error_code ec;
    const Result<void> added = std::filesystem::is_directory(input, ec)
                                   ? watcher.watch_tree(input, ".facts")
                                   : watcher.watch_file(input);
    if (!added)
      return added;
  }
  for (const std::string &file : job.extra) {
    if (const Result<void> added = watcher.watch_file(file); !added)
      return added;
  }
  return {};
}

std::string plural(std::size_t n, const char *word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/// The new diagnostics in full, one line for each fixed one, and the counts.
void print_changes(const compile::Compilation &c,
                   const std::vector<compile::DiagnosticRecord> &before,
                   const std::vector<compile::DiagnosticRecord> &after) {
  const compile::DiagnosticChanges changes = compile::diff_diagnostics(before, after);
  std::vector<Diagnostic> added;
  for (const std::size_t i : changes.added)
    added.push_back(c.diagnostics.all()[i]);
  print_capped(added, c.sources);
  for (const std::size_t i : changes.fixed)
    std::cerr << "fixed: " << compile::fixed_line(before[i]) << "\n";
  std::cerr << "watch: " << changes.added.size() << " new, " << changes.fixed.size() << " fixed, "
            << changes.unchanged << " unchanged (" << plural(c.diagnostics.error_count(), "error")
            << ", " << plural(c.diagnostics.warning_count(), "warning") << ")\n";
}

/// One line on how the run ended, and that the loop waits.
void print_outcome(const WatchJob &job, int status) {
  std::cerr << "watch: ";
  if (status == exit_ok)
    std::cerr << (job.output.empty() ? "no errors" : "wrote " + job.output);
  else
    std::cerr << (status == exit_io ? "I/O error" : "errors")
              << (job.output.empty() ? "" : "; " + job.output + " kept as it was");
  std::cerr << "; waiting for changes (Ctrl-C stops)" << std::endl;
}

} // namespace

int watch(const WatchJob &job) {
  const StopSignals stop;
  if (stop.fd() < 0) {
    print_error(io_error("watch", "cannot wait for SIGINT and SIGTERM (no pipe)"), SourceSet());
    return exit_io;
  }
  auto watcher = FileWatcher::open();
  if (!watcher) {
    print_error(watcher.error(), SourceSet());
    return exit_io;
  }
  // Watched before the first run, so a change while it runs is not missed.
  if (const Result<void> watched = watch_inputs(*watcher.value(), job); !watched) {
    print_error(watched.error(), SourceSet());
    return exit_io;
  }
  std::vector<compile::DiagnosticRecord> previous;
  for (bool first = true;; first = false) {
    compile::Compilation c;
    job.compile(c);
    std::vector<compile::DiagnosticRecord> records =
        compile::summarise(c.diagnostics.all(), c.sources);
    if (first)
      print_diagnostics(c.diagnostics, c.sources);
    else
      print_changes(c, previous, records);
    print_outcome(job, job.finish(c));
    previous = std::move(records);
    if (watcher.value()->wait(stop.fd(), quiet_ms) == FileWatcher::Wake::stopped)
      return stop.signal() != 0 ? 128 + stop.signal() : exit_io;
  }
}

} // namespace factloom::cli
