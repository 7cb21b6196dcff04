// The page of one entity: its facts (each with its article, fact file and line), what links to
// it, its statements over time, the things an article records, a picture.
#include <algorithm>
#include <tuple>

#include "rdf/vocab.hpp"
#include "site/context.hpp"

namespace factloom::site {

namespace {

struct Row {
  std::string sort1, sort2, html;
  friend bool operator<(const Row &a, const Row &b) {
    return std::tie(a.sort1, a.sort2, a.html) < std::tie(b.sort1, b.sort2, b.html);
  }
};

std::string table(const std::vector<std::string> &heads, std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const Row &a, const Row &b) { return a.html == b.html; }),
             rows.end());
  std::string out = "<table>\n<thead><tr>";
  for (const std::string &h : heads)
    out += "<th scope=\"col\">" + escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const Row &r : rows)
    out += "<tr>" + r.html + "</tr>\n";
  return out + "</tbody>\n</table>\n";
}

std::string cell(const std::string &, const std::string &html) { return "<td>" + html + "</td>"; }

/// The roles of `agent` in `meeting`, as " (negotiator, envoy)".
std::string roles(const Context &c, TermId meeting, TermId agent) {
  const view::Facts &f = c.f;
  std::vector<std::string> out;
  for (const TermId q : f.objects(meeting, f.fl("qualifiedParticipation"))) {
    if (f.object(q, f.fl("agent")) != agent)
      continue;
    for (const TermId r : f.objects(q, f.fl("hadRole")))
      out.push_back(f.label(r));
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
    const std::string prop = f.label(q.p);
    std::string value = value_html(c, q.o, "../");
    if (q.p == c.participant)
      value += escape(roles(c, id, q.o));
    rows.push_back(Row{prop, std::string(f.text(q.o)),
                       cell("Property", escape(prop)) + cell("Value", value) +
                           cite_cells(c, q.s, q.p, q.o, "../")});
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"facts\">Facts</h2>\n" +
         table({"Property", "Value", "Source", "Written at"}, std::move(rows));
}

std::string linked_from_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  for (const std::uint32_t i : f.graph().with_object(id)) {
    const graph::Quad &q = f.graph().quads()[i];
    if (c.skip_in.count(q.p) || !f.is_entity(q.s))
      continue;
    const std::string prop = f.label(q.p);
    std::string what = escape(prop);
    if (q.p == c.participant)
      what += escape(roles(c, q.s, id));
    rows.push_back(Row{prop, f.label(q.s),
                       cell("Thing", value_html(c, q.s, "../")) + cell("Property", what) +
                           cite_cells(c, q.s, q.p, q.o, "../")});
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"linked\">Linked from</h2>\n" +
         table({"Thing", "Property", "Source", "Written at"}, std::move(rows));
}

/// The claims about the entity, by date: what each article said as of its publication.
std::string over_time_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  for (const TermId claim : f.subjects(c.claim_about, id)) {
    const std::string as_of(f.text(f.object(claim, f.iri(vocab::fl_as_of))));
    const TermId rank = f.object(claim, f.iri(vocab::fl_rank));
    for (const graph::Quad &q : f.graph().with_subject(claim)) {
      if (c.claim_meta.count(q.p))
        continue;
      const std::string prop = f.label(q.p);
      rows.push_back(Row{as_of, prop,
                         cell("As of", escape(as_of)) + cell("Property", escape(prop)) +
                             cell("Value", value_html(c, q.o, "../")) +
                             cell("Rank", rank ? escape(f.label(rank)) : "") +
                             cite_cells(c, q.s, q.p, q.o, "../")});
    }
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"over-time\">Over time</h2>\n<p>What each article said, as of its date.</p>\n" +
         table({"As of", "Property", "Value", "Rank", "Source", "Written at"}, std::move(rows));
}

std::string records_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  for (const TermId s : f.subjects(f.prov_derived, id)) {
    if (f.is_entity(s))
      rows.push_back(
          Row{kinds(c, s), f.label(s),
              cell("Thing", value_html(c, s, "../")) + cell("Kind", escape(kinds(c, s)))});
  }
  if (rows.empty())
    return {};
  return "<h2 id=\"records\">What this records</h2>\n" + table({"Thing", "Kind"}, std::move(rows));
}

std::string picture(const Context &c, TermId id) {
  if (!c.pictured.count(id))
    return {};
  const std::string name = page_name(c.f.short_id(id));
  const std::string label = escape(c.f.label(id));
  return "<figure>\n<a href=\"../pictures/" + name + ".svg\"><img src=\"../pictures/" + name +
         ".svg\" alt=\"Picture of " + label +
         " and what is linked to it: the same links as the tables below\"></a>\n"
         "<figcaption>" +
         label + " and what is linked to it</figcaption>\n</figure>\n";
}

} // namespace

std::string entity_body(const Context &c, TermId id) {
  std::string out = "<h1>" + escape(c.f.label(id)) + "</h1>\n<p class=\"kind\">" +
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
