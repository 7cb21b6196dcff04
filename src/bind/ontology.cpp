// Reading the ontology graph into lookup tables for the binder.
#include "bind/ontology.hpp"

#include <algorithm>
#include <set>

#include "base/result.hpp"
#include "rdf/read.hpp"
#include "rdf/vocab.hpp"

namespace factloom::bind {

std::string kebab(std::string_view local) {
  std::string out;
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char c = local[i];
    if (c >= 'A' && c <= 'Z') {
      const bool prev_lower = i > 0 && ((local[i - 1] >= 'a' && local[i - 1] <= 'z') ||
                                        (local[i - 1] >= '0' && local[i - 1] <= '9'));
      const bool next_lower = i + 1 < local.size() && local[i + 1] >= 'a' && local[i + 1] <= 'z';
      const bool prev_upper = i > 0 && local[i - 1] >= 'A' && local[i - 1] <= 'Z';
      if (i > 0 && (prev_lower || (prev_upper && next_lower)))
        out += '-';
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == '_') {
      out += '-';
    } else {
      out += c;
    }
  }
  return out;
}

bool ClassInfo::is_a(std::uint32_t other) const {
  return std::find(supers.begin(), supers.end(), other) != supers.end();
}

namespace {

std::string local_name(std::string_view iri) {
  const std::size_t cut = iri.find_last_of("#/");
  return std::string(cut == std::string_view::npos ? iri : iri.substr(cut + 1));
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

} // namespace

bool Ontology::load(std::string_view text, const std::string &name, DiagnosticSink &sink) {
  SourceSet sources;
  const std::uint32_t file = sources.add(name, std::string(text));
  rdf::ReadOptions options;
  options.base_iri = "https://w3id.org/factloom/ns";
  options.blank_prefix = "onto";
  const std::size_t before = sink.error_count();
  DiagnosticSink read_sink;
  if (!rdf::read_rdf(sources.get(file), file, options, graph_, read_sink)) {
    for (const Diagnostic &d : read_sink.all()) {
      Diagnostic copy = d;
      copy.span = {};
      copy.origin = name;
      copy.message = "cannot read the ontology: " + d.message;
      sink.report(copy);
    }
    return false;
  }
  graph_.freeze();
  prefixes_ = graph_.prefixes();
  auto &terms = graph_.terms();
  auto id = [&](std::string_view iri) { return terms.find(graph::TermKind::iri, iri); };
  const graph::TermId type = id(vocab::rdf_type);
  const graph::TermId sub = id(vocab::rdfs_sub_class_of);
  auto objects = [&](graph::TermId s, graph::TermId p) {
    std::vector<graph::TermId> out;
    if (s == 0 || p == 0)
      return out;
    for (const graph::Quad &q : graph_.with_subject_predicate(s, p))
      out.push_back(q.o);
    return out;
  };
  auto subjects_of_type = [&](std::string_view cls) {
    const graph::TermId c = id(cls);
    if (c == 0 || type == 0)
      return std::vector<graph::TermId>{};
    return graph_.subjects(type, c);
  };
  auto text_of = [&](graph::TermId t) { return std::string(terms.get(t).value); };
  auto keywords_of = [&](graph::TermId s) {
    std::vector<std::string> out;
    for (graph::TermId k : objects(s, id(vocab::fl_keyword)))
      out.push_back(text_of(k));
    if (out.empty() && starts_with(terms.get(s).value, vocab::fl)) {
      out.push_back(kebab(local_name(terms.get(s).value)));
    }
    return out;
  };

  // Classes.
  std::set<graph::TermId> class_ids;
  for (auto c : subjects_of_type(vocab::owl_class))
    class_ids.insert(c);
  for (auto c : subjects_of_type(vocab::rdfs_class))
    class_ids.insert(c);
  classes_.clear();
  classes_.push_back(ClassInfo{});
  std::unordered_map<graph::TermId, std::uint32_t> class_index;
  // Order by IRI so indexes do not depend on the ontology file's layout.
  std::vector<graph::TermId> ordered;
  for (auto c : class_ids) {
    if (terms.get(c).is_iri())
      ordered.push_back(c);
  }
  std::sort(ordered.begin(), ordered.end(),
            [&](auto a, auto b) { return terms.get(a).value < terms.get(b).value; });
  for (auto c : ordered) {
    ClassInfo info;
    info.iri = text_of(c);
    const auto kws = keywords_of(c);
    info.keyword = kws.empty() ? std::string() : kws.front();
    class_index[c] = static_cast<std::uint32_t>(classes_.size());
    classes_.push_back(std::move(info));
  }
  // Superclass closure.
  for (auto c : ordered) {
    std::vector<graph::TermId> stack{c};
    std::set<graph::TermId> seen;
    while (!stack.empty()) {
      const auto x = stack.back();
      stack.pop_back();
      if (!seen.insert(x).second)
        continue;
      if (auto it = class_index.find(x); it != class_index.end())
        classes_[class_index[c]].supers.push_back(it->second);
      for (auto s : objects(x, sub))
        stack.push_back(s);
    }
    std::sort(classes_[class_index[c]].supers.begin(), classes_[class_index[c]].supers.end());
  }
  const graph::TermId source_class = id(vocab::fl_source);
  for (ClassInfo &c : classes_) {
    if (source_class != 0 && class_index.count(source_class) != 0 &&
        c.is_a(class_index[source_class]))
      c.is_source = true;
  }
  class_by_keyword_.clear();
  for (std::uint32_t i = 1; i < classes_.size(); ++i) {
    const ClassInfo &c = classes_[i];
    if (c.keyword.empty())
      continue;
    auto [it, inserted] = class_by_keyword_.emplace(c.keyword, i);
    if (!inserted) {
      sink.report(io_error(name, "the keyword '" + c.keyword + "' names two classes: " +
                                     classes_[it->second].iri + " and " + c.iri));
    }
  }
  // Individuals (enumeration members): typed with a known class, not themselves classes.
  for (auto c : ordered) {
    for (auto ind : type ? graph_.subjects(type, c) : std::vector<graph::TermId>{}) {
      if (class_ids.count(ind) != 0 || !terms.get(ind).is_iri())
        continue;
      classes_[class_index[c]].individuals.push_back(Individual{text_of(ind), keywords_of(ind)});
    }
  }

  // Properties.
  std::set<graph::TermId> prop_ids;
  for (auto p : subjects_of_type(vocab::owl_object_property))
    prop_ids.insert(p);
  for (auto p : subjects_of_type(vocab::owl_datatype_property))
    prop_ids.insert(p);
  for (auto p : subjects_of_type(vocab::rdf_property))
    prop_ids.insert(p);
  std::vector<graph::TermId> props(prop_ids.begin(), prop_ids.end());
  std::sort(props.begin(), props.end(),
            [&](auto a, auto b) { return terms.get(a).value < terms.get(b).value; });
  const graph::TermId functional = id(vocab::owl_functional_property);
  properties_.clear();
  for (auto p : props) {
    PropertyInfo info;
    info.iri = text_of(p);
    info.keywords = keywords_of(p);
    if (info.keywords.empty())
      continue; // not usable in fact files (e.g. external terms)
    for (auto d : objects(p, id(vocab::rdfs_domain))) {
      if (auto it = class_index.find(d); it != class_index.end())
        info.domains.push_back(it->second);
    }
    for (auto d : objects(p, id(vocab::schema_domain_includes))) {
      if (auto it = class_index.find(d); it != class_index.end())
        info.domains.push_back(it->second);
    }
    info.functional = functional != 0 && graph_.contains(p, type, functional);
    for (auto q : objects(p, id(vocab::fl_qualified_by)))
      info.qualified_by = text_of(q);
    for (auto q : objects(p, id(vocab::fl_phrase_property)))
      info.phrase_property = text_of(q);
    for (auto q : objects(p, id(vocab::fl_precision_property)))
      info.precision_property = text_of(q);
    const auto ranges = objects(p, id(vocab::rdfs_range));
    if (ranges.size() != 1) {
      sink.report(io_error(
          name, "property " + info.iri +
                    (ranges.empty() ? " has no rdfs:range" : " has several rdfs:range values") +
                    "; factloom needs exactly one"));
      continue;
    }
    info.range_iri = text_of(ranges[0]);
    const std::string &r = info.range_iri;
    const std::string xsd(vocab::xsd);
    if (auto it = class_index.find(ranges[0]);
        it != class_index.end() && r != vocab::fl_temporal_value) {
      info.range_class = it->second;
      info.range =
          classes_[it->second].individuals.empty() ? RangeKind::entity : RangeKind::enumeration;
    } else if (r == vocab::fl_temporal_value || r == xsd + "date" || r == xsd + "dateTime" ||
               r == xsd + "gYear" || r == xsd + "gYearMonth") {
      info.range = RangeKind::temporal;
    } else if (r == xsd + "string" || r == vocab::rdfs_literal) {
      info.range = RangeKind::string;
    } else if (r == vocab::rdf_lang_string) {
      info.range = RangeKind::lang_string;
    } else if (r == xsd + "anyURI") {
      info.range = RangeKind::any_uri;
    } else if (r == xsd + "integer" || r == xsd + "int" || r == xsd + "long") {
      info.range = RangeKind::integer;
    } else if (r == xsd + "nonNegativeInteger" || r == xsd + "positiveInteger") {
      info.range = RangeKind::non_negative_integer;
    } else if (r == xsd + "decimal" || r == xsd + "double" || r == xsd + "float") {
      info.range = RangeKind::decimal;
    } else if (r == xsd + "boolean") {
      info.range = RangeKind::boolean;
    } else if (r == xsd + "duration") {
      info.range = RangeKind::duration;
    } else if (r == vocab::rdfs_resource || r == vocab::owl_thing) {
      info.range = RangeKind::resource;
    } else if (starts_with(r, vocab::time)) {
      // OWL-Time units and the like: values are IRIs of individuals outside fl:.
      info.range = RangeKind::resource;
    } else {
      sink.report(io_error(name, "property " + info.iri + " has the range " + r +
                                     ", which factloom cannot read values for"));
      continue;
    }
    properties_.push_back(std::move(info));
  }
  property_by_key_.clear();
  for (std::size_t pi = 0; pi < properties_.size(); ++pi) {
    const PropertyInfo &p = properties_[pi];
    for (std::uint32_t c = 1; c < classes_.size(); ++c) {
      bool applies = p.domains.empty();
      for (auto d : p.domains)
        applies = applies || classes_[c].is_a(d);
      if (!applies)
        continue;
      for (const std::string &k : p.keywords) {
        const std::string key = std::to_string(c) + "\x1f" + k;
        auto [it, inserted] = property_by_key_.emplace(key, static_cast<int>(pi));
        if (!inserted && it->second != static_cast<int>(pi)) {
          // The most specific domain wins; equal specificity is an ontology error.
          const PropertyInfo &other = properties_[static_cast<std::size_t>(it->second)];
          auto specificity = [&](const PropertyInfo &q) {
            std::size_t best = 0;
            for (auto d : q.domains) {
              if (classes_[c].is_a(d))
                best = std::max(best, classes_[d].supers.size());
            }
            return best;
          };
          if (specificity(p) > specificity(other)) {
            it->second = static_cast<int>(pi);
          } else if (specificity(p) == specificity(other)) {
            sink.report(io_error(name, "the keyword '" + k + "' names two properties of " +
                                           classes_[c].iri + ": " + other.iri + " and " + p.iri));
          }
        }
      }
    }
  }
  return sink.error_count() == before;
}

std::uint32_t Ontology::find_class(std::string_view keyword) const {
  auto it = class_by_keyword_.find(std::string(keyword));
  return it == class_by_keyword_.end() ? 0 : it->second;
}

int Ontology::find_property(std::uint32_t c, std::string_view keyword) const {
  std::string key = std::to_string(c);
  key += '\x1f';
  key += keyword;
  auto it = property_by_key_.find(key);
  return it == property_by_key_.end() ? -1 : it->second;
}

std::vector<std::string> Ontology::property_keywords(std::uint32_t c) const {
  std::vector<std::string> out;
  for (const auto &[key, index] : property_by_key_) {
    const auto cut = key.find('\x1f');
    if (key.compare(0, cut, std::to_string(c)) == 0)
      out.push_back(key.substr(cut + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Ontology::class_keywords() const {
  std::vector<std::string> out;
  for (const auto &[k, i] : class_by_keyword_)
    out.push_back(k);
  std::sort(out.begin(), out.end());
  return out;
}

std::string Ontology::describe_class(std::uint32_t c) const {
  if (c == 0 || c >= classes_.size())
    return "a thing";
  const std::string &k = classes_[c].keyword;
  const bool vowel = !k.empty() && std::string_view("aeiou").find(k[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + k;
}

} // namespace factloom::bind
