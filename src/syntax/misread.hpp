// Values the grammar stops at that are better named than "expected X, found Y": a web address
// without its angle brackets, a date or a duration written in another format.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/diagnostic.hpp"

namespace factloom::syntax {

/// When the line of `text` that failed at `error_at` holds one of these mistakes, reports it
/// over the whole value, with the form to write, and returns true; false otherwise.
///   url: https://example.org/x   → a web address must be written in angle brackets
///   date: 14 December 2025       → a date is written YYYY-MM-DD (write 2025-12-14)
///   date: 2025-12-15 10:30       → a date and a time are joined by a T
///   duration: 5 hours            → a duration is written with a unit letter (write 5h)
bool report_misread_value(std::string_view text, const char *error_at, std::uint32_t file,
                          DiagnosticSink &sink);

} // namespace factloom::syntax
