// What check --cache keeps of each fact file beside its stamp, so that a run after a few files
// changed binds those files (and the files they reach) only: the ids each file declares first,
// hashes of the ids it shares or names, and its diagnostics as printed. Records are read in
// place (views into the cache's bytes): a corpus of 10^5 files has some 10^6 ids.
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

  /// Calls f(id, cls, begin, end) for each id the file declared first.
  template <class F> void each_owned(F &&f) const {
    std::string_view rest = owned_;
    for (std::uint32_t i = 0; i < owned_count_; ++i) {
      const std::uint32_t cls = u32(rest, 4), begin = u32(rest, 8), end = u32(rest, 12);
      const std::uint32_t n = u32(rest, 16);
      f(rest.substr(20, n), cls, begin, end);
      rest.remove_prefix(20 + n);
    }
  }
  std::uint32_t owned_count() const { return owned_count_; }
  /// Whether it declares an id whose compile::id_hash is in `hashes`.
  bool declares_any(const std::unordered_set<std::uint32_t> &hashes) const;
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
  static std::uint32_t u32(std::string_view s, std::size_t at);
  std::string_view bytes_, owned_, also_, refs_, diagnostics_, mentions_;
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

/// The bytes of Record::state: the files' records in input order.
std::string encode_state(const std::vector<FileRecord> &files);
/// The records of `bytes` (views into them), or nullopt unless `bytes` holds exactly `files`
/// well-formed records.
std::optional<std::vector<FileRecord>> decode_state(std::string_view bytes, std::size_t files);

} // namespace factloom::incremental
