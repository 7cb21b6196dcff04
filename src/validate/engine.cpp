// The validation engine: focus nodes, path evaluation and every SHACL Core component over ids.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/check.hpp"
#include "base/parallel.hpp"
#include "base/utf8.hpp"
#include "rdf/xsd.hpp"
#include "validate/model.hpp"
#include "validate/validate.hpp"

namespace factloom::validate {

namespace xsd = rdf::xsd;

namespace {

using graph::Graph;
using Term = graph::TermView;
using graph::TermId;
using graph::TermKind;

struct RawResult {
  std::uint32_t shape = 0;
  std::uint32_t constraint = 0;
  TermId focus = 0;
  TermId value = 0;     ///< 0 = no sh:value
  TermId predicate = 0; ///< sh:closed: the offending predicate (the result path)
};

/// The prefixes every report may use, unless the shapes or data name them otherwise.
const rdf::PrefixMap &report_prefixes() {
  static const rdf::PrefixMap map(std::vector<rdf::Prefix>{
      {"sh", std::string(vocab::sh)},
      {"rdf", std::string(vocab::rdf)},
      {"rdfs", std::string(vocab::rdfs)},
      {"xsd", std::string(vocab::xsd)},
  });
  return map;
}

std::uint64_t pair_key(std::uint32_t a, TermId b) {
  return (static_cast<std::uint64_t>(a) << 32U) | b;
}

/// Sorts `v` and drops repeats. A long `v` is most often a few sorted runs end to end (the
/// subjects of each class of a target, from the sorted index): up to 8 runs are merged, one
/// after another, which costs a pass over each instead of a sort of the whole (the focus nodes
/// of a 10^6-triple graph were sorted on one thread while the other idled). A short one is
/// sorted: a merge takes a buffer from the heap.
void sort_unique(std::vector<TermId> &v) {
  constexpr std::size_t most_runs = 8;
  constexpr std::size_t merged_from = 1024;
  std::array<std::size_t, most_runs + 1> ends{};
  std::size_t runs = v.size() < merged_from ? most_runs + 1 : 0;
  for (std::size_t i = 1; i <= v.size() && runs <= most_runs; ++i) {
    if (i == v.size() || v[i] < v[i - 1]) {
      if (runs < most_runs)
        ends[runs] = i;
      ++runs;
    }
  }
  if (runs > most_runs) {
    std::sort(v.begin(), v.end());
  } else {
    for (std::size_t r = 1; r < runs; ++r)
      std::inplace_merge(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(ends[r - 1]),
                         v.begin() + static_cast<std::ptrdiff_t>(ends[r]));
  }
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool contains_sorted(const std::vector<TermId> &v, TermId x) {
  return std::binary_search(v.begin(), v.end(), x);
}

/// RFC 4647 §3.3.1 basic filtering: "*" matches any tag, otherwise equal or a '-' prefix,
/// ASCII case-insensitively.
bool language_matches(std::string_view range, std::string_view tag) {
  if (tag.empty())
    return false;
  if (range == "*")
    return true;
  if (range.size() > tag.size())
    return false;
  for (std::size_t i = 0; i < range.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(range[i]) != lower(tag[i]))
      return false;
  }
  return range.size() == tag.size() || tag[range.size()] == '-';
}

/// `text` fit for one line of a message: control characters and bytes that are not UTF-8 as
/// \xHH, cut after `limit` characters.
std::string printable(std::string_view text, std::size_t limit = 200) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++chars) {
    if (chars == limit) {
      out += "...";
      break;
    }
    std::uint32_t cp = 0;
    const std::size_t n = utf8::decode(text, i, cp);
    if (n == 0 || cp < 0x20 || cp == 0x7F) {
      static constexpr char hex[] = "0123456789ABCDEF";
      const auto b = static_cast<unsigned char>(text[i]);
      out += "\\x";
      out += hex[b >> 4U];
      out += hex[b & 0xFU];
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

/// "1 value", "2 values".
template <typename N> std::string counted(N n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

/// Thrown inside the engine when the validation cannot be completed; becomes Report::error.
struct Stopped {
  std::string message;
};

class Engine {
public:
  Engine(const Shapes::Impl &shapes, const Graph &data, const ValidateOptions &options)
      : s_(shapes), data_(data), data_size_(static_cast<TermId>(data.terms().size())),
        bound_(shapes.terms.size() + 1, 0), focus_filter_(options.focus_filter) {
    FL_REQUIRE(data.frozen(), "validate needs a frozen data graph");
    rdf_type_ = find_iri(std::string(vocab::rdf_type));
    build_hierarchy(data);
    if (options.class_hierarchy != nullptr && options.class_hierarchy != &data) {
      FL_REQUIRE(options.class_hierarchy->frozen(), "the class hierarchy graph must be frozen");
      build_hierarchy(*options.class_hierarchy);
    }
    for (const SubClassLink &link : options.subclass_links) {
      const TermId sub = intern(TermKind::iri, link.sub, 0, {});
      const TermId super = intern(TermKind::iri, link.super, 0, {});
      supers_[sub].push_back(super);
      subs_[super].push_back(sub);
    }
    // Bound parameter sets, and which shapes can reach themselves (recursion guards).
    sets_.resize(s_.shapes.size());
    for (std::size_t i = 0; i < s_.shapes.size(); ++i) {
      const Shape &shape = s_.shapes[i];
      sets_[i].resize(shape.constraints.size());
      for (std::size_t k = 0; k < shape.constraints.size(); ++k) {
        const Constraint &c = shape.constraints[k];
        if (c.component != Component::in && c.component != Component::closed)
          continue;
        for (TermId t : c.terms)
          sets_[i][k].push_back(bind(t));
        sort_unique(sets_[i][k]);
      }
    }
    find_cycles();
    for (const Regex &regex : s_.regexes)
      scratch_.push_back(regex.scratch());
  }

  Report run() {
    std::vector<RawResult> raw;
    std::vector<TermId> focus;
    for (std::uint32_t i = 0; i < s_.shapes.size(); ++i) {
      const Shape &shape = s_.shapes[i];
      if (shape.deactivated || !shape.has_targets())
        continue;
      focus.clear();
      focus_nodes(shape, focus);
      for (TermId f : focus)
        check(i, f, &raw);
    }
    return convert(raw);
  }

  /// Whether checking a focus node never depends on what was checked before it, so that focus
  /// nodes can be checked by separate engines with the results of one run: no shape reaches
  /// itself (the guard that assumes a pair in progress conforms), no chain of shapes is long
  /// enough to stop on the nesting limit (memoized checks would hide depth), and every target
  /// node is a term of the data (focus nodes keep their order in any engine).
  bool independent() const {
    if (std::find(cyclic_.begin(), cyclic_.end(), true) != cyclic_.end() ||
        longest_chain() > max_shape_depth)
      return false;
    for (const Shape &shape : s_.shapes) {
      if (shape.deactivated)
        continue;
      for (TermId t : shape.target_nodes) {
        if (!in_data_term(t))
          return false;
      }
    }
    return true;
  }

  /// The focus nodes of each shape (none for a shape run() skips), in run()'s order.
  std::vector<std::vector<TermId>> focus_lists() {
    std::vector<std::vector<TermId>> out(s_.shapes.size());
    for (std::uint32_t i = 0; i < s_.shapes.size(); ++i) {
      const Shape &shape = s_.shapes[i];
      if (!shape.deactivated && shape.has_targets())
        focus_nodes(shape, out[i]);
    }
    return out;
  }

  /// Checks focus[first, last) against shape `si` and appends their results, converted, to
  /// `out`; false with `stopped` set when the validation stopped on one of them.
  bool check_range(std::uint32_t si, std::span<const TermId> focus, const rdf::PrefixMap &names,
                   std::vector<ValidationResult> &out, std::string &stopped) {
    std::vector<RawResult> raw;
    try {
      for (TermId f : focus)
        check(si, f, &raw);
    } catch (Stopped &s) {
      stopped = std::move(s.message);
      return false;
    }
    convert_into(raw, names, out);
    return true;
  }

  /// The prefixes of a report: the shapes', the data's, and sh, rdf, rdfs, xsd.
  rdf::PrefixMap report_names() const {
    rdf::PrefixMap prefixes = s_.prefixes;
    prefixes.merge(data_.prefix_map());
    prefixes.merge(report_prefixes());
    return prefixes;
  }

private:
  // ---- terms ---------------------------------------------------------------------------------

  /// Whether the shapes' term `mini` is a term of the data (without interning anything).
  bool in_data_term(TermId mini) const {
    const Term t = s_.terms.get(mini);
    TermId dt = 0;
    if (const TermId mini_dt = s_.terms.datatype_of(mini); t.is_literal() && mini_dt != 0) {
      dt = data_.terms().find(TermKind::iri, s_.terms.get(mini_dt).value);
      if (dt == 0)
        return false;
    }
    return data_.terms().find(t.kind, t.value, dt, t.lang) != 0;
  }

  TermId find_iri(const std::string &iri) const { return data_.terms().find(TermKind::iri, iri); }

  /// A term in the validation's id space: data ids, then terms only the shapes mention.
  TermId intern(TermKind kind, std::string_view value, TermId datatype, std::string_view lang) {
    if (datatype <= data_size_) {
      if (const TermId id = data_.terms().find(kind, value, datatype, lang))
        return id;
    }
    TermId local = 0;
    switch (kind) {
    case TermKind::iri: local = overlay_.iri(value); break;
    case TermKind::blank: local = overlay_.blank(value); break;
    case TermKind::literal: {
      // The overlay's literals name their datatype by an overlay id, so that its views are
      // whole; datatype_id() maps it back into the validation's id space.
      const TermId local_dt = datatype == 0 ? 0 : overlay_.iri(term(datatype).value);
      local = overlay_.literal(value, local_dt, lang);
      break;
    }
    }
    return data_size_ + local;
  }

  /// A literal's datatype in the validation's id space (0: xsd:string or a language string).
  TermId datatype_id(TermId id) {
    if (id <= data_size_)
      return data_.terms().datatype_of(id);
    const TermId local = overlay_.datatype_of(id - data_size_);
    return local == 0 ? 0 : intern(TermKind::iri, overlay_.get(local).value, 0, {});
  }

  TermId bind(TermId mini) {
    if (bound_[mini] != 0)
      return bound_[mini];
    const Term t = s_.terms.get(mini);
    const TermId mini_dt = s_.terms.datatype_of(mini);
    const TermId dt = t.is_literal() && mini_dt != 0 ? bind(mini_dt) : 0;
    const TermId id = intern(t.kind, t.value, dt, t.lang);
    bound_[mini] = id;
    return id;
  }

  Term term(TermId id) const {
    return id <= data_size_ ? data_.terms().get(id) : overlay_.get(id - data_size_);
  }

  bool in_data(TermId id) const { return id != 0 && id <= data_size_; }

  xsd::Type type_of_datatype(TermId dt) {
    const auto it = datatype_types_.find(dt);
    if (it != datatype_types_.end())
      return it->second;
    const xsd::Type t = xsd::type_of(term(dt).value);
    datatype_types_.emplace(dt, t);
    return t;
  }

  xsd::Type literal_type(TermId id, const Term &t) {
    if (!t.lang.empty())
      return xsd::Type::lang_string;
    const TermId dt = datatype_id(id);
    if (dt == 0)
      return xsd::Type::string;
    return type_of_datatype(dt);
  }

  // ---- classes -------------------------------------------------------------------------------

  void build_hierarchy(const Graph &g) {
    const TermId sub = g.terms().find(TermKind::iri, vocab::rdfs_sub_class_of);
    if (sub == 0)
      return;
    for (std::uint32_t i : g.with_predicate(sub)) {
      const graph::Quad &q = g.quads()[i];
      TermId s = q.s;
      TermId o = q.o;
      if (&g != &data_) {
        const Term ts = g.terms().get(q.s);
        const Term to = g.terms().get(q.o);
        if (ts.is_literal() || to.is_literal())
          continue;
        s = intern(ts.kind, ts.value, 0, {});
        o = intern(to.kind, to.value, 0, {});
      }
      supers_[s].push_back(o);
      subs_[o].push_back(s);
    }
  }

  bool is_subclass(TermId sub, TermId super) {
    if (sub == super)
      return true;
    if (supers_.empty())
      return false;
    const std::uint64_t key = (static_cast<std::uint64_t>(sub) << 32U) | super;
    const auto it = subclass_memo_.find(key);
    if (it != subclass_memo_.end())
      return it->second;
    std::vector<TermId> stack{sub};
    std::unordered_set<TermId> seen{sub};
    bool found = false;
    while (!stack.empty() && !found) {
      const TermId c = stack.back();
      stack.pop_back();
      const auto up = supers_.find(c);
      if (up == supers_.end())
        continue;
      for (TermId x : up->second) {
        if (x == super)
          found = true;
        if (seen.insert(x).second)
          stack.push_back(x);
      }
    }
    subclass_memo_.emplace(key, found);
    return found;
  }

  bool is_instance(TermId node, TermId cls) {
    if (rdf_type_ == 0 || !in_data(node))
      return false;
    for (const graph::Quad &q : data_.with_subject_predicate(node, rdf_type_)) {
      if (is_subclass(q.o, cls))
        return true;
    }
    return false;
  }

  void instances(TermId cls, std::vector<TermId> &out) {
    std::vector<TermId> classes{cls};
    std::unordered_set<TermId> seen{cls};
    for (std::size_t i = 0; i < classes.size(); ++i) {
      const auto down = subs_.find(classes[i]);
      if (down == subs_.end())
        continue;
      for (TermId x : down->second) {
        if (seen.insert(x).second)
          classes.push_back(x);
      }
    }
    if (rdf_type_ == 0)
      return;
    for (TermId c : classes) {
      if (!in_data(c))
        continue;
      for (TermId s : data_.subjects(rdf_type_, c))
        out.push_back(s);
    }
  }

  // ---- focus and value nodes -----------------------------------------------------------------

  void focus_nodes(const Shape &shape, std::vector<TermId> &out) {
    for (TermId t : shape.target_nodes)
      out.push_back(bind(t));
    for (TermId c : shape.target_classes)
      instances(bind(c), out);
    for (TermId p : shape.target_subjects_of) {
      const TermId id = bind(p);
      if (!in_data(id))
        continue;
      for (std::uint32_t i : data_.with_predicate(id))
        out.push_back(data_.quads()[i].s);
    }
    for (TermId p : shape.target_objects_of) {
      const TermId id = bind(p);
      if (!in_data(id))
        continue;
      for (std::uint32_t i : data_.with_predicate(id))
        out.push_back(data_.quads()[i].o);
    }
    sort_unique(out);
    if (focus_filter_)
      std::erase_if(out, [&](TermId f) { return in_data(f) && !focus_filter_(f); });
  }

  /// Appends the nodes reached from `node` by one path (possibly repeating some).
  void step(std::uint32_t path, bool inverse, TermId node, std::vector<TermId> &out) {
    const PathNode &p = s_.paths[path];
    switch (p.kind) {
    case PathExpr::Kind::predicate: {
      const TermId pred = bind(p.iri);
      if (!in_data(pred) || !in_data(node))
        return;
      if (!inverse) {
        for (const graph::Quad &q : data_.with_subject_predicate(node, pred))
          out.push_back(q.o);
      } else {
        const auto all = data_.with_object(node);
        const auto &quads = data_.quads();
        auto it = std::lower_bound(all.begin(), all.end(), pred,
                                   [&](std::uint32_t i, TermId v) { return quads[i].p < v; });
        for (; it != all.end() && quads[*it].p == pred; ++it)
          out.push_back(quads[*it].s);
      }
      return;
    }
    case PathExpr::Kind::inverse: step(p.items[0], !inverse, node, out); return;
    case PathExpr::Kind::sequence: {
      std::vector<TermId> current{node};
      std::vector<TermId> next;
      const std::size_t n = p.items.size();
      for (std::size_t k = 0; k < n && !current.empty(); ++k) {
        const std::uint32_t item = p.items[inverse ? n - 1 - k : k];
        next.clear();
        for (TermId x : current)
          step(item, inverse, x, next);
        sort_unique(next);
        current.swap(next);
      }
      out.insert(out.end(), current.begin(), current.end());
      return;
    }
    case PathExpr::Kind::alternative:
      for (std::uint32_t item : p.items)
        step(item, inverse, node, out);
      return;
    case PathExpr::Kind::zero_or_more:
    case PathExpr::Kind::one_or_more: {
      std::unordered_set<TermId> seen;
      std::vector<TermId> frontier;
      if (p.kind == PathExpr::Kind::zero_or_more) {
        seen.insert(node);
        out.push_back(node);
      }
      step(p.items[0], inverse, node, frontier);
      std::vector<TermId> next;
      while (!frontier.empty()) {
        next.clear();
        for (TermId x : frontier) {
          if (!seen.insert(x).second)
            continue;
          out.push_back(x);
          step(p.items[0], inverse, x, next);
        }
        frontier.swap(next);
      }
      return;
    }
    case PathExpr::Kind::zero_or_one:
      out.push_back(node);
      step(p.items[0], inverse, node, out);
      return;
    }
  }

  void value_nodes(const Shape &shape, TermId focus, std::vector<TermId> &out) {
    if (!shape.property) {
      out.push_back(focus);
      return;
    }
    if (shape.path == no_index)
      return;
    step(shape.path, false, focus, out);
    sort_unique(out);
  }

  void objects(TermId focus, TermId mini_predicate, std::vector<TermId> &out) {
    const TermId pred = bind(mini_predicate);
    if (!in_data(pred) || !in_data(focus))
      return;
    for (const graph::Quad &q : data_.with_subject_predicate(focus, pred))
      out.push_back(q.o);
    sort_unique(out);
  }

  // ---- recursion -----------------------------------------------------------------------------

  /// The most checks nested in one another that the shapes allow (the longest chain of
  /// references, in shapes), when no shape reaches itself: Kahn's order, then the chains.
  std::size_t longest_chain() const {
    const std::size_t n = s_.shapes.size();
    std::vector<std::vector<std::uint32_t>> refs(n);
    std::vector<std::size_t> pending(n, 0); // references from shapes not yet ordered
    for (std::size_t i = 0; i < n; ++i) {
      refs[i] = refs_of(i);
      for (std::uint32_t w : refs[i])
        ++pending[w];
    }
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (pending[i] == 0)
        order.push_back(i);
    }
    std::vector<std::size_t> chain(n, 1); // the longest chain that ends at the shape
    std::size_t longest = n == 0 ? 0 : 1;
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::uint32_t v = order[k];
      for (std::uint32_t w : refs[v]) {
        chain[w] = std::max(chain[w], chain[v] + 1);
        longest = std::max(longest, chain[w]);
        if (--pending[w] == 0)
          order.push_back(w);
      }
    }
    return order.size() == n ? longest : SIZE_MAX; // a cycle: unbounded
  }

  /// The shapes a shape refers to (sh:node, sh:property, the logical constraints, siblings).
  std::vector<std::uint32_t> refs_of(std::size_t i) const {
    std::vector<std::uint32_t> out;
    for (const Constraint &c : s_.shapes[i].constraints) {
      out.insert(out.end(), c.shapes.begin(), c.shapes.end());
      out.insert(out.end(), c.siblings.begin(), c.siblings.end());
    }
    return out;
  }

  /// cyclic_[i]: shape i can reach itself. Tarjan's strongly connected components, iterative
  /// (no recursion, linear time: a chain of 16,000 shapes was quadratic before).
  void find_cycles() {
    const std::size_t n = s_.shapes.size();
    constexpr std::uint32_t unvisited = UINT32_MAX;
    cyclic_.assign(n, false);
    std::vector<std::vector<std::uint32_t>> refs(n);
    for (std::size_t i = 0; i < n; ++i)
      refs[i] = refs_of(i);
    std::vector<std::uint32_t> index(n, unvisited);
    std::vector<std::uint32_t> low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::uint32_t> component;                      // Tarjan's stack
    std::vector<std::pair<std::uint32_t, std::size_t>> frames; // (shape, next ref to follow)
    std::uint32_t next = 0;
    auto visit = [&](std::uint32_t v) {
      index[v] = low[v] = next++;
      component.push_back(v);
      on_stack[v] = true;
      frames.emplace_back(v, 0);
    };
    for (std::uint32_t root = 0; root < n; ++root) {
      if (index[root] != unvisited)
        continue;
      visit(root);
      while (!frames.empty()) {
        auto &[v, k] = frames.back();
        if (k < refs[v].size()) {
          const std::uint32_t w = refs[v][k++];
          if (w == v)
            cyclic_[v] = true;
          if (index[w] == unvisited)
            visit(w); // invalidates v and k
          else if (on_stack[w])
            low[v] = std::min(low[v], index[w]);
          continue;
        }
        const std::uint32_t done = v;
        frames.pop_back();
        if (!frames.empty())
          low[frames.back().first] = std::min(low[frames.back().first], low[done]);
        if (low[done] != index[done])
          continue;
        const bool several = component.back() != done;
        std::uint32_t w = 0;
        do {
          w = component.back();
          component.pop_back();
          on_stack[w] = false;
          cyclic_[w] = cyclic_[w] || several;
        } while (w != done);
      }
    }
  }

  /// Whether `node` conforms to shape `si` (any result at all means no); memoized, and a
  /// (shape, node) pair met again while being checked is assumed to conform.
  bool conforms(std::uint32_t si, TermId node) {
    if (s_.shapes[si].deactivated)
      return true;
    const std::uint64_t key = pair_key(si, node);
    const auto it = memo_.find(key);
    if (it != memo_.end())
      return it->second != 0;
    memo_.emplace(key, 2);
    const bool ok = check(si, node, nullptr);
    memo_[key] = ok ? 1 : 0;
    return ok;
  }

  // ---- constraints ---------------------------------------------------------------------------

  /// Counts how deeply check() nests; past max_shape_depth the validation stops (Stopped).
  class Nesting {
  public:
    Nesting(Engine &e, std::uint32_t si, TermId focus) : e_(e) {
      if (++e_.depth_ > max_shape_depth)
        e_.stop("shapes nested deeper than " + std::to_string(max_shape_depth) +
                    " levels (recursion through sh:node, sh:property or the logical "
                    "constraints) at " +
                    e_.shape_text(si),
                focus);
    }
    ~Nesting() { --e_.depth_; }
    Nesting(const Nesting &) = delete;
    Nesting &operator=(const Nesting &) = delete;

  private:
    Engine &e_;
  };

  /// A shape's name, or for a blank property shape what it constrains.
  std::string shape_text(std::uint32_t si) {
    const rdf::PrefixMap names = naming_prefixes(report_names());
    const Shape &shape = s_.shapes[si];
    const Node node = mini_node(shape.node);
    if (node.kind == TermKind::blank && shape.property && shape.path != no_index)
      return "the property shape on " + printable(path_text(names, path_of(shape.path)));
    return "shape " + printable(node_text(names, node));
  }

  [[noreturn]] void stop(const std::string &what, TermId focus, TermId value = 0) {
    const rdf::PrefixMap names = naming_prefixes(report_names());
    std::string message = what + ", focus node " + printable(node_text(names, node_of(focus)));
    if (value != 0 && value != focus)
      message += ", value " + printable(node_text(names, node_of(value)));
    throw Stopped{std::move(message)};
  }

  /// One (shape, focus node) being checked: its value nodes and the results so far.
  struct Check {
    std::uint32_t shape = 0;
    std::uint32_t constraint = 0; ///< index of the constraint being checked
    TermId focus = 0;
    const std::vector<TermId> &values;
    std::vector<RawResult> *out = nullptr; ///< null: stop at the first failure
    bool ok = true;

    void fail(TermId value, TermId predicate = 0) {
      ok = false;
      if (out != nullptr)
        out->push_back(RawResult{shape, constraint, focus, value, predicate});
    }
  };

  /// Validates `focus` against shape `si`. With `out`, appends every result; without, stops at
  /// the first failure. Returns whether there was no result.
  bool check(std::uint32_t si, TermId focus, std::vector<RawResult> *out) {
    const Shape &shape = s_.shapes[si];
    if (shape.deactivated)
      return true;
    const Nesting nesting(*this, si, focus);
    std::vector<TermId> values;
    value_nodes(shape, focus, values);
    Check run{si, 0, focus, values, out};
    for (; run.constraint < shape.constraints.size(); ++run.constraint) {
      const Constraint &c = shape.constraints[run.constraint];
      switch (c.component) {
      case Component::class_:
      case Component::datatype:
      case Component::node_kind: check_value_type(c, run); break;
      case Component::min_count:
      case Component::max_count: check_cardinality(c, run); break;
      case Component::min_exclusive:
      case Component::min_inclusive:
      case Component::max_exclusive:
      case Component::max_inclusive: check_value_range(c, run); break;
      case Component::min_length:
      case Component::max_length:
      case Component::pattern:
      case Component::language_in:
      case Component::unique_lang: check_string(c, run); break;
      case Component::equals:
      case Component::disjoint:
      case Component::less_than:
      case Component::less_than_or_equals: check_property_pair(c, run); break;
      case Component::not_:
      case Component::and_:
      case Component::or_:
      case Component::xone: check_logical(c, run); break;
      case Component::node:
      case Component::property:
      case Component::qualified_min_count:
      case Component::qualified_max_count: check_shape_based(c, run); break;
      case Component::closed:
      case Component::has_value:
      case Component::in: check_other(c, run); break;
      }
      if (!run.ok && out == nullptr)
        return false;
    }
    return run.ok;
  }

  static bool kind_matches(NodeKind want, TermKind kind) {
    switch (want) {
    case NodeKind::blank_node: return kind == TermKind::blank;
    case NodeKind::iri: return kind == TermKind::iri;
    case NodeKind::literal: return kind == TermKind::literal;
    case NodeKind::blank_node_or_iri: return kind != TermKind::literal;
    case NodeKind::blank_node_or_literal: return kind != TermKind::iri;
    case NodeKind::iri_or_literal: return kind != TermKind::blank;
    }
    return false;
  }

  /// sh:class, sh:datatype, sh:nodeKind.
  void check_value_type(const Constraint &c, Check &run) {
    if (c.component == Component::class_) {
      const TermId cls = bind(c.term);
      for (TermId v : run.values) {
        if (!is_instance(v, cls))
          run.fail(v);
      }
    } else if (c.component == Component::datatype) {
      const TermId dt = bind(c.term);
      const xsd::Type want = type_of_datatype(dt);
      for (TermId v : run.values) {
        const Term t = term(v);
        bool good = false;
        if (t.is_literal()) {
          const xsd::Type have = literal_type(v, t);
          const bool same = datatype_id(v) == dt || (want == xsd::Type::string && have == want) ||
                            (want == xsd::Type::lang_string && have == want);
          good = same && xsd::well_formed(have, t.value);
        }
        if (!good)
          run.fail(v);
      }
    } else {
      for (TermId v : run.values) {
        if (!kind_matches(c.node_kind, term(v).kind))
          run.fail(v);
      }
    }
  }

  /// sh:minCount, sh:maxCount.
  static void check_cardinality(const Constraint &c, Check &run) {
    const std::size_t n = run.values.size();
    if (c.component == Component::min_count ? n < c.number : n > c.number)
      run.fail(0);
  }

  /// sh:minExclusive, sh:minInclusive, sh:maxExclusive, sh:maxInclusive.
  void check_value_range(const Constraint &c, Check &run) {
    const TermId bound_id = bind(c.term);
    const Term bound = term(bound_id);
    const xsd::Type bound_type = literal_type(bound_id, bound);
    for (TermId v : run.values) {
      const Term t = term(v);
      xsd::Order o = xsd::Order::incomparable;
      if (t.is_literal())
        o = xsd::compare(literal_type(v, t), t.value, bound_type, bound.value);
      bool good = false;
      switch (c.component) {
      case Component::min_exclusive: good = o == xsd::Order::greater; break;
      case Component::min_inclusive:
        good = o == xsd::Order::greater || o == xsd::Order::equal;
        break;
      case Component::max_exclusive: good = o == xsd::Order::less; break;
      default: good = o == xsd::Order::less || o == xsd::Order::equal; break;
      }
      if (!good)
        run.fail(v);
    }
  }

  /// sh:pattern on one value; PCRE2's errors stop the validation (neither a match nor not).
  bool match(const Constraint &c, const Check &run, TermId v, std::string_view text) {
    std::string error;
    const std::optional<bool> found = s_.regexes[c.regex].search(text, error, scratch_[c.regex]);
    if (!found)
      stop("sh:pattern of " + shape_text(run.shape) + " could not be matched: " + error, run.focus,
           v);
    return *found;
  }

  /// sh:minLength, sh:maxLength, sh:pattern, sh:languageIn, sh:uniqueLang.
  void check_string(const Constraint &c, Check &run) {
    if (c.component == Component::unique_lang) {
      check_unique_lang(run);
      return;
    }
    for (TermId v : run.values) {
      const Term t = term(v);
      bool good = false;
      if (c.component == Component::pattern) {
        good = !t.is_blank() && match(c, run, v, t.value);
      } else if (c.component == Component::language_in) {
        if (t.is_literal()) {
          for (TermId r : c.terms)
            good = good || language_matches(s_.terms.get(r).value, t.lang);
        }
      } else if (!t.is_blank()) {
        const std::size_t n = utf8::code_points(t.value);
        good = c.component == Component::min_length ? n >= c.number : n <= c.number;
      }
      if (!good)
        run.fail(v);
    }
  }

  void check_unique_lang(Check &run) {
    std::vector<std::string_view> langs;
    for (TermId v : run.values) {
      const Term t = term(v);
      if (t.is_literal() && !t.lang.empty())
        langs.push_back(t.lang);
    }
    std::sort(langs.begin(), langs.end());
    for (std::size_t i = 0; i + 1 < langs.size();) {
      std::size_t j = i + 1;
      while (j < langs.size() && langs[j] == langs[i])
        ++j;
      if (j - i > 1)
        run.fail(0);
      i = j;
    }
  }

  /// sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals.
  void check_property_pair(const Constraint &c, Check &run) {
    std::vector<TermId> other;
    objects(run.focus, c.term, other);
    if (c.component == Component::equals) {
      for (TermId v : run.values) {
        if (!contains_sorted(other, v))
          run.fail(v);
      }
      for (TermId o : other) {
        if (!contains_sorted(run.values, o))
          run.fail(o);
      }
    } else if (c.component == Component::disjoint) {
      for (TermId v : run.values) {
        if (contains_sorted(other, v))
          run.fail(v);
      }
    } else {
      for (TermId v : run.values) {
        const Term a = term(v);
        for (TermId o : other) {
          const Term b = term(o);
          xsd::Order ord = xsd::Order::incomparable;
          if (a.is_literal() && b.is_literal())
            ord = xsd::compare(literal_type(v, a), a.value, literal_type(o, b), b.value);
          const bool good =
              ord == xsd::Order::less ||
              (c.component == Component::less_than_or_equals && ord == xsd::Order::equal);
          if (!good)
            run.fail(v);
        }
      }
    }
  }

  /// sh:not, sh:and, sh:or, sh:xone.
  void check_logical(const Constraint &c, Check &run) {
    for (TermId v : run.values) {
      bool good = false;
      switch (c.component) {
      case Component::not_: good = !conforms(c.shapes[0], v); break;
      case Component::and_:
        good = std::all_of(c.shapes.begin(), c.shapes.end(),
                           [&](std::uint32_t m) { return conforms(m, v); });
        break;
      case Component::or_:
        good = std::any_of(c.shapes.begin(), c.shapes.end(),
                           [&](std::uint32_t m) { return conforms(m, v); });
        break;
      default: {
        std::size_t n = 0;
        for (std::uint32_t m : c.shapes)
          n += conforms(m, v) ? 1U : 0U;
        good = n == 1;
        break;
      }
      }
      if (!good)
        run.fail(v);
    }
  }

  /// sh:node, sh:property, sh:qualifiedValueShape with its counts.
  void check_shape_based(const Constraint &c, Check &run) {
    if (c.component == Component::node) {
      for (TermId v : run.values) {
        if (!conforms(c.shapes[0], v))
          run.fail(v);
      }
    } else if (c.component == Component::property) {
      check_property(c.shapes[0], run);
    } else {
      check_qualified(c, run);
    }
  }

  /// A property shape's results are the shape's own (with `out`), nested under nothing.
  void check_property(std::uint32_t p, Check &run) {
    for (TermId v : run.values) {
      if (run.out == nullptr) {
        if (!conforms(p, v))
          run.ok = false;
      } else if (cyclic_[p]) {
        const std::uint64_t key = pair_key(p, v);
        if (!active_.insert(key).second)
          continue;
        run.ok = check(p, v, run.out) && run.ok;
        active_.erase(key);
      } else {
        run.ok = check(p, v, run.out) && run.ok;
      }
      if (!run.ok && run.out == nullptr)
        break;
    }
  }

  void check_qualified(const Constraint &c, Check &run) {
    std::uint64_t n = 0;
    for (TermId v : run.values) {
      if (!conforms(c.shapes[0], v))
        continue;
      const bool other = std::any_of(c.siblings.begin(), c.siblings.end(),
                                     [&](std::uint32_t sib) { return conforms(sib, v); });
      if (!other)
        ++n;
    }
    if (c.component == Component::qualified_min_count ? n < c.number : n > c.number)
      run.fail(0);
  }

  /// sh:closed, sh:hasValue, sh:in.
  void check_other(const Constraint &c, Check &run) {
    if (c.component == Component::has_value) {
      const TermId want = bind(c.term);
      if (!std::binary_search(run.values.begin(), run.values.end(), want) &&
          std::find(run.values.begin(), run.values.end(), want) == run.values.end())
        run.fail(0);
      return;
    }
    const std::vector<TermId> &allowed = sets_[run.shape][run.constraint];
    for (TermId v : run.values) {
      if (c.component == Component::in) {
        if (!contains_sorted(allowed, v))
          run.fail(v);
      } else if (in_data(v)) {
        check_closed(allowed, v, run);
      }
    }
  }

  /// sh:closed: every predicate of `v` must be allowed (one result per triple).
  void check_closed(const std::vector<TermId> &allowed, TermId v, Check &run) {
    const graph::Quad *last = nullptr;
    for (const graph::Quad &q : data_.with_subject(v)) {
      if (last != nullptr && last->p == q.p && last->o == q.o)
        continue;
      last = &q;
      if (!contains_sorted(allowed, q.p))
        run.fail(q.o, q.p);
    }
  }

  // ---- report --------------------------------------------------------------------------------

  Node node_of(TermId id) const {
    const Term t = term(id);
    return Node(t);
  }

  Node mini_node(TermId id) const {
    const Term t = s_.terms.get(id);
    return Node(t);
  }

  PathExpr path_of(std::uint32_t index) const {
    const PathNode &p = s_.paths[index];
    PathExpr e;
    e.kind = p.kind;
    if (p.kind == PathExpr::Kind::predicate)
      e.iri = s_.terms.get(p.iri).value;
    for (std::uint32_t i : p.items)
      e.items.push_back(path_of(i));
    return e;
  }

  std::string message_for(const RawResult &r, const rdf::PrefixMap &px) {
    const Shape &shape = s_.shapes[r.shape];
    const Constraint &c = shape.constraints[r.constraint];
    auto param = [&]() { return node_text(px, mini_node(c.term)); };
    auto value = [&]() { return r.value != 0 ? node_text(px, node_of(r.value)) : std::string(); };
    auto shape_name = [&](std::uint32_t i) { return node_text(px, mini_node(s_.shapes[i].node)); };
    switch (c.component) {
    case Component::class_: return value() + " is not an instance of " + param();
    case Component::datatype: return value() + " is not a valid literal of datatype " + param();
    case Component::node_kind: return value() + " has the wrong node kind";
    case Component::min_count: return "has fewer than " + counted(c.number, "value");
    case Component::max_count: return "has more than " + counted(c.number, "value");
    case Component::min_exclusive: return value() + " is not greater than " + param();
    case Component::min_inclusive: return value() + " is not greater than or equal to " + param();
    case Component::max_exclusive: return value() + " is not less than " + param();
    case Component::max_inclusive: return value() + " is not less than or equal to " + param();
    case Component::min_length:
      return value() + " is shorter than " + counted(c.number, "character");
    case Component::max_length:
      return value() + " is longer than " + counted(c.number, "character");
    case Component::pattern: return value() + " does not match the pattern " + param();
    case Component::language_in: return value() + " is not in one of the allowed languages";
    case Component::unique_lang: return "has several values with the same language tag";
    case Component::equals: return value() + " is not a value of both the path and " + param();
    case Component::disjoint: return value() + " is also a value of " + param();
    case Component::less_than: return value() + " is not less than every value of " + param();
    case Component::less_than_or_equals:
      return value() + " is not less than or equal to every value of " + param();
    case Component::not_: return value() + " conforms to " + shape_name(c.shapes[0]) + " (sh:not)";
    case Component::and_: return value() + " does not conform to all the shapes of sh:and";
    case Component::or_: return value() + " does not conform to any shape of sh:or";
    case Component::xone: return value() + " does not conform to exactly one shape of sh:xone";
    case Component::node: return value() + " does not conform to " + shape_name(c.shapes[0]);
    case Component::property: return "does not conform to a property shape";
    case Component::qualified_min_count:
      return "has fewer than " + counted(c.number, "value") + " conforming to " +
             shape_name(c.shapes[0]);
    case Component::qualified_max_count:
      return "has more than " + counted(c.number, "value") + " conforming to " +
             shape_name(c.shapes[0]);
    case Component::closed:
      return "property " + px.shorten_or_bracket(term(r.predicate).value) +
             " is not allowed (closed shape)";
    case Component::has_value: return "does not have the value " + param();
    case Component::in: return value() + " is not one of the allowed values";
    }
    return "constraint violated";
  }

  Report convert(const std::vector<RawResult> &raw) {
    Report report;
    report.prefixes = report_names();
    report.conforms = raw.empty();
    convert_into(raw, naming_prefixes(report.prefixes), report.results);
    return report;
  }

  /// The results as a report holds them (terms, paths and messages owned: engine-independent).
  void convert_into(const std::vector<RawResult> &raw, const rdf::PrefixMap &names,
                    std::vector<ValidationResult> &results) {
    results.reserve(results.size() + raw.size());
    for (const RawResult &r : raw) {
      const Shape &shape = s_.shapes[r.shape];
      const Constraint &c = shape.constraints[r.constraint];
      ValidationResult out;
      out.focus = node_of(r.focus);
      out.focus_id = in_data(r.focus) ? r.focus : 0;
      if (r.value != 0) {
        out.value = node_of(r.value);
        out.value_id = in_data(r.value) ? r.value : 0;
      }
      if (c.component == Component::closed) {
        PathExpr e;
        e.iri = term(r.predicate).value;
        out.path = std::move(e);
        out.predicate_id = r.predicate;
      } else if (shape.property && shape.path != no_index) {
        out.path = path_of(shape.path);
        const PathNode &p = s_.paths[shape.path];
        if (p.kind == PathExpr::Kind::predicate) {
          out.predicate_id = bind(p.iri);
        } else if (p.kind == PathExpr::Kind::inverse &&
                   s_.paths[p.items[0]].kind == PathExpr::Kind::predicate) {
          out.predicate_id = bind(s_.paths[p.items[0]].iri);
          out.inverse = true;
        }
        if (!in_data(out.predicate_id))
          out.predicate_id = 0;
      }
      out.source_shape = mini_node(shape.node);
      out.component = std::string(vocab::sh) + std::string(component_name(c.component));
      out.severity = s_.terms.get(shape.severity).value;
      out.level = shape.severity == s_.sh_violation ? Level::violation
                  : shape.severity == s_.sh_warning ? Level::warning
                  : shape.severity == s_.sh_info    ? Level::info
                                                    : Level::other;
      for (TermId m : shape.messages)
        out.messages.push_back(mini_node(m));
      if (out.messages.empty()) {
        Node m;
        m.kind = TermKind::literal;
        m.value = message_for(r, names);
        out.messages.push_back(std::move(m));
      }
      results.push_back(std::move(out));
    }
  }

  const Shapes::Impl &s_;
  const Graph &data_;
  TermId data_size_;
  graph::TermTable overlay_;
  std::vector<TermId> bound_;
  std::function<bool(TermId)> focus_filter_; ///< ValidateOptions::focus_filter
  std::unordered_map<TermId, xsd::Type> datatype_types_;
  TermId rdf_type_ = 0;
  std::unordered_map<TermId, std::vector<TermId>> supers_;
  std::unordered_map<TermId, std::vector<TermId>> subs_;
  std::unordered_map<std::uint64_t, bool> subclass_memo_;
  std::vector<std::vector<std::vector<TermId>>> sets_;
  std::vector<bool> cyclic_;
  std::unordered_map<std::uint64_t, std::uint8_t> memo_;
  std::unordered_set<std::uint64_t> active_;
  std::size_t depth_ = 0;               ///< how deeply check() is nested now
  std::vector<Regex::Scratch> scratch_; ///< one per regular expression of the shapes
};

} // namespace

std::size_t Report::count(Level level) const {
  return static_cast<std::size_t>(std::count_if(
      results.begin(), results.end(), [&](const ValidationResult &r) { return r.level == level; }));
}

namespace {

/// A run of focus nodes of one shape, checked by one engine; its results or where it stopped.
struct Block {
  std::uint32_t shape = 0;
  std::span<const TermId> focus;
  std::vector<ValidationResult> results;
  std::optional<std::string> stopped;
};

/// run()'s checks cut into blocks, in run()'s order.
std::vector<Block> cut(const std::vector<std::vector<TermId>> &focus) {
  constexpr std::size_t block_size = 256;
  std::vector<Block> blocks;
  for (std::uint32_t si = 0; si < focus.size(); ++si) {
    for (std::size_t i = 0; i < focus[si].size(); i += block_size) {
      const std::size_t n = std::min(block_size, focus[si].size() - i);
      blocks.push_back(Block{si, std::span<const TermId>(focus[si]).subspan(i, n), {}, {}});
    }
  }
  return blocks;
}

/// run() with the focus nodes checked on up to `jobs` threads, one engine each (their state is
/// their own), the results put together in run()'s order: the same report as run()'s when the
/// engine is independent().
Report run_parallel(Engine &main, const Shapes::Impl &shapes, const Graph &data,
                    const ValidateOptions &options) {
  const std::vector<std::vector<TermId>> focus = main.focus_lists();
  std::vector<Block> blocks = cut(focus);
  Report report;
  report.prefixes = main.report_names();
  const rdf::PrefixMap names = naming_prefixes(report.prefixes);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> first_stop{SIZE_MAX}; // later blocks need not run
  const unsigned threads = parallel::effective_jobs(options.jobs, blocks.size());
  parallel::for_each_index(threads, threads, [&](std::size_t) {
    Engine engine(shapes, data, options);
    for (std::size_t b = next++; b < blocks.size() && b < first_stop.load(); b = next++) {
      std::string stopped;
      if (engine.check_range(blocks[b].shape, blocks[b].focus, names, blocks[b].results, stopped))
        continue;
      blocks[b].stopped = std::move(stopped);
      std::size_t seen = first_stop.load();
      while (b < seen && !first_stop.compare_exchange_weak(seen, b)) {
      }
    }
  });
  for (Block &block : blocks) {
    if (block.stopped)
      throw Stopped{std::move(*block.stopped)};
    std::move(block.results.begin(), block.results.end(), std::back_inserter(report.results));
  }
  report.conforms = report.results.empty();
  return report;
}

} // namespace

Report Shapes::validate(const graph::Graph &data, const ValidateOptions &options) const {
  if (data.frozen()) // else the engine refuses it
    data.build_indexes(options.jobs);
  Engine engine(*impl_, data, options);
  try {
    if (parallel::effective_jobs(options.jobs, 2) > 1 && engine.independent())
      return run_parallel(engine, *impl_, data, options);
    return engine.run();
  } catch (Stopped &stopped) {
    Report report;
    report.conforms = false;
    report.error = "validation stopped: " + std::move(stopped.message);
    return report;
  }
}

} // namespace factloom::validate
