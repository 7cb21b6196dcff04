// rdf::Model over Sord: Serd reads, Sord's inserter interns and indexes, patterns query.
#include "rdf/model.hpp"

#include <exception>
#include <string>
#include <unordered_map>

#include "base/text.hpp"
#include "rdf/guard.hpp"
#include "rdf/sord.hpp"
#include "rdf/vocab.hpp"

namespace factloom::rdf {

TermView term_view(const SordNode *node) {
  TermView v;
  if (node == nullptr)
    return v;
  v.value = node_text(node);
  switch (sord_node_get_type(node)) {
  case SORD_URI: v.kind = TermKind::iri; break;
  case SORD_BLANK: v.kind = TermKind::blank; break;
  case SORD_LITERAL: {
    v.kind = TermKind::literal;
    if (const char *lang = sord_node_get_language(node))
      v.lang = lang;
    const std::string_view datatype = node_text(sord_node_get_datatype(node));
    if (datatype != vocab::xsd_string)
      v.datatype = datatype;
    break;
  }
  }
  return v;
}

TermView Node::view() const { return term_view(node_); }
std::string_view Node::value() const { return node_text(node_); }

// ---- Statements -----------------------------------------------------------------------------

Statements::iterator::iterator(SordIterImpl *it) : it_(it) { load(); }

void Statements::iterator::load() {
  if (it_ == nullptr || sord_iter_end(it_)) {
    it_ = nullptr;
    return;
  }
  SordQuad quad;
  sord_iter_get(it_, quad);
  current_ =
      Statement{Node(quad[SORD_SUBJECT]), Node(quad[SORD_PREDICATE]), Node(quad[SORD_OBJECT])};
}

Statements::iterator &Statements::iterator::operator++() {
  if (it_ != nullptr) {
    sord_iter_next(it_);
    load();
  }
  return *this;
}

Statements::Statements(Statements &&other) noexcept : it_(std::exchange(other.it_, nullptr)) {}
Statements::~Statements() {
  if (it_ != nullptr)
    sord_iter_free(it_);
}

// ---- Model ----------------------------------------------------------------------------------

namespace {

/// IRI nodes by text, one reference each, held until the model goes (statements hold their
/// own references; Model::iri() may name IRIs that no statement mentions). Interning IRIs here
/// is several times cheaper than Sord's own path, which measures and hashes every node again.
class IriNodes {
public:
  explicit IriNodes(SordWorld *world) : world_(world) {}
  const SordNode *get(std::string_view text) {
    auto it = nodes_.find(text);
    if (it == nodes_.end()) {
      it = nodes_.try_emplace(std::string(text)).first;
      it->second = NodeRef(
          world_, sord_new_uri(world_, reinterpret_cast<const std::uint8_t *>(it->first.c_str())));
    }
    return it->second.get();
  }

private:
  SordWorld *world_;
  std::unordered_map<std::string, NodeRef, StringHash, std::equal_to<>> nodes_;
};

} // namespace

struct Model::Impl {
  // Declaration order is destruction order reversed: nodes, then the model, then the world.
  WorldPtr world{sord_world_new()};
  SordPtr model{sord_new(world.get(), SORD_SPO | SORD_POS, false)};
  PrefixMap prefixes;
  IriNodes iris{world.get()};
};

namespace {

struct ReadState {
  SordWorld *world;
  SordModel *model;
  IriNodes *iris;
  PrefixMap *prefixes;
  SerdEnv *env;
  DiagnosticSink *sink;
  const SourceFile *source;
  std::uint32_t file;
  std::size_t errors = 0;
  std::exception_ptr error;
  std::string scratch;
  Syntax syntax = Syntax::turtle;
  DeclaredPrefixes declared{};
};

SerdStatus on_base(void *handle, const SerdNode *uri) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  return serd_env_set_base_uri(st.env, uri);
}

SerdStatus on_prefix(void *handle, const SerdNode *name, const SerdNode *uri) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    st.declared.declare(st.env, name, uri, st.scratch);
    st.prefixes->add(node_text(name), st.scratch);
    return SERD_SUCCESS;
  } catch (...) {
    st.error = std::current_exception();
    return SERD_ERR_INTERNAL;
  }
}

/// A prefixed name whose prefix was never declared: reported here (Serd does not say where).
bool undeclared(ReadState &st, const SerdNode *node) {
  if (node == nullptr || node->type != SERD_CURIE)
    return false;
  if (st.declared.expand(node, st.scratch))
    return false;
  Diagnostic d{Severity::error,
               {},
               "the prefix of '" + std::string(node_text(node)) + "' is not declared",
               "",
               st.source->name(),
               {}};
  st.sink->report(std::move(d));
  ++st.errors;
  return true;
}

/// The model's node for a node of the text. IRIs are interned in the model; literals and
/// blank nodes are made by Sord, their reference kept in `made` until the statement is added.
const SordNode *node_for(ReadState &st, const SerdNode *node, const SerdNode *datatype,
                         const SerdNode *lang, NodeRef &made) {
  switch (node->type) {
  case SERD_URI: {
    absolute_iri(st.env, node, st.scratch);
    return st.iris->get(st.scratch);
  }
  case SERD_CURIE: {
    if (!st.declared.expand(node, st.scratch))
      return nullptr;
    return st.iris->get(st.scratch);
  }
  default: {
    // A datatype written as a prefixed name is expanded here (Serd's environment holds no
    // prefixes, see DeclaredPrefixes).
    SerdNode expanded_datatype;
    if (datatype != nullptr && datatype->type == SERD_CURIE) {
      if (!st.declared.expand(datatype, st.scratch))
        return nullptr;
      expanded_datatype = view_node(SERD_URI, st.scratch);
      datatype = &expanded_datatype;
    }
    made = NodeRef(st.world, sord_node_from_serd_node(st.world, st.env, node, datatype, lang));
    return made.get();
  }
  }
}

SerdStatus on_statement(void *handle, SerdStatementFlags /*flags*/, const SerdNode *graph,
                        const SerdNode *subject, const SerdNode *predicate, const SerdNode *object,
                        const SerdNode *datatype, const SerdNode *lang) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    if (graph != nullptr && graph->type != SERD_NOTHING && !has_graphs(st.syntax)) {
      graph_in_triples(*st.sink, st.source->name(), st.syntax);
      ++st.errors;
      return SERD_ERR_BAD_SYNTAX;
    }
    if (undeclared(st, subject) || undeclared(st, predicate) || undeclared(st, object) ||
        undeclared(st, datatype))
      return SERD_ERR_BAD_CURIE;
    NodeRef made_s;
    NodeRef made_p;
    NodeRef made_o;
    const SordNode *s = node_for(st, subject, nullptr, nullptr, made_s);
    const SordNode *p = node_for(st, predicate, nullptr, nullptr, made_p);
    const SordNode *o = node_for(st, object, datatype, lang, made_o);
    if (s == nullptr || p == nullptr || o == nullptr)
      return SERD_ERR_BAD_ARG;
    const SordQuad quad = {s, p, o, nullptr};
    sord_add(st.model, quad); // false for a repeated statement: not an error
    return SERD_SUCCESS;
  } catch (...) {
    st.error = std::current_exception();
    return SERD_ERR_INTERNAL;
  }
}

SerdStatus on_error(void *handle, const SerdError *error) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    const std::uint32_t at = error_offset(st.source->text(), *error);
    ++st.errors;
    st.sink->error(SourceSpan{st.file, at, at}, error_message(*error));
  } catch (...) {
    st.error = std::current_exception();
  }
  return SERD_SUCCESS;
}

/// Sord's own errors (a node it cannot make) carry no position: reported for the whole file.
SerdStatus on_sord_error(void *handle, const SerdError *error) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    ++st.errors;
    st.sink->report(
        Diagnostic{Severity::error, {}, error_message(*error), "", st.source->name(), {}});
  } catch (...) {
    st.error = std::current_exception();
  }
  return SERD_SUCCESS;
}

SerdStatus ignore_error(void * /*handle*/, const SerdError * /*error*/) noexcept {
  return SERD_SUCCESS;
}

/// Routes Sord's errors to one read's state while it lasts.
struct SordErrors {
  SordWorld *world;
  SordErrors(SordWorld *w, ReadState &st) : world(w) {
    sord_world_set_error_sink(world, on_sord_error, &st);
  }
  ~SordErrors() { sord_world_set_error_sink(world, ignore_error, nullptr); }
  SordErrors(const SordErrors &) = delete;
  SordErrors &operator=(const SordErrors &) = delete;
};

} // namespace

Model::Model() : impl_(std::make_unique<Impl>()) {
  sord_world_set_error_sink(impl_->world.get(), ignore_error, nullptr);
}
Model::~Model() = default;
Model::Model(Model &&) noexcept = default;
Model &Model::operator=(Model &&) noexcept = default;

bool Model::read(const SourceFile &source, std::uint32_t file, const ReadOptions &options,
                 DiagnosticSink &sink) {
  const std::string base = options.base_iri.empty() ? file_iri(source.name()) : options.base_iri;
  SerdNode base_node = view_node(SERD_URI, base);
  EnvPtr env(serd_env_new(&base_node));
  ReadState st{impl_->world.get(),
               impl_->model.get(),
               &impl_->iris,
               &impl_->prefixes,
               env.get(),
               &sink,
               &source,
               file,
               0,
               nullptr,
               {},
               options.syntax};
  const SordErrors sord_errors(impl_->world.get(), st);
  ReaderPtr reader(serd_reader_new(serd_syntax(options.syntax), &st, nullptr, on_base, on_prefix,
                                   on_statement, nullptr));
  serd_reader_set_error_sink(reader.get(), on_error, &st);
  serd_reader_set_strict(reader.get(), true);
  const std::string blank_prefix = options.blank_prefix; // NUL-terminated for Serd
  if (!blank_prefix.empty())
    serd_reader_add_blank_prefix(reader.get(),
                                 reinterpret_cast<const std::uint8_t *>(blank_prefix.c_str()));
  if (source.text().empty()) // Serd 0.30 misreads an empty string
    return true;
  const GuardResult guard = guard_document(source.text());
  if (guard.error) {
    sink.error(SourceSpan{file, guard.error->offset, guard.error->offset}, guard.error->message);
    return false;
  }
  const SerdStatus status =
      read_text(reader.get(), source.text(), guard.has_nul, guard.comment_nuls);
  if (st.error)
    std::rethrow_exception(st.error);
  if (status != SERD_SUCCESS && st.errors == 0) {
    sink.error(SourceSpan{file, 0, 0}, std::string("cannot read RDF: ") +
                                           reinterpret_cast<const char *>(serd_strerror(status)));
    return false;
  }
  return status == SERD_SUCCESS && st.errors == 0;
}

std::size_t Model::size() const { return sord_num_quads(impl_->model.get()); }

const PrefixMap &Model::prefixes() const { return impl_->prefixes; }

Node Model::iri(std::string_view iri) const { return Node(impl_->iris.get(iri)); }

Statements Model::match(Node s, Node p, Node o) const {
  return Statements(sord_search(impl_->model.get(), s.get(), p.get(), o.get(), nullptr));
}

std::vector<Node> Model::objects(Node s, Node p) const {
  std::vector<Node> out;
  for (const Statement &st : match(s, p, Node()))
    out.push_back(st.o);
  return out;
}

std::vector<Node> Model::subjects(Node p, Node o) const {
  std::vector<Node> out;
  for (const Statement &st : match(Node(), p, o))
    out.push_back(st.s);
  return out;
}

bool Model::contains(Node s, Node p, Node o) const {
  return sord_ask(impl_->model.get(), s.get(), p.get(), o.get(), nullptr);
}

} // namespace factloom::rdf
