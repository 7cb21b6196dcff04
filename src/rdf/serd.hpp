// The one place that wraps Serd's C objects: owning handles and node helpers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <serd/serd.h>

#include "base/diagnostic.hpp"
#include "rdf/syntax.hpp"

namespace factloom::rdf {

template <class T, void (*Release)(T *)> struct CRelease {
  void operator()(T *p) const noexcept { Release(p); }
};
template <class T, void (*Release)(T *)> using Owned = std::unique_ptr<T, CRelease<T, Release>>;

using EnvPtr = Owned<SerdEnv, serd_env_free>;
using ReaderPtr = Owned<SerdReader, serd_reader_free>;
using WriterPtr = Owned<SerdWriter, serd_writer_free>;

/// A SerdNode viewing `text` (which must outlive the node); flags are computed by Serd.
inline SerdNode view_node(SerdType type, std::string_view text) {
  return serd_node_from_substring(type, reinterpret_cast<const std::uint8_t *>(text.data()),
                                  text.size());
}

inline std::string_view node_text(const SerdNode *node) {
  return node ? std::string_view(reinterpret_cast<const char *>(node->buf), node->n_bytes)
              : std::string_view();
}

/// Serd's syntax for one of ours.
SerdSyntax serd_syntax(Syntax syntax);

/// The prefixes a document declares, looked up by hashing: Serd's environment keeps them in a
/// list it scans for every declaration and every prefixed name (40,000 prefixes took seconds).
class DeclaredPrefixes {
public:
  /// Declares `name` for `uri` (a relative IRI is resolved against the base in `env`); gives the
  /// namespace IRI in `iri`.
  void declare(SerdEnv *env, const SerdNode *name, const SerdNode *uri, std::string &iri);
  /// The IRI a prefixed name (SERD_CURIE) stands for, in `out`; false when its prefix is not
  /// declared.
  bool expand(const SerdNode *curie, std::string &out) const;

private:
  std::unordered_map<std::string, std::string> namespaces_;
};

/// The absolute text of an IRI node (`node` as it is when it has a scheme, else resolved against
/// the base in force: as it is when that fails) in `out`.
void absolute_iri(SerdEnv *env, const SerdNode *node, std::string &out);

/// Reads all of `text` with `reader`. Serd's string reader stops at the first NUL byte: a text
/// holding NUL bytes (`has_nul`; only inside strings and comments, see guard_document) is read
/// as a stream of its bytes instead, the bytes at `as_spaces` (NULs in comments) read as spaces.
/// Returns Serd's status (SERD_SUCCESS when the whole text was read).
SerdStatus read_text(SerdReader *reader, std::string_view text, bool has_nul,
                     const std::vector<std::uint32_t> &as_spaces);

/// Whether a syntax has named graphs (TriG, N-Quads).
inline bool has_graphs(Syntax syntax) { return syntax == Syntax::trig || syntax == Syntax::nquads; }

/// Reports a statement in a named graph read from a triple syntax: Serd's Turtle reader accepts
/// TriG's graph blocks, and the graph would be lost or unexpected further on.
void graph_in_triples(DiagnosticSink &sink, const std::string &file, Syntax syntax);

/// Serd's message for a reading error (its format applied), without the trailing newline.
std::string error_message(const SerdError &error);

/// The byte offset in `text` of a reading error's position (Serd counts lines from 1 and
/// columns from 0, in bytes); clamped to the end of the text.
std::uint32_t error_offset(std::string_view text, const SerdError &error);

} // namespace factloom::rdf
