#include "site/directory.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "base/io.hpp"

namespace factloom::site {

namespace fs = std::filesystem;

namespace {

Diagnostic failure(const std::string &path, const std::string &what) {
  return io_error(path, what + ": " + std::strerror(errno));
}

/// Whether `dir` may be replaced: absent, an empty folder, or a folder with the marker.
Result<void> replaceable(const std::string &dir) {
  std::error_code ec;
  const auto status = fs::symlink_status(dir, ec);
  if (ec || status.type() == fs::file_type::not_found)
    return {};
  if (status.type() != fs::file_type::directory)
    return io_error(dir, "exists and is not a folder; the site needs a folder of its own");
  if (fs::exists(fs::path(dir) / site_marker, ec) || fs::is_empty(dir, ec))
    return {};
  return io_error(dir, "is a folder that factloom site did not write (no " +
                           std::string(site_marker) + "); choose a new or empty folder");
}

} // namespace

Result<std::unique_ptr<DirectorySink>> DirectorySink::open(const std::string &dir) {
  if (auto ok = replaceable(dir); !ok)
    return ok.error();
  std::unique_ptr<DirectorySink> sink(new DirectorySink());
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty())
    target = target.parent_path();
  sink->dir_ = target.string();
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string pattern = (parent / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    return failure(parent.string(), "cannot make a temporary folder");
  sink->temp_ = pattern;
  ::chmod(sink->temp_.c_str(), 0755);
  for (const char *sub : {"entities", "kinds", "pictures"}) {
    if (::mkdir((sink->temp_ + "/" + sub).c_str(), 0755) != 0)
      return failure(sink->temp_, "cannot make a folder");
  }
  // The marker first: its mode, owner and group are what every new file gets.
  if (auto marked = sink->write(site_marker, "written by factloom site\n"); !marked)
    return marked.error();
  struct stat st {};
  if (::stat((sink->temp_ + "/" + site_marker).c_str(), &st) != 0)
    return failure(sink->temp_, "cannot read a file just written");
  sink->mode_ = st.st_mode & 07777U;
  sink->uid_ = st.st_uid;
  sink->gid_ = st.st_gid;
  std::error_code ec;
  if (fs::exists(fs::path(sink->dir_) / site_marker, ec))
    sink->earlier_ = sink->dir_;
  return sink;
}

DirectorySink::~DirectorySink() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

bool DirectorySink::same_as_earlier(const std::string &path, std::string_view bytes) const {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
      static_cast<std::size_t>(st.st_size) != bytes.size() || (st.st_mode & 07777U) != mode_ ||
      st.st_uid != uid_ || st.st_gid != gid_)
    return false;
  thread_local std::string buffer;
  buffer.resize(bytes.size() + 1); // one byte more: a file that grew meanwhile reads longer
  std::size_t done = 0;
  while (done < buffer.size()) {
    const ssize_t n = ::read(fd.get(), buffer.data() + done, buffer.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += static_cast<std::size_t>(n);
  }
  return done == bytes.size() && std::memcmp(buffer.data(), bytes.data(), done) == 0;
}

Result<void> DirectorySink::write(const std::string &path, std::string_view bytes) {
  const std::string full = temp_ + "/" + path;
  if (!earlier_.empty()) {
    const std::string old = earlier_ + "/" + path;
    if (same_as_earlier(old, bytes) && ::link(old.c_str(), full.c_str()) == 0) {
      ++reused_;
      return {};
    }
  }
  UniqueFd fd(::open(full.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid())
    return failure(dir_ + "/" + path, "cannot create");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return failure(dir_ + "/" + path, "cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (!fd.close())
    return failure(dir_ + "/" + path, "cannot write");
  return {};
}

Result<void> DirectorySink::commit() {
  if (auto ok = replaceable(dir_); !ok)
    return ok.error();
  std::error_code ec;
  std::string old;
  if (fs::exists(fs::symlink_status(dir_, ec))) {
    old = temp_ + ".old";
    if (::rename(dir_.c_str(), old.c_str()) != 0)
      return failure(dir_, "cannot move the earlier site aside");
  }
  if (::rename(temp_.c_str(), dir_.c_str()) != 0) {
    const Diagnostic d = failure(dir_, "cannot move the new site in place");
    if (!old.empty())
      ::rename(old.c_str(), dir_.c_str());
    return d;
  }
  committed_ = true;
  if (!old.empty())
    fs::remove_all(old, ec);
  return {};
}

} // namespace factloom::site
