#include "view/render.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/io.hpp"

extern char **environ;

namespace factloom::view {

namespace {

/// The DOT text in an unlinked temporary file, rewound (dot's standard input).
Result<UniqueFd> input_file(std::string_view text) {
  const char *dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/factloom-dot-XXXXXX";
  UniqueFd fd(::mkostemp(path.data(), O_CLOEXEC));
  if (fd.get() < 0)
    return io_error("dot", std::string("cannot make a temporary file: ") + std::strerror(errno));
  ::unlink(path.c_str());
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return io_error("dot", std::string("cannot write a temporary file: ") + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  if (::lseek(fd.get(), 0, SEEK_SET) != 0)
    return io_error("dot", std::string("cannot rewind a temporary file: ") + std::strerror(errno));
  return fd;
}

std::string read_all(int fd) {
  std::string out;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

Result<int> wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return io_error("dot", std::string("cannot wait for dot: ") + std::strerror(errno));
  }
  return status;
}

} // namespace

Result<std::string> render(std::string_view dot_text, const std::string &format) {
  auto in = input_file(dot_text);
  if (!in)
    return in.error();
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0)
    return io_error("dot", std::string("cannot make a pipe: ") + std::strerror(errno));
  UniqueFd read_end(out[0]), write_end(out[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.value().get(), 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
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
  write_end = UniqueFd();
  std::string output = read_all(read_end.get());
  const auto status = wait_for(pid);
  if (!status)
    return status.error();
  if (!WIFEXITED(status.value()) || WEXITSTATUS(status.value()) != 0 || output.empty())
    return io_error("dot", "dot -T" + format + " failed (its messages are above)");
  return output;
}

} // namespace factloom::view
