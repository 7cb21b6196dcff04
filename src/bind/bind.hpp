// AST → triples: resolve kinds, properties and ids against the ontology, check values.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "bind/ontology.hpp"
#include "graph/sink.hpp"
#include "syntax/ast.hpp"

namespace factloom::bind {

struct BindOptions {
  std::string base_iri;      ///< minted IRIs are base + id
  bool named_graphs = false; ///< each source's facts in its own named graph
};

/// One parsed fact file.
struct FileAst {
  std::uint32_t file = 0; ///< index in the SourceSet
  const syntax::ast::Document *doc = nullptr;
};

/// An id's entity as the binder holds it (Binder::declarations).
struct Declared {
  std::string_view id;
  std::uint32_t cls = 0; ///< the ontology's class index (the most specific kind declared)
  SourceSpan at;         ///< where it was first declared (in this file or an earlier one)
};

/// One fact file bound on any thread (Binder::bind_file), waiting for Binder::merge().
class BoundFile {
public:
  BoundFile();
  ~BoundFile();
  BoundFile(BoundFile &&) noexcept;
  BoundFile &operator=(BoundFile &&) noexcept;
  struct Data;

private:
  friend class Binder;
  std::unique_ptr<Data> data_;
};

/// Binding in two passes, one file at a time, so no file's AST needs to outlive its pass:
/// declare() every file (its source and ids), then emit() every file (the triples; the
/// document may be parsed again), then settle_claims() (the latest values of time-varying
/// properties), then finish() (checks that need every file).
/// Every file must have a source block or a reference-data block (an error at its first line
/// otherwise); things declared in reference data get rdfs:isDefinedBy it.
/// When the sink's add() returns false, no more quads are sent to it; binding goes on, so that
/// every mistake is still reported.
class Binder {
public:
  Binder(const SourceSet &sources, const Ontology &ontology, const BindOptions &options,
         graph::QuadSink &out, DiagnosticSink &sink);
  ~Binder();
  Binder(const Binder &) = delete;
  Binder &operator=(const Binder &) = delete;
  void declare(std::uint32_t file, const syntax::ast::Document &doc);
  void emit(std::uint32_t file, const syntax::ast::Document &doc);
  /// emit() in two steps, so that files bind on several threads: bind_file() (after every
  /// declare(); const: it reads the binder's state only, and may run for several files at once
  /// while merge() runs) binds the file with terms of its own; merge(), called in file order on
  /// one thread, makes the sink calls and reports the diagnostics that emit() would have, in the
  /// same order, with the same term ids.
  BoundFile bind_file(std::uint32_t file, const syntax::ast::Document &doc) const;
  void merge(BoundFile &&bound);
  void finish();
  /// After every emit(): the direct triple of each time-varying property (the value of its
  /// latest claim) and the claims' ranks, as one more input of the sink; conflicts between
  /// sources are reported. Returns false when there were no claims (nothing was sent); else
  /// the caller ends the input (end_input).
  /// The claims are sorted on up to `jobs` threads (the result does not depend on it).
  bool settle_claims(unsigned jobs = 1);
  /// After declare(file): the ids its blocks declare, written or minted (a block whose
  /// declaration was refused declares none), in block order; valid while the binder lives.
  std::vector<std::string_view> ids(std::uint32_t file) const;
  /// An id that a file not bound in this run declared first, as an earlier run of the same files
  /// recorded it (check --cache): ids resolve to it as to one declared here. Call it in file
  /// order among the declare() calls; `at.file` may be a file whose text was not read. `id` is
  /// not copied: its bytes must outlive the binder. An id a file bound declared first is left
  /// as it is: the two files share it, so the caller must bind the other one too (its
  /// declarations() say so) and start again.
  void declare_known(std::string_view id, std::uint32_t cls, SourceSpan at);
  /// More ids of files not bound, which are not declared here (a caller declares the ids the
  /// files it binds name, not the thousands they do not): the "did you mean" hint of an
  /// unknown id reads them too. `each(f)` calls f(id) for each id; called once at most.
  void also_known(std::function<void(const std::function<void(std::string_view)> &)> each);
  /// The file that declared `id` first (0: no file declares it).
  std::uint32_t declared_file(std::string_view id) const;
  /// After every declare(): the entities of the ids declare(file) declared, in block order, once
  /// each; the entity's `at` is in another file when an earlier file declared the id first.
  std::vector<Declared> declarations(std::uint32_t file) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Binds all files together (ids are shared across files) and adds the triples to `out`, each
/// with the span that produced it. Reports every binding error (and warnings such as a planned
/// event dated before its article) to `sink`; triples are added even when errors occur.
void bind(const SourceSet &sources, const std::vector<FileAst> &files, const Ontology &ontology,
          const BindOptions &options, graph::QuadSink &out, DiagnosticSink &sink);

} // namespace factloom::bind
