// A write that runs into another transaction is sent again, alone (HttpGraphStore::send): a
// deadlock (40001) or Virtuoso's race on a new language tag (SR197 on RDF_LANGUAGE, seen in CI
// when chunks went up in parallel). Any other error is reported at once. The real race is
// checked against Virtuoso in tests/cli/store_virtuoso.sh.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/http.hpp"
#include "store/loader.hpp"
#include "tiny_server.hpp"

using namespace factloom;
using namespace factloom::store;
using factloom::store::testing::TinyServer;

namespace {

const char *const language_race =
    "Error 23000 SR197: Non unique primary key on DB.DBA.RDF_LANGUAGE.\n\nSPARQL query:\n...";
const char *const deadlock = "Virtuoso 40001 Error SR172: Transaction deadlocked";

HttpResponse answer(long status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

/// A server whose first `failures` answers are 500 with `body`, then 201; counts the requests.
struct FlakyServer {
  FlakyServer(int failures, std::string body, int connections)
      : server(
            [this, failures, body = std::move(body)](const std::string &) {
              if (requests.fetch_add(1) < failures)
                return TinyServer::http(500, "text/plain", body);
              return TinyServer::http(201, "text/plain", "");
            },
            connections) {}
  std::atomic<int> requests{0};
  TinyServer server;
};

HttpGraphStore store_of(const TinyServer &server) {
  return HttpGraphStore(server.url("/gsp"), server.url("/sparql"), HttpOptions{});
}

const std::string chunk = "<https://example.org/s> <https://example.org/p> \"x\"@x-new .\n";

} // namespace

TEST_SUITE("store") {
  TEST_CASE("conflicts: which answers mean another transaction got in the way") {
    CHECK(transaction_conflict(answer(500, language_race)));
    CHECK(transaction_conflict(answer(500, deadlock)));
    CHECK(
        transaction_conflict(answer(500, "SR197: Non unique primary key on DB.DBA.RDF_DATATYPE")));
    CHECK_FALSE(transaction_conflict(answer(400, deadlock)));
    CHECK_FALSE(transaction_conflict(answer(500, "SR197: Non unique primary key on DB.DBA.OTHER")));
    CHECK_FALSE(transaction_conflict(answer(500, "Error 37000 SP030: syntax error")));
  }

  TEST_CASE("conflicts: a write that met another transaction is sent again and succeeds") {
    FlakyServer flaky(2, language_race, 3);
    HttpGraphStore store = store_of(flaky.server);
    const Result<void> posted = store.post("https://example.org/g", chunk, ChunkSyntax::ntriples);
    CHECK(posted.ok());
    CHECK(flaky.requests.load() == 3);
    CHECK(flaky.server.last_request().find("\"x\"@x-new") != std::string::npos);
  }

  TEST_CASE("conflicts: retries are bounded, and the error says how often it was sent") {
    const int sends = HttpGraphStore::conflict_retries + 1;
    FlakyServer flaky(sends + 5, deadlock, sends);
    HttpGraphStore store = store_of(flaky.server);
    const Result<void> put = store.put("https://example.org/g", chunk, ChunkSyntax::ntriples);
    REQUIRE_FALSE(put.ok());
    CHECK(flaky.requests.load() == sends);
    CHECK(put.error().message.find("Transaction deadlocked") != std::string::npos);
    CHECK(put.error().message.find("sent " + std::to_string(sends) + " times") !=
          std::string::npos);
  }

  TEST_CASE("conflicts: any other error is reported at once, not sent again") {
    FlakyServer flaky(1, "Error 37000 SP030: syntax error", 2);
    HttpGraphStore store = store_of(flaky.server);
    const Result<void> posted = store.post("https://example.org/g", chunk, ChunkSyntax::ntriples);
    REQUIRE_FALSE(posted.ok());
    CHECK(flaky.requests.load() == 1);
    CHECK(posted.error().message.find("SP030") != std::string::npos);
    CHECK(posted.error().message.find("times") == std::string::npos);
  }
}

TEST_SUITE("parallel") {
  TEST_CASE("conflicts: connections of one store retry while the others write, all arrive") {
    // The first sending of every write meets a conflict; the retries (alone) of four
    // connections' writes interleave with the others' first sendings.
    constexpr int writers = 4;
    constexpr int writes = 6;
    std::mutex lock;
    std::set<std::string> seen;
    TinyServer server(
        [&](const std::string &request) {
          const std::lock_guard<std::mutex> guard(lock);
          const std::string body = request.substr(request.find("\r\n\r\n"));
          const bool again = !seen.insert(body).second;
          return TinyServer::http(again ? 201 : 500, "text/plain", language_race);
        },
        writers * writes * 2);
    HttpGraphStore first = store_of(server);
    std::vector<std::unique_ptr<GraphStore>> stores;
    for (int w = 1; w < writers; ++w)
      stores.push_back(first.another());
    std::atomic<int> ok{0};
    auto write = [&](GraphStore &store, int w) {
      for (int i = 0; i < writes; ++i) {
        const std::string body = "<https://example.org/s> <https://example.org/p> \"" +
                                 std::to_string(w) + " " + std::to_string(i) + "\"@x-new .\n";
        if (store.post("https://example.org/g", body, ChunkSyntax::ntriples).ok())
          ok.fetch_add(1);
      }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 0; w < stores.size(); ++w)
      threads.emplace_back(write, std::ref(*stores[w]), static_cast<int>(w) + 1);
    write(first, 0);
    for (std::thread &t : threads)
      t.join();
    CHECK(ok.load() == writers * writes);
    CHECK(seen.size() == static_cast<std::size_t>(writers * writes));
  }
}
