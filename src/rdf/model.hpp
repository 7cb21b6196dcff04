// A small RDF graph queried by pattern, kept in Sord: the ontology (a few thousand triples read
// once per run). The data graphs are graph::Graph (compact, built for millions of triples).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/read.hpp"
#include "rdf/term.hpp"

struct SordNodeImpl;
struct SordIterImpl;

namespace factloom::rdf {

/// A node of a Model: a borrowed handle, valid while its Model lives. Nodes are interned, so
/// two Nodes are equal exactly when they are the same term. A default Node is "none" (in a
/// pattern: any).
class Node {
public:
  Node() = default;
  explicit Node(const SordNodeImpl *node) : node_(node) {}
  explicit operator bool() const { return node_ != nullptr; }
  const SordNodeImpl *get() const { return node_; }
  /// The term, borrowing the node's text (xsd:string is left out of `datatype`).
  TermView view() const;
  std::string_view value() const;
  bool is_iri() const { return view().is_iri(); }
  friend bool operator==(Node a, Node b) { return a.node_ == b.node_; }
  struct Hash {
    std::size_t operator()(Node n) const noexcept { return std::hash<const void *>()(n.node_); }
  };

private:
  const SordNodeImpl *node_ = nullptr;
};

/// One statement of a Model (the model keeps no graph names).
struct Statement {
  Node s;
  Node p;
  Node o;
};

/// The statements that match a pattern, in the order of Sord's index (terms ordered by kind,
/// then text): independent of the layout of the file they were read from.
class Statements {
public:
  class iterator {
  public:
    using value_type = Statement;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(SordIterImpl *it);
    const Statement &operator*() const { return current_; }
    const Statement *operator->() const { return &current_; }
    iterator &operator++();
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator &a, const iterator &b) { return a.it_ == b.it_; }

  private:
    void load();
    SordIterImpl *it_ = nullptr; // null at the end
    Statement current_;
  };

  explicit Statements(SordIterImpl *it) : it_(it) {}
  Statements(Statements &&other) noexcept;
  Statements &operator=(Statements &&) = delete;
  Statements(const Statements &) = delete;
  Statements &operator=(const Statements &) = delete;
  ~Statements();
  /// One pass only: begin() may be called once.
  iterator begin() { return iterator(it_); }
  iterator end() { return iterator(); }

private:
  SordIterImpl *it_ = nullptr;
};

/// An RDF graph in Sord, read from text; every lookup is a pattern with Sord's indexes.
/// Not for concurrent use, even through const lookups: iri() interns the IRIs it is given.
class Model {
public:
  Model();
  ~Model();
  Model(Model &&) noexcept;
  Model &operator=(Model &&) noexcept;
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;

  /// Reads `source` (index `file` in the caller's SourceSet; RDF syntax, base IRI and blank
  /// label prefix from `options`) into the model: its statements and its prefixes. Syntax errors
  /// go to `sink` at file:line:col (spans in `file`). Returns false when the text was not fully
  /// read.
  bool read(const SourceFile &source, std::uint32_t file, const ReadOptions &options,
            DiagnosticSink &sink);

  std::size_t size() const;
  /// Every prefix declared by the text read, in declaration order (namespace IRIs expanded).
  const PrefixMap &prefixes() const;

  /// The node of an IRI. An IRI that the model does not mention gives a node that matches
  /// nothing.
  Node iri(std::string_view iri) const;

  /// Statements matching (s, p, o); a default Node matches anything.
  Statements match(Node s = {}, Node p = {}, Node o = {}) const;
  /// The objects o of (s, p, o), in index order.
  std::vector<Node> objects(Node s, Node p) const;
  /// The subjects s of (s, p, o), in index order.
  std::vector<Node> subjects(Node p, Node o) const;
  bool contains(Node s, Node p, Node o) const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace factloom::rdf
