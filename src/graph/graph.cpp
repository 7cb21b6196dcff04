// Graph: sort-based indexes over a flat quad vector.
#include "graph/graph.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "base/check.hpp"

namespace factloom::graph {

void Graph::add(TermId s, TermId p, TermId o, TermId g, SourceSpan from) {
  FL_REQUIRE(s != 0 && p != 0 && o != 0, "quad with a missing term");
  if (frozen_) {
    frozen_ = false;
    pos_.clear();
    osp_.clear();
    subject_start_.clear();
  }
  quads_.push_back(Quad{s, p, o, g});
  origins_.push_back(Origin{from.file, from.begin});
}

void Graph::reserve(std::size_t quads) {
  quads_.reserve(quads);
  origins_.reserve(quads);
}

void Graph::freeze() {
  if (frozen_)
    return;
  const std::size_t n = quads_.size();
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0U);
  auto key = [&](std::uint32_t i) {
    const Quad &q = quads_[i];
    const Origin &o = origins_[i];
    return std::make_tuple(q.s, q.p, q.o, q.g, o.file, o.offset);
  };
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  std::vector<Quad> quads;
  std::vector<Origin> origins;
  quads.reserve(n);
  origins.reserve(n);
  for (std::uint32_t i : order) {
    if (!quads.empty() && quads.back() == quads_[i])
      continue;
    quads.push_back(quads_[i]);
    origins.push_back(origins_[i]);
  }
  quads.shrink_to_fit();
  origins.shrink_to_fit();
  quads_.swap(quads);
  origins_.swap(origins);
  pos_.clear();
  osp_.clear();
  // Subject offsets: O(1) lookups by subject.
  subject_start_.assign(terms_.size() + 2, 0);
  for (const Quad &q : quads_)
    ++subject_start_[q.s + 1];
  for (std::size_t i = 1; i < subject_start_.size(); ++i)
    subject_start_[i] += subject_start_[i - 1];
  frozen_ = true;
}

Origin Graph::origin(std::size_t quad_index) const { return origins_.at(quad_index); }

Origin Graph::subject_origin(TermId s) const {
  const auto range = with_subject(s);
  Origin best;
  for (const Quad &q : range) {
    const Origin &o = origins_[static_cast<std::size_t>(&q - quads_.data())];
    if (o.file != 0 &&
        (best.file == 0 || std::tie(o.file, o.offset) < std::tie(best.file, best.offset)))
      best = o;
  }
  return best;
}

Origin Graph::quad_origin(TermId s, TermId p, TermId o) const {
  for (const Quad &q : with_subject_predicate(s, p)) {
    if (q.o == o)
      return origins_[static_cast<std::size_t>(&q - quads_.data())];
  }
  return {};
}

std::span<const Quad> Graph::with_subject(TermId s) const {
  FL_REQUIRE(frozen_, "lookup on a graph that is not frozen");
  // Terms interned after freeze() are in no quad.
  if (static_cast<std::size_t>(s) + 1 >= subject_start_.size())
    return {};
  return {quads_.data() + subject_start_[s], quads_.data() + subject_start_[s + 1]};
}

std::span<const Quad> Graph::with_subject_predicate(TermId s, TermId p) const {
  const auto all = with_subject(s);
  auto lo =
      std::lower_bound(all.begin(), all.end(), p, [](const Quad &q, TermId v) { return q.p < v; });
  auto hi = std::upper_bound(lo, all.end(), p, [](TermId v, const Quad &q) { return v < q.p; });
  return {lo, hi};
}

void Graph::build_secondary() const {
  FL_REQUIRE(frozen_, "lookup on a graph that is not frozen");
  if (!pos_.empty() || quads_.empty())
    return;
  // Sort packed keys (no indirection in the comparator), then keep the quad indexes.
  struct Key {
    std::uint64_t major;
    std::uint32_t minor;
    std::uint32_t index;
  };
  std::vector<Key> keys(quads_.size());
  auto build = [&](std::vector<std::uint32_t> &into, auto first, auto second, auto third) {
    for (std::size_t i = 0; i < quads_.size(); ++i) {
      const Quad &q = quads_[i];
      keys[i] = Key{(static_cast<std::uint64_t>(first(q)) << 32U) | second(q), third(q),
                    static_cast<std::uint32_t>(i)};
    }
    std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
      return a.major != b.major ? a.major < b.major : a.minor < b.minor;
    });
    into.resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
      into[i] = keys[i].index;
  };
  build(
      pos_, [](const Quad &q) { return q.p; }, [](const Quad &q) { return q.o; },
      [](const Quad &q) { return q.s; });
  build(
      osp_, [](const Quad &q) { return q.o; }, [](const Quad &q) { return q.p; },
      [](const Quad &q) { return q.s; });
}

std::span<const std::uint32_t> Graph::with_predicate(TermId p) const {
  build_secondary();
  auto lo = std::lower_bound(pos_.begin(), pos_.end(), p,
                             [&](std::uint32_t i, TermId v) { return quads_[i].p < v; });
  auto hi = std::upper_bound(lo, pos_.end(), p,
                             [&](TermId v, std::uint32_t i) { return v < quads_[i].p; });
  return {lo, hi};
}

std::span<const std::uint32_t> Graph::with_object(TermId o) const {
  build_secondary();
  auto lo = std::lower_bound(osp_.begin(), osp_.end(), o,
                             [&](std::uint32_t i, TermId v) { return quads_[i].o < v; });
  auto hi = std::upper_bound(lo, osp_.end(), o,
                             [&](TermId v, std::uint32_t i) { return v < quads_[i].o; });
  return {lo, hi};
}

std::vector<TermId> Graph::subjects(TermId p, TermId o) const {
  const auto all = with_predicate(p);
  auto lo = std::lower_bound(all.begin(), all.end(), o,
                             [&](std::uint32_t i, TermId v) { return quads_[i].o < v; });
  std::vector<TermId> out;
  for (auto it = lo; it != all.end() && quads_[*it].o == o; ++it) {
    if (out.empty() || out.back() != quads_[*it].s)
      out.push_back(quads_[*it].s);
  }
  return out;
}

bool Graph::contains(TermId s, TermId p, TermId o) const {
  for (const Quad &q : with_subject_predicate(s, p)) {
    if (q.o == o)
      return true;
  }
  return false;
}

std::vector<Quad> Graph::take_quads() {
  std::vector<Quad> out;
  out.swap(quads_);
  std::vector<Origin>().swap(origins_);
  std::vector<std::uint32_t>().swap(pos_);
  std::vector<std::uint32_t>().swap(osp_);
  std::vector<std::uint32_t>().swap(subject_start_);
  frozen_ = false;
  return out;
}

std::size_t Graph::memory_bytes() const {
  return terms_.memory_bytes() + quads_.capacity() * sizeof(Quad) +
         origins_.capacity() * sizeof(Origin) +
         (pos_.capacity() + osp_.capacity() + subject_start_.capacity()) * 4;
}

} // namespace factloom::graph
