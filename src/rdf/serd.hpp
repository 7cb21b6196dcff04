// The one place that wraps Serd's C objects: owning handles and node helpers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <serd/serd.h>

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

/// Serd's message for a reading error (its format applied), without the trailing newline.
std::string error_message(const SerdError &error);

/// The byte offset in `text` of a reading error's position (Serd counts lines from 1 and
/// columns from 0, in bytes); clamped to the end of the text.
std::uint32_t error_offset(std::string_view text, const SerdError &error);

} // namespace factloom::rdf
