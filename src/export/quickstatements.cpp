// The QuickStatements export: facts -> statements by the mapping; references from the sources.
#include "export/quickstatements.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "bind/ontology.hpp"
#include "rdf/vocab.hpp"

namespace factloom::wikidata {

namespace {

using graph::Graph;
using graph::TermId;
using rdf::TermKind;

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// "[-]YYYY..." split into sign and the rest; the year has at least four digits.
std::optional<std::pair<std::string, std::string_view>> year_of(std::string_view v) {
  std::string sign = "+";
  if (!v.empty() && v[0] == '-') {
    sign = "-";
    v.remove_prefix(1);
  }
  const std::size_t dash = v.find('-');
  const std::string_view year = v.substr(0, dash);
  if (year.size() < 4 || !digits(year))
    return std::nullopt;
  return std::pair{sign, v};
}

bool two_digits_at(std::string_view v, std::size_t at) {
  return v.size() >= at + 3 && v[at] == '-' && digits(v.substr(at + 1, 2));
}

constexpr std::string_view owl_same_as = "http://www.w3.org/2002/07/owl#sameAs";
constexpr std::string_view fl_claim = "https://w3id.org/factloom/ns#Claim";
constexpr std::string_view fl_source = "https://w3id.org/factloom/ns#Source";

/// A fact being exported: its node and where it came from.
struct Fact {
  TermId node = 0;
  std::string kind;    ///< class IRI
  std::string keyword; ///< kind keyword
  std::string id;
};

class Exporter {
public:
  Exporter(const Graph &g, const Mapping &m, const Hierarchy &h, std::string_view base)
      : g_(g), m_(m), h_(h), base_(base) {}

  Export run();

private:
  TermId iri(std::string_view s) const { return g_.terms().find(TermKind::iri, s); }
  std::vector<TermId> objects(TermId s, std::string_view p) const {
    std::vector<TermId> out;
    if (const TermId pid = iri(p); pid != 0) {
      for (const graph::Quad &q : g_.with_subject_predicate(s, pid))
        if (out.empty() || out.back() != q.o)
          out.push_back(q.o);
    }
    return out;
  }
  /// The Q-id of a node's owl:sameAs, or empty.
  std::string item_of(TermId node) const {
    for (const TermId o : objects(node, owl_same_as))
      if (std::string q = qid_of(g_.terms().get(o).value); !q.empty())
        return q;
    return {};
  }
  std::string short_id(TermId t) const {
    const std::string_view v = g_.terms().get(t).value;
    return std::string(v.starts_with(base_) ? v.substr(base_.size()) : v);
  }
  bool is_a(const std::string &cls, const std::string &kind) const {
    const auto it = h_.supers.find(cls);
    return it != h_.supers.end() &&
           std::find(it->second.begin(), it->second.end(), kind) != it->second.end();
  }
  std::optional<Fact> fact_of(TermId node) const;
  void export_fact(const Fact &f);
  void apply(const Fact &f, const StatementRule &rule);
  std::optional<std::string> position_of(const Fact &f, const StatementRule &rule);
  void monolingual(const Fact &f, const StatementRule &rule, const std::string &subject,
                   const std::string &qualifier_text);
  std::string qualifiers(const Fact &f, const StatementRule &rule) const;
  std::pair<TermId, TermId> earliest_of_sources(const Fact &f, const std::string &property) const;
  std::optional<std::string> time_of(TermId node, const std::string &property, TermId v) const;
  void emit(const Fact &f, const std::string &statement);
  std::string reference(TermId source) const;
  graph::Origin origin_in(TermId node, std::uint32_t file) const;
  void unmapped(const Fact &f, std::string reason) {
    out_.unmapped.push_back(
        Unmapped{f.keyword, std::move(reason), f.id, g_.subject_origin(f.node)});
  }

  const Graph &g_;
  const Mapping &m_;
  const Hierarchy &h_;
  std::string_view base_;
  Export out_;
};

std::optional<Fact> Exporter::fact_of(TermId node) const {
  const rdf::TermView v = g_.terms().get(node);
  if (!v.is_iri())
    return std::nullopt;
  Fact f;
  f.node = node;
  for (const TermId t : objects(node, vocab::rdf_type)) {
    const std::string cls(g_.terms().get(t).value);
    if (h_.supers.count(cls) != 0 && (f.kind.empty() || is_a(cls, f.kind)))
      f.kind = cls; // the most specific class the ontology knows
  }
  if (f.kind.empty() || f.kind == fl_claim || is_a(f.kind, std::string(fl_source)))
    return std::nullopt;
  const auto kw = h_.keyword.find(f.kind);
  f.keyword = kw == h_.keyword.end() ? f.kind : kw->second;
  f.id = short_id(node);
  return f;
}

void Exporter::export_fact(const Fact &f) {
  bool mapped = false;
  for (const StatementRule &rule : m_.statements) {
    if (is_a(f.kind, rule.kind)) {
      apply(f, rule);
      mapped = true;
    }
  }
  if (mapped)
    return;
  for (const UnmappedKind &u : m_.unmapped) {
    if (is_a(f.kind, u.kind)) {
      unmapped(f, u.reason);
      return;
    }
  }
  unmapped(f, "no statement in the mapping for this kind");
}

void Exporter::apply(const Fact &f, const StatementRule &rule) {
  std::string subject;
  if (rule.item.empty()) {
    subject = item_of(f.node);
    if (subject.empty())
      return unmapped(f, "the " + f.keyword + " has no Wikidata item (factloom creates none)");
  } else {
    const auto holders = objects(f.node, rule.item);
    if (holders.empty())
      return unmapped(f, "no <" + rule.item + ">");
    subject = item_of(holders.front());
    if (subject.empty())
      return unmapped(f, "'" + short_id(holders.front()) + "' has no Wikidata item");
  }
  const std::string qualifier_text = qualifiers(f, rule);
  if (rule.value_kind == ValueKind::monolingual_text)
    return monolingual(f, rule, subject, qualifier_text);
  if (rule.value.empty()) {
    if (const auto position = position_of(f, rule))
      emit(f, subject + "\t" + rule.pid + "\t" + *position + qualifier_text);
    return;
  }
  const auto values = objects(f.node, rule.value);
  if (values.empty())
    unmapped(f, "no value for " + rule.pid);
  for (const TermId v : values) {
    const std::string value = item_of(v);
    if (value.empty())
      unmapped(f, "'" + short_id(v) + "' has no Wikidata item");
    else
      emit(f, subject + "\t" + rule.pid + "\t" + value + qualifier_text);
  }
}

std::optional<std::string> Exporter::position_of(const Fact &f, const StatementRule &rule) {
  const auto organisations = objects(f.node, rule.position_organisation);
  const auto roles = objects(f.node, rule.position_role);
  if (organisations.empty() || roles.empty()) {
    unmapped(f, "a post without an organisation and a role has no position item");
    return std::nullopt;
  }
  const std::string organisation = item_of(organisations.front());
  if (organisation.empty()) {
    unmapped(f, "'" + short_id(organisations.front()) + "' has no Wikidata item");
    return std::nullopt;
  }
  for (const TermId r : roles) {
    const std::string_view role = g_.terms().get(r).value;
    for (const Position &p : m_.positions)
      if (p.organisation == organisation && p.role == role)
        return p.qid;
  }
  unmapped(f, "no position item for the role '" + std::string(g_.terms().get(roles[0]).value) +
                  "' in " + organisation);
  return std::nullopt;
}

void Exporter::monolingual(const Fact &f, const StatementRule &rule, const std::string &subject,
                           const std::string &qualifier_text) {
  const auto values = objects(f.node, rule.value);
  if (values.empty())
    unmapped(f, "no value for " + rule.pid);
  for (const TermId v : values) {
    const rdf::TermView t = g_.terms().get(v);
    if (const auto text = t.is_literal() ? qs_monolingual(t.value, t.lang) : std::nullopt)
      emit(f, subject + "\t" + rule.pid + "\t" + *text + qualifier_text);
    else if (!t.is_literal() || t.lang.empty())
      unmapped(f, "the text has no language tag (" + rule.pid + " is a monolingual text)");
    else
      unmapped(f, "the text holds a double quote, a tab, a line break or '|', which a "
                  "QuickStatements command cannot carry");
  }
}

/// The source and the earliest value (by its text) of `property` among the fact's sources;
/// {0, 0} when none has one.
std::pair<TermId, TermId> Exporter::earliest_of_sources(const Fact &f,
                                                        const std::string &property) const {
  std::pair<TermId, TermId> best{0, 0};
  // By the value's text, then the source's IRI: the same whatever the order of the inputs.
  const auto key = [&](TermId source, TermId v) {
    return std::pair(g_.terms().get(v).value, g_.terms().get(source).value);
  };
  for (const TermId source : objects(f.node, vocab::prov_was_derived_from)) {
    for (const TermId v : objects(source, property)) {
      if (best.second == 0 || key(source, v) < key(best.first, best.second))
        best = {source, v};
    }
  }
  return best;
}

/// The QuickStatements time of value `v` of `node`'s `property`, at the precision the node
/// records for it: a relative week ("last week") is an xsd:date of precision time:unitWeek.
std::optional<std::string> Exporter::time_of(TermId node, const std::string &property,
                                             TermId v) const {
  const rdf::TermView t = g_.terms().get(v);
  if (const auto p = h_.precision.find(property); p != h_.precision.end()) {
    for (const TermId unit : objects(node, p->second))
      if (g_.terms().get(unit).value == std::string(vocab::time) + "unitWeek")
        return t.datatype == std::string(vocab::xsd) + "date" ? qs_week(t.value) : std::nullopt;
  }
  return qs_time(t.value, t.datatype);
}

std::string Exporter::qualifiers(const Fact &f, const StatementRule &rule) const {
  std::string out;
  for (const PropertyPid &q : rule.qualifiers) {
    const std::vector<TermId> values = objects(f.node, q.from);
    for (const TermId v : values) {
      if (const auto time = time_of(f.node, q.from, v))
        out += "\t" + q.pid + "\t" + *time;
    }
    if (values.empty() && !q.or_source.empty()) {
      const auto [source, v] = earliest_of_sources(f, q.or_source);
      if (const auto time = v != 0 ? time_of(source, q.or_source, v) : std::nullopt)
        out += "\t" + q.pid + "\t" + *time;
    }
  }
  return out;
}

std::string Exporter::reference(TermId source) const {
  std::string out;
  for (const PropertyPid &r : m_.references) {
    for (const TermId v : objects(source, r.from)) {
      const rdf::TermView t = g_.terms().get(v);
      const auto text = t.is_iri() ? qs_string(t.value) : qs_time(t.value, t.datatype);
      if (text)
        out += "\tS" + r.pid.substr(1) + "\t" + *text;
    }
  }
  return out;
}

graph::Origin Exporter::origin_in(TermId node, std::uint32_t file) const {
  const auto quads = g_.with_subject(node);
  graph::Origin best;
  for (const graph::Quad &q : quads) {
    const graph::Origin o = g_.origin(static_cast<std::size_t>(&q - g_.quads().data()));
    if (o.file == file && (best.file == 0 || o.offset < best.offset))
      best = o;
  }
  return best.file != 0 ? best : g_.subject_origin(node);
}

void Exporter::emit(const Fact &f, const std::string &statement) {
  const auto sources = objects(f.node, vocab::prov_was_derived_from);
  if (sources.empty())
    out_.commands.push_back(Command{statement, g_.subject_origin(f.node)});
  for (const TermId source : sources) {
    const graph::Origin from = origin_in(f.node, g_.subject_origin(source).file);
    out_.commands.push_back(Command{statement + reference(source), from});
  }
}

Export Exporter::run() {
  const TermId derived = iri(vocab::prov_was_derived_from);
  std::set<TermId> nodes;
  if (derived != 0) {
    for (const std::uint32_t i : g_.with_predicate(derived))
      nodes.insert(g_.quads()[i].s);
  }
  for (const TermId node : nodes) {
    if (const auto f = fact_of(node))
      export_fact(*f);
  }
  auto by_place = [](const Command &a, const Command &b) {
    return std::tie(a.from.file, a.from.offset, a.text) <
           std::tie(b.from.file, b.from.offset, b.text);
  };
  std::sort(out_.commands.begin(), out_.commands.end(), by_place);
  std::set<std::string> seen;
  std::erase_if(out_.commands, [&](const Command &c) { return !seen.insert(c.text).second; });
  std::sort(out_.unmapped.begin(), out_.unmapped.end(), [](const Unmapped &a, const Unmapped &b) {
    return std::tie(a.kind, a.reason, a.from.file, a.from.offset, a.id) <
           std::tie(b.kind, b.reason, b.from.file, b.from.offset, b.id);
  });
  return std::move(out_);
}

} // namespace

std::optional<std::string> qs_time(std::string_view lexical, std::string_view datatype) {
  const std::string xsd(vocab::xsd);
  const auto split = year_of(lexical);
  if (!split)
    return std::nullopt;
  const auto &[sign, v] = *split;
  const std::size_t y = v.find('-') == std::string_view::npos ? v.size() : v.find('-');
  const std::string year(v.substr(0, y));
  if (datatype == xsd + "gYear" && y == v.size())
    return sign + year + "-00-00T00:00:00Z/9";
  if (datatype == xsd + "gYearMonth" && v.size() == y + 3 && two_digits_at(v, y))
    return sign + year + std::string(v.substr(y, 3)) + "-00T00:00:00Z/10";
  const bool day = two_digits_at(v, y) && two_digits_at(v, y + 3);
  if (day && ((datatype == xsd + "date" && v.size() == y + 6) ||
              (datatype == xsd + "dateTime" && v.size() > y + 6 && v[y + 6] == 'T')))
    return sign + year + std::string(v.substr(y, 6)) + "T00:00:00Z/11";
  return std::nullopt;
}

std::optional<std::string> qs_week(std::string_view first_day) {
  const auto day = qs_time(first_day, std::string(vocab::xsd) + "date");
  if (!day)
    return std::nullopt;
  // "+YYYY-MM-DDT00:00:00Z/11": the year's digits end at the dash before the month.
  const std::size_t m = day->find('-', 1);
  const int year = std::stoi(day->substr(1, m - 1));
  const int month = std::stoi(day->substr(m + 1, 2));
  const int first = std::stoi(day->substr(m + 4, 2));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int length = lengths[month - 1] + (month == 2 && leap ? 1 : 0);
  if (first + 6 <= length)
    return day->substr(0, m + 3) + "-00T00:00:00Z/10";
  if (month < 12)
    return day->substr(0, m) + "-00-00T00:00:00Z/9";
  return std::nullopt;
}

std::optional<std::string> qs_string(std::string_view text) {
  if (text.find_first_of("\"\t\r\n") != std::string_view::npos)
    return std::nullopt;
  return "\"" + std::string(text) + "\"";
}

std::optional<std::string> qs_monolingual(std::string_view text, std::string_view lang) {
  const auto tag_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  };
  if (lang.empty() || !std::all_of(lang.begin(), lang.end(), tag_char))
    return std::nullopt;
  if (text.find_first_of("\"\t\r\n|") != std::string_view::npos)
    return std::nullopt;
  std::string out(lang);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out + ":\"" + std::string(text) + "\"";
}

Hierarchy hierarchy_of(const bind::Ontology &ontology) {
  Hierarchy h;
  const auto &classes = ontology.classes();
  for (const bind::ClassInfo &c : classes) {
    auto &supers = h.supers[c.iri];
    for (const std::uint32_t s : c.supers)
      supers.push_back(classes.at(s).iri);
    h.keyword[c.iri] = c.keyword;
  }
  for (const bind::PropertyInfo &p : ontology.properties())
    if (!p.precision_property.empty())
      h.precision[p.iri] = p.precision_property;
  return h;
}

Export quickstatements(const graph::Graph &g, const Mapping &mapping, const Hierarchy &hierarchy,
                       std::string_view base_iri) {
  return Exporter(g, mapping, hierarchy, base_iri).run();
}

} // namespace factloom::wikidata
