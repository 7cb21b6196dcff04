// Rendering DOT with Graphviz's `dot` program (found on PATH; Debian's graphviz package).
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace factloom::view {

/// Runs `dot -T<format>` (format "svg" or "png") on `dot_text` and returns its output. Fails
/// with a clear message when `dot` is not installed, cannot be started, or exits with an error
/// (its own messages go to stderr). No shell is involved.
Result<std::string> render(std::string_view dot_text, const std::string &format);

} // namespace factloom::view
