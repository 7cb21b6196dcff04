// Shapes graph -> compiled shapes, with a diagnostic naming the shape for every ill-formed part.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "base/check.hpp"
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

/// The parameters and types the loader looks for, as ids of the shapes graph (0 = absent).
enum class Param : std::uint8_t {
  type,
  path,
  target_node,
  target_class,
  target_subjects_of,
  target_objects_of,
  target,
  severity,
  deactivated,
  message,
  class_,
  datatype,
  node_kind,
  min_count,
  max_count,
  min_exclusive,
  min_inclusive,
  max_exclusive,
  max_inclusive,
  min_length,
  max_length,
  pattern,
  flags,
  language_in,
  unique_lang,
  equals,
  disjoint,
  less_than,
  less_than_or_equals,
  not_,
  and_,
  or_,
  xone,
  node,
  property,
  qualified_value_shape,
  qualified_min_count,
  qualified_max_count,
  qualified_disjoint,
  closed,
  ignored_properties,
  has_value,
  in,
  sparql,
};

struct ParamName {
  std::string_view local;
  Param param;
};

constexpr ParamName param_names[] = {
    {"path", Param::path},
    {"targetNode", Param::target_node},
    {"targetClass", Param::target_class},
    {"targetSubjectsOf", Param::target_subjects_of},
    {"targetObjectsOf", Param::target_objects_of},
    {"target", Param::target},
    {"severity", Param::severity},
    {"deactivated", Param::deactivated},
    {"message", Param::message},
    {"class", Param::class_},
    {"datatype", Param::datatype},
    {"nodeKind", Param::node_kind},
    {"minCount", Param::min_count},
    {"maxCount", Param::max_count},
    {"minExclusive", Param::min_exclusive},
    {"minInclusive", Param::min_inclusive},
    {"maxExclusive", Param::max_exclusive},
    {"maxInclusive", Param::max_inclusive},
    {"minLength", Param::min_length},
    {"maxLength", Param::max_length},
    {"pattern", Param::pattern},
    {"flags", Param::flags},
    {"languageIn", Param::language_in},
    {"uniqueLang", Param::unique_lang},
    {"equals", Param::equals},
    {"disjoint", Param::disjoint},
    {"lessThan", Param::less_than},
    {"lessThanOrEquals", Param::less_than_or_equals},
    {"not", Param::not_},
    {"and", Param::and_},
    {"or", Param::or_},
    {"xone", Param::xone},
    {"node", Param::node},
    {"property", Param::property},
    {"qualifiedValueShape", Param::qualified_value_shape},
    {"qualifiedMinCount", Param::qualified_min_count},
    {"qualifiedMaxCount", Param::qualified_max_count},
    {"qualifiedValueShapesDisjoint", Param::qualified_disjoint},
    {"closed", Param::closed},
    {"ignoredProperties", Param::ignored_properties},
    {"hasValue", Param::has_value},
    {"in", Param::in},
    {"sparql", Param::sparql},
};

/// The local name of a parameter's IRI ("minCount").
constexpr std::string_view param_local(Param p) {
  for (const ParamName &n : param_names) {
    if (n.param == p)
      return n.local;
  }
  return {};
}

/// The parameter of a count or length component ("minCount").
constexpr std::string_view count_param_name(Component c) {
  switch (c) {
  case Component::min_count: return "minCount";
  case Component::max_count: return "maxCount";
  case Component::min_length: return "minLength";
  case Component::max_length: return "maxLength";
  default: return {};
  }
}

class Loader {
public:
  Loader(const Graph &g, DiagnosticSink &sink, Shapes::Impl &out)
      : g_(g), sink_(sink), out_(out), names_(naming_prefixes(g.prefix_map())) {
    for (const ParamName &p : param_names) {
      if (const TermId id = sh(p.local))
        params_.emplace(id, p.param);
    }
    rdf_type_ = iri(vocab::rdf, "type");
    rdf_first_ = iri(vocab::rdf, "first");
    rdf_rest_ = iri(vocab::rdf, "rest");
    rdf_nil_ = iri(vocab::rdf, "nil");
    rdfs_class_ = iri(vocab::rdfs, "Class");
    xsd_boolean_ = iri(vocab::xsd, "boolean");
    true_ = xsd_boolean_ ? g.terms().find(TermKind::literal, "true", xsd_boolean_) : 0;
  }

  void run() {
    out_.prefixes = g_.prefix_map();
    out_.sh_violation = out_.terms.iri(std::string(vocab::sh) + "Violation");
    out_.sh_warning = out_.terms.iri(std::string(vocab::sh) + "Warning");
    out_.sh_info = out_.terms.iri(std::string(vocab::sh) + "Info");
    refuse_sparql();
    for (std::string_view type : {"NodeShape", "PropertyShape"}) {
      if (const TermId t = sh(type)) {
        for (TermId s : g_.subjects(rdf_type_, t))
          shape_ref(s, s);
      }
    }
    for (std::string_view target :
         {"targetNode", "targetClass", "targetSubjectsOf", "targetObjectsOf"}) {
      if (const TermId p = sh(target)) {
        for (std::uint32_t i : g_.with_predicate(p))
          shape_ref(g_.quads()[i].s, g_.quads()[i].s);
      }
    }
    while (next_ < queue_.size()) {
      const std::uint32_t index = next_++;
      compile_shape(index, queue_[index]);
    }
    // Values of sh:property must be property shapes.
    for (const auto &[shape, prop] : property_refs_) {
      if (!out_.shapes[prop].property) {
        error(queue_[shape], "the value " + name(queue_[prop]) + " of sh:property has no sh:path");
      }
    }
  }

private:
  TermId iri(std::string_view ns, std::string_view local) const {
    std::string text(ns);
    text += local;
    return g_.terms().find(TermKind::iri, text);
  }
  TermId sh(std::string_view local) const { return iri(vocab::sh, local); }

  std::string name(TermId id) const {
    const Term t = g_.terms().get(id);
    switch (t.kind) {
    case TermKind::iri: return names_.shorten_or_bracket(t.value);
    case TermKind::blank: return "_:" + std::string(t.value);
    case TermKind::literal: return "\"" + std::string(t.value) + "\"";
    }
    return {};
  }

  void error(TermId shape, const std::string &message) {
    Diagnostic d;
    d.severity = Severity::error;
    const graph::Origin o = g_.subject_origin(shape);
    if (o.file != 0 && o.offset != 0)
      d.span = SourceSpan{o.file, o.offset, o.offset};
    d.message = "shape " + name(shape) + ": " + message;
    sink_.report(std::move(d));
  }

  /// A copy of a shapes-graph term in the compiled table.
  TermId import(TermId id) {
    const Term t = g_.terms().get(id);
    switch (t.kind) {
    case TermKind::iri: return out_.terms.iri(t.value);
    case TermKind::blank: return out_.terms.blank(t.value);
    case TermKind::literal:
      return out_.terms.literal(t.value, t.datatype.empty() ? 0 : out_.terms.iri(t.datatype),
                                t.lang);
    }
    return 0;
  }

  std::vector<TermId> objects(TermId s, TermId p) const {
    std::vector<TermId> out;
    if (p == 0)
      return out;
    for (const graph::Quad &q : g_.with_subject_predicate(s, p)) {
      if (out.empty() || out.back() != q.o)
        out.push_back(q.o);
    }
    return out;
  }

  /// The members of a well-formed RDF list; false (and an error) otherwise.
  bool list(TermId shape, TermId head, std::string_view what, std::vector<TermId> &items) {
    std::unordered_set<TermId> seen;
    TermId node = head;
    while (node != rdf_nil_ || rdf_nil_ == 0) {
      const auto first = objects(node, rdf_first_);
      const auto rest = objects(node, rdf_rest_);
      if (g_.terms().get(node).is_literal() || first.size() != 1 || rest.size() != 1 ||
          !seen.insert(node).second) {
        error(shape, "the value of " + std::string(what) + " is not a well-formed RDF list");
        return false;
      }
      items.push_back(first[0]);
      node = rest[0];
    }
    return true;
  }

  std::uint32_t shape_ref(TermId node, TermId from) {
    if (g_.terms().get(node).is_literal()) {
      error(from, "the literal " + name(node) + " is used as a shape");
      return no_index;
    }
    const auto [it, inserted] = index_.try_emplace(node, static_cast<std::uint32_t>(queue_.size()));
    if (inserted) {
      queue_.push_back(node);
      out_.shapes.emplace_back();
    }
    return it->second;
  }

  void refuse_sparql() {
    const TermId sparql = sh("sparql");
    if (sparql != 0) {
      for (std::uint32_t i : g_.with_predicate(sparql)) {
        error(g_.quads()[i].s, "uses SHACL-SPARQL (sh:sparql), which factloom does not support");
      }
    }
    for (std::string_view v : {"validator", "nodeValidator", "propertyValidator"}) {
      if (const TermId p = sh(v)) {
        for (std::uint32_t i : g_.with_predicate(p)) {
          error(g_.quads()[i].s, "is a SPARQL-based constraint component (sh:" + std::string(v) +
                                     "), which factloom does not support");
        }
      }
    }
    if (const TermId cc = sh("ConstraintComponent")) {
      for (TermId s : g_.subjects(rdf_type_, cc)) {
        error(s, "declares a SPARQL-based constraint component, which factloom does not support");
      }
    }
    if (const TermId target = sh("target")) {
      for (std::uint32_t i : g_.with_predicate(target)) {
        error(g_.quads()[i].s,
              "uses a SPARQL-based target (sh:target), which factloom does not support");
      }
    }
  }

  std::uint32_t compile_path(TermId shape, TermId node, int depth) {
    if (depth > 64) {
      error(shape, "sh:path is nested too deeply or cyclic");
      return no_index;
    }
    const Term t = g_.terms().get(node);
    PathNode p;
    if (t.is_iri()) {
      p.kind = PathExpr::Kind::predicate;
      p.iri = import(node);
    } else if (t.is_literal()) {
      error(shape, "sh:path value " + name(node) + " is a literal, not a path");
      return no_index;
    } else if (!objects(node, rdf_first_).empty()) {
      std::vector<TermId> items;
      if (!list(shape, node, "sh:path", items))
        return no_index;
      if (items.empty()) {
        error(shape, "sh:path is an empty sequence");
        return no_index;
      }
      p.kind = PathExpr::Kind::sequence;
      for (TermId item : items) {
        const std::uint32_t i = compile_path(shape, item, depth + 1);
        if (i == no_index)
          return no_index;
        p.items.push_back(i);
      }
    } else {
      static constexpr std::pair<std::string_view, PathExpr::Kind> forms[] = {
          {"inversePath", PathExpr::Kind::inverse},
          {"alternativePath", PathExpr::Kind::alternative},
          {"zeroOrMorePath", PathExpr::Kind::zero_or_more},
          {"oneOrMorePath", PathExpr::Kind::one_or_more},
          {"zeroOrOnePath", PathExpr::Kind::zero_or_one},
      };
      int found = 0;
      for (const auto &[local, kind] : forms) {
        const auto values = objects(node, sh(local));
        if (values.empty())
          continue;
        ++found;
        if (values.size() != 1 || found > 1) {
          error(shape,
                "sh:path node " + name(node) + " is not a well-formed path (several path forms)");
          return no_index;
        }
        p.kind = kind;
        if (kind == PathExpr::Kind::alternative) {
          std::vector<TermId> items;
          if (!list(shape, values[0], "sh:alternativePath", items))
            return no_index;
          if (items.empty()) {
            error(shape, "sh:alternativePath is an empty list");
            return no_index;
          }
          for (TermId item : items) {
            const std::uint32_t i = compile_path(shape, item, depth + 1);
            if (i == no_index)
              return no_index;
            p.items.push_back(i);
          }
        } else {
          const std::uint32_t i = compile_path(shape, values[0], depth + 1);
          if (i == no_index)
            return no_index;
          p.items.push_back(i);
        }
      }
      if (found == 0) {
        error(shape, "sh:path node " + name(node) + " is not a SHACL path");
        return no_index;
      }
    }
    out_.paths.push_back(std::move(p));
    return static_cast<std::uint32_t>(out_.paths.size() - 1);
  }

  bool count_value(TermId shape, TermId v, std::string_view what, std::uint64_t &n) {
    const Term t = g_.terms().get(v);
    const xsd::Type type =
        t.is_literal() && !t.datatype.empty() ? xsd::type_of(t.datatype) : xsd::Type::other;
    const bool integer = type >= xsd::Type::integer && type <= xsd::Type::positive_integer;
    if (!integer || !xsd::well_formed(type, t.value) ||
        t.value.find('-') != std::string_view::npos) {
      error(shape, std::string(what) + " must be a non-negative xsd:integer, found " + name(v));
      return false;
    }
    n = 0;
    for (char c : t.value) {
      if (c < '0' || c > '9')
        continue;
      n = n > 1000000000000000000ULL ? n : n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
  }

  bool is_true(TermId v) const { return v == true_ && true_ != 0; }

  /// One shape being compiled: its node, its parameter values, and the shape so far.
  struct ShapeContext {
    TermId node = 0;
    std::uint32_t index = 0;
    std::vector<std::pair<Param, TermId>> values; ///< sorted, without duplicates
    Shape shape;
    std::string flags;                                  ///< sh:flags, for sh:pattern
    std::optional<std::vector<std::uint32_t>> siblings; ///< for sh:qualifiedValueShapesDisjoint

    std::vector<TermId> all(Param p) const {
      std::vector<TermId> out;
      for (const auto &[param, v] : values) {
        if (param == p)
          out.push_back(v);
      }
      return out;
    }
    void add(Constraint c) { shape.constraints.push_back(std::move(c)); }
  };

  /// Compiles one value of a constraint parameter into the shape's constraints.
  using CompileFn = void (Loader::*)(ShapeContext &, Component, TermId);
  struct ConstraintRule {
    Param param;
    Component component;
    CompileFn compile;
  };
  void compile_shape(std::uint32_t index, TermId node) {
    ShapeContext ctx;
    ctx.node = node;
    ctx.index = index;
    ctx.shape.node = import(node);
    ctx.shape.severity = out_.sh_violation;
    for (const graph::Quad &q : g_.with_subject(node)) {
      const auto it = params_.find(q.p);
      if (it != params_.end())
        ctx.values.emplace_back(it->second, q.o);
      if (q.p == rdf_type_ && q.o == rdfs_class_ && g_.terms().get(node).is_iri()) {
        ctx.shape.target_classes.push_back(ctx.shape.node);
      }
    }
    // Duplicates appear when a triple is in several named graphs.
    std::sort(ctx.values.begin(), ctx.values.end());
    ctx.values.erase(std::unique(ctx.values.begin(), ctx.values.end()), ctx.values.end());
    compile_header(ctx);
    compile_targets(ctx);
    for (const ConstraintRule &rule : constraint_rules) {
      for (TermId v : ctx.all(rule.param))
        (this->*rule.compile)(ctx, rule.component, v);
    }
    out_.shapes[index] = std::move(ctx.shape);
  }

  bool need_iri(const ShapeContext &ctx, TermId v, std::string_view what) {
    if (g_.terms().get(v).is_iri())
      return true;
    error(ctx.node, std::string(what) + " must be an IRI, found " + name(v));
    return false;
  }

  /// sh:path, sh:severity, sh:deactivated, sh:message.
  void compile_header(ShapeContext &ctx) {
    const TermId node = ctx.node;
    Shape &s = ctx.shape;
    const auto paths = ctx.all(Param::path);
    if (paths.size() > 1)
      error(node, "has " + std::to_string(paths.size()) + " values for sh:path");
    if (!paths.empty()) {
      s.property = true;
      s.path = compile_path(node, paths[0], 0);
    }
    if (!s.property && sh("PropertyShape") != 0 &&
        g_.contains(node, rdf_type_, sh("PropertyShape"))) {
      error(node, "is an sh:PropertyShape without sh:path");
    }
    const auto severities = ctx.all(Param::severity);
    if (severities.size() > 1)
      error(node, "has several values for sh:severity");
    for (TermId v : severities) {
      if (need_iri(ctx, v, "sh:severity"))
        s.severity = import(v);
    }
    for (TermId v : ctx.all(Param::deactivated))
      s.deactivated = s.deactivated || is_true(v);
    for (TermId v : ctx.all(Param::message)) {
      if (g_.terms().get(v).is_literal()) {
        s.messages.push_back(import(v));
      } else {
        error(node, "sh:message must be a literal, found " + name(v));
      }
    }
  }

  /// sh:targetNode, sh:targetClass, sh:targetSubjectsOf, sh:targetObjectsOf.
  void compile_targets(ShapeContext &ctx) {
    Shape &s = ctx.shape;
    for (TermId v : ctx.all(Param::target_node))
      s.target_nodes.push_back(import(v));
    const std::pair<Param, std::vector<TermId> *> iri_targets[] = {
        {Param::target_class, &s.target_classes},
        {Param::target_subjects_of, &s.target_subjects_of},
        {Param::target_objects_of, &s.target_objects_of},
    };
    for (const auto &[param, into] : iri_targets) {
      for (TermId v : ctx.all(param)) {
        if (need_iri(ctx, v, "sh:" + std::string(param_local(param))))
          into->push_back(import(v));
      }
    }
  }

  /// sh:flags, read just before sh:pattern, which uses it.
  void compile_flags(ShapeContext &ctx, Component, TermId v) {
    const auto flags = ctx.all(Param::flags);
    if (flags.size() > 1 && v == flags.front())
      error(ctx.node, "has several values for sh:flags");
    const Term t = g_.terms().get(v);
    if (!t.is_literal()) {
      error(ctx.node, "sh:flags must be a string, found " + name(v));
    } else {
      ctx.flags = t.value;
    }
  }

  // ---- one compile function per family of constraint parameters ---------------------------

  static Constraint constraint(Component component, TermId term = 0) {
    Constraint c;
    c.component = component;
    c.term = term;
    return c;
  }

  void compile_class(ShapeContext &ctx, Component component, TermId v) {
    if (g_.terms().get(v).is_literal()) {
      error(ctx.node, "sh:class must be an IRI, found " + name(v));
      return;
    }
    ctx.add(constraint(component, import(v)));
  }

  /// sh:datatype, and the property of sh:equals, sh:disjoint, sh:lessThan(OrEquals).
  void compile_term_iri(ShapeContext &ctx, Component component, TermId v) {
    const std::string what = component == Component::datatype
                                 ? std::string("sh:datatype")
                                 : "the property of sh:" + std::string(component_name(component));
    if (need_iri(ctx, v, what))
      ctx.add(constraint(component, import(v)));
  }

  void compile_term(ShapeContext &ctx, Component component, TermId v) {
    ctx.add(constraint(component, import(v)));
  }

  void compile_node_kind(ShapeContext &ctx, Component component, TermId v) {
    static constexpr std::pair<std::string_view, NodeKind> kinds[] = {
        {"BlankNode", NodeKind::blank_node},
        {"IRI", NodeKind::iri},
        {"Literal", NodeKind::literal},
        {"BlankNodeOrIRI", NodeKind::blank_node_or_iri},
        {"BlankNodeOrLiteral", NodeKind::blank_node_or_literal},
        {"IRIOrLiteral", NodeKind::iri_or_literal},
    };
    bool found = false;
    for (const auto &[local, kind] : kinds) {
      if (v == sh(local)) {
        Constraint c = constraint(component);
        c.node_kind = kind;
        ctx.add(std::move(c));
        found = true;
      }
    }
    if (!found)
      error(ctx.node, "sh:nodeKind must be one of sh:BlankNode, sh:IRI, sh:Literal, "
                      "sh:BlankNodeOrIRI, sh:BlankNodeOrLiteral, sh:IRIOrLiteral; found " +
                          name(v));
  }

  /// sh:minCount, sh:maxCount, sh:minLength, sh:maxLength.
  void compile_count(ShapeContext &ctx, Component component, TermId v) {
    Constraint c = constraint(component);
    if (count_value(ctx.node, v, "sh:" + std::string(count_param_name(component)), c.number))
      ctx.add(std::move(c));
  }

  /// sh:minExclusive, sh:minInclusive, sh:maxExclusive, sh:maxInclusive.
  void compile_range(ShapeContext &ctx, Component component, TermId v) {
    if (!g_.terms().get(v).is_literal()) {
      error(ctx.node, "the bound of sh:" + std::string(component_name(component)) +
                          " must be a literal, found " + name(v));
      return;
    }
    ctx.add(constraint(component, import(v)));
  }

  void compile_pattern(ShapeContext &ctx, Component component, TermId v) {
    const Term t = g_.terms().get(v);
    if (!t.is_literal()) {
      error(ctx.node, "sh:pattern must be a string, found " + name(v));
      return;
    }
    std::string why;
    auto regex = Regex::compile(t.value, ctx.flags, why);
    if (!regex) {
      error(ctx.node, "sh:pattern " + name(v) + ": " + why);
      return;
    }
    out_.regexes.push_back(std::move(*regex));
    Constraint c = constraint(component, import(v));
    c.regex = static_cast<std::uint32_t>(out_.regexes.size() - 1);
    ctx.add(std::move(c));
  }

  void compile_language_in(ShapeContext &ctx, Component component, TermId v) {
    std::vector<TermId> items;
    if (!list(ctx.node, v, "sh:languageIn", items))
      return;
    Constraint c = constraint(component);
    bool ok = true;
    for (TermId item : items) {
      if (!g_.terms().get(item).is_literal()) {
        error(ctx.node, "sh:languageIn members must be strings, found " + name(item));
        ok = false;
      }
      c.terms.push_back(import(item));
    }
    if (ok)
      ctx.add(std::move(c));
  }

  /// sh:uniqueLang: only the term true switches it on.
  void compile_switch(ShapeContext &ctx, Component component, TermId v) {
    if (is_true(v))
      ctx.add(constraint(component));
  }

  /// sh:not, sh:node.
  void compile_shape_ref(ShapeContext &ctx, Component component, TermId v) {
    Constraint c = constraint(component);
    c.shapes.push_back(shape_ref(v, ctx.node));
    if (c.shapes[0] != no_index)
      ctx.add(std::move(c));
  }

  /// sh:and, sh:or, sh:xone.
  void compile_shape_list(ShapeContext &ctx, Component component, TermId v) {
    std::vector<TermId> items;
    if (!list(ctx.node, v, "sh:" + std::string(component_name(component)), items))
      return;
    Constraint c = constraint(component);
    bool ok = true;
    for (TermId item : items) {
      const std::uint32_t i = shape_ref(item, ctx.node);
      ok = ok && i != no_index;
      c.shapes.push_back(i);
    }
    if (ok)
      ctx.add(std::move(c));
  }

  void compile_property(ShapeContext &ctx, Component component, TermId v) {
    Constraint c = constraint(component);
    c.shapes.push_back(shape_ref(v, ctx.node));
    if (c.shapes[0] == no_index)
      return;
    property_refs_.emplace_back(ctx.index, c.shapes[0]);
    ctx.add(std::move(c));
  }

  /// One sh:qualifiedValueShape with the shape's sh:qualifiedMin/MaxCount bounds.
  void compile_qualified(ShapeContext &ctx, Component, TermId q) {
    if (!ctx.siblings) {
      bool disjoint = false;
      for (TermId v : ctx.all(Param::qualified_disjoint))
        disjoint = disjoint || is_true(v);
      ctx.siblings.emplace();
      if (disjoint)
        *ctx.siblings = sibling_shapes(ctx.node);
    }
    const std::uint32_t qi = shape_ref(q, ctx.node);
    if (qi == no_index)
      return;
    std::vector<std::uint32_t> mine;
    for (std::uint32_t sib : *ctx.siblings) {
      if (sib != qi)
        mine.push_back(sib);
    }
    static constexpr std::pair<Param, Component> bounds[] = {
        {Param::qualified_min_count, Component::qualified_min_count},
        {Param::qualified_max_count, Component::qualified_max_count},
    };
    for (const auto &[param, component] : bounds) {
      for (TermId v : ctx.all(param)) {
        Constraint c = constraint(component);
        if (!count_value(ctx.node, v, "sh:" + std::string(param_local(param)), c.number))
          continue;
        c.shapes.push_back(qi);
        c.siblings = mine;
        ctx.add(std::move(c));
      }
    }
  }

  void compile_closed(ShapeContext &ctx, Component component, TermId v) {
    if (!is_true(v))
      return;
    Constraint c = constraint(component);
    for (TermId prop : ctx.all(Param::property)) {
      for (TermId p : objects(prop, sh("path"))) {
        if (g_.terms().get(p).is_iri())
          c.terms.push_back(import(p));
      }
    }
    for (TermId ignored : ctx.all(Param::ignored_properties)) {
      std::vector<TermId> items;
      if (!list(ctx.node, ignored, "sh:ignoredProperties", items))
        continue;
      for (TermId item : items)
        c.terms.push_back(import(item));
    }
    std::sort(c.terms.begin(), c.terms.end());
    c.terms.erase(std::unique(c.terms.begin(), c.terms.end()), c.terms.end());
    ctx.add(std::move(c));
  }

  void compile_in(ShapeContext &ctx, Component component, TermId v) {
    std::vector<TermId> items;
    if (!list(ctx.node, v, "sh:in", items))
      return;
    Constraint c = constraint(component);
    for (TermId item : items)
      c.terms.push_back(import(item));
    ctx.add(std::move(c));
  }

  /// Every constraint parameter, in the order the shape's constraints are listed.
  static constexpr ConstraintRule constraint_rules[] = {
      {Param::class_, Component::class_, &Loader::compile_class},
      {Param::datatype, Component::datatype, &Loader::compile_term_iri},
      {Param::node_kind, Component::node_kind, &Loader::compile_node_kind},
      {Param::min_count, Component::min_count, &Loader::compile_count},
      {Param::max_count, Component::max_count, &Loader::compile_count},
      {Param::min_length, Component::min_length, &Loader::compile_count},
      {Param::max_length, Component::max_length, &Loader::compile_count},
      {Param::min_exclusive, Component::min_exclusive, &Loader::compile_range},
      {Param::min_inclusive, Component::min_inclusive, &Loader::compile_range},
      {Param::max_exclusive, Component::max_exclusive, &Loader::compile_range},
      {Param::max_inclusive, Component::max_inclusive, &Loader::compile_range},
      {Param::flags, Component::pattern, &Loader::compile_flags},
      {Param::pattern, Component::pattern, &Loader::compile_pattern},
      {Param::language_in, Component::language_in, &Loader::compile_language_in},
      {Param::unique_lang, Component::unique_lang, &Loader::compile_switch},
      {Param::equals, Component::equals, &Loader::compile_term_iri},
      {Param::disjoint, Component::disjoint, &Loader::compile_term_iri},
      {Param::less_than, Component::less_than, &Loader::compile_term_iri},
      {Param::less_than_or_equals, Component::less_than_or_equals, &Loader::compile_term_iri},
      {Param::not_, Component::not_, &Loader::compile_shape_ref},
      {Param::node, Component::node, &Loader::compile_shape_ref},
      {Param::and_, Component::and_, &Loader::compile_shape_list},
      {Param::or_, Component::or_, &Loader::compile_shape_list},
      {Param::xone, Component::xone, &Loader::compile_shape_list},
      {Param::property, Component::property, &Loader::compile_property},
      {Param::qualified_value_shape, Component::qualified_min_count, &Loader::compile_qualified},
      {Param::closed, Component::closed, &Loader::compile_closed},
      {Param::has_value, Component::has_value, &Loader::compile_term},
      {Param::in, Component::in, &Loader::compile_in},
  };

  /// Qualified value shapes of the property shapes that share a parent with `shape`.
  std::vector<std::uint32_t> sibling_shapes(TermId shape) {
    std::vector<std::uint32_t> out;
    const TermId property = sh("property");
    const TermId qvs = sh("qualifiedValueShape");
    for (TermId parent : g_.subjects(property, shape)) {
      for (TermId sibling : objects(parent, property)) {
        for (TermId q : objects(sibling, qvs)) {
          if (g_.terms().get(q).is_literal())
            continue;
          out.push_back(shape_ref(q, shape));
        }
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  const Graph &g_;
  DiagnosticSink &sink_;
  Shapes::Impl &out_;
  rdf::PrefixMap names_; ///< naming_prefixes() of the shapes graph, for messages
  std::unordered_map<TermId, Param> params_;
  std::unordered_map<TermId, std::uint32_t> index_;
  std::vector<TermId> queue_;
  std::uint32_t next_ = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> property_refs_;
  TermId rdf_type_ = 0;
  TermId rdf_first_ = 0;
  TermId rdf_rest_ = 0;
  TermId rdf_nil_ = 0;
  TermId rdfs_class_ = 0;
  TermId xsd_boolean_ = 0;
  TermId true_ = 0;
};

} // namespace

std::string_view component_name(Component c) {
  switch (c) {
  case Component::class_: return "ClassConstraintComponent";
  case Component::datatype: return "DatatypeConstraintComponent";
  case Component::node_kind: return "NodeKindConstraintComponent";
  case Component::min_count: return "MinCountConstraintComponent";
  case Component::max_count: return "MaxCountConstraintComponent";
  case Component::min_exclusive: return "MinExclusiveConstraintComponent";
  case Component::min_inclusive: return "MinInclusiveConstraintComponent";
  case Component::max_exclusive: return "MaxExclusiveConstraintComponent";
  case Component::max_inclusive: return "MaxInclusiveConstraintComponent";
  case Component::min_length: return "MinLengthConstraintComponent";
  case Component::max_length: return "MaxLengthConstraintComponent";
  case Component::pattern: return "PatternConstraintComponent";
  case Component::language_in: return "LanguageInConstraintComponent";
  case Component::unique_lang: return "UniqueLangConstraintComponent";
  case Component::equals: return "EqualsConstraintComponent";
  case Component::disjoint: return "DisjointConstraintComponent";
  case Component::less_than: return "LessThanConstraintComponent";
  case Component::less_than_or_equals: return "LessThanOrEqualsConstraintComponent";
  case Component::not_: return "NotConstraintComponent";
  case Component::and_: return "AndConstraintComponent";
  case Component::or_: return "OrConstraintComponent";
  case Component::xone: return "XoneConstraintComponent";
  case Component::node: return "NodeConstraintComponent";
  case Component::property: return "PropertyConstraintComponent";
  case Component::qualified_min_count: return "QualifiedMinCountConstraintComponent";
  case Component::qualified_max_count: return "QualifiedMaxCountConstraintComponent";
  case Component::closed: return "ClosedConstraintComponent";
  case Component::has_value: return "HasValueConstraintComponent";
  case Component::in: return "InConstraintComponent";
  }
  return "ConstraintComponent";
}

Shapes::Shapes() : impl_(std::make_unique<Impl>()) {}
Shapes::Shapes(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Shapes::~Shapes() = default;
Shapes::Shapes(Shapes &&) noexcept = default;
Shapes &Shapes::operator=(Shapes &&) noexcept = default;
std::size_t Shapes::size() const { return impl_->shapes.size(); }

namespace {

/// Whether checking shape `s` on a node at `depth` (0: the focus node, 1: a value of its
/// triples) reads no triple but the focus node's own and the classes of its values. `seen`
/// holds a bit a depth per shape (shapes may refer to each other in cycles).
bool local_shape(const Shapes::Impl &m, std::uint32_t s, unsigned depth,
                 std::vector<std::uint8_t> &seen) {
  const auto bit = static_cast<std::uint8_t>(1U << depth);
  if ((seen[s] & bit) != 0)
    return true;
  seen[s] |= bit;
  const Shape &shape = m.shapes[s];
  unsigned values = depth; // the depth of the nodes the constraints check
  if (shape.property) {
    if (depth > 0 || shape.path == no_index ||
        m.paths[shape.path].kind != PathExpr::Kind::predicate)
      return false; // a path from a value, or a path that is not one predicate forward
    values = 1;
  }
  for (const Constraint &c : shape.constraints) {
    switch (c.component) {
    case Component::equals:
    case Component::disjoint:
    case Component::less_than:
    case Component::less_than_or_equals:
    case Component::closed:
      if (depth > 0) // they read the triples of the node the shape is on
        return false;
      break;
    case Component::not_:
    case Component::and_:
    case Component::or_:
    case Component::xone:
    case Component::node:
    case Component::property:
    case Component::qualified_min_count:
    case Component::qualified_max_count:
      for (const auto *list : {&c.shapes, &c.siblings}) {
        for (const std::uint32_t inner : *list) {
          if (values > 1 || !local_shape(m, inner, values, seen))
            return false;
        }
      }
      break;
    default: // the value itself, its class, or counts of the focus node's own values
      break;
    }
  }
  return true;
}

} // namespace

bool Shapes::local() const {
  std::vector<std::uint8_t> seen(impl_->shapes.size(), 0);
  for (std::uint32_t s = 0; s < impl_->shapes.size(); ++s) {
    const Shape &shape = impl_->shapes[s];
    if (shape.deactivated || !shape.has_targets())
      continue;
    if (!shape.target_objects_of.empty() || !local_shape(*impl_, s, 0, seen))
      return false;
  }
  return true;
}

std::optional<Shapes> load_shapes(const graph::Graph &shapes, DiagnosticSink &sink) {
  FL_REQUIRE(shapes.frozen(), "load_shapes needs a frozen graph");
  auto impl = std::make_unique<Shapes::Impl>();
  const std::size_t errors = sink.error_count();
  Loader loader(shapes, sink, *impl);
  loader.run();
  if (sink.error_count() != errors)
    return std::nullopt;
  return Shapes(std::move(impl));
}

} // namespace factloom::validate
