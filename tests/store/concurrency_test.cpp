// Loads that overlap or are interrupted (issue 15): loads into one graph take turns through a
// per-graph lock file; a signal (request_cancel) stops a load between requests and undoes a
// streamed one the way an error does, and the message says so.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fake_store.hpp"
#include "store/cancel.hpp"
#include "store/inputs.hpp"
#include "store/lock.hpp"

using namespace factloom;
using namespace factloom::store;
using namespace factloom::store::testing;

namespace {

/// A temporary folder, also $XDG_RUNTIME_DIR while it lives (so lock files land in it).
struct LockDir {
  std::filesystem::path path;
  std::string old;
  bool had_old = false;
  LockDir() {
    path = std::filesystem::temp_directory_path() /
           ("fl-locks-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path);
    if (const char *o = std::getenv("XDG_RUNTIME_DIR")) {
      old = o;
      had_old = true;
    }
    ::setenv("XDG_RUNTIME_DIR", path.c_str(), 1);
  }
  ~LockDir() {
    if (had_old)
      ::setenv("XDG_RUNTIME_DIR", old.c_str(), 1);
    else
      ::unsetenv("XDG_RUNTIME_DIR");
    std::filesystem::remove_all(path);
  }
  std::string write(const std::string &name, const std::string &text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

std::string lines(int n) {
  std::string nt;
  for (int i = 0; i < n; ++i)
    nt += "<https://example.org/s" + std::to_string(i) + "> <https://example.org/p> \"" +
          std::to_string(i) + "\" .\n";
  return nt;
}

LoadRequest request(std::vector<std::string> inputs) {
  LoadRequest r;
  r.inputs = std::move(inputs);
  r.load.chunk_triples = 10;
  r.load.parallel = 2;
  r.load.default_graph = "https://example.org/g";
  r.lock_endpoint = "http://127.0.0.1:1/sparql-graph-crud";
  return r;
}

/// Cancels (as the first SIGINT does) after `ms` milliseconds.
std::thread cancel_after(int ms) {
  return std::thread([ms] {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    request_cancel();
  });
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("concurrent loads: one lock per endpoint and graph, held until the load ends") {
    LockDir dir;
    const std::string e = "http://u:pw@h:8890/sparql-graph-crud";
    CHECK(GraphLock::path_for(e, "https://g") ==
          GraphLock::path_for("http://h:8890/sparql-graph-crud", "https://g"));
    CHECK(GraphLock::path_for(e, "https://g") != GraphLock::path_for(e, "https://g2"));
    CHECK(GraphLock::path_for(e, "https://g").rfind(dir.path.string(), 0) == 0);
    Result<GraphLock> first = GraphLock::acquire(e, "https://g", false);
    REQUIRE(first.ok());
    const Result<GraphLock> second = GraphLock::acquire(e, "https://g", false);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().message.find("another load into this graph") != std::string::npos);
    CHECK(GraphLock::acquire(e, "https://other", false).ok());
    first = Result<GraphLock>(GraphLock{}); // released
    CHECK(GraphLock::acquire(e, "https://g", false).ok());
  }

  TEST_CASE("concurrent loads: a second load into the graph waits for the first, both verified") {
    LockDir dir;
    const std::string a = dir.write("a.nt", lines(40));
    FakeStore fake;
    fake.delay = std::chrono::milliseconds(5);
    LoadRequest r = request({a});
    r.load.parallel = 1;
    // Hold the graph's lock as another load would, and let go after a while.
    Result<GraphLock> other = GraphLock::acquire(r.lock_endpoint, r.load.default_graph, false);
    REQUIRE(other.ok());
    bool waited = false;
    r.waiting = [&](const std::string &graph) {
      waited = true;
      CHECK(graph == "https://example.org/g");
    };
    std::thread release([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      other = Result<GraphLock>(GraphLock{});
    });
    compile::Compilation c;
    const auto start = std::chrono::steady_clock::now();
    const InputsLoaded done = load_inputs(r, fake, c);
    release.join();
    CHECK(waited);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(150));
    REQUIRE(done.report.ok());
    CHECK(fake.graphs["https://example.org/g"].size() == 40);
  }

  TEST_CASE("concurrent loads: a named graph another load holds fails before anything is sent") {
    LockDir dir;
    const std::string trig = dir.write(
        "a.trig",
        "<https://example.org/n> { <https://example.org/a> <https://example.org/b> 1 }\n");
    FakeStore fake;
    const LoadRequest r = request({trig});
    const Result<GraphLock> other =
        GraphLock::acquire(r.lock_endpoint, "https://example.org/n", false);
    REQUIRE(other.ok());
    compile::Compilation c;
    const InputsLoaded done = load_inputs(r, fake, c);
    REQUIRE_FALSE(done.report.ok());
    CHECK(done.report.error().message.find("another load into this graph") != std::string::npos);
    CHECK(fake.requests == 0);
  }

  TEST_CASE("signals: an interrupted streamed load is undone and says so") {
    LockDir dir;
    const std::string a = dir.write("a.nt", lines(2000));
    FakeStore fake;
    fake.delay = std::chrono::milliseconds(10); // 200 chunks: 1 s at least
    reset_cancel();
    std::thread signal = cancel_after(150);
    compile::Compilation c;
    const InputsLoaded done = load_inputs(request({a}), fake, c);
    signal.join();
    reset_cancel();
    CHECK(done.streamed);
    REQUIRE_FALSE(done.report.ok());
    const std::string &m = done.report.error().message;
    CHECK(m.find("interrupted by a signal") != std::string::npos);
    CHECK(m.find("the load was undone") != std::string::npos);
    CHECK(fake.graphs["https://example.org/g"].empty());
    CHECK(fake.requests < 150); // it stopped, it did not send everything first
  }

  TEST_CASE("signals: an interrupted load of a graph with content stops between requests") {
    LockDir dir;
    const std::string a = dir.write("a.nt", lines(2000));
    FakeStore fake;
    fake.preload("https://example.org/g",
                 "<https://example.org/x> <https://example.org/y> \"1\" .\n");
    fake.delay = std::chrono::milliseconds(10);
    reset_cancel();
    std::thread signal = cancel_after(150);
    compile::Compilation c;
    const InputsLoaded done = load_inputs(request({a}), fake, c);
    signal.join();
    reset_cancel();
    CHECK_FALSE(done.streamed);
    REQUIRE_FALSE(done.report.ok());
    const std::string &m = done.report.error().message;
    CHECK(m.find("interrupted by a signal") != std::string::npos);
    CHECK(m.find("partial load") != std::string::npos);
    CHECK(fake.requests < 150);
  }
}
