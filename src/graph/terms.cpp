// TermTable: chunked string arena, compact records and an open-addressing hash of ids.
#include "graph/terms.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "base/check.hpp"
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

std::uint32_t hash_term(TermKind kind, std::string_view value, TermId datatype,
                        std::string_view lang) {
  // FNV-1a over the bytes, then mixed with the other fields.
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : value) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  for (char c : lang) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= (static_cast<std::uint64_t>(datatype) << 8U) | static_cast<std::uint64_t>(kind);
  return static_cast<std::uint32_t>(mix(h));
}

constexpr std::size_t chunk_size = 1U << 20U;

} // namespace

struct TermTable::Impl {
  std::vector<std::unique_ptr<char[]>> chunks;
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
      chunks.emplace_back(new char[n == 0 ? 1 : n]);
      char *p = chunks.back().get();
      write(p, a, b);
      // Keep the current chunk as the open one.
      std::swap(chunks.back(), chunks[chunks.size() - 1 - (chunks.size() > 1 ? 1 : 0)]);
      arena_bytes += n;
      return p;
    }
    if (chunk_used + n > chunk_size) {
      chunks.emplace_back(new char[chunk_size]);
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
    FL_REQUIRE(lang.size() < long_lang || lang.find('\0') == std::string_view::npos,
               "a long language tag holds a NUL byte");
    FL_REQUIRE(value.size() < 0xFFFFFFFFU, "term too long");
    const std::uint32_t hash = hash_term(kind, value, datatype, lang);
    const std::size_t i = slot_of(hash, kind, value, datatype, lang);
    if (index.at(i) != 0)
      return index.at(i);
    const char *text = store(value, lang);
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
  std::vector<TermId> order(recs.size() - 1);
  std::iota(order.begin(), order.end(), TermId{1});
  auto text = [&](TermId id) { return std::string_view(recs[id].text, recs[id].length); };
  auto lang = [&](TermId id) { return lang_of(recs[id]); };
  // Datatypes compare by their IRI text, so rank IRIs first (they never depend on literals).
  // Distinct terms never compare equal: any number of threads gives the same order.
  parallel::sort(jobs, order.begin(), order.end(), [&](TermId a, TermId b) {
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
    return lang(a) < lang(b);
  });
  std::vector<std::uint32_t> rank(recs.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i)
    rank[order[i]] = static_cast<std::uint32_t>(i + 1);
  if (order_out != nullptr) {
    order.insert(order.begin(), TermId{0});
    *order_out = std::move(order);
  }
  return rank;
}

} // namespace factloom::graph
