// A Graphviz DOT document built in memory and written deterministically (sorted nodes, edges).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace factloom::view {

/// Attributes of a node or an edge (name -> value; values are escaped when written).
using Attributes = std::map<std::string, std::string>;

struct DotNode {
  std::string label;
  Attributes attrs;
};

struct DotEdge {
  std::string from, to, label;
  Attributes attrs;
  friend bool operator<(const DotEdge &a, const DotEdge &b) {
    return std::tie(a.from, a.to, a.label, a.attrs) < std::tie(b.from, b.to, b.label, b.attrs);
  }
};

/// A directed graph: nodes keyed by a stable id, edges, groups of nodes on one rank, a title and
/// a note (what was left out). Written with every list sorted, so the bytes depend only on the
/// content.
class DotGraph {
public:
  Attributes graph_attrs;
  std::string title;
  std::string note;

  void node(const std::string &id, std::string label, Attributes attrs = {});
  bool has_node(const std::string &id) const { return nodes_.count(id) != 0; }
  void edge(const std::string &from, const std::string &to, std::string label = {},
            Attributes attrs = {});
  /// Puts `id` on the same rank as the other members of `group` (sorted by group name).
  void same_rank(const std::string &group, const std::string &id);

  const std::map<std::string, DotNode> &nodes() const { return nodes_; }
  const std::set<DotEdge> &edges() const { return edges_; }
  std::string str() const;

private:
  std::map<std::string, DotNode> nodes_;
  std::set<DotEdge> edges_;
  std::map<std::string, std::set<std::string>> ranks_;
};

/// A DOT double-quoted string: backslashes and quotes escaped, control characters as spaces,
/// newlines as DOT's centred line break.
std::string dot_quote(std::string_view text);
/// `text` cut to at most `max` bytes on a UTF-8 boundary with an ellipsis, and broken into lines
/// of about `width` bytes at spaces.
std::string wrap_label(std::string_view text, std::size_t width = 28, std::size_t max = 90);

} // namespace factloom::view
