// Syntax names and file extensions.
#include "rdf/syntax.hpp"

namespace factloom::rdf {

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
} // namespace

std::optional<Syntax> syntax_for_path(std::string_view path) {
  if (ends_with(path, ".ttl") || ends_with(path, ".turtle"))
    return Syntax::turtle;
  if (ends_with(path, ".nt"))
    return Syntax::ntriples;
  if (ends_with(path, ".nq"))
    return Syntax::nquads;
  if (ends_with(path, ".trig"))
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
