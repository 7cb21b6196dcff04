// graph::diff: blank nodes matched by content, added/removed/changed facts, deterministic output.
#include <doctest/doctest.h>

#include <string>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "graph/diff.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"

using namespace factloom;
namespace diff = factloom::graph::diff;

namespace {

/// The canonical facts of a Turtle text.
std::vector<diff::Fact> facts_of(const std::string &turtle) {
  SourceSet sources;
  const std::uint32_t f = sources.add("test.ttl", turtle);
  graph::Graph g;
  DiagnosticSink sink;
  rdf::ReadOptions options;
  options.base_iri = "http://x/";
  REQUIRE(rdf::read_rdf(sources.get(f), f, options, g, sink));
  g.freeze(1);
  return diff::canonical_facts(g, sources);
}

diff::Result compare(const std::string &before, const std::string &after) {
  return diff::compare(facts_of(before), facts_of(after));
}

const std::string prefix = "@prefix : <http://x/> .\n";

} // namespace

TEST_SUITE("diff") {
  TEST_CASE("graphs that differ only in blank-node labels are equal") {
    const std::string a = prefix + ":e :role _:r1 , _:r2 .\n"
                                   "_:r1 :agent :ann ; :as :leader ; :note _:n1 .\n"
                                   "_:n1 :text \"x\" .\n"
                                   "_:r2 :agent :bob .\n";
    const std::string b = prefix + ":e :role _:zz , _:b0 .\n"
                                   "_:b0 :agent :bob .\n"
                                   "_:zz :note _:q ; :as :leader ; :agent :ann .\n"
                                   "_:q :text \"x\" .\n";
    const diff::Result r = compare(a, b);
    CHECK(r.equal());
    CHECK(diff::to_patch(r).empty());
  }

  TEST_CASE("a change inside a blank node is found, whatever its label") {
    const std::string a = prefix + ":e :role _:r1 .\n_:r1 :agent :ann ; :note _:n .\n"
                                   "_:n :text \"x\" .\n";
    const std::string b = prefix + ":e :role _:other .\n_:other :agent :ann ; :note _:m .\n"
                                   "_:m :text \"y\" .\n";
    const diff::Result r = compare(a, b);
    CHECK_FALSE(r.equal());
    // The nested node's content changed, so its signature and its owner's changed too.
    const std::string patch = diff::to_patch(r);
    CHECK(patch.find("- _:c") != std::string::npos);
    CHECK(patch.find("\"x\"") != std::string::npos);
    CHECK(patch.find("\"y\"") != std::string::npos);
    for (const diff::Fact &f : r.added)
      CHECK(f.entity == "<http://x/e>");
  }

  TEST_CASE("single-valued facts with another object are changed, not added and removed") {
    const diff::Result r = compare(prefix + ":e :date \"1\" ; :p :a , :b .\n",
                                   prefix + ":e :date \"2\" ; :p :a , :c .\n");
    REQUIRE(r.changed.size() == 1);
    CHECK(r.changed[0].before.o == "\"1\"");
    CHECK(r.changed[0].after.o == "\"2\"");
    REQUIRE(r.removed.size() == 1);
    CHECK(r.removed[0].o == "<http://x/b>");
    REQUIRE(r.added.size() == 1);
    CHECK(r.added[0].o == "<http://x/c>");
    CHECK(r.added[0].file == "test.ttl");
  }

  TEST_CASE("facts are grouped by the article they were derived from") {
    const std::string prov = "@prefix prov: <http://www.w3.org/ns/prov#> .\n";
    const diff::Result r =
        compare(prefix + prov + ":e prov:wasDerivedFrom :art .\n<http://x/e/claim> :v \"1\" .\n",
                prefix + prov + ":e prov:wasDerivedFrom :art .\n<http://x/e/claim> :v \"2\" .\n");
    REQUIRE(r.changed.size() == 1);
    CHECK(r.changed[0].after.entity == "<http://x/e>");
    CHECK(r.changed[0].after.article == "<http://x/art>");
    const std::string text = diff::to_text(r);
    CHECK(text.find("article <http://x/art>\n  entity <http://x/e>\n") == 0);
    CHECK(diff::to_json(r).find("\"changed\": 1") != std::string::npos);
  }

  TEST_CASE("the diff does not depend on the order of the statements") {
    const std::string a = prefix + ":e :p _:a .\n_:a :q :x .\n:e :r \"1\" .\n";
    const std::string b = prefix + ":e :r \"2\" .\n_:k :q :y .\n:e :p _:k .\n";
    const std::string c = prefix + ":e :p _:k .\n:e :r \"2\" .\n_:k :q :y .\n";
    CHECK(diff::to_text(compare(a, b)) == diff::to_text(compare(a, c)));
    CHECK(diff::to_json(compare(a, b)) == diff::to_json(compare(a, c)));
  }
}
