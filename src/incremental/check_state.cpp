// Record::state of check --cache: length-prefixed file records, each checked whole on reading.
//
// A file's record: eight u32 (counts of ids owned, ids shared, ids named, diagnostics and
// mentions; errors; warnings; unknown-id flag), then the ids owned (hash, class, begin, end,
// length, bytes), the hashes of ids shared and named, the diagnostics and the mentions (length,
// bytes).
#include "incremental/check_state.hpp"

#include <cstring>

namespace factloom::incremental {

namespace {

constexpr std::size_t header_words = 8;

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
  const std::uint32_t flag = u32(bytes, 28);
  if (flag > 1)
    return std::nullopt;
  r.unknown_id_ = flag == 1;
  std::string_view rest = bytes.substr(4 * header_words);
  std::size_t at = 0;
  for (std::uint32_t i = 0; i < r.owned_count_; ++i) {
    if (rest.size() - at < 20 || rest.size() - at - 20 < u32(rest, at + 16))
      return std::nullopt;
    at += 20 + u32(rest, at + 16);
  }
  r.owned_ = rest.substr(0, at);
  rest.remove_prefix(at);
  if (rest.size() / 4 < std::size_t{also} + refs)
    return std::nullopt;
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
  std::string_view rest = owned_;
  for (std::uint32_t i = 0; i < owned_count_; ++i) {
    if (hashes.count(u32(rest, 0)) != 0)
      return true;
    rest.remove_prefix(20 + u32(rest, 16));
  }
  return any_in(also_, hashes);
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
  for (const std::size_t n : {gives.owned.size(), gives.also.size(), gives.refs.size(),
                              diagnostics.rendered.size(), diagnostics.mentions.size()})
    put32(out, static_cast<std::uint32_t>(n));
  put32(out, diagnostics.errors);
  put32(out, diagnostics.warnings);
  put32(out, diagnostics.unknown_id ? 1 : 0);
  for (const compile::FileGives::Owned &o : gives.owned) {
    put32(out, compile::id_hash(o.id));
    put32(out, o.cls);
    put32(out, o.begin);
    put32(out, o.end);
    put_string(out, o.id);
  }
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

std::string encode_state(const std::vector<FileRecord> &files) {
  std::size_t size = 4;
  for (const FileRecord &f : files)
    size += 4 + f.bytes().size();
  std::string out;
  out.reserve(size);
  put32(out, static_cast<std::uint32_t>(files.size()));
  for (const FileRecord &f : files)
    put_string(out, f.bytes());
  return out;
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
  std::string_view rest = bytes.substr(4);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (rest.size() < 4)
      return std::nullopt;
    std::uint32_t size = 0;
    std::memcpy(&size, rest.data(), 4);
    if (rest.size() - 4 < size)
      return std::nullopt;
    auto record = FileRecord::read(rest.substr(4, size));
    if (!record)
      return std::nullopt;
    out.push_back(*record);
    rest.remove_prefix(4 + size);
  }
  if (!rest.empty())
    return std::nullopt;
  return out;
}

} // namespace factloom::incremental
