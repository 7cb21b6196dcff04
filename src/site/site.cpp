#include "site/site.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <functional>
#include <span>
#include <unordered_map>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "base/check.hpp"
#include "base/parallel.hpp"
#include "rdf/vocab.hpp"
#include "site/context.hpp"

namespace factloom::site {

using namespace std::string_view_literals;

namespace {

/// Whether a byte is one of the five that HTML needs escaped: a table, not a switch, so that the
/// scan of the plain runs between them is one load and one test a byte.
constexpr std::array<bool, 256> html_special = [] {
  std::array<bool, 256> t{};
  for (const char ch : {'&', '<', '>', '"', '\''})
    t[static_cast<unsigned char>(ch)] = true;
  return t;
}();

/// The end of the run of bytes from `at` that need no escaping: 16 bytes a step where SSE2 is
/// there (every x86-64), then byte by byte.
const char *plain_run(const char *at, const char *end) {
#ifdef __SSE2__
  const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
  const __m128i quot = _mm_set1_epi8('"'), apos = _mm_set1_epi8('\'');
  while (end - at >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, lt)),
                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, gt), _mm_cmpeq_epi8(v, quot)),
                                  _mm_cmpeq_epi8(v, apos)));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0)
      return at + std::countr_zero(mask);
    at += 16;
  }
#endif
  while (at != end && !html_special[static_cast<unsigned char>(*at)])
    ++at;
  return at;
}

} // namespace

void append_escaped(std::string &out, std::string_view text) {
  const char *at = text.data();
  const char *const end = at + text.size();
  while (at != end) {
    const char *run = plain_run(at, end);
    out.append(at, run);
    if (run == end)
      return;
    switch (*run) {
    case '&': out += "&amp;"sv; break;
    case '<': out += "&lt;"sv; break;
    case '>': out += "&gt;"sv; break;
    case '"': out += "&quot;"sv; break;
    default: out += "&#39;"sv; break;
    }
    at = run + 1;
  }
}

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

std::string page_name(std::string_view short_id) {
  static const char *hex = "0123456789ABCDEF";
  std::string out;
  for (const char ch : short_id) {
    const auto u = static_cast<unsigned char>(ch);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '_' || (u == '.' && !out.empty())) {
      out += ch;
    } else {
      out += '~';
      out += hex[u >> 4U];
      out += hex[u & 15U];
    }
  }
  if (out.size() > 180) // file names stay well under 255 bytes; the hash keeps them apart
    out = out.substr(0, 160) + "~" + std::to_string(std::hash<std::string_view>{}(short_id));
  return out;
}

namespace {

constexpr std::size_t piece = 128; ///< terms a task (the samples make several: see the tests)

/// Runs `body(i)` for every i < n, on `jobs` threads, `piece` indexes a task.
template <class Body> void in_pieces(unsigned jobs, std::size_t n, Body &&body) {
  parallel::for_each_index(jobs, (n + piece - 1) / piece, [&](std::size_t k) {
    for (std::size_t i = k * piece; i < n && i < (k + 1) * piece; ++i)
      body(i);
  });
}

/// Every entity, by short id: the ids of Facts::entity_ids, each the term Facts::entity (else
/// Facts::iri) gives, and their short ids into `short_ids`; the tests, short ids and lookups
/// are worked out on `jobs` threads.
std::vector<TermId> entity_terms(const view::Facts &f, unsigned jobs,
                                 std::vector<std::string> &short_ids) {
  short_ids.clear();
  if (f.rdf_type == 0)
    return {};
  std::vector<TermId> typed;
  for (const std::uint32_t q : f.graph().with_predicate(f.rdf_type))
    typed.push_back(f.graph().quads()[q].s);
  std::sort(typed.begin(), typed.end());
  typed.erase(std::unique(typed.begin(), typed.end()), typed.end());
  std::vector<std::string> ids(typed.size());
  std::vector<char> entity(typed.size(), 0);
  in_pieces(jobs, typed.size(), [&](std::size_t i) {
    entity[i] = f.is_entity(typed[i]) ? 1 : 0;
    if (entity[i] != 0)
      ids[i] = f.short_id(typed[i]);
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (entity[i] != 0 && kept++ != i)
      ids[kept - 1] = std::move(ids[i]);
  }
  ids.resize(kept);
  parallel::sort(jobs, ids.begin(), ids.end(), std::less<>());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<TermId> out(ids.size());
  in_pieces(jobs, ids.size(), [&](std::size_t i) {
    const TermId id = f.entity(ids[i]);
    out[i] = id != 0 ? id : f.iri(ids[i]);
  });
  kept = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != 0 && kept++ != i) {
      out[kept - 1] = out[i];
      ids[kept - 1] = std::move(ids[i]);
    }
  }
  out.resize(kept);
  ids.resize(kept);
  short_ids = std::move(ids);
  return out;
}

} // namespace

Context::Context(const view::Facts &facts, const SourceSet &files, const SiteOptions &options)
    : f(facts), sources(files), o(options) {
  std::vector<std::string> short_ids;
  entities = entity_terms(f, o.jobs, short_ids);
  std::vector<std::uint32_t> host;
  find_parts(short_ids, host);
  for (const char *unit : {"Source", "ReferenceData"}) {
    for (const TermId a : f.instances(f.fl(unit))) {
      const graph::Origin at = f.graph().subject_origin(a);
      if (at.file != 0)
        file_unit.emplace(at.file, a);
    }
  }
  claim_about = f.iri(vocab::fl_claim_about);
  participant = f.fl("participant");
  as_of = f.iri(vocab::fl_as_of);
  rank = f.iri(vocab::fl_rank);
  qualified = f.fl("qualifiedParticipation");
  agent = f.fl("agent");
  had_role = f.fl("hadRole");
  const TermId defined = f.iri(vocab::rdfs_is_defined_by);
  skip_out = {f.rdf_type, f.prov_derived, qualified, defined};
  skip_in = {f.rdf_type, f.prov_derived, qualified, defined, claim_about, agent};
  claim_meta = {f.rdf_type, f.prov_derived, claim_about, as_of, rank};
  for (auto *s : {&skip_out, &skip_in, &claim_meta})
    s->erase(0);
  cache_terms(short_ids, host);
  cache_files();
}

void Context::find_parts(const std::vector<std::string> &short_ids,
                         std::vector<std::uint32_t> &host) {
  std::unordered_map<std::string_view, std::uint32_t> at;
  at.reserve(short_ids.size());
  for (std::size_t i = 0; i < short_ids.size(); ++i)
    at.emplace(short_ids[i], static_cast<std::uint32_t>(i));
  // By short id, an id comes before every id that extends it: a host's own host is known.
  host.resize(short_ids.size());
  for (std::size_t i = 0; i < short_ids.size(); ++i) {
    host[i] = static_cast<std::uint32_t>(i);
    const std::string_view id = short_ids[i];
    for (std::size_t slash = id.rfind('/'); slash != std::string_view::npos && slash > 0;
         slash = id.rfind('/', slash - 1)) {
      if (const auto found = at.find(id.substr(0, slash)); found != at.end()) {
        host[i] = host[found->second];
        break;
      }
    }
    if (host[i] == i)
      pages.push_back(entities[i]);
    else
      parts[entities[host[i]]].push_back(entities[i]);
  }
}

namespace {

/// The labels of an entity's classes, joined (kinds() gives them cached).
std::string kinds_of(const Context &c, TermId id);

/// The HTML of a term that is not an entity: other IRIs as external links, the rest as text.
std::string plain_html(const view::Facts &f, TermId id, const std::string &label) {
  const graph::TermView t = f.graph().terms().get(id);
  if (t.is_iri() && (t.value.rfind("http://", 0) == 0 || t.value.rfind("https://", 0) == 0) &&
      label == f.short_id(id) && label == t.value)
    return "<a rel=\"external\" href=\"" + escape(t.value) + "\">" + escape(t.value) + "</a>";
  return escape(label);
}

} // namespace

void Context::cache_terms(const std::vector<std::string> &short_ids,
                          const std::vector<std::uint32_t> &host) {
  slot.assign(f.graph().terms().size() + 1, 0);
  std::vector<TermId> ids = entities;
  for (std::size_t i = 0; i < ids.size(); ++i)
    slot[ids[i]] = static_cast<std::uint32_t>(i + 1);
  for (const graph::Quad &q : f.graph().quads()) { // predicates and values (not subjects:
    for (const TermId id : {q.p, q.o}) {           // claims and participations are many)
      if (slot[id] == 0 && f.graph().terms().get(id).is_iri()) {
        ids.push_back(id);
        slot[id] = static_cast<std::uint32_t>(ids.size());
      }
    }
  }
  terms.resize(ids.size() + 1);
  in_pieces(o.jobs, ids.size(), [&](std::size_t i) { // labels are graph lookups
    TermText &t = terms[i + 1];
    t.entity = f.is_entity(ids[i]);
    t.label = f.label(ids[i]);
    if (i < entities.size()) { // a page, or a part: an anchor on its host's page
      t.html = page_name(short_ids[host[i]]) + ".html";
      if (host[i] != i)
        t.html += "#" + page_name(short_ids[i]);
    } else {
      t.html = t.entity ? page_name(f.short_id(ids[i])) + ".html" : plain_html(f, ids[i], t.label);
    }
  });
  // The kinds of every entity (the search index, its page and its article's page show them),
  // once the labels of the classes are cached.
  in_pieces(o.jobs, ids.size(), [&](std::size_t i) {
    if (terms[i + 1].entity)
      terms[i + 1].kinds = kinds_of(*this, ids[i]);
  });
}

void Context::cache_files() {
  file_texts.resize(sources.size());
  for (std::uint32_t i = 1; i < sources.size(); ++i) {
    const auto unit = file_unit.find(i);
    file_texts[i].name = sources.get(i).name();
    file_texts[i].header =
        (unit == file_unit.end() ? std::string() : value_html(*this, unit->second, "../")) +
        " <span class=\"at\">" + escape(file_texts[i].name) + "</span>";
  }
}

std::string Context::label(TermId id) const {
  const TermText *t = cached(id);
  return t != nullptr ? t->label : f.label(id);
}

std::string page_href(const Context &c, TermId id, const std::string &root) {
  if (const TermText *t = c.cached(id); t != nullptr && t->entity)
    return root + "entities/" + t->html;
  return root + "entities/" + page_name(c.f.short_id(id)) + ".html";
}

void append_value_html(std::string &out, const Context &c, TermId id, std::string_view root) {
  if (const TermText *t = c.cached(id)) {
    if (!t->entity) {
      out += t->html;
      return;
    }
    out += "<a href=\""sv;
    out += root;
    out += "entities/"sv;
    out += t->html;
    out += "\">"sv;
    append_escaped(out, t->label);
    out += "</a>"sv;
    return;
  }
  const graph::TermView t = c.f.graph().terms().get(id);
  if (t.is_literal())
    return append_escaped(out, t.value);
  const std::string label = c.label(id);
  if (c.is_entity(id)) {
    out += "<a href=\""sv;
    append_escaped(out, page_href(c, id, std::string(root)));
    out += "\">"sv;
    append_escaped(out, label);
    out += "</a>"sv;
    return;
  }
  out += plain_html(c.f, id, label);
}

std::string value_html(const Context &c, TermId id, const std::string &root) {
  std::string out;
  append_value_html(out, c, id, root);
  return out;
}

namespace {

Cite cite_of(const Context &c, const graph::Origin &at) {
  if (at.file == 0 || at.file >= c.sources.size())
    return {};
  Cite out;
  out.key = c.file_texts[at.file].name;
  out.header = &c.file_texts[at.file].header;
  out.line = c.sources.get(at.file).line_of(at.offset);
  return out;
}

} // namespace

Cite cite(const Context &c, TermId s, TermId p, TermId o) {
  return cite_of(c, c.f.graph().quad_origin(s, p, o));
}

Cite cite(const Context &c, const graph::Quad &q) {
  const std::span<const graph::Quad> all = c.f.graph().quads();
  const std::less<const graph::Quad *> before;
  FL_REQUIRE(!before(&q, all.data()) && before(&q, all.data() + all.size()),
             "cite: the quad is not one of the graph's array");
  const auto i = static_cast<std::size_t>(&q - all.data());
  if (i > 0 && all[i - 1].s == q.s && all[i - 1].p == q.p && all[i - 1].o == q.o)
    return cite(c, q.s, q.p, q.o); // quad_origin gives the first of these (in another graph)
  return cite_of(c, c.f.graph().origin(i));
}

std::string_view label_view(const Context &c, TermId id, std::deque<std::string> &keep) {
  if (const TermText *t = c.cached(id))
    return t->label;
  return keep.emplace_back(c.f.label(id));
}

namespace {

std::string kinds_of(const Context &c, TermId id) {
  const std::vector<TermId> types = c.f.objects(id, c.f.rdf_type);
  std::vector<std::string_view> names; // the classes' labels are cached (objects that are IRIs)
  for (const TermId t : types) {
    const TermText *text = c.cached(t);
    if (text == nullptr)
      break;
    names.push_back(text->label);
  }
  std::vector<std::string> owned;
  if (names.size() < types.size()) {
    for (const TermId t : types)
      owned.push_back(c.label(t));
    names.assign(owned.begin(), owned.end());
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string_view n : names) {
    if (!out.empty())
      out += ", "sv;
    out += n;
  }
  return out;
}

} // namespace

std::string kinds(const Context &c, TermId id) {
  const TermText *t = c.cached(id);
  return t != nullptr && t->entity ? t->kinds : kinds_of(c, id);
}

void page_head(std::string &out, const Context &c, std::string_view title, std::string_view root) {
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"sv;
  append_escaped(out, title);
  out += " \u2014 "sv;
  append_escaped(out, c.o.title);
  out += "</title>\n<link rel=\"stylesheet\" href=\""sv;
  out += root;
  out += "style.css\">\n</head>\n<body data-root=\""sv;
  out += root;
  out += "\">\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n<header>\n"
         "<nav aria-label=\"Site\"><a href=\""sv;
  out += root;
  out += "index.html\">Index</a><a href=\""sv;
  out += root;
  out += "timeline.html\">Timeline</a><a href=\""sv;
  out += root;
  out += "index.html#search\">Search</a></nav>\n</header>\n<main id=\"main\">\n"sv;
}

void page_foot(std::string &out) {
  out += "</main>\n<footer>Made by factloom from curated facts.</footer>\n</body>\n</html>\n"sv;
}

std::string page(const Context &c, const std::string &title, const std::string &root,
                 const std::string &body) {
  std::string out;
  out.reserve(body.size() + 1024); // one copy of the body, no regrowth
  page_head(out, c, title, root);
  out += body;
  page_foot(out);
  return out;
}

} // namespace factloom::site
