// What every Serd reader and writer shares: syntaxes, prefixes and IRIs resolved against the
// environment, error reports turned into a message and a byte offset.
#include "rdf/serd.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace factloom::rdf {

SerdSyntax serd_syntax(Syntax syntax) {
  switch (syntax) {
  case Syntax::turtle: return SERD_TURTLE;
  case Syntax::ntriples: return SERD_NTRIPLES;
  case Syntax::nquads: return SERD_NQUADS;
  case Syntax::trig: return SERD_TRIG;
  }
  return SERD_TURTLE;
}

void DeclaredPrefixes::declare(SerdEnv *env, const SerdNode *name, const SerdNode *uri,
                               std::string &iri) {
  absolute_iri(env, uri, iri);
  namespaces_[std::string(node_text(name))] = iri;
}

bool DeclaredPrefixes::expand(const SerdNode *curie, std::string &out) const {
  const std::string_view text = node_text(curie);
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos)
    return false;
  const auto it = namespaces_.find(std::string(text.substr(0, colon)));
  if (it == namespaces_.end())
    return false;
  out.assign(it->second);
  out.append(text.substr(colon + 1));
  return true;
}

void absolute_iri(SerdEnv *env, const SerdNode *node, std::string &out) {
  if (serd_uri_string_has_scheme(node->buf)) {
    out.assign(node_text(node));
    return;
  }
  SerdNode resolved = serd_env_expand_node(env, node);
  out.assign(resolved.buf != nullptr ? node_text(&resolved) : node_text(node));
  serd_node_free(&resolved);
}

namespace {

struct ByteStream {
  std::string_view text;
  std::size_t pos = 0;
  const std::vector<std::uint32_t> *as_spaces = nullptr; // sorted
  std::size_t next_space = 0;
};

std::size_t read_bytes(void *buf, std::size_t /*size*/, std::size_t nmemb, void *stream) {
  auto &in = *static_cast<ByteStream *>(stream);
  const std::size_t n = std::min(nmemb, in.text.size() - in.pos);
  auto *out = static_cast<char *>(buf);
  std::memcpy(out, in.text.data() + in.pos, n);
  const std::vector<std::uint32_t> &spaces = *in.as_spaces;
  for (; in.next_space < spaces.size() && spaces[in.next_space] < in.pos + n; ++in.next_space)
    out[spaces[in.next_space] - in.pos] = ' ';
  in.pos += n;
  return n;
}

int no_stream_error(void * /*stream*/) { return 0; }

} // namespace

SerdStatus read_text(SerdReader *reader, std::string_view text, bool has_nul,
                     const std::vector<std::uint32_t> &as_spaces) {
  if (!has_nul) // SourceFile's text is NUL-terminated: no copy is made
    return serd_reader_read_string(reader, reinterpret_cast<const std::uint8_t *>(text.data()));
  // Byte by byte (a page of 1): Serd then reads a NUL inside a string as a character.
  ByteStream in{text, 0, &as_spaces, 0};
  SerdStatus status =
      serd_reader_start_source_stream(reader, read_bytes, no_stream_error, &in, nullptr, 1);
  while (status == SERD_SUCCESS)
    status = serd_reader_read_chunk(reader);
  serd_reader_end_stream(reader);
  // SERD_FAILURE is the end of the input, or a NUL between statements that Serd skips: the
  // guard reports those, so stopping short of the end here is an error all the same.
  if (status == SERD_FAILURE && in.pos == text.size())
    return SERD_SUCCESS;
  return status == SERD_FAILURE ? SERD_ERR_BAD_SYNTAX : status;
}

void graph_in_triples(DiagnosticSink &sink, const std::string &file, Syntax syntax) {
  Diagnostic d;
  d.origin = file;
  d.message = std::string("a statement in a named graph (a TriG graph block) in ") +
              (syntax == Syntax::ntriples ? "N-Triples" : "Turtle") +
              ", which has none; name the file .trig to read it as TriG";
  sink.report(std::move(d));
}

std::string error_message(const SerdError &error) {
  char buffer[512];
  va_list args;
  va_copy(args, *error.args);
  std::vsnprintf(buffer, sizeof buffer, error.fmt, args);
  va_end(args);
  std::string message(buffer);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

std::uint32_t error_offset(std::string_view text, const SerdError &error) {
  std::uint32_t line = 1;
  std::size_t i = 0;
  while (i < text.size() && line < error.line) {
    if (text[i] == '\n')
      ++line;
    ++i;
  }
  i += error.col;
  return static_cast<std::uint32_t>(std::min(i, text.size()));
}

} // namespace factloom::rdf
