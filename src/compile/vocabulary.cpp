// file_vocabulary(): what each input's quads add to an output besides their subjects' bytes.
#include <algorithm>
#include <limits>
#include <string>
#include <unordered_set>

#include "bind/ontology.hpp"
#include "compile/ontology_terms.hpp"
#include "compile/partial.hpp"
#include "graph/graph.hpp"
#include "rdf/vocab.hpp"

namespace factloom::compile {

namespace {

/// What one term gives an output: whether the ontology describes it (its description goes into
/// the output when a quad uses it as predicate or object), and the prefix it is written with
/// (index + 1; 0: none). Computed once a term.
class TermFacts {
public:
  TermFacts(const graph::Graph &graph, const bind::Ontology &ontology)
      : graph_(graph), described_(described_terms(ontology)),
        facts_(graph.terms().size() + 1, unknown) {}

  static constexpr std::uint32_t unknown = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t described = 1U << 31U;

  std::uint32_t of(graph::TermId id) {
    std::uint32_t &f = facts_[id];
    if (f == unknown)
      f = compute(id);
    return f;
  }

private:
  std::uint32_t compute(graph::TermId id) {
    const graph::TermView t = graph_.terms().get(id);
    if (!t.is_iri())
      return 0;
    std::uint32_t f = described_.count(t.value) != 0 ? described : 0;
    std::size_t which = 0;
    if (graph_.prefix_map().shorten(t.value, scratch_, rdf::LocalNames::turtle, &which))
      f |= static_cast<std::uint32_t>(which + 1);
    return f;
  }

  const graph::Graph &graph_;
  std::unordered_set<std::string_view> described_;
  std::vector<std::uint32_t> facts_;
  std::string scratch_;
};

/// FNV-1a, 64 bits.
std::uint64_t fnv64(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

/// The hash of an item: its kind's tag and its text.
std::uint64_t item(std::string_view tag, std::string_view text) {
  return fnv64(fnv64(14695981039346656037ULL, tag), text);
}

} // namespace

std::vector<std::vector<std::uint64_t>>
file_vocabulary(const graph::Graph &graph, std::size_t files, const bind::Ontology &ontology) {
  TermFacts facts(graph, ontology);
  const graph::TermId type = graph.terms().find(graph::TermKind::iri, vocab::rdf_type);
  // Per file: the described terms used as predicate or object (OntologyTerms writes those), and
  // the prefixes the writer marks used (every IRI written, but rdf:type as a predicate: `a`).
  std::vector<std::vector<graph::TermId>> terms(files);
  std::vector<std::vector<std::uint32_t>> prefixes(files);
  // The last file that noted a term (or prefix): quads come a file at a time, so a term is
  // noted about once a file without a set.
  std::vector<std::uint32_t> last_term(graph.terms().size() + 1, 0);
  std::vector<std::uint32_t> last_prefix(graph.prefix_map().size(), 0);
  auto note = [&](std::uint32_t file, graph::TermId id, bool predicate_or_object, bool written) {
    if (id == 0)
      return;
    const std::uint32_t f = facts.of(id);
    if (predicate_or_object && (f & TermFacts::described) != 0 && last_term[id] != file) {
      last_term[id] = file;
      terms[file].push_back(id);
    }
    const std::uint32_t p = f & ~TermFacts::described;
    if (written && p != 0 && last_prefix[p - 1] != file) {
      last_prefix[p - 1] = file;
      prefixes[file].push_back(p - 1);
    }
  };
  const std::vector<graph::Quad> &quads = graph.quads();
  for (std::size_t i = 0; i < quads.size(); ++i) {
    const std::uint32_t file = graph.origin(i).file;
    if (file == 0 || file >= files)
      continue;
    const graph::Quad &q = quads[i];
    note(file, q.s, false, true);
    note(file, q.p, true, q.p != type);
    note(file, q.o, true, true);
    note(file, graph.terms().datatype_of(q.o), false, true);
  }
  std::vector<std::vector<std::uint64_t>> out(files);
  for (std::size_t f = 1; f < files; ++f) {
    for (const graph::TermId id : terms[f])
      out[f].push_back(item("T", graph.terms().get(id).value));
    for (const std::uint32_t p : prefixes[f])
      out[f].push_back(item("P", graph.prefix_map().entries()[p].name));
    std::sort(out[f].begin(), out[f].end());
    out[f].erase(std::unique(out[f].begin(), out[f].end()), out[f].end());
  }
  return out;
}

} // namespace factloom::compile
