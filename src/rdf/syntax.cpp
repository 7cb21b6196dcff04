// Syntax names and file extensions.
#include "rdf/syntax.hpp"

namespace factloom::rdf {

std::optional<Syntax> syntax_for_path(std::string_view path) {
  if (path.ends_with(".ttl") || path.ends_with(".turtle"))
    return Syntax::turtle;
  if (path.ends_with(".nt"))
    return Syntax::ntriples;
  if (path.ends_with(".nq"))
    return Syntax::nquads;
  if (path.ends_with(".trig"))
    return Syntax::trig;
  return std::nullopt;
}

std::optional<Syntax> syntax_by_name(std::string_view name) {
  if (name == "turtle" || name == "ttl")
    return Syntax::turtle;
  if (name == "ntriples" || name == "nt")
    return Syntax::ntriples;
  if (name == "nquads" || name == "nq")
    return Syntax::nquads;
  if (name == "trig")
    return Syntax::trig;
  return std::nullopt;
}

} // namespace factloom::rdf
