// Serd reader → Graph, with trampolines that never let exceptions cross into C.
#include "rdf/read.hpp"

#include <exception>
#include <filesystem>
#include <optional>

#include "base/input.hpp"
#include "rdf/guard.hpp"
#include "rdf/serd.hpp"
#include "rdf/vocab.hpp"

namespace factloom::rdf {

namespace {

/// Serd's page for reading a file (SERD_PAGE_SIZE).
constexpr std::size_t serd_page_size = 4096;

/// The text of the document being read, for the byte offsets of errors: in memory, or read
/// again from its file at the first error (a streamed file's text is not kept).
struct ErrorText {
  const SourceFile *source = nullptr;
  SourceSet *sources = nullptr; ///< where a text read again goes (with `input`)
  InputFile *input = nullptr;   ///< null: `source` holds the text
  std::uint32_t file = 0;
  bool loaded = false;
  std::optional<Diagnostic> failure; ///< the file could not be read again

  std::string_view get() {
    if (input != nullptr && !loaded) {
      loaded = true;
      Result<std::string> text = input->read_all();
      if (text)
        sources->set_text(file, std::move(text.value()));
      else
        failure = text.error();
      source = &sources->get(file);
    }
    return source->text();
  }
};

struct ReadState {
  graph::QuadSink *out;
  DiagnosticSink *sink;
  const std::string *name;
  ErrorText *text;
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
      graph_in_triples(*st.sink, *st.name, st.options->syntax);
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
    const std::uint32_t offset = error_offset(st.text->get(), *error);
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

namespace {

/// One document's reading: Serd's environment and reader, with ReadState behind them.
class Reading {
public:
  Reading(const std::string &name, ErrorText &text, std::uint32_t file, const ReadOptions &options,
          graph::QuadSink &out, DiagnosticSink &sink)
      : base_(options.base_iri.empty() ? file_iri(name) : options.base_iri),
        base_node_(view_node(SERD_URI, base_)),
        env_(serd_env_new(&base_node_)), st_{&out,     &sink,   &name, &text, file, env_.get(),
                                             &options, nullptr, 0,     false, {}},
        reader_(serd_reader_new(serd_syntax(options.syntax), &st_, nullptr, on_base, on_prefix,
                                on_statement, nullptr)) {
    serd_reader_set_error_sink(reader_.get(), on_error, &st_);
    serd_reader_set_strict(reader_.get(), true);
  }

  SerdReader *reader() { return reader_.get(); }

  /// Whether the document was read whole, from Serd's status; rethrows what a callback caught.
  bool finish(SerdStatus status) {
    if (st_.error)
      std::rethrow_exception(st_.error);
    if (st_.stopped)
      return false;
    if (status != SERD_SUCCESS && st_.errors == 0) {
      (void)st_.text->get();
      st_.sink->error(SourceSpan{st_.file, 0, 0},
                      std::string("cannot read RDF: ") +
                          reinterpret_cast<const char *>(serd_strerror(status)));
      return false;
    }
    return status == SERD_SUCCESS && st_.errors == 0;
  }

private:
  std::string base_;
  SerdNode base_node_;
  EnvPtr env_;
  ReadState st_;
  ReaderPtr reader_;
};

/// Serd's byte source over an InputFile; NULs in comments read as spaces.
struct FileStream {
  InputFile *input = nullptr;
  const std::vector<std::uint32_t> *as_spaces = nullptr; // sorted
  std::size_t next_space = 0;
  std::uint64_t pos = 0;
  std::optional<Diagnostic> failure;
};

std::size_t read_file_bytes(void *buf, std::size_t /*size*/, std::size_t nmemb,
                            void *stream) noexcept {
  auto &in = *static_cast<FileStream *>(stream);
  try {
    Result<std::size_t> got = in.input->read(static_cast<char *>(buf), nmemb);
    if (!got) {
      in.failure = got.error();
      return 0;
    }
    const std::size_t n = got.value();
    auto *out = static_cast<char *>(buf);
    const std::vector<std::uint32_t> &spaces = *in.as_spaces;
    for (; in.next_space < spaces.size() && spaces[in.next_space] < in.pos + n; ++in.next_space)
      out[spaces[in.next_space] - in.pos] = ' ';
    in.pos += n;
    return n;
  } catch (...) {
    in.failure = io_error(in.input->path(), "cannot read: out of memory");
    return 0;
  }
}

int file_stream_error(void *stream) noexcept {
  return static_cast<FileStream *>(stream)->failure ? 1 : 0;
}

/// Reads the file with Serd as read_text reads a text: in pages, or byte by byte when it holds
/// NUL bytes.
SerdStatus read_stream(SerdReader *reader, FileStream &in, bool has_nul) {
  if (!has_nul)
    return serd_reader_read_source(reader, read_file_bytes, file_stream_error, &in, nullptr,
                                   serd_page_size);
  SerdStatus status =
      serd_reader_start_source_stream(reader, read_file_bytes, file_stream_error, &in, nullptr, 1);
  while (status == SERD_SUCCESS)
    status = serd_reader_read_chunk(reader);
  serd_reader_end_stream(reader);
  if (status == SERD_FAILURE && in.pos == in.input->size())
    return SERD_SUCCESS;
  return status == SERD_FAILURE ? SERD_ERR_BAD_SYNTAX : status;
}

/// The guard's scan of the whole file, read in pieces.
Result<GuardResult> guard_file(InputFile &input) {
  DocumentGuard guard;
  std::vector<char> buffer(std::size_t{1} << 16U);
  for (;;) {
    Result<std::size_t> got = input.read(buffer.data(), buffer.size());
    if (!got)
      return got.error();
    if (got.value() == 0)
      break;
    guard.feed(std::string_view(buffer.data(), got.value()));
  }
  input.rewind();
  return guard.finish();
}

} // namespace

bool read_rdf(const SourceFile &source, std::uint32_t file, const ReadOptions &options,
              graph::QuadSink &out, DiagnosticSink &sink) {
  ErrorText text{&source, nullptr, nullptr, 0, false, std::nullopt};
  Reading reading(source.name(), text, file, options, out, sink);
  // An empty document has no statements (and Serd 0.30 misreads an empty string).
  if (source.text().empty())
    return true;
  const GuardResult guard = guard_document(source.text());
  if (guard.error) {
    sink.error(SourceSpan{file, guard.error->offset, guard.error->offset}, guard.error->message);
    return false;
  }
  return reading.finish(
      read_text(reading.reader(), source.text(), guard.has_nul, guard.comment_nuls));
}

Result<bool> read_rdf_file(InputFile &input, SourceSet &sources, std::uint32_t file,
                           const ReadOptions &options, graph::QuadSink &out, DiagnosticSink &sink) {
  ErrorText text{&sources.get(file), &sources, &input, file, false, std::nullopt};
  Reading reading(sources.get(file).name(), text, file, options, out, sink);
  if (input.size() == 0)
    return input.unchanged() ? Result<bool>(true) : Result<bool>(input.changed_error());
  Result<GuardResult> guard = guard_file(input);
  if (!guard)
    return guard.error();
  if (!input.unchanged())
    return input.changed_error();
  if (const std::optional<GuardError> &e = guard.value().error) {
    (void)text.get();
    if (text.failure)
      return *text.failure;
    sink.error(SourceSpan{file, e->offset, e->offset}, e->message);
    return false;
  }
  FileStream in{&input, &guard.value().comment_nuls, 0, 0, std::nullopt};
  const bool whole = reading.finish(read_stream(reading.reader(), in, guard.value().has_nul));
  if (in.failure)
    return *in.failure;
  if (text.failure)
    return *text.failure;
  if (!input.unchanged())
    return input.changed_error();
  return whole;
}

} // namespace factloom::rdf
