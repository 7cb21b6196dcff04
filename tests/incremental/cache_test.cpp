// The cache file of build --cache: what it keeps reads back the same, and nothing else is
// trusted (every flipped byte, every truncation, another format version); a file's stamp is
// trusted only when it is old enough, else its bytes are hashed again.
#include <doctest/doctest.h>

#include <algorithm>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
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
  const auto state = std::make_shared<const std::string>("check state\0with a NUL", 23);
  r.keep.push_back(state);
  r.state = {std::string_view(*state).substr(0, 11), std::string_view(*state).substr(11)};
  r.inputs = {sample_stamp("corpus/a.facts", 'a'), sample_stamp("corpus/b.facts", 'b')};
  r.output = sample_stamp("out.ttl", 'c');
  r.output->sha256.clear();
  return r;
}

/// Whether restamp() finds the file of `old` still holding its bytes, for a run recorded
/// (its stamps taken) at `started`.
bool unchanged(const Stamp &old, std::int64_t started) {
  Record r;
  r.inputs = {old};
  r.started_ns = started;
  const auto now = restamp({old.path}, &r, 1);
  return now.has_value() && (*now)[0].sha256 == old.sha256;
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
  CHECK(back->state_bytes() == r.state_bytes());
  CHECK(back->state.size() == 1); // read back in one part
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

TEST_CASE("cache: a save in two steps replaces the file only when finished") {
  const TempFile dir("two-steps");
  const std::string path = dir.path + "/build.flc";
  Record first = sample_record();
  first.diagnostics = "first\n";
  REQUIRE(save(path, first));
  Record second = sample_record();
  {
    auto saving = Saving::begin(path, second.state);
    REQUIRE(saving.ok());
    CHECK(load(path)->diagnostics == "first\n"); // dropped before finish(): the old file stays
  }
  CHECK(load(path)->diagnostics == "first\n");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) ==
        1); // no temporary file
  {
    // The rest of the record decided after the state was written (the output's stamp, say).
    auto saving = Saving::begin(path, second.state);
    REQUIRE(saving.ok());
    second.output->size = 999;
    REQUIRE(saving.value().finish(second));
  }
  const auto back = load(path);
  REQUIRE(back.has_value());
  CHECK(encode(*back) == encode(second));
  CHECK(back->output->size == 999);
  CHECK(back->state_bytes() == second.state_bytes());
  {
    // A record whose state is not the one begun with is refused; the file stays.
    auto saving = Saving::begin(path, first.state);
    REQUIRE(saving.ok());
    Record other = sample_record();
    other.state.pop_back();
    CHECK_FALSE(saving.value().finish(other).ok());
  }
  CHECK(load(path)->output->size == 999);
}

TEST_CASE("cache: a failed build's record keeps the last good one whole") {
  const TempFile dir("base");
  const std::string path = dir.path + "/build.flc";
  Record good = sample_record();
  good.status = 0;
  Record failed = sample_record();
  failed.state.clear();
  failed.output.reset();
  failed.diagnostics = "b.facts:2:1: error: a syntax error\n";
  CHECK_FALSE(base_of(failed).has_value()); // none kept
  keep_base(failed, good);
  REQUIRE(save(path, failed));
  const auto back = load(path);
  REQUIRE(back.has_value());
  CHECK(back->diagnostics == failed.diagnostics);
  CHECK_FALSE(back->output.has_value());
  const auto base = base_of(*back);
  REQUIRE(base.has_value());
  CHECK(encode(*base) == encode(good));
  // Only a failed record keeps one, and only a good one is kept.
  Record not_failed = *back;
  not_failed.status = 0;
  CHECK_FALSE(base_of(not_failed).has_value());
  Record bad_base = failed;
  Record also_failed = sample_record();
  keep_base(bad_base, also_failed); // status 1
  REQUIRE(save(path, bad_base));
  CHECK_FALSE(base_of(*load(path)).has_value());
  // A base cut short is refused.
  Record cut = sample_record();
  const std::string whole(back->state.front());
  const auto part = std::make_shared<const std::string>(whole.substr(0, whole.size() - 3));
  cut.state = {*part};
  cut.keep = {part};
  CHECK_FALSE(base_of(cut).has_value());
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
  std::error_code ec;
  fs::remove(file.path, ec);
  CHECK_FALSE(unchanged(*old, now_ns()));
  CHECK_FALSE(stat_file(file.path).has_value());
}

TEST_CASE("cache: restamp keeps the stamps a settled stat vouches for, hashes the others") {
  const TempFile dir("many");
  fs::create_directories(dir.path + "/a");
  fs::create_directories(dir.path + "/b");
  Record old;
  std::vector<std::string> paths;
  for (int i = 0; i < 1200; ++i) {
    const std::string path = dir.path + (i < 600 ? "/a/" : "/b/") + std::to_string(i) + ".facts";
    std::ofstream(path) << "article a" << i << "\n";
    auto s = stamp_file(path);
    REQUIRE(s.has_value());
    s->sha256 = std::string(64, 'f'); // what a kept stamp says; a hashed one says otherwise
    old.inputs.push_back(*s);
    paths.push_back(path);
  }
  std::sort(old.inputs.begin(), old.inputs.end(),
            [](const Stamp &a, const Stamp &b) { return a.path < b.path; });
  std::sort(paths.begin(), paths.end());
  auto kept = [](const std::vector<Stamp> &stamps) {
    return std::count_if(stamps.begin(), stamps.end(),
                         [](const Stamp &s) { return s.sha256 == std::string(64, 'f'); });
  };
  old.started_ns = now_ns() + 10'000'000'000; // every stamp settled: stats trusted
  auto now = restamp(paths, &old, 2);
  REQUIRE(now.has_value());
  CHECK(kept(*now) == 1200);
  old.started_ns = now_ns(); // every stamp racy: every file hashed
  now = restamp(paths, &old, 1);
  REQUIRE(now.has_value());
  CHECK(kept(*now) == 0);
  CHECK((*now)[5].sha256 == stamp_file(paths[5])->sha256);
  CHECK(restamp(paths, nullptr, 2)->size() == 1200);
  old.started_ns = now_ns() + 10'000'000'000;
  std::ofstream(paths[1100]) << "article zz, longer\n";
  now = restamp(paths, &old, 2);
  REQUIRE(now.has_value());
  CHECK(kept(*now) == 1199);
  CHECK((*now)[1100].sha256 == stamp_file(paths[1100])->sha256);
  fs::remove(paths[1100]);
  CHECK_FALSE(restamp(paths, &old, 2).has_value());
}
