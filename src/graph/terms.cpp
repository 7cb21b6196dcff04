// TermTable: chunked string arena, compact records and an open-addressing hash of ids.
#include "graph/terms.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <new>
#include <numeric>

#include "base/check.hpp"
#include "base/huge_pages.hpp"
#include "base/open_index.hpp"
#include "base/parallel.hpp"

namespace factloom::graph {

namespace {

struct Record {
  const char *text;     // value, NUL, lang, NUL (Serd reads NUL-terminated buffers)
  std::uint32_t length; // value length
  TermId datatype;
  std::uint32_t hash;
  std::uint8_t kind;
  // The language tag's length; long_lang for a tag of 0xFFFF bytes or more, whose length is
  // then measured (a tag holds no NUL byte: [a-zA-Z0-9-] only). The field fits in the record's
  // padding: a record is 24 bytes with or without it.
  std::uint16_t lang_length;
};
static_assert(sizeof(Record) == 24, "a term record is 24 bytes");

constexpr std::uint16_t long_lang = 0xFFFF;

std::string_view lang_of(const Record &r) {
  const char *lang = r.text + r.length + 1;
  return r.lang_length != long_lang ? std::string_view(lang, r.lang_length)
                                    : std::string_view(lang);
}

std::uint64_t mix(std::uint64_t h) {
  h ^= h >> 33U;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33U;
  return h;
}

/// FNV-1a over the bytes of the value, then of the language tag.
std::uint64_t hash_text(std::string_view value, std::string_view lang) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : value) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  for (char c : lang) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

/// The text's hash mixed with the other fields.
std::uint32_t hash_term(std::uint64_t text_hash, TermKind kind, TermId datatype) {
  const std::uint64_t h =
      text_hash ^ ((static_cast<std::uint64_t>(datatype) << 8U) | static_cast<std::uint64_t>(kind));
  return static_cast<std::uint32_t>(mix(h));
}

std::uint32_t hash_term(TermKind kind, std::string_view value, TermId datatype,
                        std::string_view lang) {
  return hash_term(hash_text(value, lang), kind, datatype);
}

/// Arena chunks are one huge page each (aligned, so the kernel can back them with one).
constexpr std::size_t chunk_size = huge_pages::page_bytes;

struct FreeChunk {
  void operator()(char *p) const { std::free(p); }
};
using Chunk = std::unique_ptr<char[], FreeChunk>;

/// A chunk of n bytes; huge pages once the arena holds huge_pages::growing_bytes (the last
/// chunk's page is then a small part of it).
Chunk new_chunk(std::size_t n, std::size_t arena_bytes) {
  void *p = n == chunk_size ? std::aligned_alloc(chunk_size, n) : std::malloc(n == 0 ? 1 : n);
  if (p == nullptr)
    throw std::bad_alloc();
  if (arena_bytes >= huge_pages::growing_bytes)
    huge_pages::advise(p, n);
  return Chunk(static_cast<char *>(p));
}

/// The canonical order of terms (kind, text, datatype's text, lang), as a comparison.
struct TermLess {
  const std::vector<Record> &recs;
  std::string_view text(TermId id) const { return {recs[id].text, recs[id].length}; }
  bool operator()(TermId a, TermId b) const {
    const Record &ra = recs[a];
    const Record &rb = recs[b];
    if (ra.kind != rb.kind)
      return ra.kind < rb.kind;
    const int c = text(a).compare(text(b));
    if (c != 0)
      return c < 0;
    if (ra.datatype != rb.datatype) {
      if (ra.datatype == 0 || rb.datatype == 0)
        return ra.datatype == 0;
      return text(ra.datatype) < text(rb.datatype);
    }
    return lang_of(ra) < lang_of(rb);
  }
};

/// A term with 8 bytes of its text from some depth on, big-endian (the bytes' order).
struct Keyed {
  std::uint64_t key;
  TermId id;
  std::uint32_t ends; ///< 1: the text ends within the 8 bytes
};

/// Sorts terms of one kind by text, 8 bytes at a time: the terms sharing all bytes before
/// `depth` are sorted by their next 8 bytes (integers, in an array: no string read a
/// comparison), then each run of equal bytes the same way from 8 bytes further, after
/// skipping the bytes the whole run shares (IRIs share long prefixes). Runs of a few terms,
/// terms that end inside the bytes compared (the same text with other datatypes or tags), and
/// texts equal for 512 bytes are sorted by TermLess. Reads each term's text a few times instead
/// of in each of about log2(n) comparisons of a sort.
class TextSort {
public:
  TextSort(const std::vector<Record> &recs, unsigned jobs)
      : recs_(recs), less_{recs}, jobs_(jobs) {}

  /// Sorts each of the spans [bounds[k], bounds[k + 1]) of `order` on its own.
  void sort(std::vector<TermId> &order, const std::vector<std::size_t> &bounds) {
    std::vector<Keyed> items;
    items.reserve(order.size());
    for (const TermId id : order)
      items.push_back(Keyed{0, id, 0});
    // Ranges of more than `big` terms are sorted here, each with parallel::sort; the runs they
    // leave are disjoint, so the smaller ones (of every span) are sorted on up to jobs threads
    // at once, each thread with a stack of its own (each range by a total order: the same
    // result for any jobs).
    std::vector<Range> work;
    for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
      if (bounds[k + 1] - bounds[k] > 1)
        work.push_back(Range{bounds[k], bounds[k + 1], 0});
    }
    std::vector<Range> small;
    while (!work.empty()) {
      const Range r = work.back();
      work.pop_back();
      if (r.end - r.begin > big)
        step(items, r, work, jobs_);
      else
        small.push_back(r);
    }
    // The large ones first, largest first, so that none is left for the end while the other
    // threads have nothing to do; a task takes ranges until it has `share` terms (or 256).
    constexpr std::size_t share = 4096;
    const auto large_end = std::stable_partition(
        small.begin(), small.end(), [](const Range &r) { return r.end - r.begin >= share; });
    std::stable_sort(small.begin(), large_end, [](const Range &a, const Range &b) {
      return a.end - a.begin > b.end - b.begin;
    });
    std::vector<std::size_t> task_start{0};
    for (std::size_t i = 0, terms = 0; i < small.size(); ++i) {
      terms += small[i].end - small[i].begin;
      if (terms >= share || i + 1 - task_start.back() >= 256 || i + 1 == small.size()) {
        task_start.push_back(i + 1);
        terms = 0;
      }
    }
    parallel::for_each_index(
        items.size() > big ? jobs_ : 1, task_start.size() - 1, [&](std::size_t task) {
          std::vector<Range> stack;
          for (std::size_t i = task_start[task]; i < task_start[task + 1]; ++i) {
            stack.push_back(small[i]);
            while (!stack.empty()) {
              const Range r = stack.back();
              stack.pop_back();
              step(items, r, stack, 1);
            }
          }
        });
    for (std::size_t i = 0; i < items.size(); ++i)
      order[i] = items[i].id;
  }

private:
  struct Range {
    std::size_t begin, end, depth;
  };
  static constexpr std::size_t few = 16;
  static constexpr std::size_t deepest = 512;
  static constexpr std::size_t big = std::size_t{1} << 16U;

  std::string_view text(TermId id) const { return {recs_[id].text, recs_[id].length}; }

  /// Bytes that every term of the range has in common from `depth` on.
  std::size_t shared(const std::vector<Keyed> &items, const Range &r, unsigned jobs) const {
    const std::string_view first =
        text(items[r.begin].id).substr(std::min(r.depth, text(items[r.begin].id).size()));
    if (r.end - r.begin <= big || jobs <= 1)
      return shared_with(first, items, r.begin, r.end, r.depth);
    // The least over blocks (on up to jobs threads) of what each block shares with `first`.
    constexpr std::size_t block = 8192;
    const std::size_t blocks = (r.end - r.begin + block - 1) / block;
    std::vector<std::size_t> least(blocks, first.size());
    parallel::for_each_index(r.end - r.begin > big ? jobs : 1, blocks, [&](std::size_t k) {
      const std::size_t from = r.begin + k * block;
      least[k] = shared_with(first, items, from, std::min(from + block, r.end), r.depth);
    });
    return *std::min_element(least.begin(), least.end());
  }

  /// Bytes of `first` that every term of items[from, to) has from `depth` on.
  std::size_t shared_with(std::string_view first, const std::vector<Keyed> &items, std::size_t from,
                          std::size_t to, std::size_t depth) const {
    std::size_t n = first.size();
    for (std::size_t i = from; i < to && n > 0; ++i) {
      const std::string_view t = text(items[i].id);
      const std::size_t m = std::min(n, t.size() > depth ? t.size() - depth : 0);
      std::size_t j = 0;
      while (j < m && t[depth + j] == first[j])
        ++j;
      n = j;
    }
    return n;
  }

  /// items[from, to)'s 8 bytes of text from `depth` on, as keys.
  void key_range(std::vector<Keyed> &items, std::size_t from, std::size_t to,
                 std::size_t depth) const {
    for (std::size_t i = from; i < to; ++i) {
      const std::string_view t = text(items[i].id);
      std::uint64_t key = 0;
      for (std::size_t b = 0; b < 8; ++b) {
        const std::size_t pos = depth + b;
        key = (key << 8U) | (pos < t.size() ? static_cast<unsigned char>(t[pos]) : 0U);
      }
      items[i].key = key;
      items[i].ends = t.size() <= depth + 8 ? 1 : 0;
    }
  }

  void step(std::vector<Keyed> &items, Range r, std::vector<Range> &work, unsigned jobs) const {
    const auto at = [&](std::size_t i) { return items.begin() + static_cast<std::ptrdiff_t>(i); };
    if (r.end - r.begin <= few || r.depth >= deepest) {
      std::sort(at(r.begin), at(r.end),
                [this](const Keyed &a, const Keyed &b) { return less_(a.id, b.id); });
      return;
    }
    r.depth += shared(items, r, jobs);
    // The keys, in blocks on up to jobs threads (reading each term's text is most of the work).
    constexpr std::size_t block = 8192;
    const std::size_t blocks = (r.end - r.begin + block - 1) / block;
    parallel::for_each_index(r.end - r.begin > big ? jobs : 1, blocks, [&](std::size_t k) {
      const std::size_t from = r.begin + k * block;
      key_range(items, from, std::min(from + block, r.end), r.depth);
    });
    parallel::sort(r.end - r.begin > big ? jobs : 1, at(r.begin), at(r.end),
                   [](const Keyed &a, const Keyed &b) { return a.key < b.key; });
    for (std::size_t i = r.begin; i < r.end;) {
      std::size_t j = i + 1;
      bool ended = items[i].ends != 0;
      for (; j < r.end && items[j].key == items[i].key; ++j)
        ended = ended || items[j].ends != 0;
      if (j - i > 1)
        work.push_back(Range{i, j, ended ? deepest : r.depth + 8});
      i = j;
    }
  }

  const std::vector<Record> &recs_;
  TermLess less_;
  unsigned jobs_;
};

} // namespace

struct TermTable::Impl {
  std::vector<Chunk> chunks;
  std::size_t chunk_used = chunk_size;
  std::size_t arena_bytes = 0;
  std::vector<Record> records{Record{nullptr, 0, 0, 0, 0, 0}};
  OpenIndex index; ///< term -> id (ids are the values; 0 is no term)

  static void write(char *p, std::string_view a, std::string_view b) {
    if (!a.empty())
      std::memcpy(p, a.data(), a.size());
    p[a.size()] = '\0';
    if (!b.empty())
      std::memcpy(p + a.size() + 1, b.data(), b.size());
    p[a.size() + 1 + b.size()] = '\0';
  }

  const char *store(std::string_view a, std::string_view b) {
    const std::size_t n = a.size() + b.size() + 2;
    if (n > chunk_size / 4) {
      chunks.push_back(new_chunk(n, arena_bytes));
      char *p = chunks.back().get();
      write(p, a, b);
      // Keep the current chunk as the open one.
      std::swap(chunks.back(), chunks[chunks.size() - 1 - (chunks.size() > 1 ? 1 : 0)]);
      arena_bytes += n;
      return p;
    }
    if (chunk_used + n > chunk_size) {
      chunks.push_back(new_chunk(chunk_size, arena_bytes));
      chunk_used = 0;
      arena_bytes += chunk_size;
    }
    char *p = chunks.back().get() + chunk_used;
    write(p, a, b);
    chunk_used += n;
    return p;
  }

  bool equal(const Record &r, TermKind kind, std::string_view value, TermId datatype,
             std::string_view lang) const {
    return r.kind == static_cast<std::uint8_t>(kind) && r.datatype == datatype &&
           r.length == value.size() && value.compare(0, value.size(), r.text, r.length) == 0 &&
           lang == lang_of(r);
  }

  std::size_t slot_of(std::uint32_t hash, TermKind kind, std::string_view value, TermId datatype,
                      std::string_view lang) const {
    return index.probe(hash, [&](std::uint32_t id) {
      const Record &r = records[id];
      return r.hash == hash && equal(r, kind, value, datatype, lang);
    });
  }

  TermId intern(TermKind kind, std::string_view value, TermId datatype, std::string_view lang) {
    return intern(kind, value, datatype, lang, hash_text(value, lang));
  }

  TermId intern(TermKind kind, std::string_view value, TermId datatype, std::string_view lang,
                std::uint64_t text_hash) {
    FL_REQUIRE(lang.size() < long_lang || lang.find('\0') == std::string_view::npos,
               "a long language tag holds a NUL byte");
    FL_REQUIRE(value.size() < 0xFFFFFFFFU, "term too long");
    const std::uint32_t hash = hash_term(text_hash, kind, datatype);
    const std::size_t i = slot_of(hash, kind, value, datatype, lang);
    if (index.at(i) != 0)
      return index.at(i);
    const char *text = store(value, lang);
    huge_pages::room_for_one(records);
    records.push_back(
        Record{text, static_cast<std::uint32_t>(value.size()), datatype, hash,
               static_cast<std::uint8_t>(kind),
               static_cast<std::uint16_t>(std::min<std::size_t>(lang.size(), long_lang))});
    const auto id = static_cast<TermId>(records.size() - 1);
    index.insert(i, id, records.size() - 1, [this](std::uint32_t v) { return records[v].hash; });
    return id;
  }
};

TermTable::TermTable() : impl_(std::make_unique<Impl>()) {}
TermTable::~TermTable() = default;
TermTable::TermTable(TermTable &&) noexcept = default;
TermTable &TermTable::operator=(TermTable &&) noexcept = default;

TermId TermTable::iri(std::string_view iri) { return impl_->intern(TermKind::iri, iri, 0, {}); }
TermId TermTable::blank(std::string_view label) {
  return impl_->intern(TermKind::blank, label, 0, {});
}
TermId TermTable::literal(std::string_view lexical, TermId datatype, std::string_view lang) {
  return impl_->intern(TermKind::literal, lexical, lang.empty() ? datatype : 0, lang);
}

std::uint64_t TermTable::text_hash(std::string_view value, std::string_view lang) {
  return hash_text(value, lang);
}
TermId TermTable::iri(std::string_view iri, std::uint64_t text_hash) {
  return impl_->intern(TermKind::iri, iri, 0, {}, text_hash);
}
TermId TermTable::literal(std::string_view lexical, TermId datatype, std::string_view lang,
                          std::uint64_t text_hash) {
  return impl_->intern(TermKind::literal, lexical, lang.empty() ? datatype : 0, lang, text_hash);
}

TermId TermTable::find(TermKind kind, std::string_view value, TermId datatype,
                       std::string_view lang) const {
  const std::uint32_t hash = hash_term(kind, value, datatype, lang);
  return impl_->index.at(impl_->slot_of(hash, kind, value, datatype, lang));
}

TermView TermTable::get(TermId id) const {
  FL_REQUIRE(id != 0 && id < impl_->records.size(), "unknown term id");
  const Record &r = impl_->records[id];
  std::string_view datatype;
  if (r.datatype != 0) {
    const Record &d = impl_->records[r.datatype];
    datatype = std::string_view(d.text, d.length);
  }
  return TermView{static_cast<TermKind>(r.kind), std::string_view(r.text, r.length), datatype,
                  lang_of(r)};
}

TermId TermTable::datatype_of(TermId id) const {
  FL_REQUIRE(id != 0 && id < impl_->records.size(), "unknown term id");
  return impl_->records[id].datatype;
}

std::size_t TermTable::size() const { return impl_->records.size() - 1; }

std::size_t TermTable::memory_bytes() const {
  return impl_->arena_bytes + impl_->records.capacity() * sizeof(Record) +
         impl_->index.memory_bytes();
}

std::vector<std::uint32_t> TermTable::ranks(std::vector<TermId> *order_out, unsigned jobs) const {
  const auto &recs = impl_->records;
  std::vector<TermId> order;
  huge_pages::assign(order, recs.size(), TermId{0});
  order.pop_back();
  // By kind (IRIs, blank nodes, literals), then each kind by text. Distinct terms never compare
  // equal: any number of threads gives the same order.
  std::array<std::size_t, 4> start{};
  for (std::size_t id = 1; id < recs.size(); ++id)
    ++start[recs[id].kind + 1U];
  for (std::size_t k = 1; k < start.size(); ++k)
    start[k] += start[k - 1];
  std::array<std::size_t, 3> next{start[0], start[1], start[2]};
  for (std::size_t id = 1; id < recs.size(); ++id)
    order[next[recs[id].kind]++] = static_cast<TermId>(id);
  TextSort(recs, jobs).sort(order, std::vector<std::size_t>(start.begin(), start.end()));
  std::vector<std::uint32_t> rank;
  huge_pages::assign(rank, recs.size(), 0U);
  for (std::size_t i = 0; i < order.size(); ++i)
    rank[order[i]] = static_cast<std::uint32_t>(i + 1);
  if (order_out != nullptr) {
    order.insert(order.begin(), TermId{0});
    *order_out = std::move(order);
  }
  return rank;
}

} // namespace factloom::graph
