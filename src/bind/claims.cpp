// Statements over time: claims per source, then the latest value of each thing's property.
#include "bind/claims.hpp"

#include <algorithm>
#include <numeric>

#include "base/parallel.hpp"

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

/// A 32-bit hash of two 32-bit keys and a string (the index's slots are picked by its low bits).
std::uint32_t mix(std::uint32_t a, std::uint32_t b, std::string_view text = {}) {
  std::uint64_t h = (static_cast<std::uint64_t>(a) << 32U | b) * 0x9E3779B97F4A7C15ULL;
  for (const char c : text)
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  h ^= h >> 29U;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 32U;
  return static_cast<std::uint32_t>(h);
}

std::string where(const SourceSet &sources, SourceSpan s) {
  const SourceFile &f = sources.get(s.file);
  return f.name() + ":" + std::to_string(f.locate(s.begin).line);
}

} // namespace

Claims::Claims(const Ontology &ontology, graph::TermTable &terms) : onto_(ontology), terms_(terms) {
  const auto &props = onto_.properties();
  group_of_.assign(props.size(), -1);
  property_terms_.assign(props.size(), 0);
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

Claims::Claim &FileClaims::claim_for(const ClaimValue &v, const EmitQuad &emit) {
  const auto group = static_cast<std::uint32_t>(claims_.group_of_[v.property]);
  const std::uint32_t hash = mix(v.subject, group);
  const std::size_t slot = index_.probe(hash, [&](std::uint32_t k) {
    const Claims::Claim &c = file_claims_[k - 1];
    return c.subject == v.subject && c.group == group;
  });
  if (const std::uint32_t k = index_.at(slot); k != 0)
    return file_claims_[k - 1];
  Claims::Claim c;
  c.subject = v.subject;
  c.subject_id = v.subject_id;
  c.group = group;
  c.graph = v.graph;
  c.file = v.file;
  c.as_of = date_key(v.published);
  c.hash = hash;
  std::string iri(v.base_iri);
  iri += v.subject_id;
  iri += "/claim/";
  iri += v.source_id;
  iri += "/";
  iri += claims_.onto_.properties()[group].keywords.front();
  c.node = terms_.iri(iri);
  emit(Quad{c.node, claims_.type_, claims_.claim_, c.graph}, v.at);
  emit(Quad{c.node, claims_.about_, c.subject, c.graph}, v.at);
  emit(Quad{c.node, claims_.derived_, v.source, c.graph}, v.at);
  if (v.published != nullptr) {
    if (date_ == 0)
      date_ = terms_.iri(std::string(vocab::xsd) + "date");
    // A file's claims share its publication date: its literal is made once (a formatted
    // string and a look-up a claim were 2 % of the instructions of a build, callgrind says).
    if (as_of_term_ == 0 || as_of_key_ != c.as_of) {
      as_of_term_ = terms_.literal(date_text(c.as_of), date_);
      as_of_key_ = c.as_of;
    }
    emit(Quad{c.node, claims_.as_of_, as_of_term_, c.graph}, v.at);
  }
  file_claims_.push_back(c);
  index_.insert(slot, static_cast<std::uint32_t>(file_claims_.size()), file_claims_.size(),
                [&](std::uint32_t k) { return file_claims_[k - 1].hash; });
  return file_claims_.back();
}

TermId Claims::property_term(std::size_t property) const {
  TermId &t = property_terms_[property];
  if (t == 0)
    t = terms_.iri(onto_.properties()[property].iri);
  return t;
}

void FileClaims::record(const ClaimValue &v, const EmitQuad &emit) {
  Claims::Claim &c = claim_for(v, emit);
  const TermId p = property_terms_[v.property];
  file_values_.push_back(Claims::Value{p, v.value, v.at, 0});
  const auto added = static_cast<std::uint32_t>(file_values_.size());
  if (c.last != 0)
    file_values_[c.last - 1].next = added;
  else
    c.first = added;
  c.last = added;
  emit(Quad{c.node, p, v.value, c.graph}, v.at);
}

void Claims::append(FileClaims &&file, const std::vector<TermId> &map) {
  const auto offset = static_cast<std::uint32_t>(values_.size());
  auto shift = [offset](std::uint32_t v) { return v == 0 ? 0 : v + offset; };
  for (const Value &v : file.file_values_)
    values_.push_back(Value{v.property, FileTerms::remap(v.value, map), v.at, shift(v.next)});
  for (Claim c : file.file_claims_) {
    c.node = FileTerms::remap(c.node, map);
    c.first = shift(c.first);
    c.last = shift(c.last);
    claims_.push_back(c);
  }
}

/// The claim's values (of property `only`, unless it is 0), sorted.
std::vector<std::pair<TermId, TermId>> Claims::value_set(const Claim &c, TermId only) const {
  std::vector<std::pair<TermId, TermId>> out;
  each_value(c, [&](const Value &v) {
    if (only == 0 || v.property == only)
      out.emplace_back(v.property, v.value);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// Two claims agree when they give the same values of their property; a date's phrase and
/// precision are the article's wording and count only when neither claim gives the date itself.
bool Claims::agree(const Claim &a, const Claim &b) const {
  const TermId main = property_term(a.group);
  const auto x = value_set(a, main);
  const auto y = value_set(b, main);
  if (x.empty() && y.empty())
    return value_set(a, 0) == value_set(b, 0);
  return x == y;
}

bool Claims::settle(const SourceSet &sources, const EmitQuad &emit, DiagnosticSink &sink,
                    unsigned jobs) {
  if (claims_.empty())
    return false;
  // The claims of a thing and property together, oldest first, then by file name (unique: a
  // file has one claim a thing and property; the index decides if not): the same runs and the
  // same order within each whatever the order of the inputs. The runs follow one another by
  // the thing's term id, not its IRI: the order of the runs changes nothing, as every quad
  // they emit is sorted when the graph is frozen, and the diagnostics when they are printed.
  // Sorted as keys of integers (the files by the rank of their names): comparing IRIs, with
  // their long shared beginnings, and reading the claims through their indexes took most of it.
  std::vector<std::uint32_t> file_rank(sources.size());
  {
    std::vector<std::uint32_t> by_name(sources.size());
    std::iota(by_name.begin(), by_name.end(), 0U);
    std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
      return sources.get(a).name() < sources.get(b).name();
    });
    for (std::uint32_t r = 0; r < by_name.size(); ++r)
      file_rank[by_name[r]] = r;
  }
  struct Key {
    std::uint64_t thing; ///< subject, group
    std::uint64_t when;  ///< as_of, file rank
    std::size_t index;
  };
  std::vector<Key> keys(claims_.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const Claim &c = claims_[i];
    keys[i] = Key{(std::uint64_t{c.subject} << 32U) | c.group,
                  // as_of's sign bit flipped: unsigned order is the signed order
                  (std::uint64_t{static_cast<std::uint32_t>(c.as_of) ^ 0x80000000U} << 32U) |
                      file_rank[c.file],
                  i};
  }
  parallel::sort(jobs, keys.begin(), keys.end(), [](const Key &a, const Key &b) {
    if (a.thing != b.thing)
      return a.thing < b.thing;
    if (a.when != b.when)
      return a.when < b.when;
    return a.index < b.index;
  });
  std::vector<std::size_t> run;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    run.push_back(keys[i].index);
    if (i + 1 == keys.size() || keys[i + 1].thing != keys[i].thing) {
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
  each_value(best, [&](const Value &v) {
    emit(Quad{best.subject, v.property, v.value, best.graph}, v.at);
  });
  for (const std::size_t index : run) {
    const Claim &c = claims_[index];
    const bool current = c.as_of == latest || (c.as_of == 0 && agree(c, best));
    emit(Quad{c.node, rank_, current ? preferred_ : normal_, c.graph}, first_value(c).at);
  }
}

/// The values of a claim as written, for messages.
std::string Claims::describe_values(const Claim &c, const SourceSet &sources) const {
  std::string out;
  const Value *previous = nullptr;
  each_value(c, [&](const Value &v) {
    // A relative date's phrase and precision come from the date's own text.
    if (previous == nullptr || v.at.file != previous->at.file || v.at.begin != previous->at.begin)
      out += (out.empty() ? "" : ", ") + quoted_text(sources, v.at);
    previous = &v;
  });
  return out;
}

void Claims::report_conflict(const Claim &a, const Claim &b, const SourceSet &sources,
                             DiagnosticSink &sink) const {
  const std::string thing(a.subject_id);
  const std::string &property = onto_.properties()[a.group].keywords.front();
  const std::string when = a.as_of == b.as_of ? "both as of " + date_text(a.as_of)
                                              : "and one of the sources has no publication date";
  // The primary message is at the claim of the later file name (b), the note at the other.
  const Claim &first = sources.get(a.file).name() < sources.get(b.file).name() ? a : b;
  const Claim &second = &first == &a ? b : a;
  const SourceSpan first_at = first_value(first).at;
  const SourceSpan second_at = first_value(second).at;
  Diagnostic d{
      Severity::error,
      second_at,
      "conflicting '" + property + "' for '" + thing + "': " + describe_values(second, sources) +
          " here (" + where(sources, second_at) + "), but " + describe_values(first, sources) +
          " in " + where(sources, first_at) + ", " + when,
      a.as_of == b.as_of ? "two sources published the same day disagree; correct one of them, or "
                           "give the thing two ids if they are different things"
                         : "add 'published: YYYY-MM-DD' to the undated source, so that the later "
                           "value wins",
      "",
      {}};
  d.notes.push_back(Diagnostic{Severity::note,
                               first_at,
                               "'" + property + "' is " + describe_values(first, sources) + " here",
                               "",
                               "",
                               {}});
  sink.report(d);
}

bool SingleValues::check(const Given &g, const SourceSet &sources, DiagnosticSink &sink) {
  const std::uint32_t hash = mix(g.subject, g.property, g.lang);
  const std::size_t slot = index_.probe(hash, [&](std::uint32_t k) {
    const First &f = first_[k - 1];
    return f.hash == hash && f.subject == g.subject && f.property == g.property && f.lang == g.lang;
  });
  if (index_.at(slot) == 0) {
    first_.push_back(First{g.subject, g.property, g.lang, g.value, g.file, hash, g.at});
    index_.insert(slot, static_cast<std::uint32_t>(first_.size()), first_.size(),
                  [&](std::uint32_t k) { return first_[k - 1].hash; });
    return true;
  }
  const First &first = first_[index_.at(slot) - 1];
  if (first.value == g.value || first.file == g.file)
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
