// The LSP base protocol (framing), positions in UTF-16 code units, file URIs, and the server's
// answers to malformed messages.
#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "lsp/protocol.hpp"
#include "lsp/server.hpp"
#include "lsp/text.hpp"

using factloom::lsp::Incoming;
using factloom::lsp::json;
using factloom::lsp::LineIndex;
using factloom::lsp::Position;

TEST_SUITE("lsp") {
  TEST_CASE("lsp framing: Content-Length headers, CRLF or LF, other headers ignored") {
    std::istringstream in("Content-Length: 2\r\n\r\n{}"
                          "content-type: application/vscode-jsonrpc\r\nCONTENT-LENGTH:4\r\n\r\nnull"
                          "Content-Length: 1\n\n1");
    Incoming a = factloom::lsp::read_message(in);
    CHECK(a.status == Incoming::Status::ok);
    CHECK(a.body == "{}");
    Incoming b = factloom::lsp::read_message(in);
    CHECK(b.status == Incoming::Status::ok);
    CHECK(b.body == "null");
    Incoming c = factloom::lsp::read_message(in);
    CHECK(c.status == Incoming::Status::ok);
    CHECK(c.body == "1");
    CHECK(factloom::lsp::read_message(in).status == Incoming::Status::end);
  }

  TEST_CASE("lsp framing: a missing or bad length and a short body are refused") {
    for (const char *text : {"Content-Type: x\r\n\r\n{}", "Content-Length: -3\r\n\r\n{}",
                             "Content-Length: 12x\r\n\r\n{}", "Content-Length: 10\r\n\r\n{}",
                             "Content-Length: 99999999999\r\n\r\n", "Content-Length: 2\r\n"}) {
      std::istringstream in(text);
      const Incoming m = factloom::lsp::read_message(in);
      CHECK(m.status == Incoming::Status::bad);
      CHECK(!m.error.empty());
    }
  }

  TEST_CASE("lsp framing: what is written is read back") {
    std::stringstream s;
    const json message = {{"jsonrpc", "2.0"}, {"id", 7}, {"result", "é🤝"}};
    factloom::lsp::write_message(s, message);
    CHECK(s.str().rfind("Content-Length: ", 0) == 0);
    const Incoming m = factloom::lsp::read_message(s);
    REQUIRE(m.status == Incoming::Status::ok);
    CHECK(json::parse(m.body) == message);
  }

  TEST_CASE("lsp positions count UTF-16 code units, lines from 0") {
    const std::string text = "ab\n\"é🤝\" x\r\nlast";
    const LineIndex lines(text);
    CHECK(lines.position(0) == Position{0, 0});
    CHECK(lines.position(3) == Position{1, 0});
    const std::size_t x = text.find('x');
    CHECK(lines.position(x) == Position{1, 6}); // " é(1) 🤝(2) " space
    CHECK(lines.offset(Position{1, 6}) == x);
    CHECK(lines.offset(Position{1, 2}) == text.find("🤝"));
    CHECK(lines.offset(Position{1, 3}) == text.find("🤝")); // inside the surrogate pair
    CHECK(lines.offset(Position{1, 99}) == text.find('\r'));
    CHECK(lines.offset(Position{2, 4}) == text.size());
    CHECK(lines.offset(Position{9, 0}) == text.size());
    CHECK(lines.position(text.size() + 5) == Position{2, 4});
  }

  TEST_CASE("lsp file URIs and paths, percent-encoded") {
    CHECK(factloom::lsp::path_to_uri("/a b/ü.facts") == "file:///a%20b/%C3%BC.facts");
    CHECK(factloom::lsp::uri_to_path("file:///a%20b/%C3%BC.facts") == "/a b/ü.facts");
    CHECK(factloom::lsp::uri_to_path("file://localhost/x") == "/x");
    CHECK(factloom::lsp::uri_to_path("https://example.org/x").empty());
    CHECK(factloom::lsp::uri_to_path("file:///bad%zz") == "/bad%zz");
  }

  TEST_CASE("lsp: the server answers bad requests with errors, never throws") {
    factloom::lsp::Server server;
    auto before =
        server.handle(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "textDocument/hover"}});
    REQUIRE(before.size() == 1);
    CHECK(before[0]["error"]["code"] == -32002);
    auto init = server.handle(
        json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "initialize"}, {"params", json::object()}});
    REQUIRE(init.size() == 1);
    CHECK(init[0]["result"]["capabilities"]["hoverProvider"] == true);
    auto bad = server.handle(json{{"jsonrpc", "2.0"},
                                  {"id", 3},
                                  {"method", "textDocument/hover"},
                                  {"params", {{"textDocument", {{"uri", 5}}}}}});
    REQUIRE(bad.size() == 1);
    CHECK(bad[0]["error"]["code"] == -32602);
    auto unknown = server.handle(json{{"jsonrpc", "2.0"},
                                      {"id", 4},
                                      {"method", "textDocument/hover"},
                                      {"params",
                                       {{"textDocument", {{"uri", "file:///nowhere/x.facts"}}},
                                        {"position", {{"line", 0}, {"character", 0}}}}}});
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0]["error"]["code"] == -32602);
    CHECK(server.handle(json::array()).empty());
    CHECK(server.handle(json{{"jsonrpc", "2.0"}, {"method", "$/cancelRequest"}}).empty());
    server.handle(json{{"jsonrpc", "2.0"}, {"method", "exit"}});
    CHECK(server.exited());
    CHECK(server.exit_code() == 1); // no shutdown first
  }

  TEST_CASE("lsp serve: a stream of framed messages to the end") {
    std::stringstream in;
    factloom::lsp::write_message(
        in, json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {}}});
    in << "Content-Length: 3\r\n\r\n{x}";
    factloom::lsp::write_message(in, json{{"jsonrpc", "2.0"}, {"id", 2}, {"method", "shutdown"}});
    factloom::lsp::write_message(in, json{{"jsonrpc", "2.0"}, {"method", "exit"}});
    std::stringstream out;
    CHECK(factloom::lsp::serve(in, out) == 0);
    std::vector<json> answers;
    for (Incoming m = factloom::lsp::read_message(out); m.status == Incoming::Status::ok;
         m = factloom::lsp::read_message(out))
      answers.push_back(json::parse(m.body));
    REQUIRE(answers.size() == 3);
    CHECK(answers[0]["id"] == 1);
    CHECK(answers[1]["error"]["code"] == -32700);
    CHECK(answers[2]["id"] == 2);
  }
}

TEST_SUITE("lsp") {
  TEST_CASE("lsp: malformed parameters of every method get errors, never an exception") {
    factloom::lsp::Server server;
    server.handle(json{{"jsonrpc", "2.0"},
                       {"id", 1},
                       {"method", "initialize"},
                       {"params", {{"workspaceFolders", json::array({1})}}}});
    const json doc = {{"uri", "file:///nowhere/a.facts"}};
    const std::vector<json> params = {
        json(),
        json::array({1, 2}),
        json{{"textDocument", 3}},
        json{{"textDocument", doc}},
        json{{"textDocument", doc}, {"position", {{"line", -1}, {"character", 0}}}},
        json{{"textDocument", doc}, {"position", {{"line", 0}, {"character", "x"}}}},
        json{{"textDocument", doc}, {"contentChanges", json::array()}},
        json{{"textDocument", doc}, {"contentChanges", json::array({{{"text", 5}}})}},
        json{{"textDocument", {{"uri", "file:///nowhere/a.facts"}, {"text", "person x\n"}}}},
        json{{"textDocument", doc}, {"position", {{"line", 0}, {"character", 8}}}, {"newName", 2}},
    };
    const char *const methods[] = {"textDocument/didOpen",    "textDocument/didChange",
                                   "textDocument/didSave",    "textDocument/didClose",
                                   "textDocument/completion", "textDocument/hover",
                                   "textDocument/definition", "textDocument/references",
                                   "textDocument/rename",     "textDocument/documentSymbol"};
    int id = 2;
    for (const char *method : methods) {
      for (const json &p : params) {
        std::vector<json> out;
        CHECK_NOTHROW(out = server.handle(json{
                          {"jsonrpc", "2.0"}, {"id", id++}, {"method", method}, {"params", p}}));
        REQUIRE(!out.empty());
        CHECK(out[0]["id"] == id - 1);
        if (out[0].contains("error"))
          CHECK(out[0]["error"]["code"] != -32603); // not an internal error
        CHECK_NOTHROW(server.handle(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", p}}));
      }
    }
  }
}
