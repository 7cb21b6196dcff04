// The incremental load protocol: pending marks first, the graphs, removals, the manifest last.
#include "store/incremental.hpp"

#include <chrono>
#include <string>

#include "store/cancel.hpp"
#include "store/manifest.hpp"

namespace factloom::store {

namespace {

Diagnostic with_context(Diagnostic d, const std::string &context) {
  d.message += " (" + context + ")";
  return d;
}

Diagnostic cancelled(const std::string &what) {
  return io_error("<" + what + ">", std::string(cancelled_message) + " before " +
                                        "the manifest was written; the next incremental load "
                                        "sends what is not verified");
}

/// Step 4: empties each graph of `graphs` and checks that it counts 0.
Result<void> remove_graphs(const std::vector<std::string> &graphs, const LoadOptions &options,
                           GraphStore &store) {
  for (const std::string &g : graphs) {
    if (cancel_requested())
      return cancelled(g);
    const std::string where = "<" + g + ">";
    if (Result<void> put = store.put(g, "", options.syntax); !put)
      return with_context(put.error(), "removing " + where);
    Result<std::uint64_t> left = store.count(g);
    if (!left)
      return with_context(left.error(), "counting " + where + " after removing it");
    if (left.value() != 0)
      return replace_mismatch(where, left.value(), 0);
  }
  return {};
}

/// Step 5: replaces the manifest with `entries` and verifies it.
Result<void> write_manifest(const std::string &manifest, const LoadOptions &options,
                            const std::vector<ManifestEntry> &entries, GraphStore &store) {
  if (cancel_requested())
    return cancelled(manifest);
  const std::string where = "<" + manifest + ">";
  const std::string text = manifest_text(manifest, options.default_graph, entries);
  if (Result<void> put = store.put(manifest, text, ChunkSyntax::ntriples); !put)
    return with_context(put.error(), "writing the manifest " + where);
  Result<std::uint64_t> held = store.count(manifest);
  if (!held)
    return with_context(held.error(), "counting the manifest " + where);
  if (held.value() != entries.size() + 1)
    return replace_mismatch(where, held.value(), entries.size() + 1);
  return {};
}

} // namespace

Result<LoadReport> load_incremental(
    const graph::Graph &graph, std::vector<Target> &targets, const LoadOptions &options,
    GraphStore &store, unsigned jobs,
    const std::function<std::function<void(const LoadProgress &)>(std::uint64_t)> &progress_for) {
  const auto start = std::chrono::steady_clock::now();
  const std::string manifest = manifest_graph(options.default_graph);
  const std::vector<ManifestEntry> current = hash_targets(graph, targets, jobs);
  Result<std::vector<ManifestEntry>> stored = read_manifest(store, manifest);
  if (!stored)
    return with_context(stored.error(), "reading the manifest <" + manifest + ">");
  const ManifestDiff diff = diff_manifest(stored.value(), current);
  if (!diff.mark_pending.empty()) {
    if (Result<void> marked =
            store.post(manifest, pending_text(diff.mark_pending), ChunkSyntax::ntriples);
        !marked)
      return with_context(marked.error(), "marking changed graphs pending in <" + manifest + ">");
  }
  std::vector<Target> send;
  std::uint64_t total = 0;
  for (std::size_t i : diff.send) {
    total += targets[i].quads.size();
    send.push_back(std::move(targets[i]));
  }
  LoadReport report;
  if (!send.empty()) {
    Result<LoadReport> loaded =
        load(graph, send, options, store,
             progress_for ? progress_for(total) : std::function<void(const LoadProgress &)>());
    if (!loaded)
      return loaded.error();
    report = std::move(loaded.value());
  }
  if (Result<void> removed = remove_graphs(diff.remove, options, store); !removed)
    return removed.error();
  const bool same =
      diff.send.empty() && diff.remove.empty() && stored.value().size() == current.size();
  if (!same) {
    if (Result<void> written = write_manifest(manifest, options, current, store); !written)
      return written.error();
  }
  report.incremental = true;
  report.unchanged = diff.unchanged.size();
  report.removed = diff.remove;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

} // namespace factloom::store
