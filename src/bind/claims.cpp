// Statements over time: claims per source, then the latest value of each thing's property.
#include "bind/claims.hpp"

#include <algorithm>

#include "rdf/vocab.hpp"

namespace factloom::bind {

namespace {

using graph::Quad;
using graph::TermId;

int date_key(const Date *d) { return d == nullptr ? 0 : d->year * 10000 + d->month * 100 + d->day; }

std::string date_text(int key) {
  if (key == 0)
    return "no publication date";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", key / 10000, key / 100 % 100, key % 100);
  return buf;
}

/// The text at `s`, in quotes unless it is quoted text already.
std::string quoted_text(const SourceSet &sources, SourceSpan s) {
  const std::string text(sources.get(s.file).text().substr(s.begin, s.end - s.begin));
  return !text.empty() && text.front() == '"' ? text : "'" + text + "'";
}

std::string where(const SourceSet &sources, SourceSpan s) {
  const SourceFile &f = sources.get(s.file);
  return f.name() + ":" + std::to_string(f.locate(s.begin).line);
}

} // namespace

Claims::Claims(const Ontology &ontology, graph::TermTable &terms) : onto_(ontology), terms_(terms) {
  const auto &props = onto_.properties();
  group_of_.assign(props.size(), -1);
  for (std::size_t i = 0; i < props.size(); ++i) {
    if (props[i].varies_over_time)
      group_of_[i] = static_cast<int>(i);
  }
  // A phrase or precision companion joins the claim of its (time-varying) date property.
  for (std::size_t i = 0; i < props.size(); ++i) {
    if (!props[i].varies_over_time)
      continue;
    for (std::size_t j = 0; j < props.size(); ++j) {
      if (group_of_[j] >= 0 &&
          (props[j].iri == props[i].phrase_property || props[j].iri == props[i].precision_property))
        group_of_[j] = static_cast<int>(i);
    }
  }
  type_ = terms_.iri(vocab::rdf_type);
  claim_ = terms_.iri(vocab::fl_claim);
  about_ = terms_.iri(vocab::fl_claim_about);
  derived_ = terms_.iri(vocab::prov_was_derived_from);
  as_of_ = terms_.iri(vocab::fl_as_of);
  rank_ = terms_.iri(vocab::fl_rank);
  preferred_ = terms_.iri(vocab::fl_preferred);
  normal_ = terms_.iri(vocab::fl_normal);
  xsd_date_ = terms_.iri(std::string(vocab::xsd) + "date");
}

void Claims::record(const ClaimValue &v, const EmitQuad &emit) {
  const auto group = static_cast<std::size_t>(group_of_[v.property]);
  const auto key = std::make_tuple(v.subject, group, v.file);
  auto it = index_.find(key);
  if (it == index_.end()) {
    Claim c;
    c.subject = v.subject;
    c.subject_id = v.subject_id;
    c.group = group;
    c.graph = v.graph;
    c.file = v.file;
    c.as_of = date_key(v.published);
    std::string iri(terms_.get(v.subject).value);
    iri += "/claim/";
    iri += v.source_id;
    iri += "/";
    iri += onto_.properties()[group].keywords.front();
    c.node = terms_.iri(iri);
    emit(Quad{c.node, type_, claim_, c.graph}, v.at);
    emit(Quad{c.node, about_, c.subject, c.graph}, v.at);
    emit(Quad{c.node, derived_, v.source, c.graph}, v.at);
    if (v.published != nullptr)
      emit(Quad{c.node, as_of_, terms_.literal(date_text(c.as_of), xsd_date_), c.graph}, v.at);
    it = index_.emplace(key, claims_.size()).first;
    claims_.push_back(std::move(c));
  }
  Claim &c = claims_[it->second];
  const TermId p = terms_.iri(onto_.properties()[v.property].iri);
  c.values.push_back(Value{p, v.value, v.at});
  emit(Quad{c.node, p, v.value, c.graph}, v.at);
}

/// The claim's values (of property `only`, unless it is 0), sorted.
std::vector<std::pair<TermId, TermId>> Claims::value_set(const Claim &c, TermId only) const {
  std::vector<std::pair<TermId, TermId>> out;
  for (const Value &v : c.values) {
    if (only == 0 || v.property == only)
      out.emplace_back(v.property, v.value);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// Two claims agree when they give the same values of their property; a date's phrase and
/// precision are the article's wording and count only when neither claim gives the date itself.
bool Claims::agree(const Claim &a, const Claim &b) const {
  const TermId main = terms_.iri(onto_.properties()[a.group].iri);
  const auto x = value_set(a, main);
  const auto y = value_set(b, main);
  if (x.empty() && y.empty())
    return value_set(a, 0) == value_set(b, 0);
  return x == y;
}

bool Claims::settle(const SourceSet &sources, const EmitQuad &emit, DiagnosticSink &sink) {
  if (claims_.empty())
    return false;
  // A deterministic order whatever the order of the inputs: thing, property, date, file name.
  std::vector<std::size_t> order(claims_.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const Claim &a = claims_[x];
    const Claim &b = claims_[y];
    if (a.subject != b.subject)
      return terms_.get(a.subject).value < terms_.get(b.subject).value;
    if (a.group != b.group)
      return a.group < b.group;
    if (a.as_of != b.as_of)
      return a.as_of < b.as_of;
    return sources.get(a.file).name() < sources.get(b.file).name();
  });
  std::vector<std::size_t> run;
  for (std::size_t i = 0; i < order.size(); ++i) {
    run.push_back(order[i]);
    const bool last = i + 1 == order.size();
    if (last || claims_[order[i + 1]].subject != claims_[order[i]].subject ||
        claims_[order[i + 1]].group != claims_[order[i]].group) {
      settle_one(run, sources, emit, sink);
      run.clear();
    }
  }
  return true;
}

/// One thing's property: `run` holds its claims, oldest first (undated ones before all).
void Claims::settle_one(const std::vector<std::size_t> &run, const SourceSet &sources,
                        const EmitQuad &emit, DiagnosticSink &sink) {
  const int latest = claims_[run.back()].as_of;
  std::size_t winner = run.size();
  for (std::size_t k = 0; k < run.size(); ++k) {
    if (claims_[run[k]].as_of == latest) {
      winner = k;
      break;
    }
  }
  const Claim &best = claims_[run[winner]];
  for (std::size_t k = 0; k < run.size(); ++k) {
    const Claim &c = claims_[run[k]];
    if (k == winner)
      continue;
    // Claims as of the same date must agree, and so must undated ones (they cannot be
    // ordered); an older dated claim is superseded.
    const bool comparable = c.as_of == latest || c.as_of == 0;
    if (comparable && !agree(c, best))
      report_conflict(best, c, sources, sink);
  }
  for (const Value &v : best.values)
    emit(Quad{best.subject, v.property, v.value, best.graph}, v.at);
  for (const std::size_t index : run) {
    const Claim &c = claims_[index];
    const bool current = c.as_of == latest || (c.as_of == 0 && agree(c, best));
    emit(Quad{c.node, rank_, current ? preferred_ : normal_, c.graph}, c.values.front().at);
  }
}

void Claims::report_conflict(const Claim &a, const Claim &b, const SourceSet &sources,
                             DiagnosticSink &sink) const {
  const std::string &thing = a.subject_id;
  const std::string &property = onto_.properties()[a.group].keywords.front();
  const auto values = [&](const Claim &c) {
    std::string out;
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      const SourceSpan at = c.values[i].at;
      if (i > 0 && at.file == c.values[i - 1].at.file && at.begin == c.values[i - 1].at.begin)
        continue; // a relative date's phrase and precision come from the date's own text
      out += (out.empty() ? "" : ", ") + quoted_text(sources, at);
    }
    return out;
  };
  const std::string when = a.as_of == b.as_of ? "both as of " + date_text(a.as_of)
                                              : "and one of the sources has no publication date";
  // The primary message is at the claim of the later file name (b), the note at the other.
  const Claim &first = sources.get(a.file).name() < sources.get(b.file).name() ? a : b;
  const Claim &second = &first == &a ? b : a;
  Diagnostic d{Severity::error,
               second.values.front().at,
               "conflicting '" + property + "' for '" + thing + "': " + values(second) + " here (" +
                   where(sources, second.values.front().at) + "), but " + values(first) + " in " +
                   where(sources, first.values.front().at) + ", " + when,
               a.as_of == b.as_of
                   ? "two sources published the same day disagree; correct one of them, or "
                     "give the thing two ids if they are different things"
                   : "add 'published: YYYY-MM-DD' to the undated source, so that the later "
                     "value wins",
               "",
               {}};
  d.notes.push_back(Diagnostic{Severity::note,
                               first.values.front().at,
                               "'" + property + "' is " + values(first) + " here",
                               "",
                               "",
                               {}});
  sink.report(d);
}

bool SingleValues::check(const Given &g, const SourceSet &sources, DiagnosticSink &sink) {
  const auto [it, inserted] = first_.try_emplace(
      std::make_tuple(g.subject, g.property, std::string(g.lang)), First{g.value, g.file, g.at});
  const First &first = it->second;
  if (inserted || first.value == g.value || first.file == g.file)
    return true; // in one block, the binder's own check applies
  const std::string property(g.property_name);
  Diagnostic d{Severity::error,
               g.at,
               "conflicting '" + property + "' for '" + std::string(g.subject_id) +
                   "': " + quoted_text(sources, g.at) + " here (" + where(sources, g.at) +
                   "), but " + quoted_text(sources, first.at) + " in " + where(sources, first.at),
               g.lang.empty() ? "'" + property +
                                    "' takes one value, and files about the same thing must "
                                    "agree; use two ids if these are different things"
                              : "a thing has one name per language: keep one, and write the "
                                "other as 'alias: \"…\"'",
               "",
               {}};
  d.notes.push_back(Diagnostic{Severity::note,
                               first.at,
                               "'" + property + "' is " + quoted_text(sources, first.at) + " here",
                               "",
                               "",
                               {}});
  sink.report(d);
  return false;
}

} // namespace factloom::bind
