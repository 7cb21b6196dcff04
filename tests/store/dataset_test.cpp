// The dataset of a query (SPARQL 1.1 Protocol default-graph-uri / named-graph-uri): which
// queries address graphs themselves, the form body, and what the client sends.
#include <doctest/doctest.h>

#include <string>

#include "store/sparql.hpp"
#include "tiny_server.hpp"

using namespace factloom;
using namespace factloom::store;
using factloom::store::testing::TinyServer;

namespace {

const char *const empty_select = R"({"head":{"vars":["s"]},"results":{"bindings":[]}})";

/// The body of the request a SELECT sends with `dataset` (`stream`: select_stream).
std::string sent_body(const Dataset &dataset, bool stream) {
  TinyServer server([](const std::string &) {
    return TinyServer::http(200, "application/sparql-results+json", empty_select);
  });
  SparqlClient client(server.url(), HttpOptions{});
  client.set_dataset(dataset);
  if (stream) {
    struct Ignore final : ResultsConsumer {
      void head(const std::vector<std::string> &) override {}
      void rows(const std::vector<std::vector<std::optional<rdf::Term>>> &) override {}
      void boolean(bool) override {}
    } ignore;
    REQUIRE(client.select_stream("SELECT * { ?s ?p ?o }", ignore).ok());
  } else {
    REQUIRE(client.select("SELECT * { ?s ?p ?o }").ok());
  }
  const std::string request = server.last_request();
  const std::size_t at = request.find("\r\n\r\n");
  REQUIRE(at != std::string::npos);
  return request.substr(at + 4);
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("dataset: FROM, FROM NAMED and GRAPH address graphs, whatever their case") {
    CHECK(query_addresses_graphs("SELECT * FROM <http://g/> { ?s ?p ?o }"));
    CHECK(query_addresses_graphs("select * from named <http://g/> { graph ?g { ?s ?p ?o } }"));
    CHECK(query_addresses_graphs("ASK { GRAPH <http://g/> { ?s ?p ?o } }"));
    CHECK(query_addresses_graphs("SELECT * {?s ?p ?o.GRAPH ?g {?s ?p ?o}}"));
    CHECK(query_addresses_graphs("CONSTRUCT { ?s ?p ?o } From <g> WHERE { ?s ?p ?o }"));
  }

  TEST_CASE("dataset: the words in comments, strings, IRIs and names do not count") {
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s ?p ?o }"));
    CHECK_FALSE(query_addresses_graphs("# FROM <g>\nSELECT ?graph ?from { ?graph fl:from $from }"));
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s ?p \"FROM the GRAPH\" }"));
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s ?p 'graph' , '''a\n'GRAPH'\n''' }"));
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s <http://x/GRAPH> <http://x/from> }"));
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s ex:graph ex:FROM . FILTER (?s < 3) }"));
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s ?p \"a\\\" GRAPH\" }"));
    CHECK_FALSE(query_addresses_graphs("SELECT * { ?s fl:graph-of ?o ; fl:graphs ?x }"));
  }

  TEST_CASE("dataset: the form body names each graph in order, encoded") {
    CHECK(query_form_body("ASK {}", Dataset{}) == "query=ASK%20%7B%7D");
    const Dataset d{{"https://example.org/a", "https://example.org/b?x=1&y"},
                    {"https://example.org/n"}};
    CHECK(query_form_body("ASK {}", d) ==
          "query=ASK%20%7B%7D"
          "&default-graph-uri=https%3A%2F%2Fexample.org%2Fa"
          "&default-graph-uri=https%3A%2F%2Fexample.org%2Fb%3Fx%3D1%26y"
          "&named-graph-uri=https%3A%2F%2Fexample.org%2Fn");
  }
}

TEST_SUITE("parallel") {
  TEST_CASE("dataset: select and select_stream send the client's dataset, none by default") {
    const Dataset d{{"https://example.org/factloom/"}, {"https://example.org/n"}};
    const std::string with = "&default-graph-uri=https%3A%2F%2Fexample.org%2Ffactloom%2F"
                             "&named-graph-uri=https%3A%2F%2Fexample.org%2Fn";
    for (const bool stream : {false, true}) {
      CAPTURE(stream);
      const std::string body = sent_body(d, stream);
      CHECK(body.size() > with.size());
      CHECK(body.substr(body.size() - with.size()) == with);
      CHECK(sent_body(Dataset{}, stream).find("graph-uri") == std::string::npos);
    }
  }
}
