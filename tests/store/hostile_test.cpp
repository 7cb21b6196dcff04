// The store client against servers that lie, shout, bomb or speak something else (issue 15):
// strict COUNT answers, bounded answers, no decoding nobody asked for, linear and escaped error
// pages, http(s) only, a non-HTTP answer named as such.
#include <doctest/doctest.h>

#include <chrono>
#include <sstream>
#include <string>

#include "store/format.hpp"
#include "store/http.hpp"
#include "store/sparql.hpp"
#include "tiny_server.hpp"

using namespace factloom;
using namespace factloom::store;
using factloom::store::testing::TinyServer;

namespace {

std::string count_json(const std::string &value) {
  return R"({"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"typed-literal",)"
         R"("datatype":"http://www.w3.org/2001/XMLSchema#integer","value":")" +
         value + R"("}}]}})";
}

Result<std::uint64_t> count_answer(const std::string &value) {
  TinyServer server([&](const std::string &) {
    return TinyServer::http(200, "application/sparql-results+json", count_json(value));
  });
  SparqlClient client(server.url(), HttpOptions{});
  return client.count_graph("https://example.org/g");
}

} // namespace

TEST_SUITE("store") {
  TEST_CASE("hostile store: a COUNT must be a whole decimal number that fits") {
    CHECK(count_answer("348").value() == 348);
    CHECK(count_answer("18446744073709551615").value() == 18446744073709551615ULL);
    for (const char *bad : {"18446744073709551964", "", "-1", "+348", " 348", "348 ", "3.0", "1e3",
                            "0x10", "348\\u0000"}) {
      CAPTURE(bad);
      const Result<std::uint64_t> r = count_answer(bad);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().message.find("not a number") != std::string::npos);
    }
  }

  TEST_CASE("hostile store: an answer over the limit is an error, not memory") {
    const std::string big(3U << 20U, 'x');
    TinyServer server(
        [&](const std::string &) { return TinyServer::http(200, "text/turtle", big); });
    HttpOptions options;
    options.max_response_bytes = 1U << 20U;
    SparqlClient client(server.url(), options);
    const Result<std::string> r = client.construct("CONSTRUCT WHERE { ?s ?p ?o }");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("larger than 1 MiB") != std::string::npos);
    CHECK(r.error().message.find("--max-response") != std::string::npos);
  }

  TEST_CASE("hostile store: no compression asked for, none decoded") {
    // A gzip bomb would grow in memory if decoded; the request must not ask for any encoding
    // and an encoded answer is refused.
    const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00"
                         "\x00\x00",
                         20);
    TinyServer server([&](const std::string &) {
      return TinyServer::http(200, "text/turtle", gz, "Content-Encoding: gzip\r\n");
    });
    SparqlClient client(server.url(), HttpOptions{});
    const Result<std::string> r = client.construct("CONSTRUCT WHERE { ?s ?p ?o }");
    CHECK(server.last_request().find("Accept-Encoding") == std::string::npos);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("Content-Encoding 'gzip'") != std::string::npos);
  }

  TEST_CASE("hostile store: error pages are trimmed in linear time and escaped") {
    std::string page = "<html><body>";
    for (int i = 0; i < 800000; ++i) // 3.2 MB of &lt; took 18.6 s before
      page += "&lt;";
    page += "</body></html>";
    const auto start = std::chrono::steady_clock::now();
    const std::string trimmed = trim_store_message(page);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 1.0);
    CHECK(trimmed == std::string(300, '<') + "...");
    std::string heads = "<html>";
    for (int i = 0; i < 200000; ++i)
      heads += "<head>";
    const auto start2 = std::chrono::steady_clock::now();
    (void)trim_store_message(heads);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start2).count() < 1.0);
    // Terminal controls never pass raw: ESC, BEL, an OSC sequence, a C1 CSI, a stray byte.
    const std::string hostile = "bad \x1b[31mred\x07 \x1b]0;title\x07 \xc2\x9b 2J \xff ok é";
    const std::string shown = trim_store_message(hostile);
    CHECK(shown == "bad \\x1b[31mred\\x07 \\x1b]0;title\\x07 \\xc2\\x9b 2J \\xff ok é");
    CHECK(escape_controls("\x7f\x01") == "\\x7f\\x01");
    HttpResponse r;
    r.status = 500;
    r.body = hostile;
    const Diagnostic d = status_error("http://h/x", r, EndpointKind::sparql, std::nullopt);
    CHECK(d.message.find('\x1b') == std::string::npos);
    CHECK(d.message.find('\x07') == std::string::npos);
  }

  TEST_CASE("hostile store: only http and https — a non-HTTP answer is named as such") {
    CHECK(is_http_url("http://h/x"));
    CHECK(is_http_url("HTTPS://h/x"));
    CHECK_FALSE(is_http_url("file:///etc/passwd"));
    CHECK_FALSE(is_http_url("ftp://h/x"));
    CHECK_FALSE(is_http_url("not a url"));
    HttpClient client(HttpOptions{});
    HttpRequest request;
    request.url = "file:///etc/passwd";
    const Result<HttpResponse> file = client.send(request);
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().message.find("only http and https") != std::string::npos);
    TinyServer server([](const std::string &) { return std::string("SSH-2.0-OpenSSH_9.2\r\n"); });
    request.url = server.url();
    const Result<HttpResponse> ssh = client.send(request);
    REQUIRE_FALSE(ssh.ok());
    CHECK(ssh.error().message.find("did not answer in HTTP") != std::string::npos);
    CHECK(ssh.error().message.find("not a usable") == std::string::npos);
  }

  TEST_CASE("hostile store: Basic auth only when asked for or over https") {
    // A server that asks for Basic over plain http gets no password unless --auth basic.
    TinyServer server(
        [](const std::string &request) {
          if (request.find("Authorization:") != std::string::npos)
            return TinyServer::http(200, "text/plain", "ok");
          return TinyServer::http(401, "text/plain", "who?",
                                  "WWW-Authenticate: Basic realm=\"x\"\r\n");
        },
        2);
    HttpOptions options;
    options.credentials = Credentials{"dba", "s3cret", AuthScheme::safe};
    HttpClient client(options);
    HttpRequest request;
    request.url = server.url();
    const Result<HttpResponse> r = client.send(request);
    REQUIRE(r.ok());
    CHECK(r.value().status == 401);
    CHECK(server.last_request().find("Authorization: Basic") == std::string::npos);
  }

  TEST_CASE("hostile store: SELECT answers stream to the output, same bytes, not held") {
    std::string doc = R"({"head":{"vars":["s","o","x"]},"results":{"distinct":false,"bindings":[)";
    for (int i = 0; i < 3000; ++i) {
      if (i > 0)
        doc += ",";
      doc += R"({"s":{"type":"uri","value":"https://example.org/s)" + std::to_string(i) +
             R"("},"o":{"type":"literal","value":"a,\"b\"\tc\n","xml:lang":"en"}})";
    }
    doc += R"(,{"x":{"type":"bnode","value":"nodeID://b1"},"o":{"type":"typed-literal",)"
           R"("datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"7"}}]}})";
    const QueryResults whole = parse_results_json(doc).value();
    for (auto format : {ResultFormat::csv, ResultFormat::tsv, ResultFormat::json}) {
      TinyServer server([&](const std::string &) {
        return TinyServer::http(200, "application/sparql-results+json", doc);
      });
      HttpOptions options;
      options.max_response_bytes = 64U << 10U; // far less than the answer: it is not held
      SparqlClient client(server.url(), options);
      std::ostringstream out;
      ResultsWriter writer(format, out);
      const Result<void> r = client.select_stream("SELECT * {}", writer);
      REQUIRE(r.ok());
      writer.end();
      CHECK(out.str() == format_results(whole, format, rdf::PrefixMap()));
    }
    // ASK, bindings before head, and errors.
    auto stream = [](const std::string &answer, ResultFormat format, std::string &printed) {
      TinyServer server([&](const std::string &) {
        return TinyServer::http(200, "application/sparql-results+json", answer);
      });
      SparqlClient client(server.url(), HttpOptions{});
      std::ostringstream out;
      ResultsWriter writer(format, out);
      Result<void> r = client.select_stream("ASK {}", writer);
      if (r.ok())
        writer.end();
      printed = out.str();
      return r;
    };
    std::string printed;
    CHECK(stream(R"({"head":{},"boolean":false})", ResultFormat::tsv, printed).ok());
    CHECK(printed == "false\n");
    CHECK(stream(R"({"results":{"bindings":[{"n":{"type":"literal","value":"1"}}]},)"
                 R"("head":{"vars":["n"]}})",
                 ResultFormat::tsv, printed)
              .ok());
    CHECK(printed == "?n\n\"1\"\n");
    const Result<void> bad =
        stream(R"({"head":{"vars":["n"]},"results":{"bindings":[1]}})", ResultFormat::csv, printed);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("a binding is not an object") != std::string::npos);
    const Result<void> cut =
        stream(R"({"head":{"vars":["n"]},"results":{"bindings":[)", ResultFormat::csv, printed);
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().message.find("JSON syntax error") != std::string::npos);
    const Result<void> none = stream(R"({"head":{"vars":["n"]}})", ResultFormat::csv, printed);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.find("no results.bindings") != std::string::npos);
    std::string deep = R"({"head":{"vars":["n"]},"x":)" + std::string(300, '[');
    const Result<void> too_deep = stream(deep, ResultFormat::csv, printed);
    REQUIRE_FALSE(too_deep.ok());
    CHECK(too_deep.error().message.find("deeper than 200") != std::string::npos);
  }

  TEST_CASE("hostile store: a table never prints a store's control characters raw") {
    QueryResults q;
    q.vars = {"v"};
    q.rows.push_back({rdf::Term::literal("red\x1b[31m\x07\xc2\x9b!\na")});
    q.rows.push_back({rdf::Term::iri("https://example.org/\x1b]0;x\x07")});
    const std::string table = format_table(q, rdf::PrefixMap());
    CHECK(table.find('\x1b') == std::string::npos);
    CHECK(table.find('\x07') == std::string::npos);
    CHECK(table.find("red\\x1b[31m\\x07\\xc2\\x9b!\\na") != std::string::npos);
  }
}
