// The cache of `build --cache DIR` and `check --cache DIR`: what one run read (each input's path,
// stat and SHA-256), what it wrote (the output's stat) and what it said (stderr, exit status),
// in one binary file that is checked whole before anything in it is trusted.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/checksum.hpp"
#include "base/io.hpp"
#include "base/result.hpp"

namespace factloom::incremental {

/// A file as stat(2) and SHA-256 saw it. `sha256` is empty when not hashed (the output).
struct Stamp {
  std::string path;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;
  std::string sha256; ///< 64 lowercase hex digits, or empty
};

/// One run, as the cache keeps it.
struct Record {
  std::string key;             ///< the run's key (command line, version, ontology and shapes)
  std::int64_t started_ns = 0; ///< when the inputs were stamped (a racy stamp is hashed again)
  int status = 0;              ///< the exit status (only 0 and 1 are kept)
  std::string diagnostics;     ///< the bytes the run wrote to stderr
  std::vector<Stamp> inputs;   ///< sorted by path, as compile::input_files gives them
  std::optional<Stamp> output; ///< the output file it wrote (build, exit status 0)
  /// What a later run may reuse besides the answer (check: check_state.hpp), as parts written
  /// one after the other: views into `keep` (a record read back has one part, into its file).
  std::vector<std::string_view> state;
  std::vector<std::shared_ptr<const void>> keep; ///< what holds the bytes `state` points into
  /// The state's bytes in one piece.
  std::string state_bytes() const;
};

/// The format's magic and version; another version is a foreign cache.
inline constexpr std::string_view magic = "FLINCR\r\n";
inline constexpr std::uint32_t format_version = 4;

/// The file's bytes: a header (magic, version, the lengths of the body and of its state, and the
/// body's checksum), then the body: the state, then the rest of the record.
std::string encode(const Record &record);
/// The record, or nullopt when any check fails (magic, version, length, checksum, bounds).
/// Its state points into a copy of `bytes` that it keeps.
std::optional<Record> decode(std::string_view bytes);

/// Maps `path` and decodes it (its state a view into the mapping, which it keeps); nullopt when
/// missing, unreadable or bad.
std::optional<Record> load(const std::string &path);
/// Writes `record` to `path` atomically, making its folder when missing.
Result<void> save(const std::string &path, const Record &record);

/// What a failed build's record may keep in its state: this tag, then the last good build's
/// record whole (as encode() writes it), which the next build starts from (docs/incremental.md).
inline constexpr std::string_view base_tag = "FLBASE01";
/// Makes `failed`'s state the tag and `base` whole; the bytes are views (into base's keep, kept).
void keep_base(Record &failed, const Record &base);
/// The record a failed one keeps (nullopt: none, or one that fails any check of decode()); its
/// state points into what `failed` keeps.
std::optional<Record> base_of(const Record &failed);

/// save() in two steps: the state (the bulk of a large cache) first, perhaps while the output
/// is written on another thread, then the rest of the record, which names that output. The
/// file is replaced only by finish(); a Saving dropped before leaves the old one.
class Saving {
public:
  /// Makes `path`'s folder when missing and writes `state`: the parts the record will have.
  static Result<Saving> begin(const std::string &path, const std::vector<std::string_view> &state);
  /// Writes the rest of `record`, whose state must be the parts begun with, and replaces the
  /// file.
  Result<void> finish(const Record &record);

private:
  Saving() = default;
  Diagnostic failure() const;
  std::unique_ptr<AtomicFile> file_;
  std::unique_ptr<Checksum> sum_;
  std::uint64_t state_ = 0;
  std::size_t parts_ = 0;
};

/// stat(2) of `path`, without the hash; nullopt when it is not a regular file.
std::optional<Stamp> stat_file(const std::string &path);
/// stat_file and the SHA-256 of the bytes; nullopt when unreadable.
std::optional<Stamp> stamp_file(const std::string &path);
/// The stamps of `paths` now, on up to `jobs` threads: the one `old` recorded for a file whose
/// stat it may still vouch for (settled, and the same stat, taken through the file's folder),
/// else a new stamp with the file's hash; nullopt when a file cannot be read.
std::optional<std::vector<Stamp>> restamp(const std::vector<std::string> &paths, const Record *old,
                                          unsigned jobs);
/// Whether `path` is still the file `old` describes (size, times and inode; no hash).
bool same_stat(const Stamp &old);

/// A read-only mapping of a whole file (its pages read in at once unless `lazily`), unmapped
/// and closed when dropped; empty when the file is missing, empty or not regular.
class Mapping {
public:
  explicit Mapping(const std::string &path, bool lazily = false);
  ~Mapping();
  Mapping(const Mapping &) = delete;
  Mapping &operator=(const Mapping &) = delete;
  std::string_view bytes() const {
    return data_ ? std::string_view(static_cast<const char *>(data_), size_) : std::string_view();
  }
  /// The file, open for reading (-1 when empty).
  int fd() const { return fd_.get(); }

private:
  UniqueFd fd_;
  void *data_ = nullptr;
  std::size_t size_ = 0;
};

/// The time now, in nanoseconds since the epoch (CLOCK_REALTIME, as file times).
std::int64_t now_ns();

} // namespace factloom::incremental
