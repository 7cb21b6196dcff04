// The factloom -> Wikidata mapping (ontology/wikidata.ttl): which facts become which
// QuickStatements statements, qualifiers and references. Read from Turtle, never compiled in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.hpp"
#include "base/source.hpp"

namespace factloom::wikidata {

/// The mapping vocabulary's namespace.
inline constexpr std::string_view flwd = "https://w3id.org/factloom/wikidata#";
/// Wikidata's entity namespace (items are this followed by Q and digits).
inline constexpr std::string_view entity_prefix = "http://www.wikidata.org/entity/";

/// A property of a fact (or a source) whose value becomes a qualifier (or a reference part).
struct PropertyPid {
  std::string from; ///< the factloom property IRI
  std::string pid;  ///< "P580"
  /// Qualifiers only (flwd:orSource): when the fact has no value of `from`, the earliest value
  /// of this property of its sources (a quote's date, else its article's publication date).
  std::string or_source;
};

/// What a statement's value is: an item (of the flwd:value property's values, or a position)
/// or a monolingual text (flwd:valueKind flwd:monolingualText: the language-tagged strings of
/// the flwd:value property, written LANG:"text").
enum class ValueKind { item, monolingual_text };

/// Facts of `kind` become statements `pid` on an item, with a value and qualifiers.
struct StatementRule {
  std::string name;  ///< the rule's IRI (for the summary)
  std::string kind;  ///< an fl: class IRI (subclasses too)
  std::string item;  ///< property whose value's item is the subject; empty: the fact
  std::string pid;   ///< "P39"
  std::string value; ///< property whose values' items are the values; empty: position
  ValueKind value_kind = ValueKind::item;
  /// With flwd:value flwd:position: the fact's properties giving the organisation (whose item
  /// is matched with a Position's) and the role title.
  std::string position_organisation;
  std::string position_role;
  std::vector<PropertyPid> qualifiers;
};

/// A kind that is not exported on purpose.
struct UnmappedKind {
  std::string kind;
  std::string reason;
};

/// A Wikidata position item for posts in an organisation (by its item) with a role title.
struct Position {
  std::string qid;          ///< "Q218295"
  std::string organisation; ///< the organisation's item, "Q159"
  std::string role;         ///< the role title, "President"
};

struct Mapping {
  std::vector<StatementRule> statements; ///< ordered by IRI
  std::vector<PropertyPid> references;   ///< ordered by pid
  std::vector<UnmappedKind> unmapped;    ///< ordered by kind
  std::vector<Position> positions;       ///< ordered by organisation, role
};

/// Whether `id` is a property id: P then digits, no leading zero.
bool valid_pid(std::string_view id);
/// The Q-id of a Wikidata entity IRI, or empty when `iri` is not one.
std::string qid_of(std::string_view iri);

/// Reads a mapping from Turtle `source` (index `file` of the run's SourceSet). Syntax errors and
/// ill-formed entries (a missing or repeated part, a P-id of the wrong form, an item that is
/// not a Wikidata entity) are reported to `sink` at file:line:col; returns false then.
bool read_mapping(const SourceFile &source, std::uint32_t file, Mapping &out, DiagnosticSink &sink);

/// The embedded copy of ontology/wikidata.ttl.
std::string_view embedded_mapping();

} // namespace factloom::wikidata
