// What check --cache keeps of each fact file beside its stamp, so that a run after a few files
// changed binds those files (and the files they reach) only: the ids each file declares first,
// hashes of the ids it shares or names, and its diagnostics as printed. Records are read in
// place (views into the cache's bytes) and written back without a copy: a corpus of 10^5 files
// has some 10^6 ids.
// See docs/incremental.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compile/partial.hpp"

namespace factloom::incremental {

/// One fact file's record, read in place from its encoding (encode_file).
class FileRecord {
public:
  FileRecord() = default;
  /// The record `bytes` hold (which must outlive it); nullopt unless they are exactly one.
  static std::optional<FileRecord> read(std::string_view bytes);
  std::string_view bytes() const { return bytes_; }

  /// Calls f(id, cls, begin, end) for each id the file declared first; with `only`, for those
  /// whose compile::id_hash is in it (the hashes are read, not the ids).
  template <class F>
  void each_owned(F &&f, const std::unordered_set<std::uint32_t> *only = nullptr) const {
    for (std::uint32_t i = 0; i < owned_count_; ++i) {
      if (only != nullptr && only->count(u32(hashes_, 4 * std::size_t{i})) == 0)
        continue;
      const std::size_t at = entry_size * std::size_t{i};
      f(ids_.substr(u32(entries_, at + 12), u32(entries_, at + 16)), u32(entries_, at),
        u32(entries_, at + 4), u32(entries_, at + 8));
    }
  }
  std::uint32_t owned_count() const { return owned_count_; }
  /// Whether it declares an id whose compile::id_hash is in `hashes`.
  bool declares_any(const std::unordered_set<std::uint32_t> &hashes) const;
  /// The hashes of the ids it declares that an earlier file declared first.
  std::vector<std::uint32_t> also() const;
  /// Whether it names an id, declared by another file, whose hash is in `hashes`.
  bool names_any(const std::unordered_set<std::uint32_t> &hashes) const;
  /// Its diagnostics, rendered as printed, in order.
  std::vector<std::string_view> diagnostics() const;
  /// The other files whose lines its diagnostics show.
  std::vector<std::string_view> mentions() const;
  std::uint32_t errors() const { return errors_; }
  std::uint32_t warnings() const { return warnings_; }
  /// One of its diagnostics is an unknown id, whose hint ("did you mean") reads every id.
  bool unknown_id() const { return unknown_id_; }

private:
  /// An id owned: class, begin, end, offset and length of its bytes in ids_.
  static constexpr std::size_t entry_size = 20;
  static std::uint32_t u32(std::string_view s, std::size_t at);
  std::string_view bytes_, hashes_, entries_, ids_, also_, refs_, diagnostics_, mentions_;
  std::uint32_t owned_count_ = 0, diagnostic_count_ = 0, mention_count_ = 0;
  std::uint32_t errors_ = 0, warnings_ = 0;
  bool unknown_id_ = false;
};

/// What encode_file needs of a file's diagnostics.
struct FileDiagnostics {
  std::vector<std::string> rendered; ///< as printed, each ending with a newline
  std::uint32_t errors = 0, warnings = 0;
  bool unknown_id = false;
  std::vector<std::string> mentions; ///< paths, sorted, unique
};

/// The encoding of one file's record.
std::string encode_file(const compile::FileGives &gives, const FileDiagnostics &diagnostics);

/// Record::state for the files' records, in input order: `index` (made here: the number of
/// records, then each one's length), then the records' own bytes, not copied.
std::vector<std::string_view> state_parts(const std::vector<FileRecord> &files, std::string &index);
/// The records of `bytes` (views into them), or nullopt unless `bytes` holds exactly `files`
/// well-formed records.
std::optional<std::vector<FileRecord>> decode_state(std::string_view bytes, std::size_t files);

} // namespace factloom::incremental
