// The one RDF term type: a view (into a term table, a reader's buffer or a result) and an
// owning form with the same fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace factloom::rdf {

enum class TermKind : std::uint8_t { iri = 0, blank = 1, literal = 2 };

/// A term that borrows its text. For literals, `datatype` is the datatype IRI, empty for simple
/// literals (xsd:string) and language-tagged strings (then `lang` is set).
struct TermView {
  TermKind kind = TermKind::iri;
  std::string_view value;    ///< IRI, blank label (without "_:"), or lexical form
  std::string_view datatype; ///< literals: datatype IRI, empty for xsd:string and lang strings
  std::string_view lang;     ///< literals: language tag
  bool is_iri() const { return kind == TermKind::iri; }
  bool is_blank() const { return kind == TermKind::blank; }
  bool is_literal() const { return kind == TermKind::literal; }
  friend bool operator==(const TermView &, const TermView &) = default;
};

/// The same term owning its text (reports, query results: anything that outlives a table).
struct Term {
  TermKind kind = TermKind::iri;
  std::string value;
  std::string datatype;
  std::string lang;

  Term() = default;
  Term(TermKind k, std::string v, std::string dt = {}, std::string l = {})
      : kind(k), value(std::move(v)), datatype(std::move(dt)), lang(std::move(l)) {}
  explicit Term(const TermView &v)
      : kind(v.kind), value(v.value), datatype(v.datatype), lang(v.lang) {}
  static Term iri(std::string v) { return Term(TermKind::iri, std::move(v)); }
  static Term blank(std::string v) { return Term(TermKind::blank, std::move(v)); }
  static Term literal(std::string v, std::string dt = {}, std::string l = {}) {
    return Term(TermKind::literal, std::move(v), std::move(dt), std::move(l));
  }

  TermView view() const { return TermView{kind, value, datatype, lang}; }
  bool is_iri() const { return kind == TermKind::iri; }
  bool is_blank() const { return kind == TermKind::blank; }
  bool is_literal() const { return kind == TermKind::literal; }
  friend bool operator==(const Term &, const Term &) = default;
};

} // namespace factloom::rdf
