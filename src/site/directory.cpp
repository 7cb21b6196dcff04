#include "site/directory.hpp"

#include <cerrno>
#include <cstring>
#include <dirent.h>
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

/// Removes folder `name` of `parent` and everything in it, each name relative to its open
/// folder (fs::remove_all walks the whole path of every file, twice).
void remove_tree(int parent, const char *name) {
  const int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return;
  DIR *folder = ::fdopendir(fd);
  if (folder == nullptr) {
    ::close(fd);
    return;
  }
  while (const dirent *entry = ::readdir(folder)) {
    const std::string_view n = entry->d_name;
    if (n == "." || n == "..")
      continue;
    if (entry->d_type == DT_DIR ||
        (::unlinkat(fd, entry->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM)))
      remove_tree(fd, entry->d_name);
  }
  ::closedir(folder);
  ::unlinkat(parent, name, AT_REMOVEDIR);
}

/// Removes `path` and everything in it; what remove_tree leaves is left to fs::remove_all.
void remove_folder(const std::string &path) {
  remove_tree(AT_FDCWD, path.c_str());
  std::error_code ec;
  fs::remove_all(path, ec);
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
  if (auto opened = sink->open_folders(); !opened)
    return opened.error();
  return sink;
}

Result<void> DirectorySink::open_folders() {
  constexpr int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  for (const char *sub : {"", "entities", "kinds", "pictures"}) {
    Folder &folder = folders_.emplace_back();
    folder.name = sub;
    const std::string at = folder.name.empty() ? "" : "/" + folder.name;
    folder.temp = UniqueFd(::open((temp_ + at).c_str(), flags));
    if (!folder.temp.valid())
      return failure(temp_ + at, "cannot open a folder just made");
  }
  // The marker first: its mode, owner and group are what every new file gets.
  if (auto marked = write(site_marker, "written by factloom site\n"); !marked)
    return marked;
  struct stat st {};
  if (::fstatat(folders_[0].temp.get(), site_marker, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return failure(temp_, "cannot read a file just written");
  mode_ = st.st_mode & 07777U;
  uid_ = st.st_uid;
  gid_ = st.st_gid;
  if (::faccessat(AT_FDCWD, (dir_ + "/" + site_marker).c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
    for (Folder &folder : folders_)
      folder.earlier = UniqueFd(::open((dir_ + "/" + folder.name).c_str(), flags));
  }
  return {};
}

std::pair<const DirectorySink::Folder *, std::string>
DirectorySink::locate(const std::string &path) const {
  const std::size_t slash = path.find('/');
  const std::string_view folder =
      slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash);
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name.find('/') != std::string::npos || folders_.empty())
    return {nullptr, path};
  for (const Folder &f : folders_) {
    if (f.name == folder)
      return {&f, name};
  }
  return {nullptr, path};
}

DirectorySink::~DirectorySink() {
  if (!committed_ && !temp_.empty()) {
    folders_.clear(); // closes the folders first
    remove_folder(temp_);
  }
}

bool DirectorySink::same_as_earlier(int folder, const std::string &name,
                                    std::string_view bytes) const {
  const UniqueFd fd(::openat(folder, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
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
    if (done < buffer.size() && done >= bytes.size())
      break; // a short read of a regular file is its end: no second read to see it
  }
  return done == bytes.size() && std::memcmp(buffer.data(), bytes.data(), done) == 0;
}

Result<void> DirectorySink::write(const std::string &path, std::string_view bytes) {
  const auto [folder, name] = locate(path);
  if (folder != nullptr && folder->earlier.valid() &&
      same_as_earlier(folder->earlier.get(), name, bytes) &&
      ::linkat(folder->earlier.get(), name.c_str(), folder->temp.get(), name.c_str(), 0) == 0) {
    ++reused_;
    return {};
  }
  return create(folder, name, path, bytes);
}

Result<void> DirectorySink::create(const Folder *folder, const std::string &name,
                                   const std::string &path, std::string_view bytes) {
  constexpr int flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;
  UniqueFd fd(folder != nullptr ? ::openat(folder->temp.get(), name.c_str(), flags, 0644)
                                : ::open((temp_ + "/" + path).c_str(), flags, 0644));
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
    remove_folder(old);
  return {};
}

} // namespace factloom::site
