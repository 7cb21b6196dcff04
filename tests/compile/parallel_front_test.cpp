// The front end on several threads: the ordered pipeline, and compile() with --jobs 2 and 3 over
// fact files with errors, warnings and conflicts across files, against --jobs 1 (the same sink
// calls, the same diagnostics in the same order). ThreadSanitizer runs this suite.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "compile/compile.hpp"
#include "compile/pipeline.hpp"

using namespace factloom;
namespace fs = std::filesystem;

namespace {

/// A fresh folder of its own under the temporary directory, removed at the end.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "factloom-parallel-front.XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
};

/// Every call a sink hears, as text (terms by value, so table ids do not matter).
struct Recorder final : graph::QuadSink {
  graph::TermTable table;
  std::vector<std::string> events;
  graph::TermTable &terms() override { return table; }
  void prefix(std::string_view name, std::string_view iri) override {
    events.push_back("prefix " + std::string(name) + " " + std::string(iri));
  }
  bool add(const graph::Quad &q, SourceSpan from) override {
    std::string e = std::to_string(from.file) + ":" + std::to_string(from.begin) + "-" +
                    std::to_string(from.end);
    for (const graph::TermId t : {q.s, q.p, q.o, q.g})
      e += " " + (t == 0 ? std::string("-") : std::string(table.get(t).value));
    events.push_back(e);
    return true;
  }
  void end_input(bool ok) override { events.push_back(ok ? "end ok" : "end failed"); }
};

struct Run {
  bool ok = false;
  std::vector<std::string> events;
  std::string diagnostics;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t io_errors = 0;
};

Run run(const fs::path &dir, unsigned jobs, bool accept_rdf) {
  compile::Options options;
  options.jobs = jobs;
  options.accept_rdf = accept_rdf;
  compile::Compilation c;
  Recorder sink;
  Run r;
  r.ok = compile::compile({dir.string()}, options, c, sink);
  r.events = std::move(sink.events);
  for (const Diagnostic &d : c.diagnostics.all())
    r.diagnostics += render(d, c.sources);
  r.errors = c.diagnostics.error_count();
  r.warnings = c.diagnostics.warning_count();
  r.io_errors = c.io_errors;
  return r;
}

/// samples/, tests/data/bad/ and the claims conflicts (across files) in one folder, plus an
/// RDF file with a syntax error and a warning (a planned meeting dated before its article).
void broken_corpus(const fs::path &dir) {
  const fs::path src = FL_SOURCE_DIR;
  fs::copy(src / "samples", dir / "samples", fs::copy_options::recursive);
  fs::copy(src / "tests/data/bad", dir / "bad", fs::copy_options::recursive);
  fs::copy(src / "tests/data/claims/conflict", dir / "conflict", fs::copy_options::recursive);
  fs::copy(src / "tests/data/claims/holder", dir / "holder", fs::copy_options::recursive);
  std::ofstream(dir / "extra.nt")
      << "<http://x/a> <http://x/p> \"1\" .\n<http://x/b> <http://x/p> .\n";
  std::ofstream(dir / "more.nt") << "<http://x/c> <http://x/p> \"2\" .\n";
  std::ofstream(dir / "warning.facts")
      << "source wire-planned-2025-12-17\n  title: \"Talks planned\"@en\n"
         "  url: <https://example.org/wire/planned>\n  published: 2025-12-17\n\n"
         "person pat-one \"Pat One\"@en\nperson pat-two \"Pat Two\"@en\n\n"
         "meeting talks-in-the-past \"Talks\"@en\n  participant: pat-one, pat-two\n"
         "  status: planned\n  date: 2025-12-01\n";
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("ordered_pipeline: consumed in order, a window ahead, whatever the threads") {
    for (const unsigned jobs : {1U, 2U, 3U, 8U}) {
      for (const std::size_t window : {1U, 2U, 3U, 16U}) {
        CAPTURE(jobs);
        CAPTURE(window);
        std::vector<std::size_t> seen;
        compile::ordered_pipeline<std::vector<std::size_t>>(
            jobs, 200, window, [](std::size_t i) { return std::vector<std::size_t>(i % 7, i); },
            [&](std::size_t i, std::vector<std::size_t> &&v) {
              CHECK(v.size() == i % 7);
              CHECK((v.empty() || v.front() == i));
              seen.push_back(i);
            });
        REQUIRE(seen.size() == 200);
        for (std::size_t i = 0; i < seen.size(); ++i)
          CHECK(seen[i] == i);
      }
    }
  }

  TEST_CASE("ordered_pipeline: a producer's exception comes at its item — a consumer's stops all") {
    for (const unsigned jobs : {1U, 2U, 4U}) {
      std::size_t consumed = 0;
      CHECK_THROWS_WITH_AS(compile::ordered_pipeline<int>(
                               jobs, 100, 4,
                               [](std::size_t i) {
                                 if (i == 37 || i == 60)
                                   throw std::runtime_error("item " + std::to_string(i));
                                 return static_cast<int>(i);
                               },
                               [&](std::size_t, int &&) { ++consumed; }),
                           "item 37", std::runtime_error);
      CHECK(consumed == 37);
      consumed = 0;
      CHECK_THROWS_AS(compile::ordered_pipeline<int>(
                          jobs, 1000, 4, [](std::size_t i) { return static_cast<int>(i); },
                          [&](std::size_t i, int &&) {
                            ++consumed;
                            if (i == 10)
                              throw std::logic_error("stop");
                          }),
                      std::logic_error);
      CHECK(consumed == 11);
    }
  }

  TEST_CASE("ordered_pipeline: the consumer produces while the item it needs is not ready") {
    // One worker: item 0 waits until item 1 is produced, which only another thread can do.
    std::mutex mutex;
    std::condition_variable changed;
    bool one_done = false;
    bool waited = false;
    std::vector<std::size_t> seen;
    compile::ordered_pipeline<int>(
        2, 2, 4,
        [&](std::size_t i) {
          std::unique_lock<std::mutex> lock(mutex);
          if (i == 1) {
            one_done = true;
            changed.notify_all();
          } else {
            waited = changed.wait_for(lock, std::chrono::seconds(5), [&] { return one_done; });
          }
          return static_cast<int>(i);
        },
        [&](std::size_t i, int &&v) {
          CHECK(v == static_cast<int>(i));
          seen.push_back(i);
        });
    CHECK(waited);
    CHECK(seen == std::vector<std::size_t>{0, 1});
  }

  TEST_CASE("compile with --jobs 2 and 3: the sink's calls and the diagnostics of --jobs 1") {
    TempDir dir;
    broken_corpus(dir.path);
    for (const bool rdf : {false, true}) {
      CAPTURE(rdf);
      const Run one = run(dir.path, 1, rdf);
      CHECK_FALSE(one.ok);
      CHECK(one.errors > 20);
      CHECK(one.warnings >= 1);
      CHECK(one.events.size() > 1000);
      CHECK(one.diagnostics.find("conflicting 'status' for 'geneva-talks'") != std::string::npos);
      CHECK(one.diagnostics.find("is planned, but its date") != std::string::npos);
      CHECK((one.diagnostics.find("extra.nt") != std::string::npos) == rdf);
      for (const unsigned jobs : {2U, 3U}) {
        CAPTURE(jobs);
        const Run many = run(dir.path, jobs, rdf);
        CHECK(many.ok == one.ok);
        CHECK(many.errors == one.errors);
        CHECK(many.warnings == one.warnings);
        CHECK(many.io_errors == one.io_errors);
        CHECK(many.diagnostics == one.diagnostics);
        CHECK(many.events == one.events);
      }
    }
  }

  TEST_CASE("compile with --jobs 2: a clean corpus builds the graph of --jobs 1") {
    compile::Options options;
    options.jobs = 1;
    compile::Compilation one;
    REQUIRE(compile::compile({std::string(FL_SOURCE_DIR) + "/samples"}, options, one));
    options.jobs = 2;
    compile::Compilation two;
    REQUIRE(compile::compile({std::string(FL_SOURCE_DIR) + "/samples"}, options, two));
    CHECK(two.graph.size() == one.graph.size());
    CHECK(two.diagnostics.all().size() == one.diagnostics.all().size());
    CHECK(two.sources.size() == one.sources.size());
  }
}
