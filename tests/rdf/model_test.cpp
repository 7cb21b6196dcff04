// rdf::Model (Sord): reading Turtle, pattern lookups, prefixes, and where syntax errors land.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "rdf/model.hpp"

using namespace factloom;

namespace {

struct Read {
  SourceSet sources;
  DiagnosticSink sink;
  rdf::Model model;
  bool ok = false;
  std::string diagnostics() const {
    std::string out;
    for (const Diagnostic &d : sink.all())
      out += render(d, sources);
    return out;
  }
};

Read read(const std::string &text, const std::string &blank_prefix = {}) {
  Read r;
  const auto f = r.sources.add("t.ttl", text);
  rdf::ReadOptions options;
  options.base_iri = "http://x/base/";
  options.blank_prefix = blank_prefix;
  r.ok = r.model.read(r.sources.get(f), f, options, r.sink);
  return r;
}

std::vector<std::string> values(const std::vector<rdf::Node> &nodes) {
  std::vector<std::string> out;
  for (const rdf::Node n : nodes)
    out.emplace_back(n.value());
  return out;
}

const char *const small = "@prefix ex: <http://x/> .\n"
                          "@prefix rel: <rel/> .\n"
                          "ex:b ex:p ex:z, ex:y ; ex:q \"text\"@EN .\n"
                          "ex:a ex:p ex:y ; ex:n 3 ; ex:s \"plain\"^^<http://www.w3.org/2001/"
                          "XMLSchema#string> .\n"
                          "<thing> ex:p [ ex:q rel:r ] .\n";

} // namespace

TEST_SUITE("rdf") {
  TEST_CASE("a model answers patterns in the order of its index, not of the file") {
    Read r = read(small);
    INFO(r.diagnostics());
    REQUIRE(r.ok);
    CHECK(r.model.size() == 8);
    const rdf::Node p = r.model.iri("http://x/p");
    CHECK(values(r.model.objects(r.model.iri("http://x/b"), p)) ==
          std::vector<std::string>{"http://x/y", "http://x/z"});
    CHECK(values(r.model.subjects(p, r.model.iri("http://x/y"))) ==
          std::vector<std::string>{"http://x/a", "http://x/b"});
    CHECK(r.model.contains(r.model.iri("http://x/a"), p, r.model.iri("http://x/y")));
    CHECK_FALSE(r.model.contains(r.model.iri("http://x/a"), p, r.model.iri("http://x/z")));
    // An IRI the model never mentions is a node that matches nothing.
    const rdf::Node unknown = r.model.iri("http://x/unknown");
    CHECK(unknown);
    CHECK(r.model.objects(unknown, p).empty());
    CHECK(r.model.iri("http://x/p") == p); // interned: one node per term
    std::size_t all = 0;
    for (const rdf::Statement &st : r.model.match()) {
      CHECK(st.s);
      ++all;
    }
    CHECK(all == r.model.size());
  }

  TEST_CASE("a model's terms: relative IRIs resolved, literals with their tags and datatypes") {
    Read r = read(small, "g_");
    REQUIRE(r.ok);
    // <thing> against the base; rel: (declared relative) against it too.
    const auto blank =
        r.model.objects(r.model.iri("http://x/base/thing"), r.model.iri("http://x/p"));
    REQUIRE(blank.size() == 1);
    CHECK(blank[0].view().is_blank());
    CHECK(blank[0].value().substr(0, 2) == "g_");
    CHECK(values(r.model.objects(blank[0], r.model.iri("http://x/q"))) ==
          std::vector<std::string>{"http://x/base/rel/r"});
    const auto text = r.model.objects(r.model.iri("http://x/b"), r.model.iri("http://x/q"));
    REQUIRE(text.size() == 1);
    CHECK(text[0].view() == rdf::TermView{rdf::TermKind::literal, "text", "", "EN"});
    const auto n = r.model.objects(r.model.iri("http://x/a"), r.model.iri("http://x/n"));
    REQUIRE(n.size() == 1);
    CHECK(n[0].view() == rdf::TermView{rdf::TermKind::literal, "3",
                                       "http://www.w3.org/2001/XMLSchema#integer", ""});
    // xsd:string is left out of the datatype, as for every term in factloom.
    const auto s = r.model.objects(r.model.iri("http://x/a"), r.model.iri("http://x/s"));
    REQUIRE(s.size() == 1);
    CHECK(s[0].view() == rdf::TermView{rdf::TermKind::literal, "plain", "", ""});
  }

  TEST_CASE("a model keeps the prefixes in declaration order, expanded") {
    Read r = read("@prefix b: <http://b/> .\n@prefix a: <rel#> .\n@prefix b: <http://b2/> .\n");
    REQUIRE(r.ok);
    CHECK(r.model.prefixes().entries() ==
          std::vector<rdf::Prefix>{{"b", "http://b2/"}, {"a", "http://x/base/rel#"}});
  }

  TEST_CASE("syntax errors in a model's text are reported at file:line:col") {
    Read r = read("@prefix ex: <http://x/> .\nex:a ex:p ex:b .\nex:a ex:p .\n");
    CHECK_FALSE(r.ok);
    REQUIRE(r.sink.error_count() == 1);
    INFO(r.diagnostics());
    CHECK(r.diagnostics().rfind("t.ttl:3:12: error: expected digit\n", 0) == 0);
    // A prefix never declared: Serd gives no place, so the file is named.
    Read undeclared = read("ex:a ex:p ex:b .\n");
    CHECK_FALSE(undeclared.ok);
    CHECK(undeclared.diagnostics() == "t.ttl: error: the prefix of 'ex:a' is not declared\n");
  }

  TEST_CASE("an empty text is an empty model") {
    Read r = read("");
    CHECK(r.ok);
    CHECK(r.model.size() == 0);
    CHECK(r.model.match().begin() == r.model.match().end());
  }
}
