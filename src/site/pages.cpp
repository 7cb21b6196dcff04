// The page of one entity: its facts (each with its article, fact file and line), what links to
// it, its statements over time, the things an article records, a picture.
#include <algorithm>
#include <tuple>

#include "rdf/vocab.hpp"
#include "site/context.hpp"

namespace factloom::site {

namespace {

struct Row {
  Cite from;
  std::string sort1, sort2, html;
  friend bool operator<(const Row &a, const Row &b) {
    return std::tie(a.from.key, a.sort1, a.sort2, a.html) <
           std::tie(b.from.key, b.sort1, b.sort2, b.html);
  }
};

/// A table with the rows grouped by the fact file (and article) they were written in: a header
/// row names the article and the file, each row its line.
std::string table(const std::vector<std::string> &heads, std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const Row &a, const Row &b) {
                           return a.from.key == b.from.key && a.html == b.html;
                         }),
             rows.end());
  std::string out = "<table>\n<thead><tr>";
  for (const std::string &h : heads)
    out += "<th scope=\"col\">" + escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  const std::string span = std::to_string(heads.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].from.key != rows[i - 1].from.key)
      out += "<tr><th colspan=\"" + span + "\" scope=\"colgroup\">From " +
             (rows[i].from.key.empty() ? "an unknown place" : rows[i].from.header) + "</th></tr>\n";
    out += "<tr>" + rows[i].html + "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string cell(const std::string &html) { return "<td>" + html + "</td>"; }

/// The last cell of a row: the line of the fact file.
std::string line_cell(const Cite &from) { return "<td class=\"at\">" + from.line + "</td>"; }

/// The roles of `agent` in `meeting`, as " (negotiator, envoy)".
std::string roles(const Context &c, TermId meeting, TermId agent) {
  const view::Facts &f = c.f;
  std::vector<std::string> out;
  for (const TermId q : f.objects(meeting, c.qualified)) {
    if (f.object(q, c.agent) != agent)
      continue;
    for (const TermId r : f.objects(q, c.had_role))
      out.push_back(c.label(r));
  }
  std::sort(out.begin(), out.end());
  std::string s;
  for (const std::string &r : out)
    s += (s.empty() ? "" : ", ") + r;
  return s.empty() ? s : " (" + s + ")";
}

std::string facts_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  for (const graph::Quad &q : f.graph().with_subject(id)) {
    if (c.skip_out.count(q.p) || q.p == c.f.rdfs_label)
      continue;
    const std::string prop = c.label(q.p);
    std::string value = value_html(c, q.o, "../");
    if (q.p == c.participant)
      value += escape(roles(c, id, q.o));
    const Cite from = cite(c, q.s, q.p, q.o, "../");
    rows.push_back(Row{from, prop, std::string(f.text(q.o)),
                       cell(escape(prop)) + cell(value) + line_cell(from)});
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"facts\">Facts</h2>\n" + table({"Property", "Value", "Line"}, std::move(rows));
}

std::string linked_from_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  for (const std::uint32_t i : f.graph().with_object(id)) {
    const graph::Quad &q = f.graph().quads()[i];
    if (c.skip_in.count(q.p) || !c.is_entity(q.s))
      continue;
    const std::string prop = c.label(q.p);
    std::string what = escape(prop);
    if (q.p == c.participant)
      what += escape(roles(c, q.s, id));
    const Cite from = cite(c, q.s, q.p, q.o, "../");
    rows.push_back(Row{from, prop, c.label(q.s),
                       cell(value_html(c, q.s, "../")) + cell(what) + line_cell(from)});
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"linked\">Linked from</h2>\n" +
         table({"Thing", "Property", "Line"}, std::move(rows));
}

/// The claims about the entity, by date: what each article said as of its publication.
std::string over_time_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  for (const TermId claim : f.subjects(c.claim_about, id)) {
    const std::string as_of(f.text(f.object(claim, c.as_of)));
    const TermId rank = f.object(claim, c.rank);
    for (const graph::Quad &q : f.graph().with_subject(claim)) {
      if (c.claim_meta.count(q.p))
        continue;
      const std::string prop = c.label(q.p);
      Cite from = cite(c, q.s, q.p, q.o, "../");
      from.key = as_of + "\x1f" + from.key; // groups by date, then fact file
      rows.push_back(Row{from, as_of, prop,
                         cell(escape(as_of)) + cell(escape(prop)) +
                             cell(value_html(c, q.o, "../")) +
                             cell(rank ? escape(c.label(rank)) : "") + line_cell(from)});
    }
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"over-time\">Over time</h2>\n<p>What each article said, as of its date.</p>\n" +
         table({"As of", "Property", "Value", "Rank", "Line"}, std::move(rows));
}

std::string records_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const TermId s : f.subjects(f.prov_derived, id)) {
    if (c.is_entity(s))
      rows.emplace_back(kinds(c, s) + "\x1f" + c.label(s), "<tr>" + cell(value_html(c, s, "../")) +
                                                               cell(escape(kinds(c, s))) +
                                                               "</tr>\n");
  }
  if (rows.empty())
    return {};
  std::sort(rows.begin(), rows.end());
  std::string out = "<h2 id=\"records\">What this records</h2>\n<table>\n<thead><tr><th "
                    "scope=\"col\">Thing</th><th scope=\"col\">Kind</th></tr></thead>\n<tbody>\n";
  for (const auto &r : rows)
    out += r.second;
  return out + "</tbody>\n</table>\n";
}

std::string picture(const Context &c, TermId id) {
  if (!c.pictured.count(id))
    return {};
  const std::string name = page_name(c.f.short_id(id));
  const std::string label = escape(c.label(id));
  return "<figure>\n<a href=\"../pictures/" + name + ".svg\"><img src=\"../pictures/" + name +
         ".svg\" alt=\"Picture of " + label +
         " and what is linked to it: the same links as the tables below\"></a>\n"
         "<figcaption>" +
         label + " and what is linked to it</figcaption>\n</figure>\n";
}

} // namespace

std::string entity_body(const Context &c, TermId id) {
  std::string out = "<h1>" + escape(c.label(id)) + "</h1>\n<p class=\"kind\">" +
                    escape(kinds(c, id)) + " <span class=\"at\">" + escape(c.f.short_id(id)) +
                    "</span></p>\n";
  out += picture(c, id);
  out += facts_section(c, id);
  out += over_time_section(c, id);
  out += linked_from_section(c, id);
  out += records_section(c, id);
  return out;
}

} // namespace factloom::site
