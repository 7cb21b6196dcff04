// The page of one entity: its facts (each with its article, fact file and line), what links to
// it, its statements over time, the things an article records, a picture.
#include <algorithm>
#include <tuple>

#include "rdf/vocab.hpp"
#include "site/context.hpp"
#include "view/views.hpp"

namespace factloom::site {

namespace {

struct Row {
  Cite from;
  std::string_view sort1, sort2; ///< views into the graph, the Context or a section's `keep`
  std::string html;
  friend bool operator<(const Row &a, const Row &b) {
    return std::tie(a.from.key, a.sort1, a.sort2, a.html) <
           std::tie(b.from.key, b.sort1, b.sort2, b.html);
  }
};

/// A table with the rows grouped by the fact file (and article) they were written in: a header
/// row names the article and the file, each row its line.
std::string table(std::string out, const std::vector<std::string> &heads, std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const Row &a, const Row &b) {
                           return a.from.key == b.from.key && a.html == b.html;
                         }),
             rows.end());
  out += "<table>\n<thead><tr>";
  for (const std::string &h : heads)
    out += "<th scope=\"col\">" + escape(h) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  const std::string span = std::to_string(heads.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].from.key != rows[i - 1].from.key) {
      out += "<tr><th colspan=\"";
      out += span;
      out += "\" scope=\"colgroup\">From ";
      if (rows[i].from.key.empty())
        out += "an unknown place";
      else if (rows[i].from.header != nullptr)
        out += *rows[i].from.header;
      out += "</th></tr>\n";
    }
    out += "<tr>";
    out += rows[i].html;
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string cell(const std::string &html) { return "<td>" + html + "</td>"; }

/// The cells of a row: each of `cells` (HTML), then the line of the fact file.
std::string cells(std::initializer_list<std::string_view> html, const Cite &from) {
  std::string out;
  for (const std::string_view h : html) {
    out += "<td>";
    out += h;
    out += "</td>";
  }
  return out + "<td class=\"at\">" + from.line + "</td>";
}

/// The roles of `agent` in `meeting`, as " (negotiator, envoy)".
std::string roles(const Context &c, TermId meeting, TermId agent) {
  std::string s;
  for (const std::string &r : view::role_labels(c.f, meeting, agent))
    s += (s.empty() ? "" : ", ") + r;
  return s.empty() ? s : " (" + s + ")";
}

std::string facts_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  std::deque<std::string> keep;
  for (const graph::Quad &q : f.graph().with_subject(id)) {
    if (c.skip_out.count(q.p) || q.p == c.f.rdfs_label)
      continue;
    const std::string_view prop = label_view(c, q.p, keep);
    std::string value = value_html(c, q.o, "../");
    if (q.p == c.participant)
      value += escape(roles(c, id, q.o));
    const Cite from = cite(c, q.s, q.p, q.o);
    rows.push_back(Row{from, prop, f.text(q.o), cells({escape(prop), value}, from)});
  }
  if (rows.empty())
    return {};
  return table("<h2 id=\"facts\">Facts</h2>\n", {"Property", "Value", "Line"}, std::move(rows));
}

std::string linked_from_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  std::deque<std::string> keep;
  for (const std::uint32_t i : f.graph().with_object(id)) {
    const graph::Quad &q = f.graph().quads()[i];
    if (c.skip_in.count(q.p) || !c.is_entity(q.s))
      continue;
    const std::string_view prop = label_view(c, q.p, keep);
    std::string what = escape(prop);
    if (q.p == c.participant)
      what += escape(roles(c, q.s, id));
    const Cite from = cite(c, q.s, q.p, q.o);
    rows.push_back(
        Row{from, prop, label_view(c, q.s, keep), cells({value_html(c, q.s, "../"), what}, from)});
  }
  if (rows.empty())
    return {};
  return table("<h2 id=\"linked\">Linked from</h2>\n", {"Thing", "Property", "Line"},
               std::move(rows));
}

/// The claims about the entity, by date: what each article said as of its publication.
std::string over_time_section(const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<Row> rows;
  std::deque<std::string> keep;
  for (const TermId claim : f.subjects(c.claim_about, id)) {
    const std::string_view as_of = f.text(f.object(claim, c.as_of));
    const TermId rank = f.object(claim, c.rank);
    for (const graph::Quad &q : f.graph().with_subject(claim)) {
      if (c.claim_meta.count(q.p))
        continue;
      const std::string_view prop = label_view(c, q.p, keep);
      Cite from = cite(c, q.s, q.p, q.o);
      // groups by date, then fact file
      from.key = keep.emplace_back(std::string(as_of) + "\x1f" + std::string(from.key));
      rows.push_back(Row{from, as_of, prop,
                         cells({escape(as_of), escape(prop), value_html(c, q.o, "../"),
                                rank ? escape(c.label(rank)) : ""},
                               from)});
    }
  }
  if (rows.empty())
    return {};
  return table(
      "<h2 id=\"over-time\">Over time</h2>\n<p>What each article said, as of its date.</p>\n",
      {"As of", "Property", "Value", "Rank", "Line"}, std::move(rows));
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
