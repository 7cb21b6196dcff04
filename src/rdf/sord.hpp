// The one place that wraps Sord's C objects: owning handles and node helpers (like rdf/serd.hpp
// for Serd). Only rdf/model.cpp includes it; everything else uses rdf::Model.
#pragma once

#include <string_view>
#include <utility>

#include <sord/sord.h>

#include "rdf/serd.hpp"
#include "rdf/term.hpp"

namespace factloom::rdf {

using WorldPtr = Owned<SordWorld, sord_world_free>;
using SordPtr = Owned<SordModel, sord_free>;
using IterPtr = Owned<SordIter, sord_iter_free>;

/// One counted reference to an interned node, released into its world.
class NodeRef {
public:
  NodeRef() = default;
  NodeRef(SordWorld *world, SordNode *node) : world_(world), node_(node) {}
  NodeRef(NodeRef &&other) noexcept
      : world_(std::exchange(other.world_, nullptr)), node_(std::exchange(other.node_, nullptr)) {}
  NodeRef &operator=(NodeRef &&other) noexcept {
    if (this != &other) {
      reset();
      world_ = std::exchange(other.world_, nullptr);
      node_ = std::exchange(other.node_, nullptr);
    }
    return *this;
  }
  NodeRef(const NodeRef &) = delete;
  NodeRef &operator=(const NodeRef &) = delete;
  ~NodeRef() { reset(); }

  const SordNode *get() const { return node_; }
  void reset() {
    if (node_ != nullptr)
      sord_node_free(world_, node_);
    node_ = nullptr;
  }

private:
  SordWorld *world_ = nullptr;
  SordNode *node_ = nullptr;
};

/// The text of a node (IRI, blank label, or lexical form).
inline std::string_view node_text(const SordNode *node) {
  if (node == nullptr)
    return {};
  std::size_t bytes = 0;
  const std::uint8_t *text = sord_node_get_string_counted(node, &bytes);
  return {reinterpret_cast<const char *>(text), bytes};
}

/// A node as a TermView (borrowing the node's text). xsd:string datatypes are left out, as
/// everywhere in factloom.
TermView term_view(const SordNode *node);

} // namespace factloom::rdf
