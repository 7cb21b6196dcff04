// rdf::PrefixMap: shortening by the longest namespace, ties by name, names declared again; the
// same answers from the ordered list (up to PrefixMap::few prefixes) and from the namespaces
// looked up by length (past it).
#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "rdf/prefixes.hpp"

using namespace factloom;

namespace {

/// What shorten() must give, by the rule itself: of the prefixes whose IRI is a proper
/// beginning of `iri` with an acceptable rest, the longest IRI, then the smallest name.
std::string reference(const std::vector<rdf::Prefix> &live, const std::string &iri) {
  const rdf::Prefix *best = nullptr;
  for (const rdf::Prefix &p : live) {
    if (p.iri.empty() || iri.size() <= p.iri.size() || iri.compare(0, p.iri.size(), p.iri) != 0 ||
        !rdf::local_name_ok(iri.substr(p.iri.size())))
      continue;
    if (best == nullptr || p.iri.size() > best->iri.size() ||
        (p.iri.size() == best->iri.size() && p.name < best->name))
      best = &p;
  }
  return best == nullptr ? "" : best->name + ":" + iri.substr(best->iri.size());
}

std::string shortened(const rdf::PrefixMap &map, const std::string &iri) {
  std::string out;
  std::size_t which = SIZE_MAX;
  if (!map.shorten(iri, out))
    return "";
  REQUIRE(map.shorten(iri, out, rdf::LocalNames::turtle, &which));
  REQUIRE(which < map.size());
  CHECK(out.rfind(map.entries()[which].name + ":", 0) == 0);
  return out;
}

} // namespace

TEST_CASE("shorten: the longest namespace wins, ties by the smaller name, a bad rest falls back") {
  rdf::PrefixMap map;
  map.add("ex", "http://x/");
  map.add("deep", "http://x/a/");
  map.add("b", "http://x/a/"); // the same namespace: the smaller name wins
  map.add("none", "");
  CHECK(shortened(map, "http://x/a/thing") == "b:thing");
  CHECK(shortened(map, "http://x/other") == "ex:other");
  // "a/%" is no local name after http://x/ and "%" none after http://x/a/: not shortened.
  CHECK(shortened(map, "http://x/a/%") == "");
  // A namespace that is the whole IRI would leave an empty rest: a shorter one is taken.
  map.add("whole", "http://x/a/b");
  CHECK(shortened(map, "http://x/a/b") == "b:b");
  map.add("b", "http://y/"); // declared again: its old IRI is gone
  CHECK(shortened(map, "http://x/a/thing") == "deep:thing");
  CHECK(shortened(map, "http://y/z") == "b:z");
  CHECK(map.size() == 5);
}

TEST_CASE("shorten gives the same answers below and past PrefixMap::few prefixes") {
  // Random maps over a few nested namespaces, names declared again, empty IRIs; after every
  // change, every IRI is shortened as the rule says, however many prefixes the map has.
  std::mt19937 random(7);
  const std::vector<std::string> namespaces = {
      "http://x/", "http://x/a/", "http://x/a/b", "http://x/ab/", "http://y/", "", "http://x/a/b/"};
  const std::vector<std::string> iris = {"http://x/a/b/c", "http://x/a/bc", "http://x/ab/c",
                                         "http://x/a/%",   "http://y/",     "http://y/q",
                                         "http://z/q",     "http://x/a/b",  "http://x/q-1"};
  for (int round = 0; round < 4; ++round) {
    rdf::PrefixMap map;
    std::vector<rdf::Prefix> live;
    const std::size_t names = rdf::PrefixMap::few * 2 + 10;
    for (int step = 0; step < 400; ++step) {
      const std::string name = "n" + std::to_string(random() % names);
      const std::string &iri = namespaces[random() % namespaces.size()];
      map.add(name, iri);
      bool found = false;
      for (rdf::Prefix &p : live) {
        if (p.name == name) {
          p.iri = iri;
          found = true;
        }
      }
      if (!found)
        live.push_back(rdf::Prefix{name, iri});
      REQUIRE(map.size() == live.size());
      for (const std::string &i : iris)
        REQUIRE(shortened(map, i) == reference(live, i));
    }
    CHECK(map.size() > rdf::PrefixMap::few);
    // A copy answers the same.
    const rdf::PrefixMap copy = map;
    for (const std::string &i : iris)
      CHECK(shortened(copy, i) == reference(live, i));
  }
}

TEST_CASE("many namespaces: each IRI shortens with its own") {
  rdf::PrefixMap map;
  const std::size_t n = 5000;
  for (std::size_t i = 0; i < n; ++i)
    map.add("p" + std::to_string(i), "http://example.org/ns" + std::to_string(i) + "/");
  for (std::size_t i = 0; i < n; i += 97)
    CHECK(shortened(map, "http://example.org/ns" + std::to_string(i) + "/s") ==
          "p" + std::to_string(i) + ":s");
  CHECK(shortened(map, "http://example.org/ns/s") == "");
  CHECK(map.find("p42") != nullptr);
  CHECK(map.entries()[42].name == "p42");
}
