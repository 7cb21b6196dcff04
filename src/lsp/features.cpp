// Completion, hover, definition, references, rename and the outline, from the workspace's index.
#include "lsp/features.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "bind/ontology.hpp"
#include "rdf/vocab.hpp"

namespace factloom::lsp {

namespace {

// LSP CompletionItemKind and SymbolKind values.
constexpr int item_property = 10, item_class = 7, item_enum_member = 20, item_reference = 18;
constexpr int item_value = 12;
constexpr int symbol_object = 19, symbol_property = 7;

std::string_view slice(const FileEntry &f, syntax::ast::Range r) {
  return std::string_view(f.text).substr(r.begin, r.end - r.begin);
}

bool contains(syntax::ast::Range r, std::size_t offset) {
  return r.begin <= offset && offset <= r.end && !r.empty();
}

json range_json(const FileEntry &f, syntax::ast::Range r) {
  const Position b = f.lines.position(r.begin);
  const Position e = f.lines.position(r.end);
  return json{{"start", {{"line", b.line}, {"character", b.character}}},
              {"end", {{"line", e.line}, {"character", e.character}}}};
}

json location(const FileEntry &f, syntax::ast::Range r) {
  return json{{"uri", path_to_uri(f.path)}, {"range", range_json(f, r)}};
}

/// The block whose header starts last at or before `offset` (-1: none).
int block_at(const FileEntry &f, std::size_t offset) {
  int found = -1;
  if (!f.doc)
    return found;
  for (std::size_t i = 0; i < f.doc->blocks.size(); ++i) {
    if (f.doc->blocks[i].header.kind.begin <= offset)
      found = static_cast<int>(i);
  }
  return found;
}

std::uint32_t class_at(const Workspace &ws, const FileEntry &f, std::size_t offset) {
  const int b = block_at(f, offset);
  if (b < 0 || ws.ontology() == nullptr)
    return 0;
  return ws.ontology()->find_class(
      slice(f, f.doc->blocks[static_cast<std::size_t>(b)].header.kind));
}

bool word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || u >= 0x80;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return std::string(s);
}

json item(const std::string &label, int kind, const std::string &detail = {}) {
  json i{{"label", label}, {"kind", kind}};
  if (!detail.empty())
    i["detail"] = detail;
  return i;
}

void enumeration_items(const bind::Ontology &onto, std::uint32_t cls, json &items) {
  if (cls == 0 || cls >= onto.classes().size())
    return;
  for (const bind::Individual &ind : onto.classes()[cls].individuals) {
    if (!ind.keywords.empty())
      items.push_back(item(ind.keywords.front(), item_enum_member, ind.iri));
  }
}

/// Ids of things that a property of this range may name, with their labels.
void id_items(const Workspace &ws, const bind::PropertyInfo &p, json &items) {
  const bind::Ontology &onto = *ws.ontology();
  std::set<std::string> seen;
  for (const auto &[path, file] : ws.files()) {
    for (const Declaration &d : file.declarations) {
      if (p.range == bind::RangeKind::entity &&
          (d.cls == 0 || !onto.classes()[d.cls].is_a(p.range_class)))
        continue;
      if (!seen.insert(d.id).second)
        continue;
      json i = item(d.id, item_reference, d.label.empty() ? d.kind : d.kind + " " + d.label);
      if (!d.label.empty())
        i["documentation"] = d.label;
      items.push_back(std::move(i));
    }
  }
}

void value_items(const Workspace &ws, const bind::PropertyInfo &p, bool after_as, json &items) {
  const bind::Ontology &onto = *ws.ontology();
  if (after_as) {
    for (const bind::PropertyInfo &role : onto.properties()) {
      if (role.iri == vocab::fl_had_role)
        enumeration_items(onto, role.range_class, items);
    }
    return;
  }
  switch (p.range) {
  case bind::RangeKind::enumeration: enumeration_items(onto, p.range_class, items); break;
  case bind::RangeKind::entity:
  case bind::RangeKind::resource: id_items(ws, p, items); break;
  case bind::RangeKind::boolean:
    items.push_back(item("true", item_value));
    items.push_back(item("false", item_value));
    break;
  default: break;
  }
}

} // namespace

json completion(const Workspace &ws, const FileEntry &f, std::size_t offset) {
  json items = json::array();
  if (ws.ontology() == nullptr)
    return items;
  const bind::Ontology &onto = *ws.ontology();
  const std::size_t line_start = f.lines.offset(Position{f.lines.position(offset).line, 0});
  std::size_t word_start = offset;
  while (word_start > line_start && word_char(f.text[word_start - 1]))
    --word_start;
  const std::string_view line = std::string_view(f.text).substr(line_start, offset - line_start);
  if (line.empty() || (line.front() != ' ' && line.front() != '\t')) {
    if (word_start == line_start) {
      for (const std::string &k : onto.class_keywords())
        items.push_back(item(k, item_class));
    }
    return items;
  }
  const std::uint32_t cls = class_at(ws, f, line_start);
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    for (const std::string &k : onto.property_keywords(cls))
      items.push_back(item(k, item_property));
    return items;
  }
  const int pi = onto.find_property(cls, trim(line.substr(0, colon)));
  if (pi < 0)
    return items;
  std::string_view before = line.substr(0, word_start - line_start);
  before = before.substr(std::max(before.rfind(','), before.rfind(':')) + 1);
  const std::string lead = trim(before);
  const bool after_as = lead.size() >= 3 && lead.substr(lead.size() - 3) == " as";
  value_items(ws, onto.properties()[static_cast<std::size_t>(pi)], after_as, items);
  return items;
}

json quick_fixes(const std::string &uri, const json &diagnostics) {
  json actions = json::array();
  if (!diagnostics.is_array())
    return actions;
  for (const json &d : diagnostics) {
    if (!d.is_object() || !d.contains("data") || !d["data"].is_object() || !d.contains("range"))
      continue;
    const json &data = d["data"];
    if (!data.contains("replacement") || !data["replacement"].is_string())
      continue;
    const std::string replacement = data["replacement"].get<std::string>();
    json edit = {
        {"changes", {{uri, json::array({{{"range", d["range"]}, {"newText", replacement}}})}}}};
    actions.push_back(json{{"title", "Replace with '" + replacement + "'"},
                           {"kind", "quickfix"},
                           {"diagnostics", json::array({d})},
                           {"isPreferred", true},
                           {"edit", std::move(edit)}});
  }
  return actions;
}

std::string id_at(const FileEntry &f, std::size_t offset) {
  for (const Declaration &d : f.declarations) {
    if (contains(d.id_range, offset))
      return d.id;
  }
  for (const Reference &r : f.references) {
    if (contains(r.range, offset))
      return r.id;
  }
  return {};
}

namespace {

std::string comment_of(const bind::Ontology &onto, const std::string &iri) {
  const rdf::Model &m = onto.model();
  std::string text;
  for (const rdf::Node &n : m.objects(m.iri(iri), m.iri(vocab::rdfs_comment))) {
    if (!text.empty())
      text += "\n\n";
    text += n.value();
  }
  return text;
}

std::string relative(const Workspace &ws, const std::string &path) {
  if (ws.root().empty())
    return path;
  return std::filesystem::path(path).lexically_relative(ws.root()).string();
}

json markdown(const std::string &value) {
  return json{{"contents", {{"kind", "markdown"}, {"value", value}}}};
}

json hover_id(const Workspace &ws, const std::string &id) {
  const auto [file, decl] = ws.declaration(id);
  if (decl == nullptr)
    return markdown("`" + id + "`: not declared in the workspace");
  std::string text = "**" + decl->kind + "** `" + id + "`";
  if (!decl->label.empty())
    text += " — " + decl->label;
  const Position at = file->lines.position(decl->id_range.begin);
  text += "\n\ndeclared in `" + relative(ws, file->path) + "` line " + std::to_string(at.line + 1);
  return markdown(text);
}

/// Hover over an enumeration value (`status: held`): the individual's IRI and rdfs:comment.
json hover_choice(const bind::Ontology &onto, std::uint32_t cls, std::string_view word) {
  if (cls == 0 || cls >= onto.classes().size())
    return nullptr;
  for (const bind::Individual &ind : onto.classes()[cls].individuals) {
    if (std::find(ind.keywords.begin(), ind.keywords.end(), word) != ind.keywords.end())
      return markdown("**" + std::string(word) + "** <" + ind.iri + ">, " +
                      onto.describe_class(cls) + "\n\n" + comment_of(onto, ind.iri));
  }
  return nullptr;
}

/// Hover over a role after `as`.
json hover_role(const bind::Ontology &onto, std::string_view word) {
  for (const bind::PropertyInfo &p : onto.properties()) {
    if (p.iri == vocab::fl_had_role)
      return hover_choice(onto, p.range_class, word);
  }
  return nullptr;
}

/// Hover over a block's kind, a property's name, an enumeration value or a role: its IRI and
/// rdfs:comment.
json hover_keyword(const Workspace &ws, const FileEntry &f, std::size_t offset) {
  const bind::Ontology &onto = *ws.ontology();
  const int b = block_at(f, offset);
  if (b < 0)
    return nullptr;
  const syntax::ast::Block &block = f.doc->blocks[static_cast<std::size_t>(b)];
  const std::uint32_t cls = onto.find_class(slice(f, block.header.kind));
  if (contains(block.header.kind, offset) && cls != 0) {
    const std::string &iri = onto.classes()[cls].iri;
    return markdown("**" + std::string(slice(f, block.header.kind)) + "** <" + iri + ">\n\n" +
                    comment_of(onto, iri));
  }
  for (std::uint32_t k = 0; k < block.property_count; ++k) {
    const syntax::ast::Property &p = f.doc->properties[block.first_property + k];
    const int pi = onto.find_property(cls, slice(f, p.name));
    if (pi < 0)
      continue;
    const bind::PropertyInfo &info = onto.properties()[static_cast<std::size_t>(pi)];
    if (contains(p.name, offset))
      return markdown("**" + std::string(slice(f, p.name)) + "** <" + info.iri + ">\n\n" +
                      comment_of(onto, info.iri));
    for (std::uint32_t v = 0; v < p.value_count; ++v) {
      const syntax::ast::Value &value = f.doc->values[p.first_value + v];
      if (contains(value.role, offset))
        return hover_role(onto, slice(f, value.role));
      if (info.range == bind::RangeKind::enumeration && contains(value.body, offset))
        return hover_choice(onto, info.range_class, slice(f, value.body));
    }
  }
  return nullptr;
}

} // namespace

json hover(const Workspace &ws, const FileEntry &f, std::size_t offset) {
  if (ws.ontology() == nullptr)
    return nullptr;
  const std::string id = id_at(f, offset);
  if (!id.empty())
    return hover_id(ws, id);
  return hover_keyword(ws, f, offset);
}

json definition(const Workspace &ws, const FileEntry &f, std::size_t offset) {
  const std::string id = id_at(f, offset);
  if (id.empty())
    return nullptr;
  const auto [file, decl] = ws.declaration(id);
  if (decl == nullptr)
    return nullptr;
  return location(*file, decl->id_range);
}

json references(const Workspace &ws, const FileEntry &f, std::size_t offset,
                bool with_declaration) {
  json out = json::array();
  const std::string id = id_at(f, offset);
  if (id.empty())
    return out;
  for (const auto &[path, file] : ws.files()) {
    if (with_declaration) {
      for (const Declaration &d : file.declarations) {
        if (d.id == id)
          out.push_back(location(file, d.id_range));
      }
    }
    for (const Reference &r : file.references) {
      if (r.id == id)
        out.push_back(location(file, r.range));
    }
  }
  return out;
}

json rename(const Workspace &ws, const FileEntry &f, std::size_t offset,
            const std::string &new_name, std::string &error) {
  const std::string id = id_at(f, offset);
  if (id.empty()) {
    error = "there is no id here to rename";
    return nullptr;
  }
  if (new_name.empty() || !std::all_of(new_name.begin(), new_name.end(), word_char)) {
    error = "'" + new_name + "' is not an id (letters, digits, '-', '_' and '.', no spaces)";
    return nullptr;
  }
  if (new_name != id && ws.declaration(new_name).second != nullptr) {
    error = "'" + new_name + "' is already declared; renaming would merge two things";
    return nullptr;
  }
  json changes = json::object();
  for (const auto &[path, file] : ws.files()) {
    json edits = json::array();
    for (const Declaration &d : file.declarations) {
      if (d.id == id)
        edits.push_back(json{{"range", range_json(file, d.id_range)}, {"newText", new_name}});
    }
    for (const Reference &r : file.references) {
      if (r.id == id)
        edits.push_back(json{{"range", range_json(file, r.range)}, {"newText", new_name}});
    }
    if (!edits.empty())
      changes[path_to_uri(file.path)] = std::move(edits);
  }
  return json{{"changes", std::move(changes)}};
}

json document_symbols(const Workspace &ws, const FileEntry &f) {
  json out = json::array();
  if (!f.doc)
    return out;
  (void)ws;
  const syntax::ast::Document &doc = *f.doc;
  for (const syntax::ast::Block &b : doc.blocks) {
    syntax::ast::Range whole = b.span;
    whole.begin = b.header.kind.begin;
    json children = json::array();
    for (std::uint32_t k = 0; k < b.property_count; ++k) {
      const syntax::ast::Property &p = doc.properties[b.first_property + k];
      syntax::ast::Range pr = p.name;
      if (p.value_count > 0)
        pr.end = doc.values[p.first_value + p.value_count - 1].span.end;
      whole.end = std::max(whole.end, pr.end);
      children.push_back(json{{"name", std::string(slice(f, p.name))},
                              {"kind", symbol_property},
                              {"range", range_json(f, pr)},
                              {"selectionRange", range_json(f, p.name)}});
    }
    const bool has_id = !b.header.id.empty();
    json symbol{{"name", std::string(slice(f, has_id ? b.header.id : b.header.kind))},
                {"detail", std::string(slice(f, b.header.kind))},
                {"kind", symbol_object},
                {"range", range_json(f, whole)},
                {"selectionRange", range_json(f, has_id ? b.header.id : b.header.kind)},
                {"children", std::move(children)}};
    if (b.header.has_name)
      symbol["detail"] =
          std::string(slice(f, b.header.kind)) + " " + std::string(slice(f, b.header.name.span));
    out.push_back(std::move(symbol));
  }
  return out;
}

} // namespace factloom::lsp
