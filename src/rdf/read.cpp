// Serd reader → Graph, with trampolines that never let exceptions cross into C.
#include "rdf/read.hpp"

#include <exception>
#include <filesystem>

#include "rdf/guard.hpp"
#include "rdf/serd.hpp"
#include "rdf/vocab.hpp"

namespace factloom::rdf {

namespace {

struct ReadState {
  graph::QuadSink *out;
  DiagnosticSink *sink;
  const SourceFile *source;
  std::uint32_t file;
  SerdEnv *env;
  const ReadOptions *options;
  std::exception_ptr error;
  std::size_t errors = 0;
  bool stopped = false; // the sink asked to stop
  std::string scratch;
  DeclaredPrefixes prefixes{};
};

graph::TermId intern(ReadState &st, const SerdNode *node, const SerdNode *datatype,
                     const SerdNode *lang) {
  graph::TermTable &terms = st.out->terms();
  switch (node->type) {
  case SERD_URI: {
    absolute_iri(st.env, node, st.scratch);
    return terms.iri(st.scratch);
  }
  case SERD_CURIE: {
    if (!st.prefixes.expand(node, st.scratch))
      return 0;
    return terms.iri(st.scratch);
  }
  case SERD_BLANK: {
    st.scratch = st.options->blank_prefix;
    st.scratch += node_text(node);
    return terms.blank(st.scratch);
  }
  case SERD_LITERAL: {
    graph::TermId dt = 0;
    if (datatype != nullptr) {
      dt = intern(st, datatype, nullptr, nullptr);
      if (dt == 0)
        return 0;
      if (terms.get(dt).value == vocab::xsd_string)
        dt = 0;
    }
    std::string lang_lower;
    if (lang != nullptr) {
      lang_lower = std::string(node_text(lang));
      for (char &c : lang_lower) {
        if (c >= 'A' && c <= 'Z')
          c = static_cast<char>(c - 'A' + 'a');
      }
    }
    return terms.literal(node_text(node), dt, lang_lower);
  }
  case SERD_NOTHING: break;
  }
  return 0;
}

SerdStatus on_base(void *handle, const SerdNode *uri) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  return serd_env_set_base_uri(st.env, uri);
}

SerdStatus on_prefix(void *handle, const SerdNode *name, const SerdNode *uri) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    st.prefixes.declare(st.env, name, uri, st.scratch);
    st.out->prefix(node_text(name), st.scratch);
    return SERD_SUCCESS;
  } catch (...) {
    st.error = std::current_exception();
    return SERD_ERR_INTERNAL;
  }
}

SerdStatus on_statement(void *handle, SerdStatementFlags /*flags*/, const SerdNode *graph_node,
                        const SerdNode *subject, const SerdNode *predicate, const SerdNode *object,
                        const SerdNode *datatype, const SerdNode *lang) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    if (graph_node != nullptr && graph_node->type != SERD_NOTHING &&
        !has_graphs(st.options->syntax)) {
      graph_in_triples(*st.sink, st.source->name(), st.options->syntax);
      ++st.errors;
      return SERD_ERR_BAD_SYNTAX;
    }
    const graph::TermId s = intern(st, subject, nullptr, nullptr);
    const graph::TermId p = intern(st, predicate, nullptr, nullptr);
    const graph::TermId o = intern(st, object, datatype, lang);
    graph::TermId g = 0;
    if (graph_node != nullptr && graph_node->type != SERD_NOTHING && !st.options->merge_graphs) {
      g = intern(st, graph_node, nullptr, nullptr);
    }
    if (s == 0 || p == 0 || o == 0)
      return SERD_ERR_BAD_CURIE;
    if (!st.out->add(graph::Quad{s, p, o, g}, SourceSpan{st.file, 0, 0})) {
      st.stopped = true;
      return SERD_ERR_INTERNAL;
    }
    return SERD_SUCCESS;
  } catch (...) {
    st.error = std::current_exception();
    return SERD_ERR_INTERNAL;
  }
}

SerdStatus on_error(void *handle, const SerdError *error) noexcept {
  auto &st = *static_cast<ReadState *>(handle);
  try {
    const std::string message = error_message(*error);
    // Map Serd's line/column (1-based line, 0-based column in bytes) to a byte offset.
    const std::uint32_t offset = error_offset(st.source->text(), *error);
    ++st.errors;
    st.sink->error(SourceSpan{st.file, offset, offset}, message);
  } catch (...) {
    st.error = std::current_exception();
  }
  return SERD_SUCCESS;
}

} // namespace

std::string file_iri(const std::string &path) {
  std::error_code ec;
  const std::filesystem::path abs = std::filesystem::absolute(path, ec);
  const std::string p = ec ? path : abs.string();
  SerdNode node = serd_node_new_file_uri(reinterpret_cast<const std::uint8_t *>(p.c_str()), nullptr,
                                         nullptr, true);
  std::string out(node_text(&node));
  serd_node_free(&node);
  return out;
}

bool read_rdf(const SourceFile &source, std::uint32_t file, const ReadOptions &options,
              graph::QuadSink &out, DiagnosticSink &sink) {
  const std::string base = options.base_iri.empty() ? file_iri(source.name()) : options.base_iri;
  SerdNode base_node = view_node(SERD_URI, base);
  EnvPtr env(serd_env_new(&base_node));
  ReadState st{&out, &sink, &source, file, env.get(), &options, nullptr, 0, false, {}};
  ReaderPtr reader(serd_reader_new(serd_syntax(options.syntax), &st, nullptr, on_base, on_prefix,
                                   on_statement, nullptr));
  serd_reader_set_error_sink(reader.get(), on_error, &st);
  serd_reader_set_strict(reader.get(), true);
  // An empty document has no statements (and Serd 0.30 misreads an empty string).
  if (source.text().empty())
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
  if (st.stopped)
    return false;
  if (status != SERD_SUCCESS && st.errors == 0) {
    sink.error(SourceSpan{file, 0, 0}, std::string("cannot read RDF: ") +
                                           reinterpret_cast<const char *>(serd_strerror(status)));
    return false;
  }
  return status == SERD_SUCCESS && st.errors == 0;
}

} // namespace factloom::rdf
