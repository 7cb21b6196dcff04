// Rendering DOT with Graphviz's `dot` program (found on PATH; Debian's graphviz package).
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace factloom::view {

/// The default of --dot-timeout: seconds a picture may take before dot is stopped.
inline constexpr unsigned default_dot_timeout = 60;

/// Runs `dot -T<format>` (format "svg" or "png") on `dot_text` and returns its output. Fails
/// with a clear message when `dot` is not installed, cannot be started, exits with an error
/// (its own messages go to stderr), or runs longer than `timeout_seconds` (0: no limit; dot is
/// then killed). No shell is involved.
Result<std::string> render(std::string_view dot_text, const std::string &format,
                           unsigned timeout_seconds = 0);

/// Renders several DOT graphs to SVG with one dot process (dot reads them one after the other
/// and writes one SVG document for each): much cheaper than a process a picture, as every dot
/// start loads its plugins and fonts. A graph dot cannot draw is retried alone; one that still
/// fails, or a batch that runs longer than `timeout_seconds` a graph, gives nullopt. When `stop`
/// becomes true (checked a few times a second) dot is killed and every picture is nullopt.
std::vector<std::optional<std::string>> render_svgs(const std::vector<std::string> &graphs,
                                                    unsigned timeout_seconds = 0,
                                                    const std::atomic<bool> *stop = nullptr);

} // namespace factloom::view
