#include "view/render.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/io.hpp"

extern char **environ;

namespace factloom::view {

namespace {

Diagnostic failure(const std::string &what) {
  return io_error("dot", what + ": " + std::strerror(errno));
}

/// The DOT text in an unlinked temporary file, rewound (dot's standard input).
Result<UniqueFd> input_file(std::string_view text) {
  const char *dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/factloom-dot-XXXXXX";
  UniqueFd fd(::mkostemp(path.data(), O_CLOEXEC));
  if (fd.get() < 0)
    return failure("cannot make a temporary file");
  ::unlink(path.c_str());
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return failure("cannot write a temporary file");
    done += static_cast<std::size_t>(n);
  }
  if (::lseek(fd.get(), 0, SEEK_SET) != 0)
    return failure("cannot rewind a temporary file");
  return fd;
}

/// When to give up on dot: a deadline, and a flag set from elsewhere (a signal).
struct Limits {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  const std::atomic<bool> *stop = nullptr;
};

/// Reads `fd` to its end; false when the deadline passes or the stop flag is set first.
bool read_all(int fd, const Limits &limits, std::string &out) {
  char buffer[65536];
  for (;;) {
    if (limits.deadline || limits.stop) {
      long long wait = 200;
      if (limits.deadline)
        wait = std::min<long long>(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                             *limits.deadline - std::chrono::steady_clock::now())
                                             .count());
      if (wait <= 0 || (limits.stop && limits.stop->load()))
        return false;
      pollfd p{fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, static_cast<int>(wait));
      if (ready == 0 || (ready < 0 && errno == EINTR))
        continue;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

Result<int> wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return failure("cannot wait for dot");
  }
  return status;
}

/// Starts `dot -T<format>` reading `in`, writing to `out`.
Result<pid_t> spawn_dot(int in, int out, const std::string &format) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, 0);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  std::string flag = "-T" + format;
  std::string program = "dot";
  char *argv[] = {program.data(), flag.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return io_error("dot", spawned == ENOENT
                               ? "Graphviz's 'dot' is not installed (on Debian: apt-get install "
                                 "graphviz); write DOT instead with -o FILE.dot"
                               : std::string("cannot run dot: ") + std::strerror(spawned));
  return pid;
}

/// Runs dot on `dot_text`; its whole output (empty when dot failed without a timeout).
Result<std::string> run_dot(std::string_view dot_text, const std::string &format,
                            unsigned timeout_seconds, const std::atomic<bool> *stop) {
  auto in = input_file(dot_text);
  if (!in)
    return in.error();
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0)
    return failure("cannot make a pipe");
  UniqueFd read_end(out[0]), write_end(out[1]);
  const auto pid = spawn_dot(in.value().get(), write_end.get(), format);
  if (!pid)
    return pid.error();
  write_end = UniqueFd();
  Limits limits{std::nullopt, stop};
  if (timeout_seconds > 0)
    limits.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  std::string output;
  const bool finished = read_all(read_end.get(), limits, output);
  if (!finished)
    ::kill(pid.value(), SIGKILL);
  const auto status = wait_for(pid.value());
  if (!status)
    return status.error();
  if (!finished && stop && stop->load())
    return io_error("dot", "dot was stopped");
  if (!finished)
    return io_error("dot", "dot -T" + format + " did not finish within " +
                               std::to_string(timeout_seconds) +
                               " s and was stopped (raise --dot-timeout, or draw less: "
                               "--max-nodes, --from/--to)");
  if (!WIFEXITED(status.value()) || WEXITSTATUS(status.value()) != 0)
    output.clear();
  return output;
}

/// dot names the group of every graph after the first of a run "page0,1_graph0"; alone it would
/// be "graph0". The same name makes a picture's bytes the same however it was drawn.
void rename_graph_group(std::string &svg) {
  static constexpr std::string_view group = "\" class=\"graph\"";
  static constexpr std::string_view open = "<g id=\"";
  const std::size_t at = svg.find(group);
  if (at == std::string::npos)
    return;
  const std::size_t start = svg.rfind(open, at);
  if (start == std::string::npos)
    return;
  const std::size_t value = start + open.size();
  if (std::string_view(svg).substr(value, at - value).ends_with("_graph0"))
    svg.replace(value, at - value, "graph0");
}

/// Splits dot's SVG output of several graphs into its documents (each ends with "</svg>").
std::vector<std::string> split_svgs(const std::string &all) {
  std::vector<std::string> out;
  static constexpr std::string_view end = "</svg>\n";
  std::size_t from = 0;
  for (std::size_t at = all.find(end); at != std::string::npos; at = all.find(end, from)) {
    out.push_back(all.substr(from, at + end.size() - from));
    rename_graph_group(out.back());
    from = at + end.size();
  }
  return out;
}

} // namespace

Result<std::string> render(std::string_view dot_text, const std::string &format,
                           unsigned timeout_seconds) {
  auto output = run_dot(dot_text, format, timeout_seconds, nullptr);
  if (!output)
    return output;
  if (output.value().empty())
    return io_error("dot", "dot -T" + format + " failed (its messages are above)");
  return output;
}

namespace {

/// Graphviz 2.43 (Debian 12) frees memory twice after a graph with `rank=same` subgraphs when
/// another graph follows in the same run: such a graph is drawn by a dot of its own.
bool draw_alone(const std::string &graph) {
  return graph.find("{ rank=same;") != std::string::npos;
}

/// One graph drawn by a dot of its own, or nullopt.
std::optional<std::string> svg_alone(const std::string &graph, unsigned timeout_seconds,
                                     const std::atomic<bool> *stop) {
  auto one = run_dot(graph, "svg", timeout_seconds, stop);
  if (!one || one.value().empty() || (stop && stop->load()))
    return std::nullopt;
  return std::move(one.value());
}

} // namespace

std::vector<std::optional<std::string>> render_svgs(const std::vector<std::string> &graphs,
                                                    unsigned timeout_seconds,
                                                    const std::atomic<bool> *stop) {
  std::vector<std::optional<std::string>> out(graphs.size());
  std::string all;
  std::vector<std::size_t> batched;
  for (std::size_t i = 0; i < graphs.size(); ++i) {
    if (draw_alone(graphs[i])) {
      out[i] = svg_alone(graphs[i], timeout_seconds, stop);
    } else {
      all += graphs[i];
      batched.push_back(i);
    }
  }
  if (batched.empty() || (stop && stop->load()))
    return out;
  const auto limit = static_cast<unsigned>(timeout_seconds * batched.size());
  const auto rendered = run_dot(all, "svg", limit, stop);
  if (!rendered || (stop && stop->load()))
    return out; // not installed, out of time or stopped: no pictures
  std::vector<std::string> svgs = split_svgs(rendered.value());
  if (svgs.size() == batched.size()) {
    for (std::size_t k = 0; k < batched.size(); ++k)
      out[batched[k]] = std::move(svgs[k]);
    return out;
  }
  for (const std::size_t i : batched) { // some graph failed: each alone
    if (stop && stop->load())
      break;
    out[i] = svg_alone(graphs[i], timeout_seconds, stop);
  }
  return out;
}

} // namespace factloom::view
