// Terms of one fact file: direct into the sink's table, or local and merged in order.
#include "bind/file_terms.hpp"

#include "base/check.hpp"

namespace factloom::bind {

namespace {

std::uint32_t hash_local(std::uint64_t text_hash, graph::TermKind kind, graph::TermId datatype) {
  std::uint64_t h = text_hash;
  h ^= (static_cast<std::uint64_t>(datatype) << 8U) | static_cast<std::uint64_t>(kind);
  h ^= h >> 33U;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33U;
  return static_cast<std::uint32_t>(h);
}

} // namespace

graph::TermId FileTerms::intern(graph::TermKind kind, std::string_view value,
                                graph::TermId datatype, std::string_view lang) {
  if (direct_ != nullptr) {
    if (kind == graph::TermKind::iri)
      return direct_->iri(value);
    return direct_->literal(value, datatype, lang);
  }
  // The text's hash, kept for merge(): the table's thread does not hash the text again.
  const std::uint64_t text_hash = graph::TermTable::text_hash(value, lang);
  const std::uint32_t hash = hash_local(text_hash, kind, datatype);
  const std::size_t slot = index_.probe(hash, [&](std::uint32_t k) {
    const Record &r = records_[k - 1];
    return r.hash == hash && r.kind == kind && r.datatype == datatype && value_of(r) == value &&
           lang_of(r) == lang;
  });
  if (const std::uint32_t k = index_.at(slot); k != 0)
    return k | local_bit;
  FL_REQUIRE(text_.size() + value.size() + lang.size() < local_bit, "a file's terms are too long");
  records_.push_back(
      Record{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(value.size()),
             static_cast<std::uint32_t>(lang.size()), datatype, hash, kind, text_hash});
  text_ += value;
  text_ += lang;
  const auto k = static_cast<std::uint32_t>(records_.size());
  index_.insert(slot, k, records_.size(), [this](std::uint32_t v) { return records_[v - 1].hash; });
  return k | local_bit;
}

std::vector<graph::TermId> FileTerms::merge(graph::TermTable &table) const {
  std::vector<graph::TermId> map;
  if (direct_ != nullptr)
    return map;
  map.reserve(records_.size() + 1);
  map.push_back(0);
  for (const Record &r : records_) {
    graph::TermId id = 0;
    if (r.kind == graph::TermKind::iri) {
      id = table.iri(value_of(r), r.text_hash);
    } else {
      const graph::TermId datatype = r.datatype == 0 ? 0 : map[r.datatype & ~local_bit];
      id = table.literal(value_of(r), datatype, lang_of(r), r.text_hash);
    }
    FL_REQUIRE((id & local_bit) == 0, "too many terms for the binder's local ids");
    map.push_back(id);
  }
  return map;
}

} // namespace factloom::bind
