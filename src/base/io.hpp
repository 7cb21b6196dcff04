// File input and atomic file output.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace factloom {

/// Reads a whole file ("-" = stdin). Errors name the path and the OS reason.
Result<std::string> read_file(const std::string& path);

/// Writes `data` to `path` atomically: a temporary file in the same folder, fsync, rename.
/// "-" writes to stdout (flushed and checked). On failure nothing at `path` changes.
Result<void> write_file_atomic(const std::string& path, std::string_view data);

}  // namespace factloom
