#include "view/facts.hpp"

#include <algorithm>
#include <array>

#include "rdf/vocab.hpp"

namespace factloom::view {

namespace {

/// The fl: terms that the views and the site ask for, looked up once.
constexpr std::string_view known_fl_terms[] = {
    "Agent",         "Claim",      "Event",     "Meeting",
    "Participation", "Person",     "Proposal",  "ReferenceData",
    "Signable",      "Source",     "agent",     "alias",
    "alternativeTo", "counterTo",  "date",      "follows",
    "hadRole",       "holder",     "issuedBy",  "madePublic",
    "participant",   "position",   "presented", "proposalStatus",
    "proposer",      "published",  "publisher", "qualifiedParticipation",
    "recipient",     "revisionOf", "signatory", "signedDocument",
    "start",         "status",     "text",      "title",
    "toward"};

constexpr std::string_view sem_ns = "http://semanticweb.cs.vu.nl/2009/11/sem/";

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

void sort_unique(std::vector<TermId> &ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

} // namespace

Facts::Facts(const graph::Graph &graph, std::string base_iri, std::string lang)
    : graph_(graph), base_(std::move(base_iri)), lang_(std::move(lang)) {
  rdf_type = iri(vocab::rdf_type);
  rdfs_label = iri(vocab::rdfs_label);
  prov_derived = iri(vocab::prov_was_derived_from);
  for (const std::string_view local : known_fl_terms)
    fl_terms_.emplace(local, iri(std::string(vocab::fl) + std::string(local)));
  if (const TermId sub = iri(vocab::rdfs_sub_class_of); sub != 0) {
    for (const std::uint32_t q : graph_.with_predicate(sub)) {
      const graph::Quad &quad = graph_.quads()[q];
      subclasses_[quad.o].push_back(quad.s);
    }
    for (auto &entry : subclasses_)
      sort_unique(entry.second);
  }
}

TermId Facts::iri(std::string_view iri) const {
  return graph_.terms().find(graph::TermKind::iri, iri);
}

TermId Facts::fl(std::string_view local) const {
  if (const auto it = fl_terms_.find(local); it != fl_terms_.end())
    return it->second;
  return iri(std::string(vocab::fl) + std::string(local));
}

TermId Facts::entity(std::string_view short_id) const {
  if (short_id.empty())
    return 0;
  return iri(base_ + std::string(short_id));
}

std::vector<TermId> Facts::objects(TermId s, TermId p) const {
  std::vector<TermId> out;
  if (s == 0 || p == 0)
    return out;
  for (const graph::Quad &q : graph_.with_subject_predicate(s, p))
    out.push_back(q.o);
  sort_unique(out);
  return out;
}

TermId Facts::object(TermId s, TermId p) const {
  if (s == 0 || p == 0)
    return 0;
  const auto quads = graph_.with_subject_predicate(s, p);
  return quads.empty() ? 0 : quads.front().o;
}

std::vector<TermId> Facts::subjects(TermId p, TermId o) const {
  if (p == 0 || o == 0)
    return {};
  std::vector<TermId> out = graph_.subjects(p, o);
  sort_unique(out);
  return out;
}

std::vector<TermId> Facts::instances(TermId cls) const {
  std::vector<TermId> classes;
  std::vector<TermId> todo{cls};
  while (!todo.empty()) {
    const TermId c = todo.back();
    todo.pop_back();
    if (c == 0 || std::find(classes.begin(), classes.end(), c) != classes.end())
      continue;
    classes.push_back(c);
    if (auto it = subclasses_.find(c); it != subclasses_.end())
      todo.insert(todo.end(), it->second.begin(), it->second.end());
  }
  std::vector<TermId> out;
  for (const TermId c : classes) {
    const auto found = subjects(rdf_type, c);
    out.insert(out.end(), found.begin(), found.end());
  }
  sort_unique(out);
  std::vector<std::pair<std::string, TermId>> keyed;
  for (const TermId id : out)
    keyed.emplace_back(short_id(id), id);
  std::sort(keyed.begin(), keyed.end());
  out.clear();
  for (const auto &k : keyed)
    out.push_back(k.second);
  return out;
}

bool Facts::is_a(TermId s, TermId cls) const {
  for (const TermId t : objects(s, rdf_type)) {
    std::vector<TermId> todo{cls};
    std::vector<TermId> seen;
    while (!todo.empty()) {
      const TermId c = todo.back();
      todo.pop_back();
      if (c == t)
        return true;
      if (std::find(seen.begin(), seen.end(), c) != seen.end())
        continue;
      seen.push_back(c);
      if (auto it = subclasses_.find(c); it != subclasses_.end())
        todo.insert(todo.end(), it->second.begin(), it->second.end());
    }
  }
  return false;
}

std::string_view Facts::text(TermId id) const {
  return id == 0 ? std::string_view{} : graph_.terms().get(id).value;
}

std::string Facts::lang_literal(TermId id, TermId p) const {
  // Rank: exact tag 0, same primary language 1, English 2, untagged 3, any other 4.
  int best_rank = 5;
  std::string best;
  for (const TermId o : objects(id, p)) {
    const graph::TermView t = graph_.terms().get(o);
    if (!t.is_literal())
      continue;
    int rank = 4;
    if (!lang_.empty() && t.lang == lang_)
      rank = 0;
    else if (!lang_.empty() && starts_with(t.lang, lang_ + "-"))
      rank = 1;
    else if (t.lang == "en" || starts_with(t.lang, "en-"))
      rank = 2;
    else if (t.lang.empty())
      rank = 3;
    if (rank < best_rank || (rank == best_rank && std::string(t.value) < best)) {
      best_rank = rank;
      best = std::string(t.value);
    }
  }
  return best;
}

std::string Facts::label(TermId id) const {
  std::string l = lang_literal(id, rdfs_label);
  if (l.empty())
    l = lang_literal(id, fl("title"));
  if (l.empty())
    l = lang_literal(id, fl("text"));
  if (l.empty())
    l = short_id(id);
  return l;
}

std::string Facts::short_id(TermId id) const {
  const graph::TermView t = graph_.terms().get(id);
  if (t.is_blank())
    return "_:" + std::string(t.value);
  if (!t.is_iri())
    return std::string(t.value);
  if (starts_with(t.value, base_) && t.value.size() > base_.size())
    return std::string(t.value.substr(base_.size()));
  for (const vocab::Namespace &ns : vocab::common_namespaces) {
    if (starts_with(t.value, ns.iri))
      return std::string(ns.name) + ":" + std::string(t.value.substr(ns.iri.size()));
  }
  return std::string(t.value);
}

bool Facts::is_entity(TermId id) const {
  if (id == 0)
    return false;
  const graph::TermView t = graph_.terms().get(id);
  if (!t.is_iri() || starts_with(t.value, sem_ns))
    return false;
  for (const vocab::Namespace &ns : vocab::common_namespaces) {
    if (starts_with(t.value, ns.iri))
      return false;
  }
  const std::vector<TermId> types = objects(id, rdf_type);
  for (const TermId type : types) {
    if (type == fl("Claim") || type == fl("Participation"))
      return false;
  }
  return !types.empty();
}

std::vector<std::string> Facts::entity_ids() const {
  std::vector<std::string> out;
  if (rdf_type == 0)
    return out;
  for (const std::uint32_t q : graph_.with_predicate(rdf_type)) {
    const TermId s = graph_.quads()[q].s;
    if (is_entity(s))
      out.push_back(short_id(s));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool in_window(std::string_view date, std::string_view from, std::string_view to) {
  if (from.empty() && to.empty())
    return true;
  if (date.empty())
    return false;
  const auto cmp = [&](std::string_view bound) {
    const std::size_t n = std::min(date.size(), bound.size());
    return date.substr(0, n).compare(bound.substr(0, n));
  };
  return (from.empty() || cmp(from) >= 0) && (to.empty() || cmp(to) <= 0);
}

} // namespace factloom::view
