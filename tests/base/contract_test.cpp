// Contract checks fire: FL_REQUIRE/FL_ASSERT throw LogicError naming the broken precondition,
// through the public APIs of base/ and graph/ (the stages' own checks: tests/<stage>/).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "base/check.hpp"
#include "base/result.hpp"
#include "graph/graph.hpp"

using namespace factloom;
using doctest::Contains;

namespace {

struct Run {
  int status = -1;
  std::string err;
};

/// Runs the tool's main() with the test-only commands of tests/cli/broken_command.cpp.
Run contract_cli(const std::string &args) {
  const auto err = std::filesystem::temp_directory_path() / "factloom-contract-cli.err";
  const std::string command =
      std::string(FL_CONTRACT_CLI) + " " + args + " > /dev/null 2> " + err.string();
  const int raw = std::system(command.c_str());
  Run r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(err);
  std::ostringstream text;
  text << in.rdbuf();
  r.err = text.str();
  std::filesystem::remove(err);
  return r;
}

} // namespace

TEST_SUITE("base") {
  TEST_CASE("a LogicError says where the check is and what was broken") {
    const auto fail = [] { FL_REQUIRE(1 + 1 == 3, "arithmetic"); };
    CHECK_THROWS_WITH_AS(fail(), Contains("contract_test.cpp:"), LogicError);
    CHECK_THROWS_WITH_AS(fail(), Contains(": precondition: arithmetic"), LogicError);
    const auto broken = [] { FL_ASSERT(false, std::string("state ") + "lost"); };
    CHECK_THROWS_WITH_AS(broken(), Contains(": invariant: state lost"), LogicError);
    // A check that holds throws nothing.
    CHECK_NOTHROW(FL_REQUIRE(true, "never"));
  }

  TEST_CASE("Result: value() of an error and error() of a value are contract violations") {
    Result<int> failed = io_error("in.facts", "cannot open");
    CHECK_THROWS_WITH_AS(failed.value(), Contains("precondition: Result::value() on an error"),
                         LogicError);
    const Result<int> &read_only = failed;
    CHECK_THROWS_WITH_AS(read_only.value(), Contains("precondition: Result::value() on an error"),
                         LogicError);
    const Result<int> fine = 7;
    CHECK_THROWS_WITH_AS(fine.error(), Contains("precondition: Result::error() on a value"),
                         LogicError);
    CHECK(fine.value() == 7);
    CHECK(failed.error().message == "cannot open");
  }

  TEST_CASE("TermTable: unknown ids and long language tags with a NUL byte are refused") {
    graph::TermTable terms;
    const graph::TermId a = terms.iri("http://x/a");
    CHECK(terms.get(a).value == "http://x/a");
    CHECK_THROWS_WITH_AS(terms.get(0), Contains("precondition: unknown term id"), LogicError);
    CHECK_THROWS_WITH_AS(terms.get(a + 1), Contains("precondition: unknown term id"), LogicError);
    CHECK_THROWS_WITH_AS(terms.datatype_of(0), Contains("precondition: unknown term id"),
                         LogicError);
    CHECK_THROWS_WITH_AS(terms.datatype_of(a + 1), Contains("precondition: unknown term id"),
                         LogicError);
    // A language tag of any length is kept (256 characters and more were refused before issue
    // 15); a tag too long for the record's 16-bit length is measured, so it may hold no NUL.
    const graph::TermId longer = terms.literal("v", 0, std::string(256, 'a'));
    CHECK(terms.get(longer).lang.size() == 256);
    CHECK_THROWS_WITH_AS(terms.literal("v", 0, std::string(70000, 'a') + '\0'),
                         Contains("precondition: a long language tag holds a NUL byte"),
                         LogicError);
  }

  TEST_CASE("Graph: a quad needs its three terms") {
    graph::Graph g;
    auto &t = g.terms();
    const graph::TermId s = t.iri("http://x/s");
    const graph::TermId p = t.iri("http://x/p");
    const graph::TermId o = t.literal("o", 0, {});
    CHECK_THROWS_WITH_AS(g.add(0, p, o), Contains("precondition: quad with a missing term"),
                         LogicError);
    CHECK_THROWS_WITH_AS(g.add(s, 0, o), Contains("precondition: quad with a missing term"),
                         LogicError);
    CHECK_THROWS_WITH_AS(g.add(s, p, 0), Contains("precondition: quad with a missing term"),
                         LogicError);
    CHECK(g.size() == 0);
    g.add(s, p, o); // a default-graph quad (g = 0) is fine
    CHECK(g.size() == 1);
  }

  TEST_CASE("Graph: lookups need a frozen graph, and adding unfreezes it") {
    graph::Graph g;
    auto &t = g.terms();
    const graph::TermId s = t.iri("http://x/s");
    const graph::TermId p = t.iri("http://x/p");
    const graph::TermId o = t.iri("http://x/o");
    g.add(s, p, o);
    const auto unfrozen = Contains("precondition: lookup on a graph that is not frozen");
    CHECK_THROWS_WITH_AS(g.with_subject(s), unfrozen, LogicError);
    CHECK_THROWS_WITH_AS(g.with_subject_predicate(s, p), unfrozen, LogicError);
    CHECK_THROWS_WITH_AS(g.with_predicate(p), unfrozen, LogicError);
    CHECK_THROWS_WITH_AS(g.with_object(o), unfrozen, LogicError);
    CHECK_THROWS_WITH_AS(g.subjects(p, o), unfrozen, LogicError);
    g.freeze();
    CHECK(g.with_subject(s).size() == 1);
    CHECK(g.with_object(o).size() == 1);
    g.add(o, p, s);
    CHECK_FALSE(g.frozen());
    CHECK_THROWS_WITH_AS(g.with_subject(s), unfrozen, LogicError);
    CHECK_THROWS_WITH_AS(g.with_object(o), unfrozen, LogicError);
  }

  TEST_CASE("the CLI turns an escaped LogicError into exit 70, internal error") {
    const Run broken = contract_cli("broken-precondition");
    CHECK(broken.status == 70);
    CHECK(broken.err.rfind("factloom: internal error: ", 0) == 0);
    CHECK(broken.err.find("broken_command.cpp:") != std::string::npos);
    CHECK(broken.err.find("precondition: a caller broke its promise\n") != std::string::npos);
    const Run odd = contract_cli("unknown-throw");
    CHECK(odd.status == 70);
    CHECK(odd.err == "factloom: internal error\n");
    // The same main() still works for ordinary commands.
    CHECK(contract_cli("--version").status == 0);
  }
}
