// The cache file of build --cache: what it keeps reads back the same, and nothing else is
// trusted (every flipped byte, every truncation, another format version); a file's stamp is
// trusted only when it is old enough, else its bytes are hashed again.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "incremental/cache.hpp"

using namespace factloom;
using namespace factloom::incremental;
namespace fs = std::filesystem;

namespace {

Stamp sample_stamp(const std::string &path, char digit) {
  Stamp s;
  s.path = path;
  s.size = 1234;
  s.mtime_ns = 1'700'000'000'000'000'001;
  s.ctime_ns = 1'700'000'000'000'000'002;
  s.inode = 77;
  s.sha256 = std::string(64, digit);
  return s;
}

Record sample_record() {
  Record r;
  r.key = "factloom 0.1.0\ncommand build\n";
  r.started_ns = 1'700'000'000'123'456'789;
  r.status = 1;
  r.diagnostics = "a.facts:1:1: error: unknown kind 'x'\n";
  r.state = std::string("check state\0with a NUL", 23);
  r.inputs = {sample_stamp("corpus/a.facts", 'a'), sample_stamp("corpus/b.facts", 'b')};
  r.output = sample_stamp("out.ttl", 'c');
  r.output->sha256.clear();
  return r;
}

bool same(const Stamp &a, const Stamp &b) {
  return a.path == b.path && a.size == b.size && a.mtime_ns == b.mtime_ns &&
         a.ctime_ns == b.ctime_ns && a.inode == b.inode && a.sha256 == b.sha256;
}

/// A file of its own under the temporary folder, removed at the end of the scope.
struct TempFile {
  explicit TempFile(const std::string &name)
      : path((fs::temp_directory_path() /
              ("factloom-cache-test-" + std::to_string(::getpid()) + "-" + name))
                 .string()) {}
  ~TempFile() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string &bytes) const { std::ofstream(path, std::ios::binary) << bytes; }
  std::string path;
};

} // namespace

TEST_CASE("cache: a record reads back as it was written") {
  const Record r = sample_record();
  const auto back = decode(encode(r));
  REQUIRE(back.has_value());
  CHECK(back->key == r.key);
  CHECK(back->started_ns == r.started_ns);
  CHECK(back->status == r.status);
  CHECK(back->diagnostics == r.diagnostics);
  CHECK(back->state == r.state);
  REQUIRE(back->inputs.size() == 2);
  CHECK(same(back->inputs[0], r.inputs[0]));
  CHECK(same(back->inputs[1], r.inputs[1]));
  REQUIRE(back->output.has_value());
  CHECK(same(*back->output, *r.output));
  Record check_run = r;
  check_run.output.reset();
  check_run.status = 0;
  const auto back2 = decode(encode(check_run));
  REQUIRE(back2.has_value());
  CHECK_FALSE(back2->output.has_value());
}

TEST_CASE("cache: every flipped byte and every truncation is refused") {
  const std::string bytes = encode(sample_record());
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    INFO("byte " << i);
    CHECK_FALSE(decode(bad).has_value());
  }
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    INFO("length " << n);
    CHECK_FALSE(decode(std::string_view(bytes).substr(0, n)).has_value());
  }
  CHECK_FALSE(decode(bytes + "x").has_value());
  CHECK_FALSE(decode("").has_value());
}

TEST_CASE("cache: another format version or magic is foreign") {
  std::string bytes = encode(sample_record());
  REQUIRE(decode(bytes).has_value());
  std::string other_version = bytes;
  other_version[magic.size()] = static_cast<char>(format_version + 1);
  CHECK_FALSE(decode(other_version).has_value());
  std::string other_magic = bytes;
  other_magic[0] = 'X';
  CHECK_FALSE(decode(other_magic).has_value());
}

TEST_CASE("cache: a body that is checksummed but ill-formed is refused") {
  // Only exit statuses 0 and 1 are kept: a record claiming another is not trusted.
  Record r = sample_record();
  r.status = 3;
  CHECK_FALSE(decode(encode(r)).has_value());
  // A digest of the wrong length.
  r = sample_record();
  r.inputs[0].sha256 = "abc";
  CHECK_FALSE(decode(encode(r)).has_value());
}

TEST_CASE("cache: save and load through a folder made on demand") {
  const TempFile dir("dir");
  const std::string path = dir.path + "/sub/build.flc";
  REQUIRE(save(path, sample_record()));
  const auto back = load(path);
  REQUIRE(back.has_value());
  CHECK(back->diagnostics == sample_record().diagnostics);
  CHECK_FALSE(load(dir.path + "/missing.flc").has_value());
  CHECK_FALSE(load(dir.path).has_value()); // a folder
}

TEST_CASE("cache: a stamp is trusted only when old enough, else the bytes are hashed") {
  const TempFile file("stamp.facts");
  file.write("article a\n");
  const auto old = stamp_file(file.path);
  REQUIRE(old.has_value());
  REQUIRE(old->sha256.size() == 64);
  // Same size, the modification time put back: the stat differs only in its ctime.
  file.write("article b\n");
  struct timespec times[2] = {{0, UTIME_OMIT},
                              {old->mtime_ns / 1'000'000'000, old->mtime_ns % 1'000'000'000}};
  REQUIRE(::utimensat(AT_FDCWD, file.path.c_str(), times, 0) == 0);
  CHECK_FALSE(unchanged(*old, now_ns()));
  // A run started long after: the stat is trusted, and the ctime tells the change.
  CHECK_FALSE(unchanged(*old, old->mtime_ns + 10'000'000'000));
  file.write("article a\n"); // the same bytes again: a touched file is unchanged
  CHECK(unchanged(*old, now_ns()));
  Stamp unhashed = *old;
  unhashed.sha256.clear();
  CHECK_FALSE(unchanged(unhashed, now_ns())); // the stat differs, and there is no hash
  std::error_code ec;
  fs::remove(file.path, ec);
  CHECK_FALSE(unchanged(*old, now_ns()));
  CHECK_FALSE(stat_file(file.path).has_value());
}

TEST_CASE("cache: all_unchanged stats through each folder and finds one changed file") {
  const TempFile dir("many");
  fs::create_directories(dir.path + "/a");
  fs::create_directories(dir.path + "/b");
  std::vector<Stamp> stamps;
  for (int i = 0; i < 1200; ++i) {
    const std::string path = dir.path + (i < 600 ? "/a/" : "/b/") + std::to_string(i) + ".facts";
    std::ofstream(path) << "article a" << i << "\n";
    auto s = stamp_file(path);
    REQUIRE(s.has_value());
    stamps.push_back(*s);
  }
  const std::int64_t later = now_ns() + 10'000'000'000; // every stamp settled: stats trusted
  CHECK(all_unchanged(stamps, later, 2));
  CHECK(all_unchanged(stamps, now_ns(), 1)); // every stamp racy: every file hashed
  std::ofstream(stamps[1100].path) << "article zz\n";
  CHECK_FALSE(all_unchanged(stamps, later, 2));
  CHECK_FALSE(all_unchanged(stamps, now_ns(), 1));
  fs::remove(stamps[1100].path);
  CHECK_FALSE(all_unchanged(stamps, later, 2));
}
