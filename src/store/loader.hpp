// Loading a Graph into a store through the Graph Store Protocol in chunks, then proving by a
// SPARQL COUNT that everything arrived (a 2xx answer is not proof).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "graph/graph.hpp"
#include "store/http.hpp"
#include "store/rdf_text.hpp"
#include "store/sparql.hpp"

namespace factloom::store {

enum class LoadMode { replace, append };

/// The operations the loader needs from a store. `HttpGraphStore` speaks HTTP; tests use fakes.
class GraphStore {
public:
  virtual ~GraphStore() = default;
  /// Replaces the graph with the triples in `body` (Graph Store PUT).
  virtual Result<void> put(const std::string &graph, std::string_view body, ChunkSyntax syntax) = 0;
  /// Adds the triples in `body` to the graph (Graph Store POST).
  virtual Result<void> post(const std::string &graph, std::string_view body,
                            ChunkSyntax syntax) = 0;
  /// Number of triples in the graph.
  virtual Result<std::uint64_t> count(const std::string &graph) = 0;
  /// How many of `triples` (N-Triples statements without the final " .", no blank nodes)
  /// the graph holds.
  virtual Result<std::uint64_t> count_present(const std::string &graph,
                                              std::span<const std::string> triples) = 0;
  /// Another connection to the same store, for uploading chunks in parallel; nullptr when the
  /// store cannot (then chunks go one after another).
  virtual std::unique_ptr<GraphStore> another() const { return nullptr; }
  /// (subject IRI, literal's lexical form) of every triple with `predicate` in the graph (the
  /// manifest of incremental loads). The default: an error, the store cannot tell.
  virtual Result<std::vector<std::pair<std::string, std::string>>>
  subject_values(const std::string &graph, const std::string &predicate);
};

/// A Graph Store endpoint (indirect identification: ENDPOINT?graph=IRI) plus a SPARQL endpoint
/// for the counts.
class HttpGraphStore final : public GraphStore {
public:
  HttpGraphStore(std::string graph_store_endpoint, std::string sparql_endpoint,
                 HttpOptions options);
  Result<void> put(const std::string &graph, std::string_view body, ChunkSyntax syntax) override;
  Result<void> post(const std::string &graph, std::string_view body, ChunkSyntax syntax) override;
  Result<std::uint64_t> count(const std::string &graph) override;
  Result<std::uint64_t> count_present(const std::string &graph,
                                      std::span<const std::string> triples) override;
  std::unique_ptr<GraphStore> another() const override;
  Result<std::vector<std::pair<std::string, std::string>>>
  subject_values(const std::string &graph, const std::string &predicate) override;

  /// How many times a write that ran into another transaction (transaction_conflict) is sent
  /// again, each time alone: it waits for the writes of this store's other connections (the
  /// ones another() made) and holds theirs back until it is answered.
  static constexpr int conflict_retries = 3;

  struct Gate; ///< (loader.cpp)

private:
  HttpGraphStore(std::string graph_store_endpoint, std::string sparql_endpoint, HttpOptions options,
                 std::shared_ptr<Gate> gate);
  Result<void> send(const char *method, const std::string &graph, std::string_view body,
                    ChunkSyntax syntax);
  std::shared_ptr<Gate> gate_; ///< shared by the connections another() made
  std::string endpoint_;
  std::string sparql_endpoint_;
  HttpOptions options_;
  HttpClient http_;
  SparqlClient sparql_;
};

/// The triples bound for one graph of the store.
struct Target {
  std::string graph;                ///< graph IRI in the store
  std::vector<std::uint32_t> quads; ///< indexes into Graph::quads(), distinct (s, p, o)
  std::uint64_t blank_triples = 0;  ///< how many of them mention a blank node
};

/// Groups the quads of a frozen graph by destination: each named graph to its own IRI, the
/// default graph to `default_graph`; repeats of (s, p, o) within a destination are dropped.
/// Targets are ordered by graph IRI.
std::vector<Target> plan_targets(const graph::Graph &graph, const std::string &default_graph);

/// Reorders `target.quads` so that the triples of each blank-node component (blank nodes
/// linked by triples) are adjacent, and returns the chunk boundaries (end offsets). A chunk
/// ends after `chunk_triples` triples unless that would split a component: one request's blank
/// labels mean nothing in the next, so a component always travels in one request.
std::vector<std::size_t> plan_chunks(const graph::Graph &graph, Target &target,
                                     std::size_t chunk_triples);

/// "count mismatch: the store holds H triples, S were sent (D missing)" (or "extra"), for `where`.
Diagnostic replace_mismatch(const std::string &where, std::uint64_t held, std::uint64_t sent);

struct LoadOptions {
  LoadMode mode = LoadMode::replace;
  ChunkSyntax syntax = ChunkSyntax::turtle;
  std::size_t chunk_triples = 50000;
  /// Chunks in flight at once (after the replacing PUT, which goes first). Measured on Virtuoso
  /// 7.2 with 2 cores: 1 M triples in 10 chunks took 13.4 s one at a time, 6.4 s two at a
  /// time, 5.8 s three at a time.
  std::size_t parallel = 3;
  std::string default_graph; ///< where default-graph triples go
  /// Send only graphs whose content changed since the last incremental load into the store
  /// (store/incremental.hpp); named graphs (--per-source) only.
  bool incremental = false;
};

struct LoadProgress {
  std::uint64_t sent = 0;  ///< triples sent so far (all graphs)
  std::uint64_t total = 0; ///< triples to send (all graphs)
  double seconds = 0;
};

/// What happened to one graph; `after` is the verified count.
struct GraphReport {
  std::string graph;
  std::uint64_t sent = 0;
  std::uint64_t before = 0; ///< append only
  std::uint64_t after = 0;
  std::uint64_t chunks = 0;
};

struct LoadReport {
  std::vector<GraphReport> graphs; ///< the graphs sent (incremental: only the changed ones)
  std::uint64_t sent = 0;
  double seconds = 0;
  bool incremental = false;
  std::uint64_t unchanged = 0;      ///< incremental: graphs left alone (hash unchanged)
  std::vector<std::string> removed; ///< incremental: graphs emptied (gone from the corpus)
};

/// Sends every target and verifies it.
/// Replace: a single chunk is PUT; several start with a PUT of the empty graph (so the graph
/// holds nothing else) and are then POSTed, up to `parallel` at once; then COUNT must equal
/// the distinct triples sent.
/// Append (RDF sets: sending a triple the graph has changes nothing): with B triples before,
/// the graph must then hold exactly B + K + (G - P): K triples with blank nodes (always new,
/// as a store mints fresh nodes for each request), G ground triples of which P were already
/// there. P is looked up by SPARQL before sending (100 triples a query) unless B = 0.
/// This assumes nobody else writes to the graph meanwhile.
/// Stops at the first failure; the message says which graph, how far it got and that the
/// graph may now hold a partial load.
Result<LoadReport> load(const graph::Graph &graph, std::vector<Target> &targets,
                        const LoadOptions &options, GraphStore &store,
                        const std::function<void(const LoadProgress &)> &progress = {});

} // namespace factloom::store
