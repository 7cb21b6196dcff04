// PrefixMap and the Turtle local-name rule.
#include "rdf/prefixes.hpp"

#include <algorithm>

#include "base/utf8.hpp"
#include "rdf/vocab.hpp"

namespace factloom::rdf {

namespace {

bool is_pn_chars_base(std::uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
bool is_pn_chars_u(std::uint32_t c) { return is_pn_chars_base(c) || c == '_'; }
bool is_pn_chars(std::uint32_t c) {
  return is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

bool plain_local_name(std::string_view local) {
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (local.empty() || !letter(local[0]))
    return false;
  return std::all_of(local.begin() + 1, local.end(),
                     [&](char c) { return letter(c) || (c >= '0' && c <= '9') || c == '-'; });
}

/// PN_LOCAL without escapes: Serd writes the text of prefixed names with its backslashes
/// escaped, so names that need Turtle's reserved-character escapes (or percent escapes) are
/// written as full IRIs instead.
bool turtle_local_name(std::string_view local) {
  if (local.empty())
    return false;
  for (std::size_t i = 0; i < local.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = utf8::decode(local, i, cp);
    if (n == 0 || cp == '%')
      return false;
    const bool first = i == 0;
    const bool last = i + n == local.size();
    const bool plain = first ? (is_pn_chars_u(cp) || cp == ':' || (cp >= '0' && cp <= '9'))
                             : (is_pn_chars(cp) || cp == ':' || (cp == '.' && !last));
    if (!plain)
      return false;
    i += n;
  }
  return true;
}

} // namespace

bool local_name_ok(std::string_view local, LocalNames rule) {
  return rule == LocalNames::plain ? plain_local_name(local) : turtle_local_name(local);
}

PrefixMap::PrefixMap(std::vector<Prefix> prefixes) {
  for (Prefix &p : prefixes)
    add(p.name, p.iri);
}

const PrefixMap &PrefixMap::common() {
  static const PrefixMap map = [] {
    PrefixMap m;
    for (const vocab::Namespace &ns : vocab::common_namespaces)
      m.add(ns.name, ns.iri);
    return m;
  }();
  return map;
}

void PrefixMap::add(std::string_view name, std::string_view iri) {
  auto [it, inserted] = index_.try_emplace(std::string(name), entries_.size());
  const std::size_t at = it->second;
  if (!inserted) {
    unlink(at);
    entries_[at].iri = std::string(iri);
  } else {
    entries_.push_back(Prefix{std::string(name), std::string(iri)});
  }
  link(at);
}

void PrefixMap::link(std::size_t at) {
  if (entries_.size() <= few) {
    order_.insert(std::lower_bound(order_.begin(), order_.end(), at,
                                   [&](std::size_t a, std::size_t b) { return before(a, b); }),
                  at);
    return;
  }
  if (!order_.empty()) { // grown past `few`: the others move to the namespaces too
    for (const std::size_t i : order_)
      link_namespace(i);
    std::vector<std::size_t>().swap(order_);
  }
  link_namespace(at);
}

void PrefixMap::link_namespace(std::size_t at) {
  const std::string &iri = entries_[at].iri;
  if (iri.empty())
    return; // shortens nothing
  by_hash_.emplace(std::hash<std::string_view>{}(iri), at);
  count_length(iri.size(), +1);
}

void PrefixMap::count_length(std::size_t length, int change) {
  const auto at = std::lower_bound(
      lengths_.begin(), lengths_.end(), length,
      [](const std::pair<std::size_t, std::size_t> &l, std::size_t n) { return l.first > n; });
  if (change > 0) {
    if (at != lengths_.end() && at->first == length)
      ++at->second;
    else
      lengths_.insert(at, {length, 1});
  } else if (--at->second == 0) {
    lengths_.erase(at);
  }
}

void PrefixMap::unlink(std::size_t at) {
  if (!order_.empty()) { // up to `few`: every prefix is in order_
    std::erase(order_, at);
    return;
  }
  const std::string &iri = entries_[at].iri;
  if (iri.empty())
    return;
  const auto [first, last] = by_hash_.equal_range(std::hash<std::string_view>{}(iri));
  for (auto it = first; it != last; ++it) {
    if (it->second == at) {
      by_hash_.erase(it);
      break;
    }
  }
  count_length(iri.size(), -1);
}

void PrefixMap::merge(const PrefixMap &other) {
  for (const Prefix &p : other.entries_) {
    if (find(p.name) == nullptr)
      add(p.name, p.iri);
  }
}

const Prefix *PrefixMap::find(std::string_view name) const {
  const auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

bool PrefixMap::before(std::size_t a, std::size_t b) const {
  const Prefix &x = entries_[a];
  const Prefix &y = entries_[b];
  if (x.iri.size() != y.iri.size())
    return x.iri.size() > y.iri.size();
  return x.name < y.name;
}

std::size_t PrefixMap::by_order(std::string_view iri, LocalNames rule) const {
  for (const std::size_t i : order_) {
    const Prefix &p = entries_[i];
    if (p.iri.empty() || iri.size() <= p.iri.size() || iri.compare(0, p.iri.size(), p.iri) != 0)
      continue;
    if (local_name_ok(iri.substr(p.iri.size()), rule))
      return i;
  }
  return entries_.size();
}

std::size_t PrefixMap::by_namespace(std::string_view iri, LocalNames rule) const {
  for (const auto &[length, count] : lengths_) {
    if (length >= iri.size())
      continue; // the local name would be empty
    const std::string_view ns = iri.substr(0, length);
    // Of the prefixes bound to this IRI (most often one), the smallest name.
    std::size_t best = entries_.size();
    const auto [first, last] = by_hash_.equal_range(std::hash<std::string_view>{}(ns));
    for (auto it = first; it != last; ++it) {
      const Prefix &p = entries_[it->second];
      if (p.iri == ns && (best == entries_.size() || p.name < entries_[best].name))
        best = it->second;
    }
    if (best != entries_.size() && local_name_ok(iri.substr(length), rule))
      return best;
  }
  return entries_.size();
}

bool PrefixMap::shorten(std::string_view iri, std::string &out, LocalNames rule,
                        std::size_t *which) const {
  const std::size_t i = order_.empty() ? by_namespace(iri, rule) : by_order(iri, rule);
  if (i == entries_.size())
    return false;
  const Prefix &p = entries_[i];
  out.assign(p.name);
  out += ':';
  out.append(iri.substr(p.iri.size()));
  if (which != nullptr)
    *which = i;
  return true;
}

std::string PrefixMap::shorten_or_bracket(std::string_view iri, LocalNames rule) const {
  std::string out;
  if (shorten(iri, out, rule))
    return out;
  out.reserve(iri.size() + 2);
  out += '<';
  out.append(iri);
  out += '>';
  return out;
}

} // namespace factloom::rdf
