// JSON-LD through nlohmann-json (it escapes every string); nodes are written one at a time, so
// the document never sits in memory as a whole.
#include "serialise/jsonld.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "rdf/vocab.hpp"
#include "serialise/order.hpp"

namespace factloom::serialise {

namespace {

using Json = nlohmann::ordered_json;

/// The local name of an IRI: what follows its last '#' or '/'.
std::string_view local_name(std::string_view iri) {
  const std::size_t cut = iri.find_last_of("#/");
  return cut == std::string_view::npos ? std::string_view{} : iri.substr(cut + 1);
}

/// What a property's values are coerced to in the context ("@id", a datatype IRI, or nothing).
std::string coercion(const bind::PropertyInfo &p) {
  using bind::RangeKind;
  switch (p.range) {
  case RangeKind::entity:
  case RangeKind::enumeration:
  case RangeKind::resource:
  case RangeKind::any_uri:
  case RangeKind::external_id: return "@id";
  case RangeKind::integer:
  case RangeKind::non_negative_integer:
  case RangeKind::decimal:
  case RangeKind::boolean:
  case RangeKind::duration: return p.range_iri;
  case RangeKind::string:
  case RangeKind::lang_string:
  case RangeKind::temporal: return {};
  }
  return {};
}

bool usable_prefix(const rdf::Prefix &p) {
  return !p.name.empty() && p.name != "_" && !p.iri.empty() &&
         (p.iri.back() == '/' || p.iri.back() == '#');
}

bool usable_term_name(std::string_view name) {
  return !name.empty() && name.front() != '@' && name.find(':') == std::string_view::npos &&
         name != "_";
}

} // namespace

JsonldContext jsonld_context(const bind::Ontology &ontology, const rdf::PrefixMap &prefixes) {
  JsonldContext context;
  for (const rdf::Prefix &p : prefixes.entries()) {
    if (p.name.empty() && !p.iri.empty() && p.iri.back() == '/')
      context.base = p.iri;
    if (usable_prefix(p))
      context.prefixes.push_back(p);
  }
  std::sort(context.prefixes.begin(), context.prefixes.end(),
            [](const rdf::Prefix &a, const rdf::Prefix &b) { return a.name < b.name; });
  std::map<std::string, std::vector<ContextTerm>> by_name;
  for (const bind::PropertyInfo &p : ontology.properties()) {
    const std::string name(local_name(p.iri));
    if (!usable_term_name(name))
      continue;
    auto &same = by_name[name];
    if (std::none_of(same.begin(), same.end(),
                     [&](const ContextTerm &t) { return t.iri == p.iri; }))
      same.push_back(ContextTerm{name, p.iri, coercion(p)});
  }
  for (auto &[name, terms] : by_name) {
    const bool prefix_name =
        std::any_of(context.prefixes.begin(), context.prefixes.end(),
                    [&name = name](const rdf::Prefix &p) { return p.name == name; });
    if (terms.size() == 1 && !prefix_name)
      context.terms.push_back(std::move(terms.front()));
  }
  return context;
}

namespace {

/// Writes the nodes of sorted quads, one subject at a time.
class JsonldWriter {
public:
  JsonldWriter(const graph::TermTable &terms, const JsonldContext &context, ByteSink &out)
      : terms_(terms), out_(out), base_(context.base) {
    for (const rdf::Prefix &p : context.prefixes)
      prefixes_.add(p.name, p.iri);
    for (const ContextTerm &t : context.terms)
      term_by_iri_.emplace(t.iri, &t);
  }

  bool header(const JsonldContext &context) {
    Json ctx = Json::object();
    ctx["@version"] = 1.1;
    if (!context.base.empty())
      ctx["@base"] = context.base;
    for (const rdf::Prefix &p : context.prefixes)
      ctx[p.name] = p.iri;
    for (const ContextTerm &t : context.terms) {
      if (t.type.empty()) {
        ctx[t.name] = compact(t.iri);
      } else {
        ctx[t.name] =
            Json{{"@id", compact(t.iri)}, {"@type", t.type == "@id" ? t.type : compact(t.type)}};
      }
    }
    return put("{\n  \"@context\": ") && put(indented(ctx.dump(2), 2)) && put(",\n  \"@graph\": [");
  }

  bool nodes(const std::vector<graph::Quad> &quads, graph::TermId type_id) {
    std::size_t i = 0;
    bool first = true;
    while (i < quads.size()) {
      std::size_t end = i;
      while (end < quads.size() && quads[end].s == quads[i].s)
        ++end;
      if (!put(first ? "\n    " : ",\n    ") ||
          !put(indented(node(quads, i, end, type_id).dump(2), 4)))
        return false;
      first = false;
      i = end;
    }
    return put(first ? "]\n}\n" : "\n  ]\n}\n");
  }

private:
  Json node(const std::vector<graph::Quad> &quads, std::size_t begin, std::size_t end,
            graph::TermId type_id) {
    Json n = Json::object();
    n["@id"] = node_id(quads[begin].s);
    std::size_t i = begin;
    while (i < end) {
      std::size_t last = i;
      while (last < end && quads[last].p == quads[i].p)
        ++last;
      const graph::TermId p = quads[i].p;
      const bool as_type = p == type_id && all_iris(quads, i, last);
      const ContextTerm *term = as_type ? nullptr : find_term(p);
      Json values = Json::array();
      for (std::size_t k = i; k < last; ++k)
        values.push_back(as_type ? Json(compact(terms_.get(quads[k].o).value))
                                 : value(quads[k].o, term));
      Json &slot = n[as_type ? std::string("@type") : key(p, term)];
      slot = values.size() == 1 ? std::move(values[0]) : std::move(values);
      i = last;
    }
    return n;
  }

  bool all_iris(const std::vector<graph::Quad> &quads, std::size_t begin, std::size_t end) const {
    return std::all_of(quads.begin() + static_cast<std::ptrdiff_t>(begin),
                       quads.begin() + static_cast<std::ptrdiff_t>(end),
                       [&](const graph::Quad &q) { return terms_.get(q.o).is_iri(); });
  }

  Json value(graph::TermId o, const ContextTerm *term) {
    const graph::TermView t = terms_.get(o);
    const std::string type = term ? term->type : std::string();
    if (!t.is_literal()) {
      std::string id = node_id(o);
      if (type == "@id")
        return id;
      return Json{{"@id", std::move(id)}};
    }
    const std::string lexical(t.value);
    if (!t.lang.empty())
      return Json{{"@value", lexical}, {"@language", std::string(t.lang)}};
    if (t.datatype.empty() || t.datatype == vocab::xsd_string)
      return type.empty() ? Json(lexical) : Json{{"@value", lexical}};
    if (type == t.datatype)
      return lexical;
    return Json{{"@value", lexical}, {"@type", compact(t.datatype)}};
  }

  std::string node_id(graph::TermId id) {
    const graph::TermView t = terms_.get(id);
    if (t.is_blank())
      return "_:" + std::string(t.value);
    return relative(t.value) ? std::string(t.value.substr(base_.size())) : compact(t.value);
  }

  /// Whether `iri` is the base followed by a name that resolves back to it unchanged: a letter
  /// or digit, then letters, digits, '-', '_' and '.' (no ':', '/', '?', '#', no dot segment).
  bool relative(std::string_view iri) const {
    if (base_.empty() || iri.size() <= base_.size() || !iri.starts_with(base_))
      return false;
    const std::string_view rest = iri.substr(base_.size());
    const auto alnum = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    return alnum(rest.front()) && std::all_of(rest.begin(), rest.end(), [&](char c) {
             return alnum(c) || c == '-' || c == '_' || c == '.';
           });
  }

  std::string key(graph::TermId p, const ContextTerm *term) {
    return term ? term->name : compact(terms_.get(p).value);
  }

  const ContextTerm *find_term(graph::TermId p) {
    const auto it = term_by_iri_.find(std::string(terms_.get(p).value));
    return it == term_by_iri_.end() ? nullptr : it->second;
  }

  /// A compact IRI ("fl:Meeting") when a context prefix allows one, else the IRI.
  std::string compact(std::string_view iri) {
    if (prefixes_.shorten(iri, scratch_, rdf::LocalNames::turtle))
      return scratch_;
    return std::string(iri);
  }

  /// `text` (nlohmann's pretty output: strings never hold a raw newline) indented by `by`.
  static std::string indented(const std::string &text, std::size_t by) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
      out += c;
      if (c == '\n')
        out.append(by, ' ');
    }
    return out;
  }

  bool put(const std::string &text) { return out_.write(text.data(), text.size()); }

  const graph::TermTable &terms_;
  ByteSink &out_;
  std::string base_;
  rdf::PrefixMap prefixes_;
  std::map<std::string, const ContextTerm *, std::less<>> term_by_iri_;
  std::string scratch_;
};

} // namespace

Result<void> write_jsonld(graph::Graph &&graph, const JsonldContext &context,
                          const JsonldOptions &options, ByteSink &out) {
  std::vector<graph::Quad> quads = graph.take_quads();
  const graph::TermTable &terms = graph.terms();
  const graph::TermId type_id = terms.find(graph::TermKind::iri, vocab::rdf_type);
  sort_for_output(terms, type_id, false, options.jobs, quads);
  JsonldWriter writer(terms, context, out);
  if (!writer.header(context) || !writer.nodes(quads, type_id))
    return io_error("<output>", "cannot write the output");
  return {};
}

} // namespace factloom::serialise
