// DirectorySink: a site's folder replaced atomically, reusing the earlier site's unchanged files.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "site/directory.hpp"

using namespace factloom;
using namespace factloom::site;
namespace fs = std::filesystem;

namespace {

/// A temporary folder of its own (ctest runs tests at once), removed at the end.
struct Root {
  fs::path path;
  Root() {
    path = fs::temp_directory_path() / ("fl-site-dir-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Root() { fs::remove_all(path); }
  Root(const Root &) = delete;
  Root &operator=(const Root &) = delete;
  std::string site() const { return (path / "site").string(); }
};

/// Writes `files` (path, bytes) as a site into `dir`; commits unless `commit` is false.
std::size_t write_site_files(const std::string &dir,
                             const std::vector<std::pair<std::string, std::string>> &files,
                             bool commit = true) {
  auto sink = DirectorySink::open(dir);
  REQUIRE(sink);
  for (const auto &file : files)
    REQUIRE(sink.value()->write(file.first, file.second));
  if (commit)
    REQUIRE(sink.value()->commit());
  return sink.value()->reused();
}

struct stat stat_of(const fs::path &path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st;
}

std::string read_all(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The names in `root` other than "site" (temporary folders left behind).
std::size_t leftovers(const fs::path &root) {
  std::size_t n = 0;
  for (const auto &entry : fs::directory_iterator(root))
    n += entry.path().filename() != "site" ? 1 : 0;
  return n;
}

} // namespace

TEST_SUITE("site") {
  TEST_CASE("site folder: a file with the earlier site's bytes is linked, the others written") {
    const Root root;
    write_site_files(root.site(), {{"entities/a.html", "same"}, {"entities/b.html", "old"}});
    const ino_t a = stat_of(root.path / "site/entities/a.html").st_ino;
    const ino_t b = stat_of(root.path / "site/entities/b.html").st_ino;
    const std::size_t reused =
        write_site_files(root.site(), {{"entities/a.html", "same"}, {"entities/b.html", "new"}});
    CHECK(reused == 1); // a.html
    CHECK(stat_of(root.path / "site/entities/a.html").st_ino == a);
    CHECK(stat_of(root.path / "site/entities/a.html").st_nlink == 1); // the earlier site is gone
    CHECK(stat_of(root.path / "site/entities/b.html").st_ino != b);
    CHECK(read_all(root.path / "site/entities/a.html") == "same");
    CHECK(read_all(root.path / "site/entities/b.html") == "new");
    CHECK(leftovers(root.path) == 0);
  }

  TEST_CASE("site folder: a run that is not committed leaves the earlier site as it was") {
    const Root root;
    write_site_files(root.site(), {{"entities/a.html", "same"}, {"entities/b.html", "old"}});
    const ino_t a = stat_of(root.path / "site/entities/a.html").st_ino;
    CHECK(write_site_files(root.site(), {{"entities/a.html", "same"}, {"entities/b.html", "new"}},
                           false) == 1);
    CHECK(stat_of(root.path / "site/entities/a.html").st_ino == a);
    CHECK(stat_of(root.path / "site/entities/a.html").st_nlink == 1); // the new folder is gone
    CHECK(read_all(root.path / "site/entities/a.html") == "same");
    CHECK(read_all(root.path / "site/entities/b.html") == "old");
    CHECK(leftovers(root.path) == 0);
  }

  TEST_CASE("site folder: a file with another name, mode or content of the same size is new") {
    const Root root;
    write_site_files(root.site(), {{"entities/linked.html", "same"},
                                   {"entities/private.html", "same"},
                                   {"entities/edited.html", "same"}});
    const fs::path dir = root.path / "site/entities";
    const mode_t mode = stat_of(dir / "linked.html").st_mode;
    fs::create_hard_link(dir / "linked.html", root.path / "elsewhere.html");
    REQUIRE(::chmod((dir / "private.html").c_str(), 0600) == 0);
    std::ofstream(dir / "edited.html", std::ios::binary | std::ios::in) << "SAME";
    const ino_t linked = stat_of(dir / "linked.html").st_ino;
    const ino_t priv = stat_of(dir / "private.html").st_ino;
    const ino_t edited = stat_of(dir / "edited.html").st_ino;
    CHECK(write_site_files(root.site(), {{"entities/linked.html", "same"},
                                         {"entities/private.html", "same"},
                                         {"entities/edited.html", "same"}}) == 0);
    CHECK(stat_of(dir / "linked.html").st_ino != linked);
    CHECK(stat_of(dir / "private.html").st_ino != priv);
    CHECK(stat_of(dir / "private.html").st_mode == mode);
    CHECK(stat_of(dir / "edited.html").st_ino != edited);
    CHECK(read_all(dir / "edited.html") == "same");
    CHECK(stat_of(root.path / "elsewhere.html").st_nlink == 1);
    CHECK(read_all(root.path / "elsewhere.html") == "same");
  }
}
