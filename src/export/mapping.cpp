// Reading ontology/wikidata.ttl (or --mapping FILE) into a Mapping, with every mistake placed
// at file:line:col: the Turtle is read into a graph::Graph; Serd 0.30 gives no statement its
// position, so a mistake's place is found again in the text (the Reader's spellings()).
#include "export/mapping.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "rdf/vocab.hpp"

namespace factloom::embedded {
extern const std::string_view wikidata_ttl;
}

namespace factloom::wikidata {

namespace {

using graph::Graph;
using graph::TermId;
using rdf::TermKind;

class Reader {
public:
  Reader(const Graph &g, const SourceFile &source, std::uint32_t file, DiagnosticSink &sink)
      : g_(g), text_(source.text()), file_(file), sink_(sink) {}

  bool ok() const { return ok_; }

  /// The subjects typed flwd:<cls>, ordered by their text (independent of the file's layout).
  std::vector<TermId> typed(std::string_view cls) const {
    const TermId type = iri(vocab::rdf_type), c = term(cls);
    if (type == 0 || c == 0)
      return {};
    std::vector<TermId> out = g_.subjects(type, c);
    std::sort(out.begin(), out.end(), [&](TermId a, TermId b) { return name(a) < name(b); });
    return out;
  }

  std::string name(TermId t) const {
    const rdf::TermView v = g_.terms().get(t);
    return v.is_blank() ? "_:" + std::string(v.value) : std::string(v.value);
  }

  /// The one value of flwd:<local> on `s`; an error (and nullopt) when there is none or several.
  std::optional<TermId> one(TermId s, std::string_view local) {
    const std::vector<TermId> all = objects(s, local);
    if (all.size() == 1)
      return all[0];
    error(subject_span(s), name(s) + (all.empty() ? " has no flwd:" : " has more than one flwd:") +
                               std::string(local));
    return std::nullopt;
  }

  std::vector<TermId> objects(TermId s, std::string_view local) const {
    std::vector<TermId> out;
    if (const TermId p = term(local); p != 0) {
      for (const graph::Quad &q : g_.with_subject_predicate(s, p))
        out.push_back(q.o);
    }
    return out;
  }

  /// An IRI value of flwd:<local>; `prefix` non-empty: it must be a Wikidata item (its Q-id).
  std::optional<std::string> iri_value(TermId s, std::string_view local, bool item = false) {
    const auto o = one(s, local);
    if (!o)
      return std::nullopt;
    const rdf::TermView v = g_.terms().get(*o);
    if (!v.is_iri()) {
      error(value_span(s, local, *o), "flwd:" + std::string(local) + " expects an IRI");
      return std::nullopt;
    }
    if (!item)
      return std::string(v.value);
    std::string q = qid_of(v.value);
    if (q.empty())
      error(value_span(s, local, *o), "flwd:" + std::string(local) + " expects a Wikidata item (" +
                                          std::string(entity_prefix) + "Q…), not <" +
                                          std::string(v.value) + ">");
    return q.empty() ? std::nullopt : std::optional<std::string>(q);
  }

  /// Every value of flwd:<local>, each an IRI; at least one.
  std::vector<std::string> iri_values(TermId s, std::string_view local) {
    std::vector<std::string> out;
    const std::vector<TermId> all = objects(s, local);
    if (all.empty())
      error(subject_span(s), name(s) + " has no flwd:" + std::string(local));
    for (const TermId o : all) {
      const rdf::TermView v = g_.terms().get(o);
      if (v.is_iri())
        out.emplace_back(v.value);
      else
        error(value_span(s, local, o), "flwd:" + std::string(local) + " expects an IRI");
    }
    return out;
  }

  /// A string value of flwd:<local>; pid: it must be a property id (P and digits).
  std::optional<std::string> string_value(TermId s, std::string_view local, bool pid = false) {
    const auto o = one(s, local);
    if (!o)
      return std::nullopt;
    const rdf::TermView v = g_.terms().get(*o);
    if (!v.is_literal()) {
      error(value_span(s, local, *o), "flwd:" + std::string(local) + " expects a string");
      return std::nullopt;
    }
    if (pid && !valid_pid(v.value)) {
      error(value_span(s, local, *o), "flwd:pid expects a Wikidata property id of the form " +
                                          std::string("P[1-9][0-9]*, not '") +
                                          std::string(v.value) + "'");
      return std::nullopt;
    }
    return std::string(v.value);
  }

  std::optional<PropertyPid> property_pid(TermId s) {
    auto from = iri_value(s, "from");
    auto pid = string_value(s, "pid", true);
    if (!from || !pid)
      return std::nullopt;
    return PropertyPid{*from, *pid, {}};
  }

  /// flwd:valueKind: absent or flwd:item, or flwd:monolingualText; an error for anything else.
  std::optional<ValueKind> value_kind(TermId s) {
    const std::vector<TermId> all = objects(s, "valueKind");
    if (all.empty())
      return ValueKind::item;
    const auto kind = one(s, "valueKind");
    if (kind && *kind == term("item"))
      return ValueKind::item;
    if (kind && *kind == term("monolingualText"))
      return ValueKind::monolingual_text;
    if (kind)
      error(value_span(s, "valueKind", *kind),
            "flwd:valueKind expects flwd:item or flwd:monolingualText, not " + name(*kind));
    return std::nullopt;
  }

  /// A qualifier: flwd:from and flwd:pid, and optionally flwd:orSource (an IRI).
  std::optional<PropertyPid> qualifier(TermId q) {
    auto part = property_pid(q);
    if (part && !objects(q, "orSource").empty())
      part->or_source = iri_value(q, "orSource").value_or("");
    return part;
  }

  bool is_self(TermId t) const { return t != 0 && t == term("self"); }
  bool is_position(TermId t) const { return t != 0 && t == term("position"); }
  SourceSpan subject_span(TermId s) const { return span(subject_at(s), 1); }
  void error(SourceSpan at, std::string message) {
    sink_.error(at, "mapping: " + std::move(message));
    ok_ = false;
  }

private:
  TermId iri(std::string_view text) const { return g_.terms().find(TermKind::iri, text); }
  TermId term(std::string_view local) const { return iri(std::string(flwd) + std::string(local)); }
  // Serd reports no position for a statement: terms are found again in the text, the subject
  // first, then the predicate after it and the value after that.
  std::vector<std::string> spellings(TermId t) const {
    const rdf::TermView v = g_.terms().get(t);
    if (v.is_literal())
      return {"\"" + std::string(v.value) + "\""};
    if (!v.is_iri())
      return {};
    std::vector<std::string> out = {"<" + std::string(v.value) + ">"};
    for (const rdf::Prefix &p : g_.prefixes())
      if (v.value.starts_with(p.iri))
        out.push_back(p.name + ":" + std::string(v.value.substr(p.iri.size())));
    return out;
  }
  std::size_t find(TermId t, std::size_t from) const {
    std::size_t best = std::string_view::npos;
    for (const std::string &s : spellings(t))
      best = std::min(best, text_.find(s, from));
    return best;
  }
  /// Where the subject's description starts (a blank node: where its parent names it).
  std::size_t subject_at(TermId s, int depth = 0) const {
    if (!g_.terms().get(s).is_blank())
      return find(s, 0);
    for (const std::uint32_t i : g_.with_object(s)) {
      const graph::Quad &q = g_.quads()[i];
      if (depth < 8 && q.s != s)
        if (const std::size_t parent = subject_at(q.s, depth + 1); parent != std::string_view::npos)
          return find(q.p, parent);
    }
    return std::string_view::npos;
  }
  SourceSpan span(std::size_t at, std::size_t length) const {
    if (at == std::string_view::npos)
      return SourceSpan{file_, 0, 0};
    return SourceSpan{file_, static_cast<std::uint32_t>(at),
                      static_cast<std::uint32_t>(at + std::max<std::size_t>(length, 1))};
  }
  SourceSpan value_span(TermId s, std::string_view local, TermId o) const {
    std::size_t at = subject_at(s);
    if (at != std::string_view::npos)
      at = find(term(local), at);
    if (at != std::string_view::npos)
      at = find(o, at);
    const auto names = spellings(o);
    return at == std::string_view::npos ? span(subject_at(s), 1)
                                        : span(at, names.empty() ? 1 : names.back().size());
  }
  const Graph &g_;
  std::string_view text_;
  std::uint32_t file_;
  DiagnosticSink &sink_;
  bool ok_ = true;
};

std::optional<StatementRule> read_rule(Reader &r, TermId s) {
  StatementRule rule;
  rule.name = r.name(s);
  const auto kind = r.iri_value(s, "kind");
  const auto item = r.one(s, "item");
  const auto pid = r.string_value(s, "pid", true);
  const auto value = r.one(s, "value");
  const auto value_kind = r.value_kind(s);
  if (!kind || !item || !pid || !value || !value_kind)
    return std::nullopt;
  rule.value_kind = *value_kind;
  rule.kind = *kind;
  rule.pid = *pid;
  if (!r.is_self(*item))
    rule.item = r.iri_value(s, "item").value_or("");
  if (!r.is_position(*value)) {
    rule.value = r.iri_value(s, "value").value_or("");
  } else if (rule.value_kind == ValueKind::monolingual_text) {
    r.error(r.subject_span(s), rule.name + ": a position is an item, not a monolingual text");
    return std::nullopt;
  } else {
    rule.position_organisation = r.iri_value(s, "positionOrganisation").value_or("");
    rule.position_role = r.iri_value(s, "positionRole").value_or("");
  }
  for (const TermId q : r.objects(s, "qualifier")) {
    if (auto part = r.qualifier(q))
      rule.qualifiers.push_back(std::move(*part));
  }
  std::sort(rule.qualifiers.begin(), rule.qualifiers.end(),
            [](const PropertyPid &a, const PropertyPid &b) { return a.pid < b.pid; });
  return rule;
}

void read_tables(Reader &r, Mapping &out) {
  for (const TermId s : r.typed("Statement")) {
    if (auto rule = read_rule(r, s))
      out.statements.push_back(std::move(*rule));
  }
  for (const TermId s : r.typed("Reference")) {
    if (auto part = r.property_pid(s))
      out.references.push_back(std::move(*part));
  }
  for (const TermId s : r.typed("Unmapped")) {
    const auto reason = r.string_value(s, "reason");
    const std::vector<std::string> kinds = r.iri_values(s, "kind");
    for (const std::string &kind : kinds)
      if (reason)
        out.unmapped.push_back(UnmappedKind{kind, *reason});
  }
  for (const TermId s : r.typed("Position")) {
    const std::string qid = qid_of(r.name(s));
    auto organisation = r.iri_value(s, "organisation", true);
    auto role = r.string_value(s, "role");
    if (qid.empty())
      r.error(r.subject_span(s), "a flwd:Position is a Wikidata item (" +
                                     std::string(entity_prefix) + "Q…), not " + r.name(s));
    if (!qid.empty() && organisation && role)
      out.positions.push_back(Position{qid, std::move(*organisation), std::move(*role)});
  }
}

} // namespace

bool valid_pid(std::string_view id) {
  if (id.size() < 2 || id[0] != 'P' || id[1] == '0')
    return false;
  return std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string qid_of(std::string_view iri) {
  if (!iri.starts_with(entity_prefix))
    return {};
  const std::string_view id = iri.substr(entity_prefix.size());
  if (id.size() < 2 || id[0] != 'Q' || id[1] == '0' ||
      !std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return {};
  return std::string(id);
}

bool read_mapping(const SourceFile &source, std::uint32_t file, Mapping &out,
                  DiagnosticSink &sink) {
  Graph g;
  rdf::ReadOptions options;
  options.base_iri = std::string(flwd);
  const std::size_t errors = sink.error_count();
  if (!rdf::read_rdf(source, file, options, g, sink))
    return false;
  g.freeze(1);
  Reader reader(g, source, file, sink);
  read_tables(reader, out);
  std::sort(out.references.begin(), out.references.end(),
            [](const PropertyPid &a, const PropertyPid &b) { return a.pid < b.pid; });
  std::sort(out.unmapped.begin(), out.unmapped.end(),
            [](const UnmappedKind &a, const UnmappedKind &b) { return a.kind < b.kind; });
  std::sort(out.positions.begin(), out.positions.end(), [](const Position &a, const Position &b) {
    return std::tie(a.organisation, a.role, a.qid) < std::tie(b.organisation, b.role, b.qid);
  });
  return reader.ok() && sink.error_count() == errors;
}

std::string_view embedded_mapping() { return embedded::wikidata_ttl; }

} // namespace factloom::wikidata
