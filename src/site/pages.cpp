// The page of one entity: its facts (each with its article, fact file and line), what links to
// it, its statements over time, the things an article records, a picture. A page is appended to
// one buffer a thread, and a section's rows to another: no allocation per row or per cell.
#include <algorithm>
#include <charconv>
#include <tuple>

#include "rdf/vocab.hpp"
#include "site/context.hpp"
#include "view/views.hpp"

namespace factloom::site {

using namespace std::string_view_literals;

namespace {

struct Row {
  Cite from;
  std::string_view sort1, sort2; ///< views into the graph, the Context or the section's `keep`
  std::string_view html;         ///< into Rows::text, set once every row is made
  std::uint32_t html_at = 0, html_size = 0, key_at = 0, key_size = 0;
  bool own_key = false; ///< from.key is in Rows::keys (at key_at), not in the Context
  friend bool operator<(const Row &a, const Row &b) {
    return std::tie(a.from.key, a.sort1, a.sort2, a.html) <
           std::tie(b.from.key, b.sort1, b.sort2, b.html);
  }
};

/// A section's rows: their HTML one after another in `text`, their made-up keys in `keys`, the
/// labels that are not cached in `keep`. One a thread, cleared (keeping its room) per section.
struct Rows {
  std::vector<Row> rows;
  std::string text, keys;
  std::deque<std::string> keep;
  void clear() {
    rows.clear();
    text.clear();
    keys.clear();
    keep.clear();
  }
  /// Starts a row: its HTML is what is appended to `text` until end().
  Row &begin(const Cite &from, std::string_view sort1, std::string_view sort2) {
    Row &r = rows.emplace_back();
    r.from = from;
    r.sort1 = sort1;
    r.sort2 = sort2;
    r.html_at = static_cast<std::uint32_t>(text.size());
    return r;
  }
  /// Ends the last row with the cell of its fact file's line.
  void end() {
    Row &r = rows.back();
    text += "<td class=\"at\">"sv;
    if (r.from.line != 0) {
      char digits[16];
      const auto done = std::to_chars(digits, digits + sizeof digits, r.from.line);
      text.append(digits, done.ptr);
    }
    text += "</td>"sv;
    r.html_size = static_cast<std::uint32_t>(text.size() - r.html_at);
  }
  /// The views into `text` and `keys`, once no more is appended to them.
  void settle() {
    for (Row &r : rows) {
      r.html = std::string_view(text).substr(r.html_at, r.html_size);
      if (r.own_key)
        r.from.key = std::string_view(keys).substr(r.key_at, r.key_size);
    }
  }
};

thread_local Rows section_rows;

/// Where a page's sections go: the entity's own (h2, ids as they are) or a part's (h3, ids
/// after the part's anchor, so that every id of the page is its own).
struct Level {
  char digit = '2';
  std::string_view anchor; ///< empty for the entity's own sections
};

/// A section's heading: `<hN id="ID">TEXT</hN>`, the id after the part's anchor and a '-'.
std::string heading(const Level &level, std::string_view id, std::string_view text) {
  std::string out = "<h";
  out += level.digit;
  out += " id=\"";
  if (!level.anchor.empty()) {
    out += level.anchor;
    out += '-';
  }
  out += id;
  out += "\">";
  out += text;
  out += "</h";
  out += level.digit;
  out += ">\n";
  return out;
}

void open_cell(std::string &out) { out += "<td>"sv; }
void close_cell(std::string &out) { out += "</td>"sv; }

/// A table with the rows grouped by the fact file (and article) they were written in: a header
/// row names the article and the file, each row its line.
void table(std::string &out, std::string_view intro, std::initializer_list<std::string_view> heads,
           Rows &r) {
  r.settle();
  std::vector<Row> &rows = r.rows;
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const Row &a, const Row &b) {
                           return a.from.key == b.from.key && a.html == b.html;
                         }),
             rows.end());
  out += intro;
  out += "<table>\n<thead><tr>"sv;
  for (const std::string_view h : heads) {
    out += "<th scope=\"col\">"sv;
    append_escaped(out, h);
    out += "</th>"sv;
  }
  out += "</tr></thead>\n<tbody>\n"sv;
  const std::string span = std::to_string(heads.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i == 0 || rows[i].from.key != rows[i - 1].from.key) {
      out += "<tr><th colspan=\""sv;
      out += span;
      out += "\" scope=\"colgroup\">From "sv;
      if (rows[i].from.key.empty())
        out += "an unknown place"sv;
      else if (rows[i].from.header != nullptr)
        out += *rows[i].from.header;
      out += "</th></tr>\n"sv;
    }
    out += "<tr>"sv;
    out += rows[i].html;
    out += "</tr>\n"sv;
  }
  out += "</tbody>\n</table>\n"sv;
}

/// Appends the roles of `agent` in `meeting`, as " (negotiator, envoy)": view::role_labels,
/// with the Context's terms and cached labels (no lookup of a vocabulary term or label per row).
void append_roles(std::string &out, const Context &c, TermId meeting, TermId agent,
                  std::deque<std::string> &keep) {
  thread_local std::vector<std::string_view> labels;
  labels.clear();
  for (const TermId q : c.f.objects(meeting, c.qualified)) {
    if (c.f.object(q, c.agent) != agent)
      continue;
    for (const TermId role : c.f.objects(q, c.had_role))
      labels.push_back(label_view(c, role, keep));
  }
  if (labels.empty())
    return;
  std::sort(labels.begin(), labels.end());
  out += " ("sv;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0)
      out += ", "sv;
    append_escaped(out, labels[i]);
  }
  out += ')';
}

void facts_section(std::string &out, const Context &c, TermId id, const Level &level) {
  const view::Facts &f = c.f;
  Rows &r = section_rows;
  r.clear();
  for (const graph::Quad &q : f.graph().with_subject(id)) {
    if (c.skip_out.count(q.p) || q.p == c.f.rdfs_label)
      continue;
    const std::string_view prop = label_view(c, q.p, r.keep);
    r.begin(cite(c, q), prop, f.text(q.o));
    open_cell(r.text);
    append_escaped(r.text, prop);
    close_cell(r.text);
    open_cell(r.text);
    append_value_html(r.text, c, q.o, "../");
    if (q.p == c.participant)
      append_roles(r.text, c, id, q.o, r.keep);
    close_cell(r.text);
    r.end();
  }
  if (!r.rows.empty())
    table(out, heading(level, "facts", "Facts"), {"Property", "Value", "Line"}, r);
}

void linked_from_section(std::string &out, const Context &c, TermId id, const Level &level) {
  const view::Facts &f = c.f;
  Rows &r = section_rows;
  r.clear();
  for (const std::uint32_t i : f.graph().with_object(id)) {
    const graph::Quad &q = f.graph().quads()[i];
    if (c.skip_in.count(q.p) || !c.is_entity(q.s))
      continue;
    const std::string_view prop = label_view(c, q.p, r.keep);
    r.begin(cite(c, q), prop, label_view(c, q.s, r.keep));
    open_cell(r.text);
    append_value_html(r.text, c, q.s, "../");
    close_cell(r.text);
    open_cell(r.text);
    append_escaped(r.text, prop);
    if (q.p == c.participant)
      append_roles(r.text, c, q.s, id, r.keep);
    close_cell(r.text);
    r.end();
  }
  if (!r.rows.empty())
    table(out, heading(level, "linked", "Linked from"), {"Thing", "Property", "Line"}, r);
}

/// One row of the claims: its date, property, value and rank, grouped by date, then fact file.
void claim_row(Rows &r, const Context &c, const graph::Quad &q, std::string_view as_of,
               TermId rank) {
  const std::string_view prop = label_view(c, q.p, r.keep);
  const Cite from = cite(c, q);
  const auto key_at = static_cast<std::uint32_t>(r.keys.size());
  r.keys += as_of;
  r.keys += '\x1f';
  r.keys += from.key;
  Row &row = r.begin(from, as_of, prop);
  row.own_key = true;
  row.key_at = key_at;
  row.key_size = static_cast<std::uint32_t>(r.keys.size() - key_at);
  for (const std::string_view text : {as_of, prop}) {
    open_cell(r.text);
    append_escaped(r.text, text);
    close_cell(r.text);
  }
  open_cell(r.text);
  append_value_html(r.text, c, q.o, "../");
  close_cell(r.text);
  open_cell(r.text);
  if (rank)
    append_escaped(r.text, label_view(c, rank, r.keep));
  close_cell(r.text);
  r.end();
}

/// The claims about the entity, by date: what each article said as of its publication.
void over_time_section(std::string &out, const Context &c, TermId id, const Level &level) {
  const view::Facts &f = c.f;
  Rows &r = section_rows;
  r.clear();
  for (const TermId claim : f.subjects(c.claim_about, id)) {
    const std::string_view as_of = f.text(f.object(claim, c.as_of));
    const TermId rank = f.object(claim, c.rank);
    for (const graph::Quad &q : f.graph().with_subject(claim)) {
      if (!c.claim_meta.count(q.p))
        claim_row(r, c, q, as_of, rank);
    }
  }
  if (!r.rows.empty())
    table(out,
          heading(level, "over-time", "Over time") +
              "<p>What each article said, as of its date.</p>\n",
          {"As of", "Property", "Value", "Rank", "Line"}, r);
}

void records_section(std::string &out, const Context &c, TermId id) {
  const view::Facts &f = c.f;
  std::vector<std::pair<std::string, std::string>> rows;
  for (const TermId s : f.subjects(f.prov_derived, id)) {
    if (!c.is_entity(s))
      continue;
    const std::string kind = kinds(c, s);
    std::string html = "<tr><td>";
    append_value_html(html, c, s, "../");
    html += "</td><td>"sv;
    append_escaped(html, kind);
    html += "</td></tr>\n"sv;
    rows.emplace_back(kind + "\x1f" + c.label(s), std::move(html));
  }
  if (rows.empty())
    return;
  std::sort(rows.begin(), rows.end());
  out += "<h2 id=\"records\">What this records</h2>\n<table>\n<thead><tr><th "
         "scope=\"col\">Thing</th><th scope=\"col\">Kind</th></tr></thead>\n<tbody>\n"sv;
  for (const auto &row : rows)
    out += row.second;
  out += "</tbody>\n</table>\n"sv;
}

void picture(std::string &out, const Context &c, TermId id, std::string_view label) {
  if (!c.pictured.count(id))
    return;
  const std::string name = page_name(c.f.short_id(id));
  const std::string escaped = escape(label);
  out += "<figure>\n<a href=\"../pictures/" + name + ".svg\"><img src=\"../pictures/" + name +
         ".svg\" alt=\"Picture of " + escaped +
         " and what is linked to it: the same links as the tables below\"></a>\n"
         "<figcaption>" +
         escaped + " and what is linked to it</figcaption>\n</figure>\n";
}

/// What a page shows of a thing, and a part's section of its host's page: its heading (one
/// level above its sections': h1 on its own page, h2 for a part), its kinds and id, its picture
/// and its sections.
void thing(std::string &out, const Context &c, TermId id, std::string_view label,
           const Level &level) {
  const char head[] = {'h', static_cast<char>(level.digit - 1), '\0'};
  out += '<';
  out += head;
  out += '>';
  append_escaped(out, label);
  out += "</"sv;
  out += head;
  out += ">\n<p class=\"kind\">"sv;
  append_escaped(out, kinds(c, id));
  out += " <span class=\"at\">"sv;
  append_escaped(out, c.f.short_id(id));
  out += "</span></p>\n"sv;
  picture(out, c, id, label);
  facts_section(out, c, id, level);
  over_time_section(out, c, id, level);
  linked_from_section(out, c, id, level);
}

/// A part's section of its host's page, with its anchor (its id as a page name) as the
/// section's id and before its sections' ids.
void part_section(std::string &out, const Context &c, TermId id, std::deque<std::string> &keep) {
  const std::string anchor = page_name(c.f.short_id(id));
  out += "<section class=\"part\" id=\""sv;
  out += anchor;
  out += "\">\n"sv;
  thing(out, c, id, label_view(c, id, keep), Level{'3', anchor});
  out += "</section>\n"sv;
}

} // namespace

void entity_page(const Context &c, TermId id, std::string &out) {
  thread_local std::deque<std::string> keep; // a deque allocates when made: one a thread
  keep.clear();
  const std::string_view label = label_view(c, id, keep);
  out.clear();
  page_head(out, c, label, "../");
  thing(out, c, id, label, Level{});
  records_section(out, c, id);
  if (const auto found = c.parts.find(id); found != c.parts.end()) {
    for (const TermId part : found->second)
      part_section(out, c, part, keep);
  }
  page_foot(out);
}

} // namespace factloom::site
