// Namespace prefixes: one map, one way to shorten an IRI to a prefixed name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace factloom::rdf {

/// A namespace prefix ("fl" -> "https://w3id.org/factloom/ns#").
struct Prefix {
  std::string name;
  std::string iri;
  friend bool operator==(const Prefix &, const Prefix &) = default;
};

/// Which local names a shortened IRI may have.
enum class LocalNames {
  /// Any Turtle PN_LOCAL that needs no backslash escape (Serd writes prefixed names as given).
  turtle,
  /// Only [A-Za-z_][A-Za-z0-9_-]*, for text sent to stores whose Turtle readers are not
  /// complete (upload chunks).
  plain,
};

/// Whether `local` can follow "prefix:" as it is, under `rule`.
bool local_name_ok(std::string_view local, LocalNames rule = LocalNames::turtle);

/// Prefixes in declaration order; declaring a name again replaces its IRI (as in Turtle).
/// Adding is O(1), so documents with very many @prefix lines stay linear.
class PrefixMap {
public:
  PrefixMap() = default;
  explicit PrefixMap(std::vector<Prefix> prefixes);
  /// The common prefixes (vocab::common_namespaces).
  static const PrefixMap &common();

  void add(std::string_view name, std::string_view iri);
  /// Adds every prefix of `other` whose name this map does not have yet.
  void merge(const PrefixMap &other);
  const std::vector<Prefix> &entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const Prefix *find(std::string_view name) const;

  /// The prefixed name of `iri` ("fl:Meeting"), written to `out`: the longest namespace
  /// whose rest is an acceptable local name wins (ties: the smaller name). False, with `out`
  /// untouched, when no prefix fits. `which` gets the index of the prefix in entries().
  bool shorten(std::string_view iri, std::string &out, LocalNames rule = LocalNames::turtle,
               std::size_t *which = nullptr) const;
  /// The prefixed name, or the IRI in angle brackets.
  std::string shorten_or_bracket(std::string_view iri, LocalNames rule = LocalNames::turtle) const;

private:
  std::vector<Prefix> entries_;
  std::unordered_map<std::string, std::size_t> index_;
  /// Prefix indexes, longest IRI first, then by name: kept in order by add(), so that
  /// shorten() writes nothing and may be called from several threads at once.
  std::vector<std::size_t> order_;
  /// Whether entries_[a] comes before entries_[b] in order_.
  bool before(std::size_t a, std::size_t b) const;
};

} // namespace factloom::rdf
