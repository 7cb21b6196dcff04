// RDF text for stores, written by Serd: the terms inside SPARQL requests and TSV results
// (N-Triples syntax), and the bodies of upload chunks (Turtle or N-Triples).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "graph/graph.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/term.hpp"

namespace factloom::store {

enum class ChunkSyntax { ntriples, turtle };

/// A term in N-Triples syntax (`<iri>`, `_:label`, `"text"@lang`, `"text"^^<datatype>`), as
/// Serd writes it: IRIs with the characters N-Triples forbids as \u escapes, strings with
/// `"`, `\`, LF, CR, TAB escaped and other control characters as \u escapes.
std::string ntriples_term(const rdf::TermView &term);
/// ntriples_term of an IRI / a literal.
std::string ntriples_iri(std::string_view iri);
std::string ntriples_literal(std::string_view lexical, std::string_view datatype,
                             std::string_view lang);

/// One triple of a graph in N-Triples syntax without the final " ." (blank nodes as
/// _:b<term id>), for SPARQL requests.
std::string ntriples_statement(const graph::Graph &graph, const graph::Quad &quad);

/// Appends the triples `quads` (indexes into graph.quads()) to `out`, written by Serd.
/// N-Triples: one statement a line. Turtle: the graph's own prefixes whose names are plain
/// letters and digits and the common ones declared; IRIs under them with plain local names
/// (rdf::LocalNames::plain: no corner of Turtle's grammar that an older store reader such as
/// Virtuoso 7.2 may not know) as prefixed names; subjects grouped. Blank nodes are written as
/// _:b<term id>.
void write_chunk(const graph::Graph &graph, std::span<const std::uint32_t> quads,
                 ChunkSyntax syntax, std::string &out);

} // namespace factloom::store
