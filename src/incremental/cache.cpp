// The cache file of build --cache: encoding, checks, stamps.
#include "incremental/cache.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <sys/stat.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/checksum.hpp"
#include "base/io.hpp"
#include "base/parallel.hpp"
#include "base/sha256.hpp"

namespace factloom::incremental {

namespace {

constexpr std::size_t sha256_chars = 64; // an input's content hash
constexpr std::size_t digest_chars = 32; // the body's checksum (XXH3-128)
/// magic, version, reserved, the body's length, the state's length, the body's checksum
constexpr std::size_t header_size = 8 + 4 + 4 + 8 + 8 + digest_chars;
/// The fewest bytes an encoded stamp takes (two empty strings and four numbers).
constexpr std::size_t min_stamp_size = 8 + 8 * 4 + 8;

template <class T> void put(std::string &out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void put_string(std::string &out, std::string_view s) {
  put<std::uint64_t>(out, s.size());
  out.append(s);
}

void put_stamp(std::string &out, const Stamp &s) {
  put_string(out, s.path);
  put<std::uint64_t>(out, s.size);
  put<std::int64_t>(out, s.mtime_ns);
  put<std::int64_t>(out, s.ctime_ns);
  put<std::uint64_t>(out, s.inode);
  put_string(out, s.sha256);
}

/// Reads the body front to back; every read is bounds-checked, a failed one sets `bad`.
class Reader {
public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  template <class T> T get() {
    T value{};
    if (rest_.size() < sizeof(T)) {
      bad = true;
      return value;
    }
    std::memcpy(&value, rest_.data(), sizeof(T));
    rest_.remove_prefix(sizeof(T));
    return value;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    if (bad || n > rest_.size()) {
      bad = true;
      return {};
    }
    std::string s(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return s;
  }
  /// A length-prefixed string, as a view into the bytes read.
  std::string_view get_view() {
    const auto n = get<std::uint64_t>();
    if (bad || n > rest_.size()) {
      bad = true;
      return {};
    }
    const std::string_view s = rest_.substr(0, n);
    rest_.remove_prefix(n);
    return s;
  }
  Stamp get_stamp() {
    Stamp s;
    s.path = get_string();
    s.size = get<std::uint64_t>();
    s.mtime_ns = get<std::int64_t>();
    s.ctime_ns = get<std::int64_t>();
    s.inode = get<std::uint64_t>();
    s.sha256 = get_string();
    if (!s.sha256.empty() && s.sha256.size() != sha256_chars)
      bad = true;
    return s;
  }
  std::size_t left() const { return rest_.size(); }
  bool bad = false;

private:
  std::string_view rest_;
};

/// The body but the state (which comes first, written and hashed where it is).
std::string encode_body_head(const Record &record) {
  std::string body;
  std::size_t size = record.key.size() + record.diagnostics.size() + 256;
  for (const Stamp &s : record.inputs)
    size += min_stamp_size + s.path.size() + s.sha256.size();
  body.reserve(size);
  put_string(body, record.key);
  put<std::int64_t>(body, record.started_ns);
  put<std::int32_t>(body, record.status);
  put_string(body, record.diagnostics);
  put<std::uint8_t>(body, record.output ? 1 : 0);
  if (record.output)
    put_stamp(body, *record.output);
  put<std::uint64_t>(body, record.inputs.size());
  for (const Stamp &s : record.inputs)
    put_stamp(body, s);
  return body;
}

/// The header for a body of `length` bytes, the first `state` of them the state, whose checksum
/// is `digest`.
std::string encode_header(std::uint64_t length, std::uint64_t state, const std::string &digest) {
  std::string out(magic);
  put<std::uint32_t>(out, format_version);
  put<std::uint32_t>(out, 0);
  put<std::uint64_t>(out, length);
  put<std::uint64_t>(out, state);
  out += digest;
  return out;
}

/// The record from the body's parts: the state, then the rest.
std::optional<Record> decode_body(std::string_view state, std::string_view head) {
  Reader in(head);
  Record r;
  r.key = in.get_string();
  r.started_ns = in.get<std::int64_t>();
  r.status = in.get<std::int32_t>();
  r.diagnostics = in.get_string();
  const auto has_output = in.get<std::uint8_t>();
  if (has_output > 1)
    return std::nullopt;
  if (has_output == 1)
    r.output = in.get_stamp();
  const auto n = in.get<std::uint64_t>();
  if (in.bad || n > in.left() / min_stamp_size)
    return std::nullopt;
  r.inputs.reserve(n);
  for (std::uint64_t i = 0; i < n && !in.bad; ++i)
    r.inputs.push_back(in.get_stamp());
  if (!state.empty())
    r.state.push_back(state);
  if (in.bad || in.left() != 0 || (r.status != 0 && r.status != 1))
    return std::nullopt;
  return r;
}

std::int64_t to_ns(const struct timespec &t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

constexpr std::int64_t racy_ns = 2'000'000'000;

bool settled(const Stamp &old, std::int64_t started_ns) {
  return old.mtime_ns < started_ns - racy_ns && old.ctime_ns < started_ns - racy_ns;
}

bool same_as(const Stamp &old, const struct stat &st) {
  return S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) == old.size &&
         to_ns(st.st_mtim) == old.mtime_ns && to_ns(st.st_ctim) == old.ctime_ns &&
         static_cast<std::uint64_t>(st.st_ino) == old.inode;
}

/// stat(2) of files through the descriptor of their folder, kept while the folder is the same.
class FolderStat {
public:
  bool same(const Stamp &old) {
    const std::string::size_type slash = old.path.rfind('/');
    const std::string_view folder = slash == std::string::npos
                                        ? std::string_view(".")
                                        : std::string_view(old.path).substr(0, slash + 1);
    const char *name = old.path.c_str() + (slash == std::string::npos ? 0 : slash + 1);
    if (folder != folder_ || !fd_.valid()) {
      folder_ = folder;
      fd_ = UniqueFd(::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }
    struct stat st {};
    return fd_.valid() && ::fstatat(fd_.get(), name, &st, 0) == 0 && same_as(old, st);
  }

private:
  std::string folder_;
  UniqueFd fd_;
};

/// decode() of `bytes`, which `kept` holds (the record keeps it: its state points into them).
std::optional<Record> decode_kept(std::string_view bytes, const std::shared_ptr<const void> &kept) {
  if (bytes.size() < header_size || bytes.substr(0, magic.size()) != magic)
    return std::nullopt;
  Reader header(bytes.substr(magic.size(), header_size - magic.size()));
  const auto version = header.get<std::uint32_t>();
  const auto reserved = header.get<std::uint32_t>();
  const auto length = header.get<std::uint64_t>();
  const auto state = header.get<std::uint64_t>();
  if (version != format_version || reserved != 0 || length != bytes.size() - header_size ||
      state > length)
    return std::nullopt;
  const std::string_view body = bytes.substr(header_size);
  if (bytes.substr(header_size - digest_chars, digest_chars) != checksum_hex(body))
    return std::nullopt;
  auto record = decode_body(body.substr(0, state), body.substr(state));
  if (record)
    record->keep.push_back(kept);
  return record;
}

/// The header of a file whose body is the parts `state`, then `head`.
std::string header_for(const std::vector<std::string_view> &state, std::string_view head) {
  Checksum sum;
  std::uint64_t length = 0;
  for (const std::string_view part : state) {
    sum.update(part);
    length += part.size();
  }
  sum.update(head);
  return encode_header(length + head.size(), length, sum.hex());
}

} // namespace

std::string encode(const Record &record) {
  const std::string head = encode_body_head(record);
  return header_for(record.state, head) + record.state_bytes() + head;
}

void keep_base(Record &failed, const Record &base) {
  auto head = std::make_shared<const std::string>(encode_body_head(base));
  auto header = std::make_shared<const std::string>(header_for(base.state, *head));
  failed.state = {base_tag, *header};
  failed.state.insert(failed.state.end(), base.state.begin(), base.state.end());
  failed.state.emplace_back(*head);
  failed.keep.insert(failed.keep.end(), base.keep.begin(), base.keep.end());
  failed.keep.push_back(std::move(head));
  failed.keep.push_back(std::move(header));
}

std::optional<Record> base_of(const Record &failed) {
  if (failed.status == 0 || failed.state.size() != 1 || !failed.state[0].starts_with(base_tag))
    return std::nullopt;
  auto base = decode_kept(failed.state[0].substr(base_tag.size()), nullptr);
  if (!base || base->status != 0)
    return std::nullopt;
  base->keep = failed.keep;
  return base;
}

std::string Record::state_bytes() const {
  std::string out;
  for (const std::string_view part : state)
    out += part;
  return out;
}

std::optional<Record> decode(std::string_view bytes) {
  auto copy = std::make_shared<const std::string>(bytes);
  return decode_kept(*copy, copy);
}

std::optional<Record> load(const std::string &path) {
  auto mapping = std::make_shared<const Mapping>(path);
  return decode_kept(mapping->bytes(), mapping);
}

Result<Saving> Saving::begin(const std::string &path, const std::vector<std::string_view> &state) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, ec);
  auto file = AtomicFile::open(path);
  if (!file)
    return file.error();
  Saving saving;
  saving.file_ = std::move(file.value());
  saving.sum_ = std::make_unique<Checksum>();
  saving.parts_ = state.size();
  const std::string header = encode_header(0, 0, std::string(digest_chars, '0')); // a placeholder
  if (!saving.file_->write(header.data(), header.size()))
    return saving.failure();
  for (const std::string_view part : state) {
    saving.sum_->update(part);
    saving.state_ += part.size();
    if (!saving.file_->write(part.data(), part.size()))
      return saving.failure();
  }
  return saving;
}

Diagnostic Saving::failure() const {
  return file_->write_error().value_or(io_error("<cache>", "cannot write"));
}

Result<void> Saving::finish(const Record &record) {
  std::uint64_t state = 0;
  for (const std::string_view part : record.state)
    state += part.size();
  if (state != state_ || record.state.size() != parts_)
    return io_error("<cache>", "the state changed while it was saved");
  const std::string head = encode_body_head(record);
  sum_->update(head);
  const std::string header = encode_header(state_ + head.size(), state_, sum_->hex());
  if (!file_->write(head.data(), head.size()) || !file_->write_at(0, header))
    return failure();
  // A cache is checked whole when read: a file torn by a crash is refused, so no fsync.
  return file_->commit(AtomicFile::Durability::unsynced);
}

Result<void> save(const std::string &path, const Record &record) {
  auto saving = Saving::begin(path, record.state);
  if (!saving)
    return saving.error();
  return saving.value().finish(record);
}

std::optional<Stamp> stat_file(const std::string &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  Stamp s;
  s.path = path;
  s.size = static_cast<std::uint64_t>(st.st_size);
  s.mtime_ns = to_ns(st.st_mtim);
  s.ctime_ns = to_ns(st.st_ctim);
  s.inode = static_cast<std::uint64_t>(st.st_ino);
  return s;
}

std::optional<Stamp> stamp_file(const std::string &path) {
  auto s = stat_file(path);
  if (!s)
    return std::nullopt;
  const Result<std::string> bytes = read_file(path);
  if (!bytes)
    return std::nullopt;
  s->sha256 = sha256_hex(bytes.value());
  return s;
}

bool same_stat(const Stamp &old) {
  struct stat st {};
  return ::stat(old.path.c_str(), &st) == 0 && same_as(old, st);
}

std::optional<std::vector<Stamp>> restamp(const std::vector<std::string> &paths, const Record *old,
                                          unsigned jobs) {
  constexpr std::size_t chunk = 512;
  std::vector<Stamp> out(paths.size());
  std::atomic<bool> unreadable{false};
  const std::vector<Stamp> none;
  const std::vector<Stamp> &was = old != nullptr ? old->inputs : none;
  parallel::for_each_index(jobs, (paths.size() + chunk - 1) / chunk, [&](std::size_t k) {
    FolderStat folders;
    const std::size_t end = std::min(paths.size(), (k + 1) * chunk);
    // Both lists are sorted: one search for the chunk's first path, then a walk.
    auto at = std::lower_bound(was.begin(), was.end(), paths[k * chunk],
                               [](const Stamp &s, const std::string &p) { return s.path < p; });
    for (std::size_t i = k * chunk; i < end; ++i) {
      while (at != was.end() && at->path < paths[i])
        ++at;
      if (at != was.end() && at->path == paths[i] && settled(*at, old->started_ns) &&
          folders.same(*at)) {
        out[i] = *at;
        continue;
      }
      std::optional<Stamp> now = stamp_file(paths[i]);
      if (!now)
        unreadable = true;
      else
        out[i] = std::move(*now);
    }
  });
  if (unreadable)
    return std::nullopt;
  return out;
}

std::int64_t now_ns() {
  struct timespec t {};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return to_ns(t);
}

Mapping::Mapping(const std::string &path, bool lazily) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
    return;
  size_ = static_cast<std::size_t>(st.st_size);
  const int flags = MAP_PRIVATE | (lazily ? 0 : MAP_POPULATE);
  void *p = ::mmap(nullptr, size_, PROT_READ, flags, fd.get(), 0);
  if (p == MAP_FAILED) {
    size_ = 0;
    return;
  }
  data_ = p;
  fd_ = std::move(fd);
}

Mapping::~Mapping() {
  if (data_ != nullptr)
    ::munmap(data_, size_);
}

} // namespace factloom::incremental
