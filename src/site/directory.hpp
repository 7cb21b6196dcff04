// A site's folder written atomically: files go into a temporary folder beside it, which
// replaces the folder only when every file is written.
#pragma once

#include <memory>
#include <string>
#include <string_view>

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

  Result<void> write(const std::string &path, std::string_view bytes) override;
  /// Puts the new folder in place of `dir` (an earlier site is removed).
  Result<void> commit();

private:
  DirectorySink() = default;
  std::string dir_, temp_;
  bool committed_ = false;
};

/// The marker file of a folder written by `factloom site`.
inline constexpr const char *site_marker = ".factloom-site";

} // namespace factloom::site
