// Labels, types and the class hierarchy of the ontology terms a graph uses, written with it.
#include "compile/ontology_terms.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "bind/ontology.hpp"
#include "rdf/vocab.hpp"

namespace factloom::compile {

std::unordered_set<std::string_view> described_terms(const bind::Ontology &ontology) {
  std::unordered_set<std::string_view> out;
  for (const rdf::Statement &st : ontology.model().match()) {
    if (st.s.is_iri())
      out.insert(st.s.value());
  }
  return out;
}

OntologyTerms::OntologyTerms(const bind::Ontology &ontology, graph::QuadSink &out)
    : ontology_(ontology), out_(out), described_(described_terms(ontology)) {}

void OntologyTerms::note(graph::TermId id) {
  if (id >= seen_.size())
    seen_.resize(std::max<std::size_t>(id + 1, seen_.size() * 2), 0);
  if (seen_[id] != 0)
    return;
  seen_[id] = 1;
  const graph::TermView term = out_.terms().get(id);
  if (term.is_iri() && described_.count(term.value) != 0)
    used_.push_back(id);
}

bool OntologyTerms::add(const graph::Quad &quad, SourceSpan from) {
  note(quad.p);
  note(quad.o);
  return out_.add(quad, from);
}

namespace {

/// The terms to describe: the used ones, and every class above them (rdf:type, then
/// rdfs:subClassOf, transitively) that the ontology describes. Sorted by IRI.
std::set<std::string> closure(const rdf::Model &model, std::vector<std::string> todo,
                              const std::unordered_set<std::string_view> &described) {
  const rdf::Node type = model.iri(vocab::rdf_type);
  const rdf::Node sub_class_of = model.iri(vocab::rdfs_sub_class_of);
  std::set<std::string> out;
  while (!todo.empty()) {
    std::string iri = std::move(todo.back());
    todo.pop_back();
    if (!out.insert(iri).second)
      continue;
    const rdf::Node node = model.iri(iri);
    for (const rdf::Node p : {type, sub_class_of}) {
      for (const rdf::Node o : model.objects(node, p)) {
        if (o.is_iri() && described.count(o.value()) != 0 && out.count(std::string(o.value())) == 0)
          todo.emplace_back(o.value());
      }
    }
  }
  return out;
}

} // namespace

std::size_t OntologyTerms::emit() {
  graph::TermTable &terms = out_.terms();
  std::vector<std::string> used;
  used.reserve(used_.size());
  for (const graph::TermId id : used_)
    used.emplace_back(terms.get(id).value);
  const rdf::Model &model = ontology_.model();
  const rdf::Node label = model.iri(vocab::rdfs_label);
  const rdf::Node type = model.iri(vocab::rdf_type);
  const rdf::Node sub_class_of = model.iri(vocab::rdfs_sub_class_of);
  std::size_t written = 0;
  for (const std::string &iri : closure(model, std::move(used), described_)) {
    const rdf::Node subject = model.iri(iri);
    const graph::TermId s = terms.iri(iri);
    for (const rdf::Node p : {type, label, sub_class_of}) {
      const graph::TermId pid = terms.iri(p.value());
      for (const rdf::Node o : model.objects(subject, p)) {
        const rdf::TermView v = o.view();
        graph::TermId oid = 0;
        if (v.is_iri())
          oid = terms.iri(v.value);
        else if (v.is_literal() && p == label)
          oid = terms.literal(
              v.value, v.lang.empty() && !v.datatype.empty() ? terms.iri(v.datatype) : 0, v.lang);
        if (oid == 0)
          continue;
        if (!out_.add(graph::Quad{s, pid, oid, 0}, SourceSpan{}))
          return written;
        ++written;
      }
    }
  }
  return written;
}

} // namespace factloom::compile
