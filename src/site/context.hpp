// What every page of the site needs: the graph, the run's files, the links between them.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "site/site.hpp"
#include "view/facts.hpp"

namespace factloom::site {

using view::TermId;

struct Context {
  Context(const view::Facts &facts, const SourceSet &files, const SiteOptions &options);

  const view::Facts &f;
  const SourceSet &sources;
  const SiteOptions &o;
  std::vector<TermId> entities;                        ///< every entity, by short id
  std::unordered_map<std::uint32_t, TermId> file_unit; ///< source file -> its article
  std::unordered_set<TermId> pictured;                 ///< entities with a picture
  std::set<TermId> skip_out, skip_in, claim_meta;      ///< predicates not listed as facts
  TermId claim_about = 0, participant = 0;
};

/// A link to an entity's page (from a page `root` levels below the top: "" or "../"), or the
/// value's text (literals, vocabulary terms by their label, other IRIs as external links).
std::string value_html(const Context &c, TermId id, const std::string &root);
/// The href of an entity's page.
std::string page_href(const Context &c, TermId id, const std::string &root);
/// Where a quad was written: its source article and fact file (a group of rows) and its line.
struct Cite {
  std::string key;    ///< the fact file's name (empty: unknown)
  std::string header; ///< the article as a link and the fact file
  std::string line;
};
Cite cite(const Context &c, TermId s, TermId p, TermId o, const std::string &root);
/// A whole page: head, navigation, main with `body`, footer.
std::string page(const Context &c, const std::string &title, const std::string &root,
                 const std::string &body);
/// The labels of an entity's classes, joined.
std::string kinds(const Context &c, TermId id);
/// An entity's page body.
std::string entity_body(const Context &c, TermId id);

} // namespace factloom::site
