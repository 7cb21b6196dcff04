// What every page of the site needs: the graph, the run's files, the links between them.
#pragma once

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "site/site.hpp"
#include "view/facts.hpp"

namespace factloom::site {

using view::TermId;

/// What a page shows of a term, worked out once for the whole site (the graph lookups of a
/// label are the costly part of a page otherwise).
struct TermText {
  std::string label; ///< Facts::label
  /// An entity's href from the entities folder: its page ("x.html"), or for a part the page
  /// that shows it and its anchor there ("x.html#x~2Fquote-1"); else the value as HTML.
  std::string html;
  std::string kinds; ///< an entity's kinds (see kinds())
  bool entity = false;
};

/// Where the quads of a fact file came from, for the header rows of a page's tables.
struct FileText {
  std::string name;
  std::string header; ///< the article as a link (from a page one level down) and the file
};

struct Context {
  Context(const view::Facts &facts, const SourceSet &files, const SiteOptions &options);

  const view::Facts &f;
  const SourceSet &sources;
  const SiteOptions &o;
  std::vector<TermId> entities; ///< every entity, by short id
  /// The entities with a page of their own, by short id: all but the parts.
  std::vector<TermId> pages;
  /// The parts shown on a page, by short id. A part is an entity minted under another's id
  /// ("article/quote-1": a quote, post or statement written without an id of its own in an
  /// article): a section of the page of the nearest entity its id extends.
  std::unordered_map<TermId, std::vector<TermId>> parts;
  std::unordered_map<std::uint32_t, TermId> file_unit; ///< source file -> its article
  std::unordered_set<TermId> pictured;                 ///< entities with a picture
  std::set<TermId> skip_out, skip_in, claim_meta;      ///< predicates not listed as facts
  TermId claim_about = 0, participant = 0, as_of = 0, rank = 0, qualified = 0, agent = 0,
         had_role = 0;
  /// Entities, predicates, classes and IRI values; the rest (literals, and subjects that are not
  /// entities) is read from the graph.
  std::vector<TermText> terms;      ///< [0] is "not cached"
  std::vector<std::uint32_t> slot;  ///< by term id: its index in `terms`, or 0
  std::vector<FileText> file_texts; ///< by file id

  /// The label of a term (cached when it is one of `terms`).
  std::string label(TermId id) const;
  /// The cached text of a term, or nullptr.
  const TermText *cached(TermId id) const {
    const std::uint32_t i = id < slot.size() ? slot[id] : 0;
    return i == 0 ? nullptr : &terms[i];
  }
  bool is_entity(TermId id) const {
    const TermText *t = cached(id);
    return t != nullptr && t->entity;
  }

private:
  /// Fills `pages` and `parts`; `host[i]` is the index in `entities` of the entity whose page
  /// shows entities[i] (i itself for a page).
  void find_parts(const std::vector<std::string> &short_ids, std::vector<std::uint32_t> &host);
  void cache_terms(const std::vector<std::string> &short_ids,
                   const std::vector<std::uint32_t> &host);
  void cache_files();
};

/// A link to an entity's page (from a page `root` levels below the top: "" or "../"), or the
/// value's text (literals, vocabulary terms by their label, other IRIs as external links).
std::string value_html(const Context &c, TermId id, const std::string &root);
/// Appends value_html.
void append_value_html(std::string &out, const Context &c, TermId id, std::string_view root);
/// Appends `text` escaped for HTML content and attribute values (as escape()).
void append_escaped(std::string &out, std::string_view text);
/// The href of an entity's page.
std::string page_href(const Context &c, TermId id, const std::string &root);
/// Where a quad was written: its source article and fact file (a group of rows) and its line.
/// The views point into the Context (or, for `key`, to what the caller keeps).
struct Cite {
  std::string_view key;                ///< the fact file's name (empty: unknown)
  const std::string *header = nullptr; ///< the article as a link and the fact file
  std::uint32_t line = 0;              ///< 0: unknown (an empty cell)
};
/// The cite of a quad on an entity's page (one folder below the top).
Cite cite(const Context &c, TermId s, TermId p, TermId o);
/// The same for `q`, a quad of the graph's array (its origin read by its index: no search).
Cite cite(const Context &c, const graph::Quad &q);
/// The label of a term as a view into the cache, or into `keep` when it is not cached.
std::string_view label_view(const Context &c, TermId id, std::deque<std::string> &keep);
/// A page's head, navigation and the start of main; page_foot ends main and the page.
void page_head(std::string &out, const Context &c, std::string_view title, std::string_view root);
void page_foot(std::string &out);
/// A whole page: head, navigation, main with `body`, footer.
std::string page(const Context &c, const std::string &title, const std::string &root,
                 const std::string &body);
/// The labels of an entity's classes, joined.
std::string kinds(const Context &c, TermId id);
/// An entity's whole page into `out` (cleared first; a buffer reused page after page keeps
/// its room, so a page costs no allocation of its text).
void entity_page(const Context &c, TermId id, std::string &out);

} // namespace factloom::site
