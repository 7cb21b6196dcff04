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
    std::erase(order_, at);
    entries_[at].iri = std::string(iri);
  } else {
    entries_.push_back(Prefix{std::string(name), std::string(iri)});
  }
  order_.insert(std::lower_bound(order_.begin(), order_.end(), at,
                                 [&](std::size_t a, std::size_t b) { return before(a, b); }),
                at);
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

bool PrefixMap::shorten(std::string_view iri, std::string &out, LocalNames rule,
                        std::size_t *which) const {
  for (const std::size_t i : order_) {
    const Prefix &p = entries_[i];
    if (p.iri.empty() || iri.size() <= p.iri.size() || iri.compare(0, p.iri.size(), p.iri) != 0)
      continue;
    const std::string_view local = iri.substr(p.iri.size());
    if (!local_name_ok(local, rule))
      continue;
    out.assign(p.name);
    out += ':';
    out.append(local);
    if (which != nullptr)
      *which = i;
    return true;
  }
  return false;
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
