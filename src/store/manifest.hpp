// The manifest of incremental loads (`load --per-source --incremental`): which graphs of a
// corpus a store holds and a content hash of each, kept in the store itself (one graph per
// corpus), so that any machine loading the same corpus into the same store agrees on what
// changed. Pure planning here (hashes, the diff, the manifest's text); the protocol that uses it
// is in store/incremental.hpp.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "graph/graph.hpp"
#include "store/loader.hpp"

namespace factloom::store {

/// <graph> fl:contentHash "64 hex digits" (or "pending") in the manifest graph.
inline constexpr const char *content_hash_iri = "https://w3id.org/factloom/ns#contentHash";
/// <manifest> fl:manifestOf <the corpus's --graph>.
inline constexpr const char *manifest_of_iri = "https://w3id.org/factloom/ns#manifestOf";
/// The value marking a graph whose replacement has started and not been verified.
inline constexpr const char *pending_hash = "pending";

/// The manifest graph of the corpus whose default graph is `default_graph`:
/// `<default_graph>factloom/manifest` (a '/' is put between when the IRI ends otherwise).
std::string manifest_graph(const std::string &default_graph);

/// Where the new manifest is written before the manifest itself (and emptied after): if the
/// manifest's PUT is cut short, this one still lists every graph. `<manifest>/staged`.
std::string staged_manifest_graph(const std::string &default_graph);

/// One (graph, hash) pair: a triple of a manifest as read, or a graph of the corpus now.
struct ManifestEntry {
  std::string graph;
  std::string hash;
  friend bool operator==(const ManifestEntry &, const ManifestEntry &) = default;
};

/// What an incremental load does, by the stored manifest and the corpus now.
struct ManifestDiff {
  std::vector<std::size_t> send;      ///< indexes into `current`: missing, changed or pending
  std::vector<std::size_t> unchanged; ///< indexes into `current`: one stored hash, the same
  std::vector<std::string> remove;    ///< graphs in the manifest, not in the corpus (sorted)
  /// The graphs to send or remove, sorted: marked pending in the manifest before they are
  /// written, so that a load cut short leaves every graph it may have touched listed with a
  /// pending mark (and so resent, or removed, by the next one, whatever the corpus is then).
  std::vector<std::string> mark_pending;
};

/// A graph is unchanged only when the manifest holds exactly one value for it and that value is
/// its current hash; several values (an interrupted load's pending mark beside the old hash),
/// "pending", another hash or none: it is sent. `current` has one entry per graph.
ManifestDiff diff_manifest(std::span<const ManifestEntry> stored,
                           std::span<const ManifestEntry> current);

/// SHA-256 of the target's triples as canonical N-Triples (one "S P O .\n" line each, lines
/// sorted bytewise); blank nodes written `_:b` whatever their label, so that the hash does not
/// depend on term ids.
std::string graph_hash(const graph::Graph &graph, const Target &target);

/// graph_hash of each target (several at once with `jobs`), in the targets' order.
std::vector<ManifestEntry> hash_targets(const graph::Graph &graph,
                                        const std::vector<Target> &targets, unsigned jobs);

/// The manifest as N-Triples: one fl:contentHash triple per entry and the fl:manifestOf one.
std::string manifest_text(const std::string &manifest, const std::string &default_graph,
                          std::span<const ManifestEntry> entries);

/// `<g> fl:contentHash "pending" .` for each of `graphs`, as N-Triples.
std::string pending_text(std::span<const std::string> graphs);

/// The fl:contentHash triples of the manifest graph; an error when the store fails or answers
/// fewer rows than the graph holds (a store that cuts SELECT answers short).
Result<std::vector<ManifestEntry>> read_manifest(GraphStore &store, const std::string &manifest);

} // namespace factloom::store
