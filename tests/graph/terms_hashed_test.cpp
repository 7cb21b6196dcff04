// Interning with the text's hash computed beforehand (on a worker thread): the same ids.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "graph/terms.hpp"

using namespace factloom;

TEST_SUITE("graph") {
  TEST_CASE("iri and literal with a hash given beforehand find and make the same terms") {
    graph::TermTable plain;
    graph::TermTable hashed;
    const graph::TermId xsd_date = plain.iri("http://www.w3.org/2001/XMLSchema#date");
    CHECK(hashed.iri("http://www.w3.org/2001/XMLSchema#date",
                     graph::TermTable::text_hash("http://www.w3.org/2001/XMLSchema#date")) ==
          xsd_date);
    const std::vector<std::string> texts{"", "a", "https://example.org/x", "2024-01-02", "x y"};
    for (const std::string &t : texts) {
      const std::uint64_t h = graph::TermTable::text_hash(t);
      CHECK(hashed.iri(t, h) == plain.iri(t));
      CHECK(hashed.literal(t, 0, {}, h) == plain.literal(t));
      CHECK(hashed.literal(t, xsd_date, {}, h) == plain.literal(t, xsd_date));
      const std::uint64_t tagged = graph::TermTable::text_hash(t, "en-GB");
      // A tag makes rdf:langString whatever datatype is given, as literal() does.
      CHECK(hashed.literal(t, xsd_date, "en-GB", tagged) == plain.literal(t, 0, "en-GB"));
    }
    REQUIRE(hashed.size() == plain.size());
    // Interned again either way: found, not added.
    for (const std::string &t : texts) {
      CHECK(hashed.iri(t) == plain.iri(t, graph::TermTable::text_hash(t)));
      CHECK(hashed.find(graph::TermKind::literal, t, 0, "en-GB") ==
            plain.find(graph::TermKind::literal, t, 0, "en-GB"));
    }
    CHECK(hashed.size() == plain.size());
    for (graph::TermId id = 1; id <= plain.size(); ++id) {
      CHECK(hashed.get(id).value == plain.get(id).value);
      CHECK(hashed.get(id).lang == plain.get(id).lang);
      CHECK(hashed.datatype_of(id) == plain.datatype_of(id));
    }
  }
}
