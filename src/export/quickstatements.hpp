// QuickStatements V1 commands for what a compiled graph says that Wikidata can hold, by the
// mapping (export/mapping.hpp); everything else is listed as not exported, with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "export/mapping.hpp"
#include "graph/graph.hpp"

namespace factloom::bind {
class Ontology;
}

namespace factloom::wikidata {

/// A QuickStatements time of an XSD literal (its lexical form and datatype IRI): xsd:date
/// "2025-02-14" is +2025-02-14T00:00:00Z/11, xsd:gYearMonth "2020-02" +2020-02-00T00:00:00Z/10,
/// xsd:gYear "2020" +2020-00-00T00:00:00Z/9, xsd:dateTime its day (/11: Wikidata keeps no
/// hours). nullopt for any other literal or a malformed one.
std::optional<std::string> qs_time(std::string_view lexical, std::string_view datatype);

/// The QuickStatements time of a week starting on the xsd:date `first_day` (factloom dates a
/// relative week, "last week", by its first day, with precision time:unitWeek; Wikidata has no
/// week precision): its month (/10) when the seven days lie in that month, else its year (/9)
/// when they lie in one year, else nullopt.
std::optional<std::string> qs_week(std::string_view first_day);

/// A QuickStatements string: the text in double quotes. nullopt when the text holds a double
/// quote, a tab or a line break, which V1 commands cannot carry.
std::optional<std::string> qs_string(std::string_view text);

/// A QuickStatements monolingual text, LANG:"text", of a language-tagged string: the tag in
/// lower case (Wikidata's codes are), the text as it is (QuickStatements has no escape: a
/// backslash is kept as text). nullopt without a language tag or with a tag that is not
/// letters, digits and '-', or when the text holds a double quote, a tab, a line break or a
/// '|' (QuickStatements also separates the parts of a command with '|').
std::optional<std::string> qs_monolingual(std::string_view text, std::string_view lang);

/// Each class IRI's kind keyword and superclass IRIs (itself included), from the ontology.
struct Hierarchy {
  std::unordered_map<std::string, std::vector<std::string>> supers;
  std::unordered_map<std::string, std::string> keyword;
  /// Each temporal property IRI's precision property (fl:date: fl:datePrecision), if any.
  std::unordered_map<std::string, std::string> precision;
};
Hierarchy hierarchy_of(const bind::Ontology &ontology);

/// One command, tab-separated, and the fact it came from (file index and byte offset).
struct Command {
  std::string text;
  graph::Origin from;
};

/// A fact (or one value of it) that gave no command.
struct Unmapped {
  std::string kind;   ///< the fact's kind keyword ("post")
  std::string reason; ///< why ("the holder 'umerov' has no Wikidata item")
  std::string id;     ///< the fact's id (its IRI without the base), or its IRI
  graph::Origin from;
};

struct Export {
  std::vector<Command> commands;  ///< by file, position, then text; no duplicates
  std::vector<Unmapped> unmapped; ///< by kind, reason, file, position
};

/// The commands for every fact (a thing derived from a source, not a claim or a source) of the
/// frozen graph `g`. `base_iri` shortens ids in the summary.
Export quickstatements(const graph::Graph &g, const Mapping &mapping, const Hierarchy &hierarchy,
                       std::string_view base_iri);

} // namespace factloom::wikidata
