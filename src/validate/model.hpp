// The compiled form of a shapes graph: shapes, constraints and paths over a small term table.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "graph/terms.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/vocab.hpp"
#include "validate/regex.hpp"
#include "validate/validate.hpp"

namespace factloom::validate {

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

enum class Component : std::uint8_t {
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
  qualified_min_count,
  qualified_max_count,
  closed,
  has_value,
  in,
};

/// Local name of the component's IRI ("ClassConstraintComponent").
std::string_view component_name(Component c);

enum class NodeKind : std::uint8_t {
  blank_node,
  iri,
  literal,
  blank_node_or_iri,
  blank_node_or_literal,
  iri_or_literal
};

/// A path expression; terms are ids of the Shapes' own table.
struct PathNode {
  PathExpr::Kind kind = PathExpr::Kind::predicate;
  graph::TermId iri = 0;
  std::vector<std::uint32_t> items; ///< indexes into Impl::paths
};

/// One constraint of a shape: a component with its parameter values.
struct Constraint {
  Component component = Component::class_;
  graph::TermId term = 0;   ///< class, datatype, literal bound, predicate, hasValue
  std::uint64_t number = 0; ///< counts and lengths
  NodeKind node_kind = NodeKind::iri;
  std::vector<graph::TermId> terms;    ///< sh:in values, languageIn ranges, closed's allowed
  std::vector<std::uint32_t> shapes;   ///< not/node/property/qualified: one; and/or/xone: list
  std::vector<std::uint32_t> siblings; ///< qualified value shapes disjoint from this one
  std::uint32_t regex = no_index;      ///< index into Impl::regexes
};

struct Shape {
  graph::TermId node = 0; ///< the shape's IRI or blank node
  bool property = false;
  std::uint32_t path = no_index;
  graph::TermId severity = 0;
  bool deactivated = false;
  std::vector<graph::TermId> messages;
  std::vector<graph::TermId> target_nodes;
  std::vector<graph::TermId> target_classes;
  std::vector<graph::TermId> target_subjects_of;
  std::vector<graph::TermId> target_objects_of;
  std::vector<Constraint> constraints;
  bool has_targets() const {
    return !target_nodes.empty() || !target_classes.empty() || !target_subjects_of.empty() ||
           !target_objects_of.empty();
  }
};

struct Shapes::Impl {
  graph::TermTable terms; ///< only the terms the shapes mention
  std::vector<Shape> shapes;
  std::vector<PathNode> paths;
  std::vector<Regex> regexes;
  rdf::PrefixMap prefixes; ///< the shapes graph's
  graph::TermId sh_violation = 0;
  graph::TermId sh_warning = 0;
  graph::TermId sh_info = 0;
};

} // namespace factloom::validate
