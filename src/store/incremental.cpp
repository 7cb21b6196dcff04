// The incremental load protocol: pending marks first, the graphs, removals, the manifest last.
#include "store/incremental.hpp"

#include <algorithm>
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

/// Replaces `graph` with the manifest `entries` (none: empties it) and verifies its count.
Result<void> put_manifest(const std::string &graph, const LoadOptions &options,
                          const std::vector<ManifestEntry> &entries, GraphStore &store) {
  if (cancel_requested())
    return cancelled(graph);
  const std::string where = "<" + graph + ">";
  const std::string text =
      entries.empty() ? std::string() : manifest_text(graph, options.default_graph, entries);
  if (Result<void> put = store.put(graph, text, ChunkSyntax::ntriples); !put)
    return with_context(put.error(), "writing the manifest " + where);
  Result<std::uint64_t> held = store.count(graph);
  if (!held)
    return with_context(held.error(), "counting the manifest " + where);
  const std::uint64_t want = entries.empty() ? 0 : entries.size() + 1;
  if (held.value() != want)
    return replace_mismatch(where, held.value(), want);
  return {};
}

/// Step 5: the new manifest into the staged graph, then into the manifest, then the staged one
/// emptied: whichever PUT is cut short, one of the two lists every graph the corpus has.
Result<void> write_manifest(const LoadOptions &options, const std::vector<ManifestEntry> &entries,
                            GraphStore &store) {
  const std::string staged = staged_manifest_graph(options.default_graph);
  if (Result<void> r = put_manifest(staged, options, entries, store); !r)
    return r;
  if (Result<void> r = put_manifest(manifest_graph(options.default_graph), options, entries, store);
      !r)
    return r;
  return put_manifest(staged, options, {}, store);
}

/// Step 1's reading: the entries of the manifest and of the staged manifest (left by a load cut
/// short in step 5), and whether the manifest alone already says exactly `current`.
Result<std::vector<ManifestEntry>> read_both(const LoadOptions &options, GraphStore &store,
                                             const std::vector<ManifestEntry> &current,
                                             bool &exact) {
  const std::string manifest = manifest_graph(options.default_graph);
  Result<std::vector<ManifestEntry>> stored = read_manifest(store, manifest);
  if (!stored)
    return with_context(stored.error(), "reading the manifest <" + manifest + ">");
  const std::string staged = staged_manifest_graph(options.default_graph);
  Result<std::vector<ManifestEntry>> more = read_manifest(store, staged);
  if (!more)
    return with_context(more.error(), "reading the manifest <" + staged + ">");
  std::vector<ManifestEntry> sorted = stored.value();
  std::sort(sorted.begin(), sorted.end(),
            [](const ManifestEntry &a, const ManifestEntry &b) { return a.graph < b.graph; });
  exact = more.value().empty() && sorted == current;
  stored.value().insert(stored.value().end(), more.value().begin(), more.value().end());
  return stored;
}

} // namespace

Result<LoadReport> load_incremental(
    const graph::Graph &graph, std::vector<Target> &targets, const LoadOptions &options,
    GraphStore &store, unsigned jobs,
    const std::function<std::function<void(const LoadProgress &)>(std::uint64_t)> &progress_for) {
  const auto start = std::chrono::steady_clock::now();
  const std::string manifest = manifest_graph(options.default_graph);
  const std::vector<ManifestEntry> current = hash_targets(graph, targets, jobs);
  bool exact = false;
  Result<std::vector<ManifestEntry>> stored = read_both(options, store, current, exact);
  if (!stored)
    return stored.error();
  const ManifestDiff diff = diff_manifest(stored.value(), current);
  if (!diff.mark_pending.empty()) {
    if (Result<void> marked =
            store.post(manifest, pending_text(diff.mark_pending), ChunkSyntax::ntriples);
        !marked)
      return with_context(marked.error(),
                          "marking the graphs to send pending in <" + manifest + ">");
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
  if (!exact) {
    if (Result<void> written = write_manifest(options, current, store); !written)
      return written.error();
  }
  report.incremental = true;
  report.unchanged = diff.unchanged.size();
  report.removed = diff.remove;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

} // namespace factloom::store
