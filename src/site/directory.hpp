// A site's folder written atomically: files go into a temporary folder beside it, which
// replaces the folder only when every file is written.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/io.hpp"
#include "base/result.hpp"
#include "site/site.hpp"

namespace factloom::site {

class DirectorySink final : public FileSink {
public:
  /// Refuses a `dir` that exists and is neither empty nor an earlier site (it holds the
  /// marker file .factloom-site), so that no other folder is ever replaced.
  static Result<std::unique_ptr<DirectorySink>> open(const std::string &dir);
  ~DirectorySink() override; ///< removes the temporary folder unless committed
  DirectorySink(const DirectorySink &) = delete;
  DirectorySink &operator=(const DirectorySink &) = delete;

  /// A file whose bytes are those of the same file of the earlier site (same size and bytes,
  /// a regular file with no other name, the mode and owner a new file would get) is linked
  /// into the new folder instead of written: the earlier site is left as it was until commit,
  /// and removing it then frees no data (on a disk, freeing the blocks of tens of thousands of
  /// files costs far more than writing them: see docs/performance.md).
  Result<void> write(const std::string &path, std::string_view bytes) override;
  /// Puts the new folder in place of `dir` (an earlier site is removed).
  Result<void> commit();
  /// How many files were linked from the earlier site instead of written.
  std::size_t reused() const { return reused_.load(); }

private:
  /// A folder of the site ("" is the top) open in the new site and, if any, in the earlier one:
  /// files are named relative to them (no walk of the whole path for every file).
  struct Folder {
    std::string name;
    UniqueFd temp, earlier;
  };
  DirectorySink() = default;
  Result<void> open_folders();
  /// The folder of `path` (nullptr: none of the site's folders) and the file name in it.
  std::pair<const Folder *, std::string> locate(const std::string &path) const;
  bool same_as_earlier(int folder, const std::string &name, std::string_view bytes) const;
  Result<void> create(const Folder *folder, const std::string &name, const std::string &path,
                      std::string_view bytes);
  std::string dir_, temp_;
  std::vector<Folder> folders_;
  std::string earlier_; ///< the earlier site whose files may be reused (empty: none)
  /// What a new file of the site gets (taken from the marker file, written first).
  unsigned mode_ = 0, uid_ = 0, gid_ = 0;
  std::atomic<std::size_t> reused_{0};
  bool committed_ = false;
};

/// The marker file of a folder written by `factloom site`.
inline constexpr const char *site_marker = ".factloom-site";

} // namespace factloom::site
