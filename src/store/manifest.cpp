// Hashes, the manifest diff and the manifest's text for incremental loads.
#include "store/manifest.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "base/parallel.hpp"
#include "base/sha256.hpp"
#include "store/rdf_text.hpp"

namespace factloom::store {

std::string manifest_graph(const std::string &default_graph) {
  const bool ends =
      !default_graph.empty() && (default_graph.back() == '/' || default_graph.back() == '#');
  return default_graph + (ends ? "" : "/") + "factloom/manifest";
}

std::string staged_manifest_graph(const std::string &default_graph) {
  return manifest_graph(default_graph) + "/staged";
}

ManifestDiff diff_manifest(std::span<const ManifestEntry> stored,
                           std::span<const ManifestEntry> current) {
  // Per graph: the one stored value, or "" when there are several (or "pending").
  std::map<std::string_view, std::string_view> held;
  for (const ManifestEntry &e : stored) {
    auto [it, fresh] = held.try_emplace(e.graph, e.hash);
    if (!fresh && it->second != e.hash)
      it->second = {};
    if (e.hash == pending_hash)
      it->second = {};
  }
  ManifestDiff diff;
  for (std::size_t i = 0; i < current.size(); ++i) {
    const auto it = held.find(current[i].graph);
    if (it != held.end() && !it->second.empty() && it->second == current[i].hash) {
      diff.unchanged.push_back(i);
      continue;
    }
    diff.send.push_back(i);
    diff.mark_pending.push_back(current[i].graph);
  }
  std::vector<std::string_view> now;
  for (const ManifestEntry &e : current)
    now.push_back(e.graph);
  std::sort(now.begin(), now.end());
  for (const auto &[graph, value] : held) {
    if (!std::binary_search(now.begin(), now.end(), graph)) {
      diff.remove.emplace_back(graph);
      diff.mark_pending.emplace_back(graph);
    }
  }
  std::sort(diff.mark_pending.begin(), diff.mark_pending.end());
  return diff;
}

namespace {

/// `line` ("S P O .") with a blank subject's or object's label dropped (`_:b`).
std::string_view without_blank_labels(std::string_view line, std::string &scratch) {
  std::string_view s = line;
  std::string_view head;
  if (s.starts_with("_:")) {
    s.remove_prefix(s.find(' '));
    head = "_:b";
  }
  std::string_view tail;
  const std::size_t last = s.rfind(' ', s.size() - 3); // before " ."
  if (last != std::string_view::npos && s.substr(last + 1).starts_with("_:")) {
    s = s.substr(0, last + 1);
    tail = "_:b .";
  }
  if (head.empty() && tail.empty())
    return line;
  scratch.assign(head).append(s).append(tail);
  return scratch;
}

} // namespace

std::string graph_hash(const graph::Graph &graph, const Target &target) {
  std::string text;
  write_chunk(graph, target.quads, ChunkSyntax::ntriples, text);
  std::vector<std::string> relabelled; // lines with blank nodes, relabelled
  std::vector<std::string_view> lines;
  lines.reserve(target.quads.size());
  std::string scratch;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos)
      end = text.size();
    const std::string_view line(text.data() + at, end - at);
    at = end + 1;
    if (line.empty())
      continue;
    const std::string_view kept = without_blank_labels(line, scratch);
    if (kept.data() == line.data()) {
      lines.push_back(line);
    } else {
      relabelled.push_back(std::string(kept));
    }
  }
  for (const std::string &r : relabelled)
    lines.push_back(r);
  std::sort(lines.begin(), lines.end());
  Sha256 hash;
  for (std::string_view line : lines) {
    hash.update(line);
    hash.update("\n");
  }
  return hash.hex();
}

std::vector<ManifestEntry> hash_targets(const graph::Graph &graph,
                                        const std::vector<Target> &targets, unsigned jobs) {
  std::vector<ManifestEntry> out(targets.size());
  parallel::for_each_index(jobs, targets.size(), [&](std::size_t i) {
    out[i].graph = targets[i].graph;
    out[i].hash = graph_hash(graph, targets[i]);
  });
  return out;
}

namespace {

std::string entry_line(const std::string &graph, const std::string &hash) {
  return ntriples_iri(graph) + " " + ntriples_iri(content_hash_iri) + " " +
         ntriples_literal(hash, "", "") + " .\n";
}

} // namespace

std::string manifest_text(const std::string &manifest, const std::string &default_graph,
                          std::span<const ManifestEntry> entries) {
  std::string out = ntriples_iri(manifest) + " " + ntriples_iri(manifest_of_iri) + " " +
                    ntriples_iri(default_graph) + " .\n";
  for (const ManifestEntry &e : entries)
    out += entry_line(e.graph, e.hash);
  return out;
}

std::string pending_text(std::span<const std::string> graphs) {
  std::string out;
  for (const std::string &g : graphs)
    out += entry_line(g, pending_hash);
  return out;
}

Result<std::vector<ManifestEntry>> read_manifest(GraphStore &store, const std::string &manifest) {
  Result<std::uint64_t> held = store.count(manifest);
  if (!held)
    return held.error();
  if (held.value() == 0)
    return std::vector<ManifestEntry>{};
  auto pairs = store.subject_values(manifest, content_hash_iri);
  if (!pairs)
    return pairs.error();
  std::vector<ManifestEntry> out;
  for (auto &[graph, value] : pairs.value())
    out.push_back({std::move(graph), std::move(value)});
  // Every triple but fl:manifestOf is an entry: fewer rows is an answer cut short.
  if (out.size() + 1 < held.value())
    return io_error("<" + manifest + ">",
                    "the store answered " + std::to_string(out.size()) +
                        " rows for a manifest of " + std::to_string(held.value()) +
                        " triples (does it cut SELECT answers short? Virtuoso: "
                        "ResultSetMaxRows in virtuoso.ini)");
  return out;
}

} // namespace factloom::store
