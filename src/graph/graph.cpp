// Graph: sort-based indexes over a flat quad vector.
#include "graph/graph.hpp"

#include <algorithm>
#include <bit>
#include <tuple>

#include "base/check.hpp"
#include "base/huge_pages.hpp"
#include "base/parallel.hpp"

namespace factloom::graph {

namespace {

/// Room for `n` quads. A graph without origins (one that is only written) asks for 2 MiB pages
/// for its quads whatever their size: the last, partly used page costs at most 2 MiB, less than
/// the origins it does not keep, and a 10^6-triple build takes some 4,000 fewer page faults
/// (each dear on a virtual machine). With origins, from huge_pages::growing_bytes on.
void reserve_quads(std::vector<Quad> &quads, std::size_t n, bool keep_origins) {
  huge_pages::reserve_advised(quads, n,
                              !keep_origins || n * sizeof(Quad) >= huge_pages::growing_bytes);
}

} // namespace

void Graph::add(TermId s, TermId p, TermId o, TermId g, SourceSpan from) {
  FL_REQUIRE(s != 0 && p != 0 && o != 0, "quad with a missing term");
  if (frozen_) {
    frozen_ = false;
    pos_.clear();
    osp_.clear();
    subject_start_.clear();
  }
  if (quads_.size() == quads_.capacity())
    reserve_quads(quads_, std::max<std::size_t>(16, quads_.capacity() * 2), keep_origins_);
  quads_.push_back(Quad{s, p, o, g});
  if (keep_origins_) {
    huge_pages::room_for_one(origins_);
    origins_.push_back(Origin{from.file, from.begin});
  }
}

void Graph::reserve(std::size_t quads) {
  reserve_quads(quads_, quads, keep_origins_);
  if (keep_origins_)
    huge_pages::reserve(origins_, quads);
}

namespace {

/// A quad with its origin, for sorting the quads of one subject.
struct Row {
  Quad quad;
  Origin origin;
};

bool row_less(const Row &a, const Row &b) {
  return std::tie(a.quad.s, a.quad.p, a.quad.o, a.quad.g, a.origin.file, a.origin.offset) <
         std::tie(b.quad.s, b.quad.p, b.quad.o, b.quad.g, b.origin.file, b.origin.offset);
}

/// Below this many quads a counting pass runs on one thread.
constexpr std::size_t parallel_grain = 1U << 16U;

/// Stable counting sort by key(quad) of the quad indexes `in` (the identity when null) into
/// `out`, keys below `buckets`: each of up to `jobs` threads counts and then places one slice.
template <class Key>
void counting_sort(unsigned jobs, const std::vector<Quad> &quads,
                   const std::vector<std::uint32_t> *in, std::vector<std::uint32_t> &out,
                   std::size_t buckets, Key key) {
  const std::size_t n = quads.size();
  const unsigned slices = parallel::effective_jobs(jobs, n / parallel_grain);
  auto index = [&](std::size_t i) {
    return in != nullptr ? (*in)[i] : static_cast<std::uint32_t>(i);
  };
  auto bound = [&](std::size_t k) { return n * k / slices; };
  std::vector<std::vector<std::uint32_t>> counts(slices);
  parallel::for_each_index(slices, slices, [&](std::size_t k) {
    huge_pages::assign(counts[k], buckets, 0U);
    for (std::size_t i = bound(k); i < bound(k + 1); ++i)
      ++counts[k][key(quads[index(i)])];
  });
  std::uint32_t running = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    for (auto &count : counts) {
      const std::uint32_t c = count[b];
      count[b] = running;
      running += c;
    }
  }
  huge_pages::assign(out, n, 0U);
  parallel::for_each_index(slices, slices, [&](std::size_t k) {
    std::vector<std::uint32_t> &next = counts[k];
    for (std::size_t i = bound(k); i < bound(k + 1); ++i) {
      const std::uint32_t q = index(i);
      out[next[key(quads[q])]++] = q;
    }
  });
}

} // namespace

void Graph::freeze(unsigned jobs) {
  if (frozen_)
    return;
  pos_.clear();
  osp_.clear();
  // Subject offsets (O(1) lookups by subject), then the quads grouped by subject and each subject's
  // sorted.
  count_subjects(jobs);
  group_by_subject(jobs);
  sort_subjects(jobs);
  drop_duplicates(jobs);
  frozen_ = true;
}

/// subject_start_[s] = where subject s's quads begin once grouped (one past the last subject:
/// the end). The quads are counted by subject in slices on up to `jobs` threads, the first
/// slice into subject_start_ itself and each other into a count array of its own, added after.
void Graph::count_subjects(unsigned jobs) {
  huge_pages::assign(subject_start_, terms_.size() + 2, 0U);
  const std::size_t n = quads_.size();
  const unsigned slices = parallel::effective_jobs(jobs, n / parallel_grain);
  std::vector<std::vector<std::uint32_t>> more(slices - 1);
  parallel::for_each_index(slices, slices, [&](std::size_t k) {
    std::uint32_t *count = subject_start_.data();
    if (k > 0) {
      more[k - 1].assign(subject_start_.size(), 0U);
      count = more[k - 1].data();
    }
    for (std::size_t i = n * k / slices; i < n * (k + 1) / slices; ++i)
      ++count[quads_[i].s + 1];
  });
  for (const std::vector<std::uint32_t> &count : more) {
    for (std::size_t i = 0; i < count.size(); ++i)
      subject_start_[i] += count[i];
  }
  for (std::size_t i = 1; i < subject_start_.size(); ++i)
    subject_start_[i] += subject_start_[i - 1];
}

/// Moves every quad (and its origin) into its subject's range, in place, by American flag sorts
/// (counting sorts by swaps). On several threads, the array is first cut in two, then each half
/// in two, and so on until there are at least as many parts (subjects with about the same number
/// of quads) as threads, each cut on all threads (split_in_two()); the parts are then grouped
/// on `jobs` threads. On one thread, the whole array is one part. See group_subjects().
void Graph::group_by_subject(unsigned jobs) {
  const std::size_t subjects = subject_start_.size() - 1;
  const unsigned threads =
      quads_.size() < parallel_grain ? 1U : parallel::effective_jobs(jobs, subjects);
  if (threads <= 1) {
    group_subjects(0, subjects);
    return;
  }
  std::vector<std::uint32_t> cut{0, static_cast<std::uint32_t>(subjects)}; // [cut[k], cut[k + 1])
  while (cut.size() - 1 < threads) {
    std::vector<std::uint32_t> finer{0};
    for (std::size_t k = 0; k + 1 < cut.size(); ++k) {
      const std::uint32_t lo = subject_start_[cut[k]];
      const std::uint32_t hi = subject_start_[cut[k + 1]];
      // The subject whose quads start nearest the middle quad, kept strictly inside the part.
      const auto middle_quad = static_cast<std::uint32_t>(lo + (std::size_t{hi} - lo) / 2);
      auto mid = static_cast<std::uint32_t>(std::lower_bound(subject_start_.begin() + cut[k],
                                                             subject_start_.begin() + cut[k + 1],
                                                             middle_quad) -
                                            subject_start_.begin());
      if (mid > cut[k] && mid < cut[k + 1]) {
        split_in_two(lo, subject_start_[mid], hi, mid, threads);
        finer.push_back(mid);
      }
      finer.push_back(cut[k + 1]);
    }
    if (finer.size() == cut.size())
      break; // no part could be cut
    cut = std::move(finer);
  }
  parallel::for_each_index(threads, cut.size() - 1,
                           [&](std::size_t k) { group_subjects(cut[k], cut[k + 1]); });
}

/// Quads [lo, hi) hold the subjects whose quads go to [lo, hi); those of subjects below `mid`
/// go to [lo, at). Moves them there, on up to `jobs` threads: the quads of [lo, at) that belong
/// above and those of [at, hi) that belong below are equal in number; the k-th of the first is
/// swapped with the k-th of the second. Counts by block say where each thread's share starts.
void Graph::split_in_two(std::uint32_t lo, std::uint32_t at, std::uint32_t hi, std::uint32_t mid,
                         unsigned jobs) {
  constexpr std::size_t blocks = 64; // on each side
  auto block_bounds = [&](std::uint32_t from, std::uint32_t to, std::size_t b) {
    return static_cast<std::uint32_t>(from + (std::size_t{to} - from) * b / blocks);
  };
  // out[b]: the quads of block b of the lower side that belong above; out[blocks + b]: of the
  // upper side's block b that belong below.
  std::vector<std::size_t> out(2 * blocks, 0);
  parallel::for_each_index(jobs, 2 * blocks, [&](std::size_t i) {
    const bool upper = i >= blocks;
    const std::size_t b = i % blocks;
    const std::uint32_t from = upper ? at : lo;
    const std::uint32_t to = upper ? hi : at;
    std::size_t count = 0;
    for (std::uint32_t q = block_bounds(from, to, b); q < block_bounds(from, to, b + 1); ++q)
      count += static_cast<std::size_t>((quads_[q].s >= mid) != upper);
    out[i] = count;
  });
  // Prefix sums: before[b] = misplaced quads before block b, each side on its own.
  std::vector<std::size_t> before_low(blocks + 1, 0), before_high(blocks + 1, 0);
  for (std::size_t b = 0; b < blocks; ++b) {
    before_low[b + 1] = before_low[b] + out[b];
    before_high[b + 1] = before_high[b] + out[blocks + b];
  }
  const std::size_t misplaced = before_low[blocks];
  FL_REQUIRE(misplaced == before_high[blocks], "the halves of a split do not match");
  if (misplaced == 0)
    return;
  // The position of the k-th misplaced quad of one side.
  auto nth = [&](const std::vector<std::size_t> &before, std::uint32_t from, std::uint32_t to,
                 bool upper, std::size_t k) {
    const std::size_t b = static_cast<std::size_t>(
                              std::upper_bound(before.begin(), before.end(), k) - before.begin()) -
                          1;
    std::size_t left = k - before[b];
    std::uint32_t q = block_bounds(from, to, b);
    for (;; ++q) {
      if ((quads_[q].s >= mid) != upper) {
        if (left == 0)
          return q;
        --left;
      }
    }
  };
  // Where each thread's share starts, found before any quad moves.
  const unsigned threads = parallel::effective_jobs(jobs, misplaced / 4096 + 1);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> start(threads);
  for (unsigned t = 0; t < threads; ++t) {
    const std::size_t first = misplaced * t / threads;
    start[t] = {nth(before_low, lo, at, false, first), nth(before_high, at, hi, true, first)};
  }
  parallel::for_each_index(threads, threads, [&](std::size_t t) {
    const std::size_t first = misplaced * t / threads;
    const std::size_t last = misplaced * (t + 1) / threads;
    auto [i, j] = start[t];
    for (std::size_t k = first;;) {
      std::swap(quads_[i], quads_[j]);
      if (keep_origins_)
        std::swap(origins_[i], origins_[j]);
      if (++k == last)
        break;
      do
        ++i;
      while (quads_[i].s < mid);
      do
        ++j;
      while (quads_[j].s >= mid);
    }
  });
}

/// Groups the quads of subjects [first, last), which are already together, by subject: a pass
/// into ranges of 2^shift subjects (at most 1024 ranges: the write positions stay in cache),
/// then each range by subject. One pass by subject over the whole array touched random memory
/// four times a quad (12 % of a build); a sort into a copy costs 16 bytes a quad.
void Graph::group_subjects(std::size_t first, std::size_t last) {
  const std::size_t buckets = last - first;
  if (buckets == 0)
    return;
  const std::size_t bits = std::bit_width(buckets);
  const std::size_t shift = bits > 10 ? bits - 10 : 0;
  const std::size_t ranges = ((buckets - 1) >> shift) + 1;
  std::vector<std::uint32_t> range_start(ranges + 1);
  for (std::size_t r = 0; r <= ranges; ++r)
    range_start[r] = subject_start_[first + std::min(r << shift, buckets)];
  flag_sort(std::vector<std::uint32_t>(range_start.begin(), range_start.end() - 1),
            range_start.data() + 1, [&](const Quad &q) { return (q.s - first) >> shift; });
  for (std::size_t r = 0; r < ranges; ++r) {
    const std::size_t from = first + (r << shift);
    const std::size_t to = first + std::min((r + 1) << shift, buckets);
    flag_sort(std::vector<std::uint32_t>(subject_start_.begin() + static_cast<std::ptrdiff_t>(from),
                                         subject_start_.begin() + static_cast<std::ptrdiff_t>(to)),
              subject_start_.data() + from + 1, [&](const Quad &q) { return q.s - from; });
  }
}

/// Bucket b of the quads (and origins) runs from next[b] to end[b]: moves each quad into the
/// bucket key(quad), by swaps.
template <class Key>
void Graph::flag_sort(std::vector<std::uint32_t> next, const std::uint32_t *end, Key key) {
  for (std::size_t b = 0; b < next.size(); ++b) {
    while (next[b] < end[b]) {
      const std::uint32_t i = next[b];
      const std::size_t t = key(quads_[i]);
      if (t == b) {
        ++next[b];
        continue;
      }
      const std::uint32_t j = next[t]++;
      std::swap(quads_[i], quads_[j]);
      if (keep_origins_)
        std::swap(origins_[i], origins_[j]);
    }
  }
}

/// Sorts the quads of each subject by (p, o, g, origin), subjects spread over `jobs` threads.
void Graph::sort_subjects(unsigned jobs) {
  const std::size_t subjects = subject_start_.size() - 1;
  const std::size_t chunks = quads_.size() < parallel_grain ? 1 : 64;
  auto row = [&](std::size_t i) { return Row{quads_[i], keep_origins_ ? origins_[i] : Origin{}}; };
  parallel::for_each_index(jobs, chunks, [&](std::size_t k) {
    std::vector<Row> rows;
    for (std::size_t s = subjects * k / chunks; s < subjects * (k + 1) / chunks; ++s) {
      const std::uint32_t lo = subject_start_[s];
      const std::uint32_t hi = subject_start_[s + 1];
      std::uint32_t i = lo + 1;
      while (i < hi && !row_less(row(i), row(i - 1)))
        ++i;
      if (i >= hi)
        continue; // already in order (the common case: quads arrive by subject)
      rows.clear();
      for (i = lo; i < hi; ++i)
        rows.push_back(row(i));
      std::sort(rows.begin(), rows.end(), row_less);
      for (i = lo; i < hi; ++i) {
        quads_[i] = rows[i - lo].quad;
        if (keep_origins_)
          origins_[i] = rows[i - lo].origin;
      }
    }
  });
}

/// Keeps the first of equal quads (the earliest origin), and shrinks the vectors. The first
/// repeat is looked for in slices on up to `jobs` threads (most graphs have none); the quads
/// from there on are moved on one thread.
void Graph::drop_duplicates(unsigned jobs) {
  const std::size_t n = quads_.size();
  const std::size_t slices = n < parallel_grain ? 1 : 64;
  std::vector<std::size_t> first_repeat(slices, n);
  parallel::for_each_index(jobs, slices, [&](std::size_t k) {
    for (std::size_t i = std::max<std::size_t>(1, n * k / slices); i < n * (k + 1) / slices; ++i) {
      if (quads_[i] == quads_[i - 1]) {
        first_repeat[k] = i;
        return;
      }
    }
  });
  // Before the first repeat every quad is kept where it is.
  std::size_t kept = *std::min_element(first_repeat.begin(), first_repeat.end());
  for (std::size_t i = kept; i < quads_.size(); ++i) {
    if (kept > 0 && quads_[kept - 1] == quads_[i])
      continue;
    quads_[kept] = quads_[i];
    if (keep_origins_)
      origins_[kept] = origins_[i];
    ++kept;
  }
  if (kept != quads_.size()) {
    quads_.resize(kept);
    origins_.resize(keep_origins_ ? kept : 0);
    count_subjects(jobs);
  }
  // Shrinking copies: only worth it when much is unused.
  if (quads_.capacity() - kept > kept / 16) {
    quads_.shrink_to_fit();
    origins_.shrink_to_fit();
  }
}

Origin Graph::origin(std::size_t quad_index) const {
  if (!keep_origins_) {
    FL_REQUIRE(quad_index < quads_.size(), "a quad index past the end");
    return {};
  }
  return origins_.at(quad_index);
}

Origin Graph::subject_origin(TermId s) const {
  if (!keep_origins_)
    return {};
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
  if (!keep_origins_)
    return {};
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

void Graph::build_indexes(unsigned jobs) const {
  FL_REQUIRE(frozen_, "lookup on a graph that is not frozen");
  if (!pos_.empty() || quads_.empty())
    return;
  // Least significant key first, each pass stable: the quads are in (s, p, o, g) order, so
  // by p then by o gives (o, p, s, g); that by p again gives (p, o, s, g).
  const std::size_t buckets = terms_.size() + 1;
  auto by_p = [](const Quad &q) { return q.p; };
  auto by_o = [](const Quad &q) { return q.o; };
  counting_sort(jobs, quads_, nullptr, pos_, buckets, by_p);
  counting_sort(jobs, quads_, &pos_, osp_, buckets, by_o);
  counting_sort(jobs, quads_, &osp_, pos_, buckets, by_p);
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
