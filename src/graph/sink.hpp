// The seam between stages: producers (the RDF reader, the binder) write quads into a QuadSink;
// a Graph is one sink, a streaming upload another, a test double a third. After serd's event
// streams, but with interned terms, so that no allocation happens per quad.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/source.hpp"
#include "graph/terms.hpp"

namespace factloom::graph {

/// A statement; g = 0 is the default graph.
struct Quad {
  TermId s = 0;
  TermId p = 0;
  TermId o = 0;
  TermId g = 0;
  friend bool operator==(const Quad &, const Quad &) = default;
};

/// Where a producer's quads go. Terms are interned in the sink's own table (terms()), so quads
/// carry ids only.
class QuadSink {
public:
  virtual ~QuadSink() = default;
  /// The table that the ids of add() refer to.
  virtual TermTable &terms() = 0;
  /// A namespace prefix declared by the input (a later declaration of a name replaces it).
  virtual void prefix(std::string_view name, std::string_view iri) = 0;
  /// A statement and the span of source text it came from. Returning false asks the producer
  /// to stop (the sink knows why and reports it itself; the producer adds no diagnostic).
  virtual bool add(const Quad &quad, SourceSpan from) = 0;
  /// A hint: about this many quads will follow.
  virtual void reserve(std::size_t quads) { (void)quads; }
  /// One input (file) is finished; `ok` is false when it had errors. Sinks that act on quads
  /// as they arrive (uploads) stop acting on the rest of the run then.
  virtual void end_input(bool ok) { (void)ok; }
};

} // namespace factloom::graph
