// The ontology terms a compiled graph uses travel with it: their labels and types, and the
// class hierarchy above the classes reached, so that the graph answers queries on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "graph/sink.hpp"

namespace factloom::bind {
class Ontology;
}

namespace factloom::compile {

/// The IRIs `ontology` has statements about: the terms whose description an output carries when
/// its quads use them as predicate or object (views into the ontology's model).
std::unordered_set<std::string_view> described_terms(const bind::Ontology &ontology);

/// A QuadSink in front of another: it passes every quad on and notes which IRIs described by
/// the ontology the quads use as predicate or object (enumeration values such as fl:Held,
/// classes as objects of rdf:type, properties). emit() then writes, for each such term, its
/// rdfs:label and rdf:type statements from the ontology; every ontology class reached as a
/// type gets the same, plus its rdfs:subClassOf links (to IRIs) up to the roots of the
/// hierarchy, each superclass described in turn. Cost: one array lookup per quad position.
class OntologyTerms final : public graph::QuadSink {
public:
  OntologyTerms(const bind::Ontology &ontology, graph::QuadSink &out);

  graph::TermTable &terms() override { return out_.terms(); }
  void prefix(std::string_view name, std::string_view iri) override { out_.prefix(name, iri); }
  bool add(const graph::Quad &quad, SourceSpan from) override;
  void reserve(std::size_t quads) override { out_.reserve(quads); }
  void end_input(bool ok) override { out_.end_input(ok); }

  /// Writes the description of the terms noted so far into the sink, in the default graph,
  /// sorted by term (deterministic). Returns the number of quads written (it stops early when
  /// the sink asks it to).
  std::size_t emit();

private:
  void note(graph::TermId id);

  const bind::Ontology &ontology_;
  graph::QuadSink &out_;
  std::unordered_set<std::string_view> described_; ///< IRIs the ontology has statements about
  std::vector<std::uint8_t> seen_;                 ///< by TermId: looked at already
  std::vector<graph::TermId> used_;                ///< ontology terms the quads use
};

} // namespace factloom::compile
