// Text → AST for one fact file, with syntax diagnostics.
#pragma once

#include <cstdint>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "syntax/ast.hpp"

namespace factloom::syntax {

/// Parses `source` (index `file` in the run's SourceSet). Syntax errors go to `sink`: the parser
/// reports the first error of each line it cannot read and resumes at the next line, so one run
/// shows several independent mistakes. Invalid UTF-8 and NUL bytes are reported up front.
/// Never throws on any input.
ast::Document parse(const SourceFile &source, std::uint32_t file, DiagnosticSink &sink);

/// Decodes the escapes of a string body (\" \\ \n \t \r \uXXXX \UXXXXXXXX) into `out`.
/// Returns false and sets `bad` to the offset (within body) of an invalid escape.
bool unescape(std::string_view body, std::string &out, std::size_t &bad);

} // namespace factloom::syntax
