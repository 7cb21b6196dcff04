// store::load_inputs against the fake store: the streaming decision and the undo of a streamed
// upload when the input turns out to be bad.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "fake_store.hpp"
#include "store/inputs.hpp"

using namespace factloom;
using namespace factloom::store;
using namespace factloom::store::testing;

namespace {

/// A temporary folder with files in it, removed at the end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("fl-inputs-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string &name, const std::string &text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};

std::string ground_lines(int from, int to) {
  std::string nt;
  for (int i = from; i < to; ++i)
    nt += "<https://example.org/s" + std::to_string(i) + "> <https://example.org/p> \"" +
          std::to_string(i) + "\" .\n";
  return nt;
}

LoadRequest request_for(std::vector<std::string> inputs) {
  LoadRequest r;
  r.inputs = std::move(inputs);
  r.load.chunk_triples = 10;
  r.load.parallel = 1;
  r.load.default_graph = "https://example.org/g";
  return r;
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("load_inputs: which requests stream") {
    TempDir dir;
    const std::string nt = dir.write("a.nt", ground_lines(0, 5));
    const std::string ttl =
        dir.write("b.ttl", "<https://example.org/a> <https://example.org/b> 1 .\n");
    const std::string trig =
        dir.write("c.trig", "{ <https://example.org/a> <https://example.org/b> 1 }\n");
    CHECK(plan_inputs(request_for({nt, ttl})).stream);
    CHECK_FALSE(plan_inputs(request_for({nt, trig})).stream);
    CHECK_FALSE(plan_inputs(request_for({nt, dir.path.string()})).stream);
    CHECK(plan_inputs(request_for({nt, dir.path.string()})).any_facts);
    CHECK_FALSE(plan_inputs(request_for({"-"})).stream);
    LoadRequest append = request_for({nt});
    append.load.mode = LoadMode::append;
    CHECK_FALSE(plan_inputs(append).stream);
    LoadRequest per_source = request_for({nt});
    per_source.compile.named_graphs = true;
    CHECK_FALSE(plan_inputs(per_source).stream);
  }

  TEST_CASE("load_inputs: a streamed load of good input is verified — bad input is taken back") {
    TempDir dir;
    FakeStore fake;
    const std::string good = dir.write("good.nt", ground_lines(0, 35));
    compile::Compilation c1;
    InputsLoaded done = load_inputs(request_for({good}), fake, c1);
    CHECK(done.streamed);
    CHECK_FALSE(done.bad_input);
    REQUIRE(done.report.ok());
    CHECK(done.report.value().graphs.at(0).after == 35);

    FakeStore fresh;
    const std::string broken = dir.write("broken.nt", ground_lines(0, 30) + "<oops\n");
    bool read_done = false;
    LoadRequest request = request_for({broken});
    request.read_done = [&](const compile::Compilation &c) {
      read_done = true;
      CHECK(c.diagnostics.has_errors());
    };
    compile::Compilation c2;
    done = load_inputs(request, fresh, c2);
    CHECK(read_done);
    CHECK(done.streamed);
    CHECK(done.bad_input);
    CHECK(done.report.ok());
    CHECK(done.taken_back >= 20); // the chunk still queued when reading failed may not have gone
    CHECK(fresh.graphs["https://example.org/g"].empty());

    // A graph with content: nothing is sent before everything was read.
    FakeStore full;
    full.preload("https://example.org/g",
                 "<https://example.org/x> <https://example.org/y> \"1\" .\n");
    compile::Compilation c3;
    done = load_inputs(request_for({broken}), full, c3);
    CHECK_FALSE(done.streamed);
    CHECK(done.bad_input);
    CHECK(full.requests == 0);
    CHECK(full.graphs["https://example.org/g"].size() == 1);
  }

  TEST_CASE("load_inputs: fact files with claims load the settled (latest) values") {
    TempDir dir;
    dir.write("a.facts", "source a1\n  title: \"A\"@en\n  url: <https://example.org/a>\n"
                         "  published: 2025-12-10\nperson ann\nperson bob\n"
                         "meeting talks\n  participant: ann, bob\n  status: planned\n");
    dir.write("b.facts", "source b1\n  title: \"B\"@en\n  url: <https://example.org/b>\n"
                         "  published: 2025-12-17\nmeeting talks\n  status: held\n");
    FakeStore fake;
    compile::Compilation c1;
    InputsLoaded done = load_inputs(request_for({dir.path.string()}), fake, c1);
    CHECK_FALSE(done.bad_input);
    REQUIRE(done.report.ok());
    const auto &triples = fake.graphs["https://example.org/g"];
    const std::string talks = "https://example.org/factloom/talks";
    const std::string status = "https://w3id.org/factloom/ns#status";
    std::vector<std::string> values;
    for (const Triple &t : triples) {
      if (t.s().value == talks && t.terms[1].value == status)
        values.push_back(t.o().value);
    }
    CHECK(values == std::vector<std::string>{"https://w3id.org/factloom/ns#Held"});
    compile::Compilation whole;
    REQUIRE(compile::compile({dir.path.string()}, compile::Options{}, whole));
    whole.graph.freeze();
    CHECK(triples.size() == whole.graph.size());

    // Two articles of the same day that disagree: the run fails and the upload is undone.
    dir.write("c.facts", "source c1\n  title: \"C\"@en\n  url: <https://example.org/c>\n"
                         "  published: 2025-12-17\nmeeting talks\n  status: cancelled\n");
    FakeStore fresh;
    compile::Compilation c2;
    done = load_inputs(request_for({dir.path.string()}), fresh, c2);
    CHECK(done.bad_input);
    CHECK(fresh.graphs["https://example.org/g"].empty());
  }
}
