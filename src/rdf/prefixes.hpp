// Namespace prefixes: one map, one way to shorten an IRI to a prefixed name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
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
/// Up to `few` prefixes, shorten() tries them one after another (most maps: a few dozen at
/// most); past that, the namespaces are looked up by length, so that adding stays O(1) and
/// shortening costs one look-up per distinct namespace length: documents with tens of
/// thousands of @prefix lines stay linear.
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

  /// Past this many prefixes, the namespaces are looked up by length (see the class).
  static constexpr std::size_t few = 64;

private:
  std::vector<Prefix> entries_;
  std::unordered_map<std::string, std::size_t> index_;
  /// Up to `few` prefixes: their indexes, longest IRI first, then by name, kept in order by
  /// add(), so that shorten() writes nothing and may be called from several threads at once.
  /// Empty past `few`.
  std::vector<std::size_t> order_;
  /// Past `few` prefixes: the hash of each prefix's IRI (std::hash of the text) with the
  /// prefix's index, and each IRI length with how many prefixes have it, longest first. Also
  /// kept by add(). Prefixes with an empty IRI shorten nothing and are in neither.
  std::unordered_multimap<std::size_t, std::size_t> by_hash_;
  std::vector<std::pair<std::size_t, std::size_t>> lengths_;

  /// Whether entries_[a] comes before entries_[b] in order_.
  bool before(std::size_t a, std::size_t b) const;
  /// Entry `at` into order_ or into the namespaces by length (and from order_ into those when
  /// the map has grown past `few`); out of them.
  void link(std::size_t at);
  void unlink(std::size_t at);
  void link_namespace(std::size_t at);
  void count_length(std::size_t length, int change);
  /// The prefix of the namespace `iri` begins with that shortens it under `rule`, longest
  /// namespace first (entries_.size() when none does).
  std::size_t by_namespace(std::string_view iri, LocalNames rule) const;
  std::size_t by_order(std::string_view iri, LocalNames rule) const;
};

} // namespace factloom::rdf
