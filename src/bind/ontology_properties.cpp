// The ontology's properties: domains, the range (what values look like), the companions of
// qualified and temporal properties, and the (class, keyword) index.
#include <algorithm>
#include <optional>
#include <regex>
#include <unordered_set>

#include "base/result.hpp"
#include "bind/ontology_reader.hpp"
#include "rdf/vocab.hpp"

namespace factloom::bind {

namespace {

/// What values of a range that is not a class look like; nullopt: factloom cannot read them.
std::optional<RangeKind> datatype_range(std::string_view r) {
  const auto xsd = [&](std::string_view local) {
    return r.starts_with(vocab::xsd) && r.substr(vocab::xsd.size()) == local;
  };
  if (r == vocab::fl_temporal_value || xsd("date") || xsd("dateTime") || xsd("gYear") ||
      xsd("gYearMonth"))
    return RangeKind::temporal;
  if (xsd("string") || r == vocab::rdfs_literal)
    return RangeKind::string;
  if (r == vocab::rdf_lang_string)
    return RangeKind::lang_string;
  if (xsd("anyURI"))
    return RangeKind::any_uri;
  if (xsd("integer") || xsd("int") || xsd("long"))
    return RangeKind::integer;
  if (xsd("nonNegativeInteger") || xsd("positiveInteger"))
    return RangeKind::non_negative_integer;
  if (xsd("decimal") || xsd("double") || xsd("float"))
    return RangeKind::decimal;
  if (xsd("boolean"))
    return RangeKind::boolean;
  if (xsd("duration"))
    return RangeKind::duration;
  // OWL-Time units and the like: values are IRIs of individuals outside fl:.
  if (r == vocab::rdfs_resource || r == vocab::owl_thing || r.starts_with(vocab::time))
    return RangeKind::resource;
  return std::nullopt;
}

} // namespace

void OntologyReader::read_properties() {
  std::unordered_set<rdf::Node, rdf::Node::Hash> seen;
  std::vector<rdf::Node> properties;
  for (const std::string_view kind :
       {vocab::owl_object_property, vocab::owl_datatype_property, vocab::rdf_property}) {
    for (const rdf::Node p : typed(kind)) {
      if (seen.insert(p).second)
        properties.push_back(p);
    }
  }
  std::sort(properties.begin(), properties.end(),
            [](rdf::Node a, rdf::Node b) { return a.value() < b.value(); });
  for (const rdf::Node p : properties) {
    PropertyInfo info;
    if (read_property(p, info))
      onto_.properties_.push_back(std::move(info));
  }
}

bool OntologyReader::read_property(rdf::Node p, PropertyInfo &info) {
  info.iri = p.value();
  info.keywords = keywords_of(p);
  if (info.keywords.empty())
    return false; // not usable in fact files (e.g. external terms)
  for (const std::string_view domain : {vocab::rdfs_domain, vocab::schema_domain_includes}) {
    for (const rdf::Node d : model_.objects(p, term(domain))) {
      if (const std::uint32_t c = class_index(d); c != 0)
        info.domains.push_back(c);
    }
  }
  info.functional = model_.contains(p, type_, term(vocab::owl_functional_property));
  for (const rdf::Node v : model_.objects(p, term(vocab::fl_varies_over_time)))
    info.varies_over_time = info.varies_over_time || v.value() == "true" || v.value() == "1";
  for (const rdf::Node q : model_.objects(p, term(vocab::fl_qualified_by)))
    info.qualified_by = q.value();
  for (const rdf::Node q : model_.objects(p, term(vocab::fl_phrase_property)))
    info.phrase_property = q.value();
  for (const rdf::Node q : model_.objects(p, term(vocab::fl_precision_property)))
    info.precision_property = q.value();
  if (!read_external_id(p, info))
    return false;
  const std::vector<rdf::Node> ranges = model_.objects(p, term(vocab::rdfs_range));
  if (ranges.size() != 1) {
    sink_.report(io_error(
        name_, "property " + info.iri +
                   (ranges.empty() ? " has no rdfs:range" : " has several rdfs:range values") +
                   "; factloom needs exactly one"));
    return false;
  }
  return read_range(ranges.front(), info);
}

bool OntologyReader::read_external_id(rdf::Node p, PropertyInfo &info) {
  for (const rdf::Node v : model_.objects(p, term(vocab::fl_iri_prefix)))
    info.iri_prefix = v.value();
  for (const rdf::Node v : model_.objects(p, term(vocab::fl_id_pattern)))
    info.id_pattern = v.value();
  if (info.iri_prefix.empty() != info.id_pattern.empty()) {
    sink_.report(io_error(name_, "property " + info.iri +
                                     " needs both fl:iriPrefix and fl:idPattern, or neither"));
    return false;
  }
  try {
    if (!info.id_pattern.empty())
      (void)std::regex(info.id_pattern, std::regex::ECMAScript);
  } catch (const std::regex_error &e) {
    sink_.report(io_error(name_, "property " + info.iri + " has an fl:idPattern that is not a " +
                                     "regular expression: " + e.what()));
    return false;
  }
  return true;
}

bool OntologyReader::read_range(rdf::Node range, PropertyInfo &info) {
  info.range_iri = range.value();
  if (!info.iri_prefix.empty()) {
    info.range = RangeKind::external_id;
    return true;
  }
  if (const std::uint32_t c = class_index(range);
      c != 0 && info.range_iri != vocab::fl_temporal_value) {
    info.range_class = c;
    info.range = onto_.classes_[c].individuals.empty() ? RangeKind::entity : RangeKind::enumeration;
    return true;
  }
  if (const auto kind = datatype_range(info.range_iri)) {
    info.range = *kind;
    return true;
  }
  sink_.report(io_error(name_, "property " + info.iri + " has the range " + info.range_iri +
                                   ", which factloom cannot read values for"));
  return false;
}

void OntologyReader::index_property_keywords() {
  for (std::size_t pi = 0; pi < onto_.properties_.size(); ++pi) {
    const PropertyInfo &p = onto_.properties_[pi];
    for (std::uint32_t c = 1; c < onto_.classes_.size(); ++c) {
      bool applies = p.domains.empty();
      for (const std::uint32_t d : p.domains)
        applies = applies || onto_.classes_[c].is_a(d);
      if (!applies)
        continue;
      for (const std::string &k : p.keywords)
        add_property_key(pi, c, k);
    }
  }
}

void OntologyReader::add_property_key(std::size_t property, std::uint32_t c,
                                      const std::string &keyword) {
  const int pi = static_cast<int>(property);
  if (onto_.property_by_class_.size() <= c)
    onto_.property_by_class_.resize(std::size_t{c} + 1);
  auto [it, inserted] = onto_.property_by_class_[c].emplace(keyword, pi);
  if (inserted || it->second == pi)
    return;
  // The most specific domain wins; equal specificity is an ontology error.
  const PropertyInfo &p = onto_.properties_[property];
  const PropertyInfo &other = onto_.properties_[static_cast<std::size_t>(it->second)];
  if (specificity(p, c) > specificity(other, c)) {
    it->second = pi;
  } else if (specificity(p, c) == specificity(other, c)) {
    sink_.report(io_error(name_, "the keyword '" + keyword + "' names two properties of " +
                                     onto_.classes_[c].iri + ": " + other.iri + " and " + p.iri));
  }
}

std::size_t OntologyReader::specificity(const PropertyInfo &p, std::uint32_t c) const {
  std::size_t best = 0;
  for (const std::uint32_t d : p.domains) {
    if (onto_.classes_[c].is_a(d))
      best = std::max(best, onto_.classes_[d].supers.size());
  }
  return best;
}

} // namespace factloom::bind
