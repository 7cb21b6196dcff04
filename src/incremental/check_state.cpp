// Record::state of check --cache: length-prefixed file records, each checked whole on reading.
//
// A file's record: nine u32 (counts of ids owned, ids shared, ids named, diagnostics and
// mentions; errors; warnings; the unknown-id flag; the bytes of the ids owned), then the hashes
// of the ids owned, their entries (class, begin, end, offset and length in the ids' bytes), the
// ids' bytes, the hashes of the ids shared and named, and the diagnostics and mentions (length,
// bytes). The hashes come first and apart, so that the tests most runs make of most files
// (does it declare or name one of these ids?) read a few bytes a file.
#include "incremental/check_state.hpp"

#include <cstring>

namespace factloom::incremental {

namespace {

constexpr std::size_t header_words = 9;

void put32(std::string &out, std::uint32_t v) {
  char bytes[4];
  std::memcpy(bytes, &v, 4);
  out.append(bytes, 4);
}

void put_string(std::string &out, std::string_view s) {
  put32(out, static_cast<std::uint32_t>(s.size()));
  out.append(s);
}

/// Skips `count` length-prefixed strings of `rest`, returning the bytes they take (nullopt when
/// they run past the end).
std::optional<std::size_t> skip_strings(std::string_view rest, std::uint32_t count) {
  std::size_t at = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (rest.size() - at < 4)
      return std::nullopt;
    std::uint32_t n = 0;
    std::memcpy(&n, rest.data() + at, 4);
    if (rest.size() - at - 4 < n)
      return std::nullopt;
    at += 4 + n;
  }
  return at;
}

std::vector<std::string_view> strings(std::string_view rest, std::uint32_t count) {
  std::vector<std::string_view> out;
  out.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t n = 0;
    std::memcpy(&n, rest.data(), 4);
    out.push_back(rest.substr(4, n));
    rest.remove_prefix(4 + n);
  }
  return out;
}

bool any_in(std::string_view words, const std::unordered_set<std::uint32_t> &hashes) {
  for (std::size_t at = 0; at + 4 <= words.size(); at += 4) {
    std::uint32_t h = 0;
    std::memcpy(&h, words.data() + at, 4);
    if (hashes.count(h) != 0)
      return true;
  }
  return false;
}

} // namespace

std::uint32_t FileRecord::u32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  std::memcpy(&v, s.data() + at, 4);
  return v;
}

std::optional<FileRecord> FileRecord::read(std::string_view bytes) {
  if (bytes.size() < 4 * header_words)
    return std::nullopt;
  FileRecord r;
  r.bytes_ = bytes;
  r.owned_count_ = u32(bytes, 0);
  const std::uint32_t also = u32(bytes, 4), refs = u32(bytes, 8);
  r.diagnostic_count_ = u32(bytes, 12);
  r.mention_count_ = u32(bytes, 16);
  r.errors_ = u32(bytes, 20);
  r.warnings_ = u32(bytes, 24);
  const std::uint32_t flag = u32(bytes, 28), id_bytes = u32(bytes, 32);
  if (flag > 1)
    return std::nullopt;
  r.unknown_id_ = flag == 1;
  std::string_view rest = bytes.substr(4 * header_words);
  const std::size_t owned = r.owned_count_;
  // Sizes in 64 bits: four counts of up to 2^32 cannot overflow them.
  const std::uint64_t fixed =
      (4 + entry_size) * std::uint64_t{owned} + id_bytes + 4 * (std::uint64_t{also} + refs);
  if (fixed > rest.size())
    return std::nullopt;
  r.hashes_ = rest.substr(0, 4 * owned);
  r.entries_ = rest.substr(4 * owned, entry_size * owned);
  r.ids_ = rest.substr((4 + entry_size) * owned, id_bytes);
  for (std::size_t i = 0; i < owned; ++i) {
    const std::uint64_t end =
        std::uint64_t{u32(r.entries_, entry_size * i + 12)} + u32(r.entries_, entry_size * i + 16);
    if (end > id_bytes)
      return std::nullopt;
  }
  rest.remove_prefix((4 + entry_size) * owned + id_bytes);
  r.also_ = rest.substr(0, 4 * std::size_t{also});
  r.refs_ = rest.substr(4 * std::size_t{also}, 4 * std::size_t{refs});
  rest.remove_prefix(4 * (std::size_t{also} + refs));
  const auto diagnostics = skip_strings(rest, r.diagnostic_count_);
  if (!diagnostics)
    return std::nullopt;
  r.diagnostics_ = rest.substr(0, *diagnostics);
  rest.remove_prefix(*diagnostics);
  const auto mentions = skip_strings(rest, r.mention_count_);
  if (!mentions || *mentions != rest.size())
    return std::nullopt;
  r.mentions_ = rest;
  return r;
}

bool FileRecord::declares_any(const std::unordered_set<std::uint32_t> &hashes) const {
  return any_in(hashes_, hashes) || any_in(also_, hashes);
}

std::vector<std::uint32_t> FileRecord::also() const {
  std::vector<std::uint32_t> out(also_.size() / 4);
  if (!out.empty()) // memcpy of nothing from a null view is still undefined
    std::memcpy(out.data(), also_.data(), out.size() * 4);
  return out;
}

bool FileRecord::names_any(const std::unordered_set<std::uint32_t> &hashes) const {
  return any_in(refs_, hashes);
}

std::vector<std::string_view> FileRecord::diagnostics() const {
  return strings(diagnostics_, diagnostic_count_);
}

std::vector<std::string_view> FileRecord::mentions() const {
  return strings(mentions_, mention_count_);
}

std::string encode_file(const compile::FileGives &gives, const FileDiagnostics &diagnostics) {
  std::string out;
  std::uint32_t id_bytes = 0;
  for (const compile::FileGives::Owned &o : gives.owned)
    id_bytes += static_cast<std::uint32_t>(o.id.size());
  for (const std::size_t n : {gives.owned.size(), gives.also.size(), gives.refs.size(),
                              diagnostics.rendered.size(), diagnostics.mentions.size()})
    put32(out, static_cast<std::uint32_t>(n));
  put32(out, diagnostics.errors);
  put32(out, diagnostics.warnings);
  put32(out, diagnostics.unknown_id ? 1 : 0);
  put32(out, id_bytes);
  for (const compile::FileGives::Owned &o : gives.owned)
    put32(out, compile::id_hash(o.id));
  std::uint32_t offset = 0;
  for (const compile::FileGives::Owned &o : gives.owned) {
    put32(out, o.cls);
    put32(out, o.begin);
    put32(out, o.end);
    put32(out, offset);
    put32(out, static_cast<std::uint32_t>(o.id.size()));
    offset += static_cast<std::uint32_t>(o.id.size());
  }
  for (const compile::FileGives::Owned &o : gives.owned)
    out += o.id;
  for (const std::uint32_t h : gives.also)
    put32(out, h);
  for (const std::uint32_t h : gives.refs)
    put32(out, h);
  for (const std::string &d : diagnostics.rendered)
    put_string(out, d);
  for (const std::string &m : diagnostics.mentions)
    put_string(out, m);
  return out;
}

std::vector<std::string_view> state_parts(const std::vector<FileRecord> &files,
                                          std::string &index) {
  index.clear();
  index.reserve(4 * (files.size() + 1));
  put32(index, static_cast<std::uint32_t>(files.size()));
  std::vector<std::string_view> parts{std::string_view()};
  parts.reserve(files.size() + 1);
  for (const FileRecord &f : files) {
    put32(index, static_cast<std::uint32_t>(f.bytes().size()));
    parts.push_back(f.bytes());
  }
  parts.front() = index;
  return parts;
}

std::optional<std::vector<FileRecord>> decode_state(std::string_view bytes, std::size_t files) {
  if (bytes.size() < 4)
    return std::nullopt;
  std::uint32_t n = 0;
  std::memcpy(&n, bytes.data(), 4);
  if (n != files || (bytes.size() - 4) / 4 < n)
    return std::nullopt;
  std::vector<FileRecord> out;
  out.reserve(n);
  std::string_view rest = bytes.substr(4 + 4 * std::size_t{n});
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t size = 0;
    std::memcpy(&size, bytes.data() + 4 + 4 * std::size_t{i}, 4);
    if (rest.size() < size)
      return std::nullopt;
    auto record = FileRecord::read(rest.substr(0, size));
    if (!record)
      return std::nullopt;
    out.push_back(*record);
    rest.remove_prefix(size);
  }
  if (!rest.empty())
    return std::nullopt;
  return out;
}

} // namespace factloom::incremental
