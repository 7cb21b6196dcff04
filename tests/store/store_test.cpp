// Store clients without a store: JSON, result formats, endpoints, prefixes, error messages,
// chunk planning and the load verification rules against a fake Graph Store.
#include <doctest/doctest.h>

#include <mutex>

#include <map>
#include <set>

#include "base/source.hpp"
#include "fake_store.hpp"
#include "rdf/read.hpp"
#include "store/endpoint.hpp"
#include "store/format.hpp"
#include "store/http.hpp"
#include "store/loader.hpp"
#include "store/sparql.hpp"

using namespace factloom;
using namespace factloom::store;
using namespace factloom::store::testing;

namespace {

graph::Graph read_turtle(const std::string &text) {
  SourceSet sources;
  const std::uint32_t index = sources.add("t.ttl", text);
  graph::Graph g;
  DiagnosticSink sink;
  rdf::ReadOptions ro;
  ro.base_iri = "https://example.org/t/";
  REQUIRE(rdf::read_rdf(sources.get(index), index, ro, g, sink));
  g.freeze();
  return g;
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("chunks go up in parallel over several connections, and all arrive") {
    std::string ttl = "@prefix ex: <https://example.org/t/> .\n";
    for (int i = 0; i < 25; ++i)
      ttl += "ex:s" + std::to_string(i) + " ex:p " + std::to_string(i) + " .\n";
    const graph::Graph g = read_turtle(ttl);
    LoadOptions options;
    options.chunk_triples = 3;
    options.parallel = 3;
    options.default_graph = "https://example.org/g";
    FakeStore fake;
    std::mutex lock;
    std::size_t connections = 0;
    SharedFake store(fake, lock, connections);
    auto targets = plan_targets(g, options.default_graph);
    auto ok = load(g, targets, options, store);
    REQUIRE(ok.ok());
    CHECK(connections == 2);
    CHECK(ok.value().graphs[0].after == 25);
    CHECK(ok.value().graphs[0].chunks == 9);
    CHECK(fake.request_lines.size() == 10); // the emptying PUT and 9 POSTs

    FakeStore failing;
    failing.fail_at_request = 4;
    SharedFake store2(failing, lock, connections);
    auto targets2 = plan_targets(g, options.default_graph);
    auto bad = load(g, targets2, options, store2);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("partial load") != std::string::npos);
  }

  TEST_CASE(
      "SPARQL JSON results: syntax errors say where, nesting is limited, counts keep digits") {
    for (const char *bad : {"", "{", "[1,]", "{\"a\" 1}", "\"\\uD834\"", "01", "[1] x", "tru"}) {
      INFO(bad);
      auto r = parse_results_json(bad);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("at byte") != std::string::npos);
    }
    // A number beyond a double's range (found by results_fuzzer; it escaped as an exception).
    auto huge = parse_results_json(R"({"head":{"vars":[]},"boolean":true,"x":5.5554e555555})");
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().message.find("cannot be read") != std::string::npos);
    std::string deep = "{\"head\":{\"vars\":[]},\"x\":" + std::string(300, '[');
    deep += std::string(300, ']') + "}";
    auto too_deep = parse_results_json(deep);
    REQUIRE_FALSE(too_deep.ok());
    CHECK(too_deep.error().message.find("nested deeper than 200") != std::string::npos);
    std::string ok_depth = "{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[]},\"x\":";
    ok_depth += std::string(150, '[') + std::string(150, ']') + "}";
    CHECK(parse_results_json(ok_depth).ok());
    auto big = parse_results_json(R"({"head":{"vars":["n"]},"results":{"bindings":[
        {"n":{"type":"typed-literal","datatype":"http://www.w3.org/2001/XMLSchema#integer",
              "value":"123456789012345678901234567890"}}]}})");
    REQUIRE(big.ok());
    CHECK(big.value().rows[0][0]->value == "123456789012345678901234567890");
    auto ask = parse_results_json(R"({"head":{},"boolean":1})");
    REQUIRE(ask.ok());
    CHECK(ask.value().boolean);
  }

  TEST_CASE("SPARQL JSON results, Virtuoso's typed-literal and nodeID labels included") {
    auto r = parse_results_json(R"({ "head": { "link": [], "vars": ["s", "o", "x"] },
      "results": { "distinct": false, "ordered": true, "bindings": [
        { "s": { "type": "uri", "value": "https://w3id.org/factloom/ns#Meeting" },
          "o": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#duration", "value": "18000.0" } },
        { "s": { "type": "bnode", "value": "nodeID://b10004" },
          "o": { "type": "literal", "xml:lang": "en", "value": "Zürich" } } ] } })");
    REQUIRE(r.ok());
    const QueryResults &q = r.value();
    CHECK(q.vars == std::vector<std::string>{"s", "o", "x"});
    REQUIRE(q.rows.size() == 2);
    CHECK(q.rows[0][1]->datatype == "http://www.w3.org/2001/XMLSchema#duration");
    CHECK_FALSE(q.rows[0][2].has_value());
    CHECK(q.rows[1][0]->is_blank());
    CHECK(q.rows[1][0]->value == "b10004");
    CHECK(q.rows[1][1]->lang == "en");
    auto ask = parse_results_json(R"({"head": {}, "boolean": true})");
    REQUIRE(ask.ok());
    CHECK(ask.value().is_boolean);
    CHECK(ask.value().boolean);
    CHECK_FALSE(parse_results_json(R"({"head": {"vars": ["a"]}})").ok());
    CHECK_FALSE(parse_results_json("<html>").ok());
  }

  TEST_CASE("table: aligned by code points, IRIs shortened, text only") {
    QueryResults q;
    q.vars = {"who", "class"};
    q.rows.push_back({rdf::Term::literal("Zürich", "", "de"),
                      rdf::Term::iri("https://w3id.org/factloom/ns#Place")});
    q.rows.push_back({rdf::Term::literal("a\nb"), rdf::Term::iri("https://example.org/x y")});
    q.rows.push_back({std::nullopt, rdf::Term::blank("b1")});
    const std::string table = format_table(q, rdf::PrefixMap::common());
    CHECK(table == "who    | class\n"
                   "-------+--------------------------\n"
                   "Zürich | fl:Place\n"
                   "a\\nb   | <https://example.org/x y>\n"
                   "       | _:b1\n"
                   "(3 rows)\n");
  }

  TEST_CASE("CSV, TSV and JSON follow SPARQL 1.1 result formats") {
    QueryResults q;
    q.vars = {"a", "b"};
    q.rows.push_back({rdf::Term::literal("x, \"y\""),
                      rdf::Term::literal("5", "http://www.w3.org/2001/XMLSchema#integer")});
    q.rows.push_back({rdf::Term::iri("http://x/a"), rdf::Term::literal("t\tab", "", "en-gb")});
    CHECK(format_csv(q) == "a,b\r\n\"x, \"\"y\"\"\",5\r\nhttp://x/a,t\tab\r\n");
    CHECK(format_tsv(q) ==
          "?a\t?b\n\"x, \\\"y\\\"\"\t\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
          "<http://x/a>\t\"t\\tab\"@en-gb\n");
    CHECK(format_json(q) ==
          "{\"head\":{\"vars\":[\"a\",\"b\"]},\"results\":{\"bindings\":[\n"
          "{\"a\":{\"type\":\"literal\",\"value\":\"x, \\\"y\\\"\"},"
          "\"b\":{\"type\":\"literal\",\"value\":\"5\",\"datatype\":"
          "\"http://www.w3.org/2001/XMLSchema#integer\"}},\n"
          "{\"a\":{\"type\":\"uri\",\"value\":\"http://x/a\"},"
          "\"b\":{\"type\":\"literal\",\"value\":\"t\\tab\",\"xml:lang\":\"en-gb\"}}\n"
          "]}}\n");
    auto back = parse_results_json(format_json(q));
    REQUIRE(back.ok());
    CHECK(back.value().rows[1][1]->lang == "en-gb");
    CHECK(back.value().rows[0][1]->datatype == "http://www.w3.org/2001/XMLSchema#integer");
    QueryResults none;
    none.vars = {"x"};
    CHECK(format_json(none) == "{\"head\":{\"vars\":[\"x\"]},\"results\":{\"bindings\":[]}}\n");
    QueryResults ask;
    ask.is_boolean = true;
    CHECK(format_results(ask, ResultFormat::table, rdf::PrefixMap{}) == "false\n");
    CHECK(format_results(ask, ResultFormat::json, rdf::PrefixMap{}) ==
          "{\"head\":{},\"boolean\":false}\n");
  }

  TEST_CASE("query forms and prefix injection") {
    CHECK(inspect_query("# c\nPREFIX ex: <http://x/#> base <http://b/>\nselect * {}").form ==
          QueryForm::select);
    CHECK(inspect_query("ASK {}").form == QueryForm::ask);
    CHECK(inspect_query("PREFIX : <http://x/> CONSTRUCT {} WHERE {}").form == QueryForm::construct);
    CHECK(inspect_query("describe <x>").form == QueryForm::describe);
    CHECK(inspect_query("INSERT DATA {}").form == QueryForm::unknown);
    const QueryInfo info =
        inspect_query("PREFIX fl: <http://mine/> PREFIX : <http://e/> SELECT * {}");
    REQUIRE(info.prefixes.size() == 2);
    CHECK(info.prefixes[0].name == "fl");
    CHECK(info.prefixes[1].name.empty());
    const std::string q = with_common_prefixes("PREFIX fl: <http://mine/>\nSELECT * {}");
    CHECK(q.find("PREFIX fl: <https://w3id.org") == std::string::npos);
    CHECK(q.find("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ") != std::string::npos);
    CHECK(q.find("PREFIX schema: <http://schema.org/> ") != std::string::npos);
    // One line of prefixes: the query's own lines keep their numbers.
    CHECK(std::count(q.begin(), q.end(), '\n') == 1);
  }

  TEST_CASE("endpoints: derived SPARQL URL and graph URL") {
    CHECK(derive_sparql_endpoint("http://h:8890/sparql-graph-crud") == "http://h:8890/sparql");
    CHECK(derive_sparql_endpoint("http://h:8890/sparql-graph-crud-auth") ==
          "http://h:8890/sparql-auth");
    CHECK(derive_sparql_endpoint("http://h:3030/ds/data") == "http://h:3030/ds/sparql");
    CHECK(derive_sparql_endpoint("http://h:7200/repositories/r1/rdf-graphs/service") ==
          "http://h:7200/repositories/r1");
    CHECK(derive_sparql_endpoint("http://h:7878/store") == "http://h:7878/query");
    CHECK(derive_sparql_endpoint("http://h:9999/blazegraph/namespace/kb/sparql") ==
          "http://h:9999/blazegraph/namespace/kb/sparql");
    CHECK_FALSE(derive_sparql_endpoint("http://h/whatever").has_value());
    CHECK(graph_url("http://h/sparql-graph-crud", "https://e.org/g#1").value() ==
          "http://h/sparql-graph-crud?graph=https%3a%2f%2fe.org%2fg%231");
    CHECK(graph_url("http://h/x?a=b", "g").value() == "http://h/x?a=b&graph=g");
    CHECK(graph_url("http://u:p@h:8890/x#frag", "g").value() == "http://u:p@h:8890/x?graph=g#frag");
    CHECK_FALSE(graph_url("http://[bad", "g").ok());
    CHECK(derive_sparql_endpoint("http://h:8890/sparql-graph-crud/?x=1") ==
          "http://h:8890/sparql?x=1");
    CHECK_FALSE(derive_sparql_endpoint("not a url").has_value());
    CHECK(display_url("http://user:pw@h:1/p?q=1") == "http://h:1/p");
    CHECK(display_url("http://user:pw@h:1/p#f") == "http://h:1/p");
    CHECK(display_url("user:pw@[bad/p?q") == "[bad/p");
    CHECK(url_encode("a b/é~") == "a%20b%2F%C3%A9~");
  }

  TEST_CASE("error messages: credentials, paths, the store's own words") {
    HttpResponse r;
    r.status = 401;
    const Diagnostic with_user =
        status_error("http://h/x", r, EndpointKind::graph_store, Credentials{"dba", "s3cret"});
    CHECK(with_user.message.find("user 'dba'") != std::string::npos);
    CHECK(with_user.message.find("s3cret") == std::string::npos);
    CHECK(status_error("http://h/x", r, EndpointKind::sparql, std::nullopt)
              .message.find("none were sent") != std::string::npos);
    r.status = 404;
    CHECK(status_error("http://h/x", r, EndpointKind::graph_store, std::nullopt)
              .message.find("/DATASET/data (Fuseki)") != std::string::npos);
    r.status = 500;
    r.body =
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>x</title></head>"
        "<body><h1>HTTP/1.1 500 Request Failed</h1><h3>Error 22023</h3>\n<xmp>The PUT request for "
        "graph "
        "&lt;http://g&gt; is rejected</xmp></body></html>";
    CHECK(status_error("http://h/x", r, EndpointKind::graph_store, std::nullopt).message ==
          "the store answered 500: Error 22023 The PUT request for graph <http://g> is rejected");
    CHECK(trim_store_message(
              "Virtuoso 37000 Error SP030: syntax error at <x>\n\nSPARQL query:\nSELECT") ==
          "Virtuoso 37000 Error SP030: syntax error at <x>");
    CHECK(trim_store_message(std::string(500, 'a')).size() == 303);
  }

  TEST_CASE("connection refused is a one-line message") {
    HttpOptions options;
    options.connect_timeout_s = 5;
    HttpClient client(options);
    HttpRequest request;
    request.url = "http://127.0.0.1:1/sparql";
    auto r = client.send(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("connection refused") != std::string::npos);
    CHECK(r.error().message.find('\n') == std::string::npos);
  }

  TEST_CASE("a request libcurl cannot take is a clear error, not a silent default") {
    HttpClient client(HttpOptions{});
    HttpRequest request;
    request.url = "http://127.0.0.1:1/" + std::string(9 * 1024 * 1024, 'a'); // over 8 MB
    auto r = client.send(request);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("cannot set up the request") != std::string::npos);
  }

  TEST_CASE("N-Triples terms") {
    CHECK(ntriples_iri("http://x/a b>") == "<http://x/a\\u0020b\\u003E>");
    CHECK(ntriples_literal("a\"b\\c\nd\re\tf", "", "") == "\"a\\\"b\\\\c\\nd\\re\\tf\"");
    CHECK(ntriples_literal("x", "http://www.w3.org/2001/XMLSchema#string", "") == "\"x\"");
    CHECK(ntriples_literal("1", "http://t", "") == "\"1\"^^<http://t>");
    CHECK(ntriples_literal("hi", "", "en") == "\"hi\"@en");
  }

  TEST_CASE("N-Triples terms that Serd will not write are escaped, not an internal error") {
    // A store may answer with an IRI without a scheme (found by results_fuzzer: exit 70).
    CHECK(ntriples_iri("3>Soo;e>k") == "<3\\u003ESoo;e\\u003Ek>");
    CHECK(ntriples_iri("a b") == "<a\\u0020b>");
    CHECK(ntriples_iri("") == "<>");
    CHECK(ntriples_literal("x", "rel\"t", "") == "\"x\"^^<rel\\u0022t>");
    const auto r = parse_results_json(
        R"({"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"uri","value":"3>S"}}]}})");
    REQUIRE(r.ok());
    const std::string tsv = format_results(r.value(), ResultFormat::tsv, rdf::PrefixMap{});
    CHECK(tsv.find("<3\\u003ES>") != std::string::npos);
  }

  TEST_CASE("chunks never split a blank-node component") {
    std::string ttl = "@prefix ex: <https://example.org/t/> .\n";
    for (int i = 0; i < 10; ++i)
      ttl += "ex:s" + std::to_string(i) + " ex:p " + std::to_string(i) + " .\n";
    ttl += "ex:a ex:r [ ex:s 1 ; ex:t [ ex:u 2 ; ex:v 3 ] ] .\n"; // one component, 5 triples
    const graph::Graph g = read_turtle(ttl);
    auto targets = plan_targets(g, "https://example.org/g");
    REQUIRE(targets.size() == 1);
    CHECK(targets[0].quads.size() == 15);
    CHECK(targets[0].blank_triples == 5);
    const auto ends = plan_chunks(g, targets[0], 2);
    // The component (5 triples) comes first and travels whole; then chunks of 2.
    CHECK(ends.front() == 5);
    CHECK(ends.back() == 15);
    CHECK(ends.size() == 6);
  }

  TEST_CASE("Turtle and N-Triples chunks read back to the same graph") {
    const graph::Graph g =
        read_turtle("@prefix fl: <https://w3id.org/factloom/ns#> .\n"
                    "<https://example.org/t/a> a fl:Meeting ; fl:label \"Zürich\\n\\\"x\\\"\"@de , "
                    "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer> ;"
                    " fl:x [ fl:y <https://example.org/t/b-c.d> ] .\n");
    auto targets = plan_targets(g, "https://example.org/g");
    for (ChunkSyntax syntax : {ChunkSyntax::ntriples, ChunkSyntax::turtle}) {
      std::string text;
      write_chunk(g, targets[0].quads, syntax, text);
      INFO(text);
      const graph::Graph back = read_turtle(text);
      CHECK(back.size() == g.size());
    }
  }

  TEST_CASE("the store ends up with exactly the graph's terms, whichever chunk syntax") {
    // Texts and IRIs that need escapes; the fake reads each body with Serd and compares terms.
    const std::string ttl =
        "@prefix ex: <https://example.org/t/> .\n"
        "ex:a ex:p \"q\\\"uote\\\\back\\nline\\r\\ttab \\u0001 Z\u00fcrich\"@de-ch ,\n"
        "  \"\"\"long\nstring\"\"\" , \"abc\"^^<http://www.w3.org/2001/XMLSchema#integer> ,\n"
        "  \"1.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> , true ,\n"
        "  <https://example.org/t/with%20space> , <https://example.org/t/caf\u00e9#x.y> ,\n"
        "  \"x\"^^<https://example.org/t/dt-1> .\n";
    const graph::Graph g = read_turtle(ttl);
    std::vector<Triple> expected;
    REQUIRE(parse_triples(ttl, true, expected));
    for (ChunkSyntax syntax : {ChunkSyntax::ntriples, ChunkSyntax::turtle}) {
      FakeStore store;
      LoadOptions options;
      options.syntax = syntax;
      options.default_graph = "https://example.org/g";
      auto targets = plan_targets(g, options.default_graph);
      REQUIRE(load(g, targets, options, store).ok());
      const std::set<Triple> want(expected.begin(), expected.end());
      CHECK(store.graphs[options.default_graph] == want);
    }
  }

  TEST_CASE("Turtle chunks use plain prefixed names only") {
    const graph::Graph g = read_turtle("@prefix : <https://example.org/empty#> .\n"
                                       "@prefix a.b: <https://example.org/dotted#> .\n"
                                       "@prefix ex: <https://example.org/ex#> .\n"
                                       ":x a.b:y ex:z-1 .\n"
                                       "ex:w ex:v ex:1up , ex:has.dot , ex:caf\u00e9 .\n");
    auto targets = plan_targets(g, "https://example.org/g");
    std::string text;
    write_chunk(g, targets[0].quads, ChunkSyntax::turtle, text);
    INFO(text);
    CHECK(text.find("@prefix ex: <https://example.org/ex#> .") != std::string::npos);
    CHECK(text.find("@prefix : ") == std::string::npos);
    CHECK(text.find("@prefix a.b:") == std::string::npos);
    CHECK(text.find("ex:z-1") != std::string::npos);
    CHECK(text.find("<https://example.org/empty#x>") != std::string::npos);
    CHECK(text.find("<https://example.org/ex#1up>") != std::string::npos);
    CHECK(text.find("<https://example.org/ex#has.dot>") != std::string::npos);
    CHECK(text.find("<https://example.org/ex#caf\u00e9>") != std::string::npos);
    const graph::Graph back = read_turtle(text);
    CHECK(back.size() == g.size());
  }

  TEST_CASE("replace: the count must match what was sent") {
    std::string ttl = "@prefix ex: <https://example.org/t/> .\n";
    for (int i = 0; i < 25; ++i)
      ttl += "ex:s" + std::to_string(i) + " ex:p " + std::to_string(i) + " .\n";
    const graph::Graph g = read_turtle(ttl);
    FakeStore store;
    LoadOptions options;
    options.chunk_triples = 10;
    options.default_graph = "https://example.org/g";
    auto targets = plan_targets(g, options.default_graph);
    auto ok = load(g, targets, options, store);
    REQUIRE(ok.ok());
    CHECK(ok.value().graphs[0].after == 25);
    // An empty PUT empties the graph, then the chunks are POSTed.
    CHECK(store.request_lines == std::vector<std::size_t>{0, 10, 10, 5});

    FakeStore lossy;
    lossy.drop_per_post = 1;
    auto targets2 = plan_targets(g, options.default_graph);
    auto bad = load(g, targets2, options, lossy);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message ==
          "count mismatch: the store holds 22 triples, 25 were sent (3 missing)");

    FakeStore failing;
    failing.fail_at_request = 2;
    auto targets3 = plan_targets(g, options.default_graph);
    auto half = load(g, targets3, options, failing);
    REQUIRE_FALSE(half.ok());
    CHECK(half.error().message.find("chunk 2 of 3") != std::string::npos);
    CHECK(half.error().message.find("partial load") != std::string::npos);
  }

  TEST_CASE("append: sets do not double, blank nodes are always new, losses are caught") {
    const graph::Graph g = read_turtle("@prefix ex: <https://example.org/t/> .\n"
                                       "ex:a ex:p ex:b ; ex:q \"x\" ; ex:r [ ex:s 1 ] .\n");
    LoadOptions options;
    options.mode = LoadMode::append;
    options.default_graph = "https://example.org/g";
    FakeStore store;
    for (int round = 0; round < 2; ++round) {
      auto targets = plan_targets(g, options.default_graph);
      auto r = load(g, targets, options, store);
      REQUIRE(r.ok());
    }
    // 2 ground triples once, 2 blank-node triples twice.
    CHECK(store.graphs["https://example.org/g"].size() == 6);

    // A store that loses a ground triple while the graph already had data is caught by lookup.
    FakeStore lossy;
    lossy.preload(
        "https://example.org/g",
        "<https://example.org/t/a> <https://example.org/t/p> <https://example.org/t/b> .\n");
    lossy.drop_per_post = 1;
    lossy.requests = 1; // drop from the first POST
    auto targets = plan_targets(g, options.default_graph);
    auto r = load(g, targets, options, lossy);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("count mismatch") != std::string::npos);
  }
}
