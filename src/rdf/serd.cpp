// What every Serd reader and writer shares: syntaxes, prefixes and IRIs resolved against the
// environment, error reports turned into a message and a byte offset.
#include "rdf/serd.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

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

SerdStatus declare_prefix(SerdEnv *env, const SerdNode *name, const SerdNode *uri,
                          std::string &iri) {
  const SerdStatus status = serd_env_set_prefix(env, name, uri);
  if (status != SERD_SUCCESS)
    return status;
  absolute_iri(env, uri, iri);
  return SERD_SUCCESS;
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
