// `load --per-source --incremental`: send only the graphs whose content hash differs from the
// one the store's manifest holds, drop the graphs of articles no longer in the corpus, and keep
// the manifest right even when a load is interrupted (docs/store.md, "Incremental loads").
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/result.hpp"
#include "graph/graph.hpp"
#include "store/loader.hpp"

namespace factloom::store {

/// In this order, so that whatever point a load stops at, the next one repairs it:
/// 1. hash every target; read the manifest (manifest_graph(options.default_graph)) and the
///    staged one (staged_manifest_graph), empty unless a load was cut short in step 5;
/// 2. POST a "pending" mark for every graph to send into the manifest (a graph with a pending
///    mark, several values or no entry is always sent; one listed but gone from the corpus is
///    emptied);
/// 3. send the changed and new graphs with load() (replace: each verified by its COUNT);
/// 4. empty the graphs the manifest lists and the corpus no longer has (each COUNT must be 0);
/// 5. PUT the new manifest (every graph's hash) into the staged graph, then into the manifest,
///    then empty the staged graph, each verified by its COUNT.
/// Nothing is written when nothing changed. The report lists the graphs sent; `unchanged` and
/// `removed` say the rest.
Result<LoadReport>
load_incremental(const graph::Graph &graph, std::vector<Target> &targets,
                 const LoadOptions &options, GraphStore &store, unsigned jobs,
                 const std::function<std::function<void(const LoadProgress &)>(std::uint64_t)>
                     &progress_for = {});

} // namespace factloom::store
