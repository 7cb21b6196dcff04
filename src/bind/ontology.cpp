// The ontology: read once into a Model, its classes and enumerations, and the keyword lookups.
#include "bind/ontology.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "base/result.hpp"
#include "bind/ontology_reader.hpp"
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

/// "name:line:col" of a diagnostic's span in `source` ("name" without a span).
std::string place(const Diagnostic &d, const SourceFile &source) {
  if (!d.span.valid())
    return source.name();
  const LineCol at = source.locate(d.span.begin);
  return source.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

/// The items of the RDF list that starts at `head` (stops at rdf:nil, a broken link or a
/// cycle).
std::vector<rdf::Node> list_items(const rdf::Model &model, rdf::Node head) {
  const rdf::Node first = model.iri(vocab::rdf_first);
  const rdf::Node rest = model.iri(vocab::rdf_rest);
  std::vector<rdf::Node> out;
  std::unordered_set<rdf::Node, rdf::Node::Hash> seen;
  while (head && head.value() != vocab::rdf_nil && seen.insert(head).second) {
    for (const rdf::Node item : model.objects(head, first))
      out.push_back(item);
    const std::vector<rdf::Node> next = model.objects(head, rest);
    head = next.size() == 1 ? next.front() : rdf::Node();
  }
  return out;
}

/// (union class, member class) for every IRI class (owl:Class or rdfs:Class, not a datatype)
/// declared owl:unionOf a list of IRIs.
std::vector<std::pair<rdf::Node, rdf::Node>> union_members(const rdf::Model &model) {
  std::vector<std::pair<rdf::Node, rdf::Node>> heads;
  for (const rdf::Statement &st : model.match({}, model.iri(vocab::owl_union_of), {})) {
    if (st.s.is_iri())
      heads.emplace_back(st.s, st.o);
  }
  const rdf::Node type = model.iri(vocab::rdf_type);
  const rdf::Node owl_class = model.iri(vocab::owl_class);
  const rdf::Node rdfs_class = model.iri(vocab::rdfs_class);
  std::erase_if(heads, [&](const auto &head) {
    return !model.contains(head.first, type, owl_class) &&
           !model.contains(head.first, type, rdfs_class);
  });
  std::vector<std::pair<rdf::Node, rdf::Node>> out;
  for (const auto &[whole, head] : heads) {
    for (const rdf::Node member : list_items(model, head)) {
      if (member.is_iri())
        out.emplace_back(whole, member);
    }
  }
  return out;
}

} // namespace

std::vector<ClassLink> subclass_links(const rdf::Model &model) {
  std::vector<ClassLink> out;
  for (const rdf::Statement &st : model.match({}, model.iri(vocab::rdfs_sub_class_of), {})) {
    if (st.s.is_iri() && st.o.is_iri())
      out.push_back(ClassLink{std::string(st.s.value()), std::string(st.o.value())});
  }
  for (const auto &[whole, member] : union_members(model))
    out.push_back(ClassLink{std::string(member.value()), std::string(whole.value())});
  std::sort(out.begin(), out.end(), [](const ClassLink &a, const ClassLink &b) {
    return std::tie(a.sub, a.super) < std::tie(b.sub, b.super);
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool Ontology::load(std::string_view text, const std::string &name, DiagnosticSink &sink) {
  classes_.clear();
  properties_.clear();
  class_by_keyword_.clear();
  property_by_class_.clear();
  if (!read_model(text, name, sink))
    return false;
  const std::size_t before = sink.error_count();
  OntologyReader reader(*this, name, sink);
  reader.read_classes();
  reader.read_unions();
  reader.close_superclasses();
  reader.mark_sources();
  reader.index_class_keywords();
  reader.read_individuals();
  reader.read_properties();
  reader.index_property_keywords();
  return sink.error_count() == before;
}

bool Ontology::read_model(std::string_view text, const std::string &name, DiagnosticSink &sink) {
  model_ = rdf::Model();
  SourceSet sources; // the ontology's own: its diagnostics carry their place in the origin
  const std::uint32_t file = sources.add(name, std::string(text));
  rdf::ReadOptions options;
  options.base_iri = vocab::fl_ontology_base;
  options.blank_prefix = "onto";
  DiagnosticSink read_sink;
  if (model_.read(sources.get(file), file, options, read_sink))
    return true;
  for (const Diagnostic &d : read_sink.all()) {
    Diagnostic copy = d;
    copy.span = {};
    copy.origin = place(d, sources.get(file));
    copy.message = "cannot read the ontology: " + d.message;
    sink.report(copy);
  }
  return false;
}

// ---- OntologyReader: classes ------------------------------------------------------------------

OntologyReader::OntologyReader(Ontology &ontology, const std::string &name, DiagnosticSink &sink)
    : onto_(ontology), model_(ontology.model_), name_(name), sink_(sink),
      type_(model_.iri(vocab::rdf_type)) {}

std::vector<rdf::Node> OntologyReader::typed(std::string_view cls) const {
  return model_.subjects(type_, term(cls));
}

std::vector<std::string> OntologyReader::keywords_of(rdf::Node s) const {
  std::vector<std::string> out;
  for (const rdf::Node k : model_.objects(s, term(vocab::fl_keyword)))
    out.emplace_back(k.value());
  if (!s.value().starts_with(vocab::fl))
    return out;
  // The kebab-case local name comes first when it is one of the keywords (fl:signatory:
  // "signatory", not "signatories"): messages name a property by its first keyword.
  const std::string own = kebab(local_name(s.value()));
  const auto it = std::find(out.begin(), out.end(), own);
  if (out.empty())
    out.push_back(own);
  else if (it != out.end())
    std::rotate(out.begin(), it, it + 1);
  return out;
}

std::uint32_t OntologyReader::class_index(rdf::Node c) const {
  const auto it = class_index_.find(c);
  return it == class_index_.end() ? 0 : it->second;
}

void OntologyReader::read_classes() {
  for (const std::string_view cls : {vocab::owl_class, vocab::rdfs_class}) {
    for (const rdf::Node c : typed(cls)) {
      if (class_nodes_.insert(c).second && c.is_iri())
        ordered_.push_back(c);
    }
  }
  std::sort(ordered_.begin(), ordered_.end(),
            [](rdf::Node a, rdf::Node b) { return a.value() < b.value(); });
  onto_.classes_.push_back(ClassInfo{});
  for (const rdf::Node c : ordered_) {
    ClassInfo info;
    info.iri = c.value();
    const auto keywords = keywords_of(c);
    info.keyword = keywords.empty() ? std::string() : keywords.front();
    class_index_[c] = static_cast<std::uint32_t>(onto_.classes_.size());
    onto_.classes_.push_back(std::move(info));
  }
}

void OntologyReader::read_unions() {
  for (const auto &[whole, member] : union_members(model_)) {
    const std::uint32_t w = class_index(whole);
    const std::uint32_t m = class_index(member);
    if (w == 0 || m == 0)
      continue; // a datatype union (fl:TemporalValue), or a member that is not a class here
    onto_.classes_[w].members.push_back(m);
    unions_of_[member].push_back(whole);
  }
}

void OntologyReader::close_superclasses() {
  const rdf::Node sub_class_of = term(vocab::rdfs_sub_class_of);
  for (const rdf::Node c : ordered_) {
    std::vector<std::uint32_t> &supers = onto_.classes_[class_index(c)].supers;
    std::vector<rdf::Node> stack{c};
    std::unordered_set<rdf::Node, rdf::Node::Hash> seen;
    while (!stack.empty()) {
      const rdf::Node x = stack.back();
      stack.pop_back();
      if (!seen.insert(x).second)
        continue;
      if (const std::uint32_t index = class_index(x); index != 0)
        supers.push_back(index);
      for (const rdf::Node s : model_.objects(x, sub_class_of))
        stack.push_back(s);
      if (const auto it = unions_of_.find(x); it != unions_of_.end())
        stack.insert(stack.end(), it->second.begin(), it->second.end());
    }
    std::sort(supers.begin(), supers.end());
  }
}

void OntologyReader::mark_sources() {
  const std::uint32_t source = class_index(term(vocab::fl_source));
  if (source == 0)
    return;
  for (ClassInfo &c : onto_.classes_)
    c.is_source = c.is_a(source);
}

void OntologyReader::index_class_keywords() {
  for (std::uint32_t i = 1; i < onto_.classes_.size(); ++i) {
    const ClassInfo &c = onto_.classes_[i];
    if (c.keyword.empty())
      continue;
    auto [it, inserted] = onto_.class_by_keyword_.emplace(c.keyword, i);
    if (!inserted) {
      sink_.report(io_error(name_, "the keyword '" + c.keyword + "' names two classes: " +
                                       onto_.classes_[it->second].iri + " and " + c.iri));
    }
  }
}

void OntologyReader::read_individuals() {
  for (const rdf::Node c : ordered_) {
    std::vector<Individual> &individuals = onto_.classes_[class_index(c)].individuals;
    for (const rdf::Node ind : model_.subjects(type_, c)) {
      if (class_nodes_.count(ind) != 0 || !ind.is_iri())
        continue;
      individuals.push_back(Individual{std::string(ind.value()), keywords_of(ind)});
    }
  }
}

// ---- lookups ----------------------------------------------------------------------------------

std::uint32_t Ontology::find_class(std::string_view keyword) const {
  auto it = class_by_keyword_.find(keyword);
  return it == class_by_keyword_.end() ? 0 : it->second;
}

int Ontology::find_property(std::uint32_t c, std::string_view keyword) const {
  if (c >= property_by_class_.size())
    return -1;
  const KeywordMap &by_keyword = property_by_class_[c];
  const auto it = by_keyword.find(keyword);
  return it == by_keyword.end() ? -1 : it->second;
}

std::vector<std::string> Ontology::property_keywords(std::uint32_t c) const {
  std::vector<std::string> out;
  if (c < property_by_class_.size()) {
    for (const auto &[keyword, index] : property_by_class_[c])
      out.push_back(keyword);
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

namespace {

std::string with_article(const std::string &k) {
  const bool vowel = !k.empty() && std::string_view("aeiou").find(k[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + k;
}

} // namespace

std::string Ontology::describe_class(std::uint32_t c) const {
  if (c == 0 || c >= classes_.size())
    return "a thing";
  const std::vector<std::uint32_t> &members = classes_[c].members;
  if (members.empty())
    return with_article(classes_[c].keyword);
  std::string out; // "a proposal or a stance", "a proposal, a document or a point"
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0)
      out += i + 1 == members.size() ? " or " : ", ";
    out += with_article(classes_[members[i]].keyword);
  }
  return out;
}

} // namespace factloom::bind
