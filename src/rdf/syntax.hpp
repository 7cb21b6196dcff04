// RDF syntaxes that factloom reads and writes.
#pragma once

#include <optional>
#include <string_view>

namespace factloom::rdf {

enum class Syntax { turtle, ntriples, nquads, trig };

/// By file extension (.ttl, .nt, .nq, .trig); nullopt for anything else.
std::optional<Syntax> syntax_for_path(std::string_view path);
/// By name ("turtle", "ntriples", "nquads", "trig").
std::optional<Syntax> syntax_by_name(std::string_view name);

} // namespace factloom::rdf
