#include "view/dot.hpp"

namespace factloom::view {

void DotGraph::node(const std::string &id, std::string label, Attributes attrs) {
  DotNode &n = nodes_[id];
  n.label = std::move(label);
  for (auto &a : attrs)
    n.attrs[a.first] = std::move(a.second);
}

void DotGraph::edge(const std::string &from, const std::string &to, std::string label,
                    Attributes attrs) {
  edges_.insert(DotEdge{from, to, std::move(label), std::move(attrs)});
}

void DotGraph::same_rank(const std::string &group, const std::string &id) {
  ranks_[group].insert(id);
}

std::string dot_quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += ' ';
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

namespace {

std::string cut(std::string_view text, std::size_t max) {
  if (text.size() <= max)
    return std::string(text);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  return std::string(text.substr(0, n)) + "\u2026";
}

std::string attributes(const Attributes &attrs, const std::string &label) {
  std::string out = " [label=" + dot_quote(label);
  for (const auto &a : attrs)
    out += ", " + a.first + "=" + dot_quote(a.second);
  return out + "]";
}

} // namespace

std::string wrap_label(std::string_view text, std::size_t width, std::size_t max) {
  const std::string s = cut(text, max);
  std::string out;
  std::size_t line = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t space = s.find(' ', i);
    if (space == std::string::npos)
      space = s.size();
    const std::string_view word = std::string_view(s).substr(i, space - i);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    i = space + 1;
  }
  return out;
}

std::string DotGraph::str() const {
  std::string out = "digraph factloom {\n";
  Attributes g = graph_attrs;
  std::string label = title;
  if (!note.empty())
    label += (label.empty() ? "" : "\n") + note;
  if (!label.empty()) {
    g["label"] = label;
    g["labelloc"] = "t";
  }
  for (const auto &a : g)
    out += "  " + a.first + "=" + dot_quote(a.second) + ";\n";
  out += "  node [fontname=\"Helvetica\", fontsize=\"11\"];\n"
         "  edge [fontname=\"Helvetica\", fontsize=\"9\"];\n";
  for (const auto &[id, n] : nodes_)
    out += "  " + dot_quote(id) + attributes(n.attrs, n.label) + ";\n";
  for (const DotEdge &e : edges_)
    out +=
        "  " + dot_quote(e.from) + " -> " + dot_quote(e.to) + attributes(e.attrs, e.label) + ";\n";
  for (const auto &[group, ids] : ranks_) {
    out += "  { rank=same;";
    for (const std::string &id : ids)
      out += " " + dot_quote(id) + ";";
    out += " }\n";
  }
  out += "}\n";
  return out;
}

} // namespace factloom::view
