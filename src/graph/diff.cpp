#include "graph/diff.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/sha256.hpp"
#include "base/text.hpp"

namespace factloom::graph::diff {

namespace {

constexpr std::string_view xsd_string = "http://www.w3.org/2001/XMLSchema#string";
constexpr std::string_view derived_from = "http://www.w3.org/ns/prov#wasDerivedFrom";

/// N-Triples form of a term that is not a blank node.
std::string ground_text(const TermView &t) {
  if (t.is_iri())
    return "<" + std::string(t.value) + ">";
  std::string out = "\"" + escape_quoted(t.value) + "\"";
  if (!t.lang.empty())
    out += "@" + std::string(t.lang);
  else if (!t.datatype.empty() && t.datatype != xsd_string)
    out += "^^<" + std::string(t.datatype) + ">";
  return out;
}

/// Canonical labels of blank nodes: a hash of their outgoing (predicate, object) pairs, blank
/// objects replaced by their own label, computed recursively (a cycle is cut by a marker).
class Canon {
public:
  explicit Canon(const Graph &graph) : graph_(graph) {}

  std::string text(TermId id) {
    const TermView t = graph_.terms().get(id);
    return t.is_blank() ? "_:c" + label(id) : ground_text(t);
  }

private:
  /// Computed children first, with a stack of our own (a long chain of blank nodes, such as an
  /// RDF list, must not exhaust the call stack).
  std::string label(TermId root) {
    if (const auto it = done_.find(root); it != done_.end())
      return it->second;
    std::vector<TermId> stack{root};
    while (!stack.empty()) {
      const TermId id = stack.back();
      if (done_.count(id) != 0) {
        stack.pop_back();
        continue;
      }
      if (open_.insert(id).second && push_children(id, stack))
        continue;
      done_[id] = hash_of(id);
      open_.erase(id);
      stack.pop_back();
    }
    return done_[root];
  }

  /// Pushes the blank objects of `id` not labelled yet; whether there were any.
  bool push_children(TermId id, std::vector<TermId> &stack) {
    bool pushed = false;
    for (const Quad &q : graph_.with_subject(id)) {
      if (graph_.terms().get(q.o).is_blank() && done_.count(q.o) == 0 && open_.count(q.o) == 0) {
        stack.push_back(q.o);
        pushed = true;
      }
    }
    return pushed;
  }

  /// The hash of a node's sorted (predicate, object) lines; its blank objects are labelled
  /// already, or on a cycle (then marked so).
  std::string hash_of(TermId id) {
    std::vector<std::string> lines;
    for (const Quad &q : graph_.with_subject(id)) {
      const TermView o = graph_.terms().get(q.o);
      std::string object;
      if (!o.is_blank())
        object = ground_text(o);
      else if (const auto it = done_.find(q.o); it != done_.end())
        object = "_:c" + it->second;
      else
        object = "_:cycle";
      lines.push_back(ground_text(graph_.terms().get(q.p)) + " " + object);
    }
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    Sha256 hash;
    for (const std::string &line : lines)
      hash.update(line + "\n");
    return hash.hex().substr(0, 32);
  }

  const Graph &graph_;
  std::unordered_map<TermId, std::string> done_;
  std::set<TermId> open_;
};

/// The entity a subject's facts are grouped under: for an IRI, the longest IRI before a '/' of
/// it that is a subject too (a claim or a participation minted under its event), else itself;
/// for a blank node, the entity of the smallest subject reaching it.
class Owners {
public:
  Owners(const Graph &graph, Canon &canon) : graph_(graph), canon_(canon) {
    for (const Quad &q : graph.quads()) {
      const TermView t = graph.terms().get(q.s);
      if (t.is_iri())
        subjects_.insert(std::string(t.value));
    }
  }

  std::string entity(TermId s, int depth = 0) {
    if (const auto it = entities_.find(s); it != entities_.end())
      return it->second;
    const TermView t = graph_.terms().get(s);
    if (t.is_iri())
      return entities_[s] = iri_entity(t.value);
    if (depth >= 16) { // a long chain of blank nodes: cut here, and remember nothing above
      cut_ = true;
      return canon_.text(s);
    }
    const bool outer_cut = cut_;
    cut_ = false;
    std::string best;
    for (const std::uint32_t i : graph_.with_object(s)) {
      const std::string e = entity(graph_.quads()[i].s, depth + 1);
      if (best.empty() || e < best)
        best = e;
    }
    if (best.empty())
      best = canon_.text(s);
    const bool was_cut = cut_;
    cut_ = outer_cut || was_cut;
    if (!was_cut) // a result that saw every ancestor: the same whatever the order of the calls
      entities_[s] = best;
    return best;
  }

  /// The longest IRI before a '/' of `iri` that is a subject too, else `iri` itself.
  std::string iri_entity(std::string_view iri) const {
    for (std::size_t cut = iri.rfind('/'); cut != std::string_view::npos && cut > 0;
         cut = iri.rfind('/', cut - 1)) {
      if (subjects_.count(std::string(iri.substr(0, cut))) != 0)
        return "<" + std::string(iri.substr(0, cut)) + ">";
    }
    return "<" + std::string(iri) + ">";
  }

  /// The named graph, else the smallest prov:wasDerivedFrom of the subject (or empty).
  std::string article(TermId s, TermId g) {
    if (g != 0)
      return canon_.text(g);
    if (const auto it = articles_.find(s); it != articles_.end())
      return it->second;
    std::string best;
    for (const Quad &q : graph_.with_subject(s)) {
      if (graph_.terms().get(q.p).value == derived_from) {
        std::string a = canon_.text(q.o);
        if (best.empty() || a < best)
          best = std::move(a);
      }
    }
    return articles_[s] = best;
  }

private:
  const Graph &graph_;
  Canon &canon_;
  std::set<std::string> subjects_;
  std::unordered_map<TermId, std::string> entities_;
  std::unordered_map<TermId, std::string> articles_;
  bool cut_ = false;
};

bool spo_less(const Fact &a, const Fact &b) {
  return std::tie(a.s, a.p, a.o, a.article) < std::tie(b.s, b.p, b.o, b.article);
}
bool spo_equal(const Fact &a, const Fact &b) {
  return std::tie(a.s, a.p, a.o) == std::tie(b.s, b.p, b.o);
}

} // namespace

std::vector<Fact> canonical_facts(const Graph &graph, const SourceSet &sources) {
  Canon canon(graph);
  Owners owners(graph, canon);
  std::vector<Fact> facts;
  facts.reserve(graph.size());
  const auto &quads = graph.quads();
  for (std::size_t i = 0; i < quads.size(); ++i) {
    const Quad &q = quads[i];
    Fact f{canon.text(q.s), canon.text(q.p), canon.text(q.o), owners.entity(q.s), {}, {}, 0};
    f.article = owners.article(q.s, q.g);
    const Origin origin = graph.origin(i);
    if (origin.file != 0 && origin.file < sources.size()) {
      const SourceFile &file = sources.get(origin.file);
      f.file = file.name();
      f.line = file.text().empty() ? 0 : file.line_of(origin.offset);
    }
    facts.push_back(std::move(f));
  }
  std::sort(facts.begin(), facts.end(), spo_less);
  facts.erase(std::unique(facts.begin(), facts.end(), spo_equal), facts.end());
  // A blank node's facts belong to the article of the entity that reaches it.
  std::map<std::string, std::string> article_of;
  for (const Fact &f : facts) {
    if (f.s == f.entity && !f.article.empty())
      article_of.emplace(f.entity, f.article);
  }
  std::set<std::string> articles;
  for (const Fact &f : facts)
    articles.insert(f.article);
  for (Fact &f : facts) {
    if (!f.article.empty())
      continue;
    if (const auto it = article_of.find(f.entity); it != article_of.end())
      f.article = it->second;
    else if (articles.count(f.entity) != 0)
      f.article = f.entity; // an article's own facts
  }
  return facts;
}

namespace {

using Key = std::pair<std::string, std::string>;

/// Whether (s, p) has exactly one object in `facts` (sorted by s, p, o).
bool single(const std::vector<Fact> &facts, const Key &key) {
  const auto range =
      std::equal_range(facts.begin(), facts.end(), key, [](const auto &a, const auto &b) {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, Key>)
          return std::tie(a.first, a.second) < std::tie(b.s, b.p);
        else
          return std::tie(a.s, a.p) < std::tie(b.first, b.second);
      });
  return range.second - range.first == 1;
}

} // namespace

Result compare(const std::vector<Fact> &before, const std::vector<Fact> &after) {
  std::vector<Fact> removed;
  std::vector<Fact> added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(removed), [](const Fact &a, const Fact &b) {
                        return std::tie(a.s, a.p, a.o) < std::tie(b.s, b.p, b.o);
                      });
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added), [](const Fact &a, const Fact &b) {
                        return std::tie(a.s, a.p, a.o) < std::tie(b.s, b.p, b.o);
                      });
  std::map<Key, const Fact *> added_by_key;
  for (const Fact &f : added)
    added_by_key.emplace(Key(f.s, f.p), &f);
  Result result;
  std::set<Key> changed_keys;
  for (Fact &f : removed) {
    const Key key(f.s, f.p);
    const auto it = added_by_key.find(key);
    if (it != added_by_key.end() && single(before, key) && single(after, key)) {
      result.changed.push_back(Change{std::move(f), *it->second});
      changed_keys.insert(key);
    } else {
      result.removed.push_back(std::move(f));
    }
  }
  for (Fact &f : added) { // added_by_key is not used any more
    if (changed_keys.count(Key(f.s, f.p)) == 0)
      result.added.push_back(std::move(f));
  }
  return result;
}

namespace {

/// One line of the report, for grouping by article, then entity.
struct Entry {
  char kind; ///< '+', '-' or '~'
  const Fact *fact;
  const Fact *after = nullptr; ///< changed: the new fact
  const Fact &shown() const { return after ? *after : *fact; }
};

std::vector<Entry> entries(const Result &r) {
  std::vector<Entry> out;
  for (const Fact &f : r.removed)
    out.push_back(Entry{'-', &f});
  for (const Fact &f : r.added)
    out.push_back(Entry{'+', &f});
  for (const Change &c : r.changed)
    out.push_back(Entry{'~', &c.before, &c.after});
  std::sort(out.begin(), out.end(), [](const Entry &a, const Entry &b) {
    const Fact &x = a.shown();
    const Fact &y = b.shown();
    return std::tie(x.article, x.entity, x.s, x.p, a.fact->o, a.kind) <
           std::tie(y.article, y.entity, y.s, y.p, b.fact->o, b.kind);
  });
  return out;
}

std::string place(const Fact &f) {
  if (f.file.empty())
    return {};
  return f.line == 0 ? f.file : f.file + ":" + std::to_string(f.line);
}

std::string text_line(const Entry &e) {
  const Fact &f = *e.fact;
  std::string line = "    ";
  line += e.kind;
  line += " ";
  if (f.s != f.entity)
    line += f.s + " ";
  line += f.p + " " + f.o;
  if (e.after)
    line += " -> " + e.after->o;
  std::string where = place(f);
  if (e.after && !place(*e.after).empty())
    where = where.empty() ? place(*e.after) : where + " -> " + place(*e.after);
  if (!where.empty())
    line += "  (" + where + ")";
  return line + "\n";
}

} // namespace

std::string to_text(const Result &result) {
  std::string out;
  const Fact *group = nullptr;
  for (const Entry &e : entries(result)) {
    const Fact &f = e.shown();
    if (!group || group->article != f.article) {
      out += "article " + (f.article.empty() ? std::string("(none)") : f.article) + "\n";
      group = nullptr;
    }
    if (!group || group->entity != f.entity)
      out += "  entity " + f.entity + "\n";
    group = &f;
    out += text_line(e);
  }
  out += std::to_string(result.added.size()) + " added, " + std::to_string(result.removed.size()) +
         " removed, " + std::to_string(result.changed.size()) + " changed\n";
  return out;
}

namespace {

nlohmann::ordered_json fact_json(const Fact &f) {
  nlohmann::ordered_json j;
  j["subject"] = f.s;
  j["predicate"] = f.p;
  j["object"] = f.o;
  if (!f.file.empty()) {
    j["file"] = f.file;
    if (f.line != 0)
      j["line"] = f.line;
  }
  return j;
}

nlohmann::ordered_json entry_json(const Entry &e) {
  if (!e.after)
    return fact_json(*e.fact);
  nlohmann::ordered_json j;
  j["before"] = fact_json(*e.fact);
  j["after"] = fact_json(*e.after);
  return j;
}

const char *kind_name(char kind) {
  return kind == '+' ? "added" : kind == '-' ? "removed" : "changed";
}

} // namespace

std::string to_json(const Result &result) {
  nlohmann::ordered_json articles = nlohmann::ordered_json::array();
  const Fact *group = nullptr;
  for (const Entry &e : entries(result)) {
    const Fact &f = e.shown();
    if (!group || group->article != f.article) {
      articles.push_back({{"article", f.article}, {"entities", nlohmann::ordered_json::array()}});
      group = nullptr;
    }
    auto &entities = articles.back()["entities"];
    if (!group || group->entity != f.entity)
      entities.push_back({{"entity", f.entity},
                          {"added", nlohmann::ordered_json::array()},
                          {"removed", nlohmann::ordered_json::array()},
                          {"changed", nlohmann::ordered_json::array()}});
    group = &f;
    entities.back()[kind_name(e.kind)].push_back(entry_json(e));
  }
  nlohmann::ordered_json j;
  j["equal"] = result.equal();
  j["summary"] = {{"added", result.added.size()},
                  {"removed", result.removed.size()},
                  {"changed", result.changed.size()}};
  j["articles"] = std::move(articles);
  return j.dump(2) + "\n";
}

std::string to_patch(const Result &result) {
  std::vector<std::string> minus;
  std::vector<std::string> plus;
  for (const Fact &f : result.removed)
    minus.push_back(f.s + " " + f.p + " " + f.o + " .");
  for (const Change &c : result.changed) {
    minus.push_back(c.before.s + " " + c.before.p + " " + c.before.o + " .");
    plus.push_back(c.after.s + " " + c.after.p + " " + c.after.o + " .");
  }
  for (const Fact &f : result.added)
    plus.push_back(f.s + " " + f.p + " " + f.o + " .");
  std::sort(minus.begin(), minus.end());
  std::sort(plus.begin(), plus.end());
  std::string out;
  for (const std::string &line : minus)
    out += "- " + line + "\n";
  for (const std::string &line : plus)
    out += "+ " + line + "\n";
  return out;
}

} // namespace factloom::graph::diff
