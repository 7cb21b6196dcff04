// read_file and AtomicFile: every failure is reported with the path and the OS reason, no
// descriptor outlives a call (not even when an exception leaves it), and output is atomic.
#include <doctest/doctest.h>

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../sanitized.hpp"
#include "base/io.hpp"

using namespace factloom;
namespace fs = std::filesystem;

// The test binary's own fchmod (it takes precedence over the C library's): fails on demand,
// so that AtomicFile's handling of a failed fchmod can be seen.
namespace {
bool fail_fchmod = false;
}
extern "C" int fchmod(int fd, mode_t mode) noexcept {
  if (fail_fchmod) {
    errno = EPERM;
    return -1;
  }
  return static_cast<int>(::syscall(SYS_fchmod, fd, mode));
}

namespace {

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto &e : fs::directory_iterator("/proc/self/fd"))
    ++n;
  return n;
}

std::string slurp(const fs::path &p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A fresh, empty folder for one test case, removed at its end.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string &name)
      : path(fs::temp_directory_path() /
             ("factloom-io-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {}));
  }
};

} // namespace

TEST_SUITE("base") {
  TEST_CASE("read_file reports each failure and leaves no descriptor open") {
    TempDir dir("read");
    const fs::path file = dir.path / "a.facts";
    std::ofstream(file) << "person ann \"Ann\"\n";
    const std::size_t before = open_descriptors();

    const Result<std::string> ok = read_file(file.string());
    REQUIRE(ok.ok());
    CHECK(ok.value() == "person ann \"Ann\"\n");

    const Result<std::string> missing = read_file((dir.path / "missing.facts").string());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().origin == (dir.path / "missing.facts").string());
    CHECK(missing.error().message == "cannot open: No such file or directory");

    const Result<std::string> folder = read_file(dir.path.string());
    REQUIRE_FALSE(folder.ok());
    CHECK(folder.error().message == "is a directory");

    // Reading /proc/self/mem from offset 0 fails (nothing is mapped there): the read error path.
    const Result<std::string> unreadable = read_file("/proc/self/mem");
    REQUIRE_FALSE(unreadable.ok());
    CHECK(unreadable.error().origin == "/proc/self/mem");
    CHECK(unreadable.error().message == "cannot read: Input/output error");

    CHECK(open_descriptors() == before);
  }

  TEST_CASE("read_file closes its descriptor when an exception leaves it (out of memory)") {
    if (sanitized) {
      MESSAGE("skipped under a sanitizer, whose allocator does not throw std::bad_alloc");
      return;
    }
    TempDir dir("oom");
    const fs::path big = dir.path / "big.facts";
    std::ofstream(big).close();
    fs::resize_file(big, std::uintmax_t{256} << 20U); // sparse: 256 MiB to reserve
    // In a child whose address space has no room for 256 MiB more, reserving the text throws.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      const std::size_t before = open_descriptors();
      long pages = 0;
      std::ifstream("/proc/self/statm") >> pages;
      const auto room = static_cast<rlim_t>(pages) * static_cast<rlim_t>(::sysconf(_SC_PAGESIZE)) +
                        (rlim_t{64} << 20U);
      const rlimit limit{room, room};
      if (::setrlimit(RLIMIT_AS, &limit) != 0)
        ::_exit(4);
      int code = 3; // no exception: the test cannot tell
      try {
        (void)read_file(big.string());
      } catch (const std::bad_alloc &) {
        code = open_descriptors() == before ? 0 : 1;
      }
      ::_exit(code);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    INFO("child exit: 0 closed, 1 descriptor leaked, 3 no bad_alloc, 4 no rlimit");
    CHECK(WEXITSTATUS(status) == 0);
  }

  TEST_CASE("AtomicFile: the file appears whole on commit, with the umask's permissions") {
    TempDir dir("atomic");
    const fs::path out = dir.path / "out.ttl";
    std::ofstream(out) << "precious";
    {
      auto f = AtomicFile::open(out.string());
      REQUIRE(f.ok());
      CHECK(f.value()->write("new ", 4));
      CHECK(dir.entries() == 2); // the temporary file beside it
      CHECK(slurp(out) == "precious");
      // Abandoned without commit().
    }
    CHECK(slurp(out) == "precious");
    CHECK(dir.entries() == 1);

    const mode_t mask = ::umask(022);
    auto f = AtomicFile::open(out.string());
    REQUIRE(f.ok());
    const std::string big(300000, 'x'); // more than the buffer: written straight through
    CHECK(f.value()->write("head ", 5));
    CHECK(f.value()->write(big.data(), big.size()));
    CHECK(f.value()->commit().ok());
    ::umask(mask);
    CHECK(slurp(out) == "head " + big);
    CHECK(dir.entries() == 1);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777U) == 0644U);
  }

  TEST_CASE("AtomicFile: a failed fchmod is an I/O error and leaves nothing behind") {
    TempDir dir("fchmod");
    const fs::path out = dir.path / "out.ttl";
    std::ofstream(out) << "precious";
    const std::size_t before = open_descriptors();
    fail_fchmod = true;
    auto f = AtomicFile::open(out.string());
    fail_fchmod = false;
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().origin == out.string());
    // The output exists: the new file would take its permissions.
    CHECK(f.error().message == "cannot keep the permissions of the file: Operation not permitted");
    CHECK(slurp(out) == "precious");
    CHECK(dir.entries() == 1);
    CHECK(open_descriptors() == before);
    // A new output gets the permissions a new file would have.
    fail_fchmod = true;
    auto g = AtomicFile::open((dir.path / "new.ttl").string());
    fail_fchmod = false;
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().message ==
          "cannot set the permissions of a temporary file beside it: Operation not permitted");
    CHECK(dir.entries() == 1);
  }

  TEST_CASE("UniqueFd closes its descriptor once, and a move hands it over") {
    const std::size_t before = open_descriptors();
    {
      UniqueFd a(::open("/dev/null", O_RDONLY | O_CLOEXEC));
      REQUIRE(a.valid());
      CHECK(open_descriptors() == before + 1);
      UniqueFd b(std::move(a));
      CHECK_FALSE(a.valid()); // NOLINT(bugprone-use-after-move): the moved-from state
      CHECK(b.valid());
      UniqueFd c;
      c = std::move(b);
      CHECK(open_descriptors() == before + 1);
      CHECK(c.close());
      CHECK(c.close()); // the second close does nothing
      CHECK(open_descriptors() == before);
      c = UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
      CHECK(open_descriptors() == before + 1);
    }
    CHECK(open_descriptors() == before);
  }

  TEST_CASE("AtomicFile: a folder that does not exist is an I/O error") {
    auto f = AtomicFile::open("/nonexistent-factloom-dir/out.ttl");
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().message.rfind("cannot create a temporary file beside it: ", 0) == 0);
  }
}

TEST_CASE("file_id: one id for a file's names (symlink, hard link), none for no file") {
  TempDir dir("file-id");
  const fs::path a = dir.path / "a.facts";
  std::ofstream(a) << "x";
  fs::create_symlink(a, dir.path / "link.facts");
  fs::create_hard_link(a, dir.path / "hard.facts");
  std::ofstream(dir.path / "b.facts") << "x";
  const auto id = file_id(a.string());
  REQUIRE(id.has_value());
  CHECK(file_id((dir.path / "link.facts").string()) == id);
  CHECK(file_id((dir.path / "hard.facts").string()) == id);
  CHECK(file_id((dir.path / "b.facts").string()) != id);
  CHECK_FALSE(file_id((dir.path / "missing.ttl").string()).has_value());
  CHECK_FALSE(file_id("-").has_value());
  CHECK(same_file(a.string(), (dir.path / "link.facts").string()));
  CHECK_FALSE(same_file((dir.path / "missing.ttl").string(), (dir.path / "missing.ttl").string()));
}
