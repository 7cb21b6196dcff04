// Chunk planning, chunk writing, the HTTP Graph Store and the load-and-verify loop.
#include "store/loader.hpp"
#include "base/text.hpp"
#include "rdf/vocab.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "store/cancel.hpp"
#include "store/endpoint.hpp"

namespace factloom::store {

using graph::Quad;
using Term = graph::TermView;
using graph::TermId;
using graph::TermKind;

// ---------------------------------------------------------------------------- HTTP store

/// The writes of one store's connections: any number at once, or one alone (a retry after a
/// transaction conflict), which waits for those in flight and holds new ones back.
struct HttpGraphStore::Gate {
  void enter(bool alone) {
    std::unique_lock<std::mutex> guard(lock_);
    if (!alone) {
      changed_.wait(guard, [&] { return !alone_ && waiting_alone_ == 0; });
      ++in_flight_;
      return;
    }
    ++waiting_alone_;
    changed_.wait(guard, [&] { return !alone_ && in_flight_ == 0; });
    --waiting_alone_;
    alone_ = true;
  }
  void leave(bool alone) {
    const std::lock_guard<std::mutex> guard(lock_);
    if (alone)
      alone_ = false;
    else
      --in_flight_;
    changed_.notify_all();
  }

private:
  std::mutex lock_;
  std::condition_variable changed_;
  std::size_t in_flight_ = 0;
  std::size_t waiting_alone_ = 0;
  bool alone_ = false;
};

namespace {
/// A write's turn at a gate, for its duration.
class Turn {
public:
  Turn(HttpGraphStore::Gate &gate, bool alone) : gate_(gate), alone_(alone) { gate_.enter(alone); }
  ~Turn() { gate_.leave(alone_); }
  Turn(const Turn &) = delete;
  Turn &operator=(const Turn &) = delete;

private:
  HttpGraphStore::Gate &gate_;
  bool alone_;
};
} // namespace

HttpGraphStore::HttpGraphStore(std::string graph_store_endpoint, std::string sparql_endpoint,
                               HttpOptions options)
    : HttpGraphStore(std::move(graph_store_endpoint), std::move(sparql_endpoint),
                     std::move(options), std::make_shared<Gate>()) {}

HttpGraphStore::HttpGraphStore(std::string graph_store_endpoint, std::string sparql_endpoint,
                               HttpOptions options, std::shared_ptr<Gate> gate)
    : gate_(std::move(gate)), endpoint_(std::move(graph_store_endpoint)),
      sparql_endpoint_(std::move(sparql_endpoint)), options_(std::move(options)), http_(options_),
      sparql_(sparql_endpoint_, options_) {}

std::unique_ptr<GraphStore> HttpGraphStore::another() const {
  return std::unique_ptr<GraphStore>(
      new HttpGraphStore(endpoint_, sparql_endpoint_, options_, gate_)); // private constructor
}

Result<void> HttpGraphStore::send(const char *method, const std::string &graph,
                                  std::string_view body, ChunkSyntax syntax) {
  HttpRequest request;
  request.method = method;
  Result<std::string> url = graph_url(endpoint_, graph);
  if (!url)
    return url.error();
  request.url = std::move(url.value());
  request.headers = {{"Content-Type", syntax == ChunkSyntax::turtle
                                          ? "text/turtle; charset=utf-8"
                                          : "application/n-triples; charset=utf-8"}};
  request.body = body;
  auto send_once = [&](bool alone) {
    const Turn turn(*gate_, alone);
    return http_.send(request);
  };
  Result<HttpResponse> response = send_once(false);
  // A conflict rolled the request back; alone, it cannot meet this load's other requests.
  int retries = 0;
  for (; retries < conflict_retries && response && transaction_conflict(response.value()) &&
         !cancel_requested();
       ++retries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20 << (2 * retries)));
    response = send_once(true);
  }
  if (!response)
    return response.error();
  if (response.value().status / 100 != 2) {
    Diagnostic error = status_error(request.url, response.value(), EndpointKind::graph_store,
                                    http_.options().credentials);
    if (retries > 0)
      error.message += " (sent " + std::to_string(retries + 1) +
                       " times: a conflict with another transaction each time)";
    return error;
  }
  return {};
}

Result<void> HttpGraphStore::put(const std::string &graph, std::string_view body,
                                 ChunkSyntax syntax) {
  return send("PUT", graph, body, syntax);
}

Result<void> HttpGraphStore::post(const std::string &graph, std::string_view body,
                                  ChunkSyntax syntax) {
  return send("POST", graph, body, syntax);
}

Result<std::uint64_t> HttpGraphStore::count(const std::string &graph) {
  return sparql_.count_graph(graph);
}

Result<std::uint64_t> HttpGraphStore::count_present(const std::string &graph,
                                                    std::span<const std::string> triples) {
  // One UNION branch per triple: Virtuoso 7.2 rejects large basic graph patterns ("Stack
  // Overflow") and typed literals such as xsd:duration in VALUES (SQ200), but not this.
  std::string query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH " + ntriples_iri(graph) + " {\n";
  for (std::size_t i = 0; i < triples.size(); ++i) {
    if (i > 0)
      query += " UNION\n";
    query += "{ " + triples[i] + " }";
  }
  query += "\n} }";
  return sparql_.count(query);
}

Result<std::vector<std::pair<std::string, std::string>>>
GraphStore::subject_values(const std::string &graph, const std::string &) {
  return io_error("<" + graph + ">", "this store cannot be asked for a graph's content");
}

Result<std::vector<std::pair<std::string, std::string>>>
HttpGraphStore::subject_values(const std::string &graph, const std::string &predicate) {
  Result<QueryResults> results =
      sparql_.select("SELECT ?s ?v WHERE { GRAPH " + ntriples_iri(graph) + " { ?s " +
                     ntriples_iri(predicate) + " ?v } }");
  if (!results)
    return results.error();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &row : results.value().rows) {
    if (row.size() == 2 && row[0] && row[1] && row[0]->kind == rdf::TermKind::iri)
      out.emplace_back(row[0]->value, row[1]->value);
  }
  return out;
}

// ---------------------------------------------------------------------------- planning

std::vector<Target> plan_targets(const graph::Graph &graph, const std::string &default_graph) {
  FL_REQUIRE(graph.frozen(), "plan_targets needs a frozen graph");
  const auto &quads = graph.quads();
  const auto &terms = graph.terms();
  // Group by graph id first (no string per quad), then by destination name.
  std::unordered_map<graph::TermId, std::vector<std::uint32_t>> by_id;
  for (std::size_t i = 0; i < quads.size(); ++i)
    by_id[quads[i].g].push_back(static_cast<std::uint32_t>(i));
  std::map<std::string, Target> by_graph;
  for (auto &[g, indexes] : by_id) {
    const std::string name = g == 0 ? default_graph : std::string(terms.get(g).value);
    Target &t = by_graph[name];
    if (t.quads.empty())
      t.quads = std::move(indexes);
    else
      t.quads.insert(t.quads.end(), indexes.begin(), indexes.end());
  }
  std::vector<Target> out;
  for (auto &[name, t] : by_graph) {
    t.graph = name;
    // Quads are sorted by (s, p, o, g): repeats of a triple across source graphs that share a
    // destination are adjacent once the indexes are in order.
    std::sort(t.quads.begin(), t.quads.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Quad &x = quads[a];
      const Quad &y = quads[b];
      if (x.s != y.s)
        return x.s < y.s;
      if (x.p != y.p)
        return x.p < y.p;
      if (x.o != y.o)
        return x.o < y.o;
      return a < b;
    });
    t.quads.erase(std::unique(t.quads.begin(), t.quads.end(),
                              [&](std::uint32_t a, std::uint32_t b) {
                                return quads[a].s == quads[b].s && quads[a].p == quads[b].p &&
                                       quads[a].o == quads[b].o;
                              }),
                  t.quads.end());
    for (std::uint32_t i : t.quads) {
      if (terms.get(quads[i].s).is_blank() || terms.get(quads[i].o).is_blank())
        ++t.blank_triples;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<std::size_t> plan_chunks(const graph::Graph &graph, Target &target,
                                     std::size_t chunk_triples) {
  FL_REQUIRE(chunk_triples > 0, "chunk size must be positive");
  const auto &quads = graph.quads();
  const auto &terms = graph.terms();
  constexpr TermId none = 0;
  std::vector<std::size_t> ends;
  if (target.blank_triples == 0) {
    for (std::size_t end = chunk_triples; end < target.quads.size(); end += chunk_triples)
      ends.push_back(end);
    ends.push_back(target.quads.size());
    return ends;
  }
  // Union-find over the blank nodes of this target.
  std::unordered_map<TermId, TermId> parent;
  auto find = [&](TermId x) {
    TermId root = x;
    while (true) {
      auto it = parent.find(root);
      if (it == parent.end() || it->second == root)
        break;
      root = it->second;
    }
    while (x != root) { // path compression
      TermId &p = parent[x];
      const TermId next = p;
      p = root;
      x = next;
    }
    return root;
  };
  auto is_blank = [&](TermId t) { return terms.get(t).is_blank(); };
  for (std::uint32_t i : target.quads) {
    const Quad &q = quads[i];
    const bool sb = is_blank(q.s);
    const bool ob = is_blank(q.o);
    if (sb)
      parent.try_emplace(q.s, q.s);
    if (ob)
      parent.try_emplace(q.o, q.o);
    if (sb && ob) {
      const TermId a = find(q.s);
      const TermId b = find(q.o);
      if (a != b)
        parent[a] = b;
    }
  }
  auto component_of = [&](std::uint32_t i) -> TermId {
    const Quad &q = quads[i];
    if (is_blank(q.s))
      return find(q.s);
    if (is_blank(q.o))
      return find(q.o);
    return none;
  };
  std::vector<std::pair<TermId, std::uint32_t>> keyed;
  keyed.reserve(target.quads.size());
  for (std::uint32_t i : target.quads)
    keyed.emplace_back(component_of(i), i);
  // Components first (grouped), ground triples after; stable keeps (s, p, o) order inside.
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
    if ((a.first == none) != (b.first == none))
      return a.first != none;
    return a.first < b.first;
  });
  for (std::size_t k = 0; k < keyed.size(); ++k)
    target.quads[k] = keyed[k].second;
  std::size_t in_chunk = 0;
  for (std::size_t k = 0; k < keyed.size(); ++k) {
    ++in_chunk;
    const bool last = k + 1 == keyed.size();
    if (last)
      break;
    const bool splits = keyed[k].first != none && keyed[k + 1].first == keyed[k].first;
    if (in_chunk >= chunk_triples && !splits) {
      ends.push_back(k + 1);
      in_chunk = 0;
    }
  }
  ends.push_back(target.quads.size());
  return ends;
}

// ---------------------------------------------------------------------------- loading

Diagnostic replace_mismatch(const std::string &where, std::uint64_t held, std::uint64_t sent) {
  const std::uint64_t diff = held > sent ? held - sent : sent - held;
  return io_error(where, "count mismatch: the store holds " + thousands(held) + " triples, " +
                             thousands(sent) + " were sent (" + thousands(diff) +
                             (held < sent ? " missing)" : " extra)"));
}

namespace {

Diagnostic with_context(Diagnostic d, const std::string &context) {
  d.message += " (" + context + ")";
  return d;
}

/// How many of the ground triples of `t` the graph holds (SPARQL lookups, 100 a query).
Result<std::uint64_t> ground_present(const graph::Graph &graph, const Target &t, GraphStore &store,
                                     std::uint64_t &ground) {
  const auto &quads = graph.quads();
  const auto &terms = graph.terms();
  std::vector<std::string> batch;
  std::uint64_t present = 0;
  ground = 0;
  auto flush = [&]() -> Result<void> {
    if (batch.empty())
      return {};
    Result<std::uint64_t> c = store.count_present(t.graph, batch);
    if (!c)
      return c.error();
    present += c.value();
    batch.clear();
    return {};
  };
  for (std::uint32_t i : t.quads) {
    const Quad &q = quads[i];
    if (terms.get(q.s).is_blank() || terms.get(q.o).is_blank())
      continue;
    ++ground;
    batch.push_back(ntriples_statement(graph, q));
    if (batch.size() == 100) {
      if (Result<void> r = flush(); !r)
        return r.error();
    }
  }
  if (Result<void> r = flush(); !r)
    return r.error();
  return present;
}

} // namespace

namespace {

/// The loop of load(): one target after another, each sent in chunks and verified.
class Loader {
public:
  Loader(const graph::Graph &graph, const LoadOptions &options, GraphStore &store,
         const std::function<void(const LoadProgress &)> &progress)
      : graph_(graph), options_(options), store_(store), progress_(progress),
        start_(std::chrono::steady_clock::now()) {}

  Result<LoadReport> run(std::vector<Target> &targets) {
    for (const Target &t : targets)
      status_.total += t.quads.size();
    for (Target &t : targets) {
      if (Result<void> r = target(t); !r)
        return r.error();
    }
    report_.seconds = elapsed();
    return std::move(report_);
  }

private:
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  /// Under lock_ when uploads run in parallel.
  void sent(GraphReport &g, std::size_t triples) {
    ++g.chunks;
    status_.sent += triples;
    if (progress_) {
      status_.seconds = elapsed();
      progress_(status_);
    }
  }

  Result<void> target(Target &t) {
    if (cancel_requested())
      return io_error("<" + t.graph + ">", std::string(cancelled_message) + " before loading it");
    GraphReport g;
    g.graph = t.graph;
    g.sent = t.quads.size();
    const std::string where = "<" + t.graph + ">";
    Result<std::uint64_t> expected = expected_count(t, g, where);
    if (!expected)
      return expected.error();
    const std::vector<std::size_t> ends = plan_chunks(graph_, t, options_.chunk_triples);
    if (Result<void> r = send(t, g, ends, where); !r)
      return r.error();
    Result<std::uint64_t> after = store_.count(t.graph);
    if (!after)
      return with_context(after.error(), "counting " + where + " after loading");
    g.after = after.value();
    if (g.after != expected.value())
      return mismatch(g, expected.value(), where);
    report_.sent += g.sent;
    report_.graphs.push_back(std::move(g));
    return {};
  }

  /// What the graph must hold afterwards. Append: what it had, plus every triple with a blank
  /// node (new nodes), plus the ground triples it does not have yet (looked up unless empty).
  Result<std::uint64_t> expected_count(const Target &t, GraphReport &g, const std::string &where) {
    if (options_.mode != LoadMode::append)
      return g.sent;
    Result<std::uint64_t> before = store_.count(t.graph);
    if (!before)
      return with_context(before.error(), "counting " + where + " before loading");
    g.before = before.value();
    std::uint64_t expected = g.before + g.sent;
    if (g.before > 0) {
      std::uint64_t ground = 0;
      Result<std::uint64_t> present = ground_present(graph_, t, store_, ground);
      if (!present)
        return with_context(present.error(), "looking up " + where + " before loading");
      expected -= present.value();
    }
    return expected;
  }

  Diagnostic mismatch(const GraphReport &g, std::uint64_t expected, const std::string &where) {
    if (options_.mode == LoadMode::replace)
      return replace_mismatch(where, g.after, g.sent);
    const std::uint64_t diff = g.after > expected ? g.after - expected : expected - g.after;
    const std::string what = g.after < expected ? " missing)" : " extra)";
    return io_error(where, "count mismatch: the graph holds " + thousands(g.after) +
                               " triples, expected " + thousands(expected) + " (" +
                               thousands(g.before) + " before, " + thousands(expected - g.before) +
                               " of the " + thousands(g.sent) + " sent are new; " +
                               thousands(diff) + what);
  }

  /// The error of chunk `c` (0-based), with how far the load got.
  Diagnostic chunk_failed(std::size_t c, std::size_t chunks, const GraphReport &g, bool emptied,
                          const std::string &where, const Diagnostic &error) const {
    if (c == 0 && chunks == 1 && report_.graphs.empty())
      return error;
    std::string context =
        "chunk " + std::to_string(c + 1) + " of " + std::to_string(chunks) + " for " + where;
    if (c > 0 || g.chunks > 0 || emptied)
      context += ", which now holds a partial load";
    if (!report_.graphs.empty())
      context += "; " + std::to_string(report_.graphs.size()) + " graph(s) before it were loaded";
    return with_context(error, context);
  }

  /// Replace: one chunk is PUT as it is; several start with a PUT of the empty graph (which
  /// empties it, as the protocol says), so that every chunk can then be POSTed in parallel.
  /// The rest are POSTed, several at a time over connections of their own.
  Result<void> send(Target &t, GraphReport &g, const std::vector<std::size_t> &ends,
                    const std::string &where) {
    std::size_t first = 0;
    bool emptied = false;
    if (options_.mode == LoadMode::replace && !ends.empty()) {
      body_.clear();
      const std::span<const std::uint32_t> part(t.quads.data(), ends.size() == 1 ? ends[0] : 0);
      write_chunk(graph_, part, options_.syntax, body_);
      if (Result<void> put = store_.put(t.graph, body_, options_.syntax); !put)
        return chunk_failed(0, ends.size(), g, emptied, where, put.error());
      if (ends.size() == 1) {
        sent(g, part.size());
        first = 1;
      } else {
        emptied = true;
      }
    }
    std::optional<std::pair<std::size_t, Diagnostic>> failure = post_chunks(t, g, ends, first);
    if (failure)
      return chunk_failed(failure->first, ends.size(), g, emptied, where, failure->second);
    return {};
  }

  /// POSTs chunks `first`.. of `t`; the first failed chunk and its error, if any.
  std::optional<std::pair<std::size_t, Diagnostic>>
  post_chunks(const Target &t, GraphReport &g, const std::vector<std::size_t> &ends,
              std::size_t first) {
    // Chunk c covers t.quads[start(c), ends[c]).
    auto start_of = [&](std::size_t c) { return c == 0 ? std::size_t{0} : ends[c - 1]; };
    std::size_t next = first;
    std::optional<std::pair<std::size_t, Diagnostic>> failure;
    auto worker = [&](GraphStore &connection) {
      std::string chunk_body;
      for (;;) {
        std::size_t c = 0;
        {
          const std::lock_guard<std::mutex> guard(lock_);
          if (failure || next >= ends.size())
            return;
          c = next++;
        }
        const std::span<const std::uint32_t> part(t.quads.data() + start_of(c),
                                                  ends[c] - start_of(c));
        if (part.empty())
          continue;
        chunk_body.clear();
        write_chunk(graph_, part, options_.syntax, chunk_body);
        Result<void> posted = cancel_requested()
                                  ? Result<void>(io_error("<" + t.graph + ">", cancelled_message))
                                  : connection.post(t.graph, chunk_body, options_.syntax);
        const std::lock_guard<std::mutex> guard(lock_);
        if (!posted) {
          if (!failure || c < failure->first)
            failure.emplace(c, posted.error());
          return;
        }
        sent(g, part.size());
      }
    };
    std::vector<std::unique_ptr<GraphStore>> connections;
    const std::size_t remaining = ends.size() - first;
    for (std::size_t w = 1; w < std::min(options_.parallel, remaining); ++w) {
      if (auto other = store_.another())
        connections.push_back(std::move(other));
    }
    std::vector<std::thread> threads;
    for (auto &connection : connections)
      threads.emplace_back(worker, std::ref(*connection));
    worker(store_);
    for (std::thread &thread : threads)
      thread.join();
    return failure;
  }

  const graph::Graph &graph_;
  const LoadOptions &options_;
  GraphStore &store_;
  const std::function<void(const LoadProgress &)> &progress_;
  std::chrono::steady_clock::time_point start_;
  LoadReport report_;
  LoadProgress status_;
  std::string body_;
  std::mutex lock_;
};

} // namespace

Result<LoadReport> load(const graph::Graph &graph, std::vector<Target> &targets,
                        const LoadOptions &options, GraphStore &store,
                        const std::function<void(const LoadProgress &)> &progress) {
  return Loader(graph, options, store, progress).run(targets);
}

} // namespace factloom::store
