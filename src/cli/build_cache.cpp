// build --cache DIR: the run's key, the check of the recorded run, stderr captured and replayed.
#include "cli/build_cache.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <streambuf>

#include "base/io.hpp"
#include "base/parallel.hpp"
#include "base/sha256.hpp"
#include "incremental/cache.hpp"

namespace factloom::cli {

namespace {

/// Copies what is written to it to `next` and to `copy` (stderr, captured).
class TeeBuf final : public std::streambuf {
public:
  TeeBuf(std::streambuf *next, std::string &copy) : next_(next), copy_(copy) {}

protected:
  int overflow(int c) override {
    if (c == traits_type::eof())
      return traits_type::not_eof(c);
    copy_.push_back(static_cast<char>(c));
    return next_->sputc(static_cast<char>(c));
  }
  std::streamsize xsputn(const char *s, std::streamsize n) override {
    copy_.append(s, static_cast<std::size_t>(n));
    return next_->sputn(s, n);
  }
  int sync() override { return next_->pubsync(); }

private:
  std::streambuf *next_;
  std::string &copy_;
};

/// std::cerr teed into a string for the scope of the object.
class CaptureStderr {
public:
  explicit CaptureStderr(std::string &copy) : tee_(std::cerr.rdbuf(), copy) {
    saved_ = std::cerr.rdbuf(&tee_);
  }
  ~CaptureStderr() { std::cerr.rdbuf(saved_); }
  CaptureStderr(const CaptureStderr &) = delete;
  CaptureStderr &operator=(const CaptureStderr &) = delete;

private:
  TeeBuf tee_;
  std::streambuf *saved_ = nullptr;
};

/// Everything but the inputs' bytes that the run's output and diagnostics depend on: this
/// program (its bytes: the embedded ontology and shapes are in it), the working folder (the
/// paths printed), the command line without --cache and --jobs, and the bytes of the extra
/// files. nullopt when one cannot be read (no cache then).
std::optional<std::string> run_key(const CacheJob &job) {
  std::string key = "factloom " FACTLOOM_VERSION "\n";
  const Result<std::string> self = read_file("/proc/self/exe");
  if (!self)
    return std::nullopt;
  key += "exe " + sha256_hex(self.value()) + "\n";
  std::error_code ec;
  key += "cwd " + std::filesystem::current_path(ec).string() + "\n";
  key += "command " + job.command + "\n";
  for (const auto &[name, values] : job.args->values) {
    if (name == "--cache" || name == "--no-cache" || name == "--jobs")
      continue;
    for (const std::string &v : values)
      key += "option " + name + "\t" + std::to_string(v.size()) + "\t" + v + "\n";
    if (values.empty())
      key += "option " + name + "\n";
  }
  for (const std::string &p : job.args->positionals)
    key += "input " + std::to_string(p.size()) + "\t" + p + "\n";
  for (const std::string &path : job.extra) {
    const auto stamp = incremental::stamp_file(path);
    if (!stamp)
      return std::nullopt;
    key += "file " + path + "\t" + stamp->sha256 + "\n";
  }
  return key;
}

/// Whether `old` recorded this very run: the same key, the same input files with the same
/// bytes, and (for a build that succeeded) the output it wrote still in place.
bool answers(const incremental::Record &old, const std::string &key,
             const std::vector<std::string> &files, const CacheJob &job) {
  if (old.key != key || old.inputs.size() != files.size())
    return false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (old.inputs[i].path != files[i])
      return false;
  }
  if (!job.output.empty() && old.status == 0) {
    if (!old.output || old.output->path != job.output || !incremental::same_stat(*old.output))
      return false;
  }
  return incremental::all_unchanged(old.inputs, old.started_ns, job.options.jobs);
}

/// The stamp `old` kept for `path` when its stat may still be trusted; nullopt otherwise.
std::optional<incremental::Stamp> kept_stamp(const incremental::Record *old,
                                             const std::string &path) {
  if (old == nullptr)
    return std::nullopt;
  const auto it = std::lower_bound(
      old->inputs.begin(), old->inputs.end(), path,
      [](const incremental::Stamp &s, const std::string &p) { return s.path < p; });
  if (it == old->inputs.end() || it->path != path ||
      !incremental::stat_trusted(*it, old->started_ns))
    return std::nullopt;
  return *it;
}

/// The stamps of `files` (stat and SHA-256; a file whose stat `old` may still vouch for is not
/// hashed again); nullopt when one cannot be read.
std::optional<std::vector<incremental::Stamp>>
stamp_all(const std::vector<std::string> &files, unsigned jobs, const incremental::Record *old) {
  std::vector<std::optional<incremental::Stamp>> stamps(files.size());
  parallel::for_each_index(jobs, files.size(), [&](std::size_t i) {
    stamps[i] = kept_stamp(old, files[i]);
    if (!stamps[i])
      stamps[i] = incremental::stamp_file(files[i]);
  });
  std::vector<incremental::Stamp> out;
  out.reserve(files.size());
  for (auto &s : stamps) {
    if (!s)
      return std::nullopt;
    out.push_back(std::move(*s));
  }
  return out;
}

/// Runs `fresh` with stderr captured and records it in `cache_file` when it can be replayed.
int record_fresh(const CacheJob &job, const std::string &cache_file, incremental::Record record,
                 const std::function<int()> &fresh) {
  int status = 0;
  {
    const CaptureStderr capture(record.diagnostics);
    status = fresh();
  }
  std::error_code ec;
  if (status != 0 && status != 1) {
    std::filesystem::remove(cache_file, ec);
    return status;
  }
  record.status = status;
  if (!job.output.empty() && status == 0) {
    record.output = incremental::stat_file(job.output);
    if (!record.output)
      return status;
  }
  // A cache that cannot be written is not reported: the next run is only a full run again.
  (void)incremental::save(cache_file, record);
  return status;
}

} // namespace

std::vector<OptionSpec> cache_option_specs() {
  return {{"--cache", "", true, false, "DIR",
           "keep what this run read and said in DIR; a run with the same inputs, options and "
           "output is answered from it (docs/incremental.md)"},
          {"--no-cache", "", false, false, "", "ignore --cache"}};
}

int run_cached(const CacheJob &job, const std::function<int()> &fresh) {
  incremental::Record record;
  record.started_ns = incremental::now_ns();
  const auto files = compile::input_files(job.inputs, job.options);
  const auto key = run_key(job);
  if (!files || !key || (!files->empty() && files->front() == "-"))
    return fresh();
  const std::string cache_file = (std::filesystem::path(job.dir) / (job.command + ".flc")).string();
  const auto old = incremental::load(cache_file);
  if (old && answers(*old, *key, *files, job)) {
    std::cerr << old->diagnostics << std::flush;
    return old->status;
  }
  auto stamps = stamp_all(*files, job.options.jobs, old ? &*old : nullptr);
  if (!stamps)
    return fresh();
  record.key = *key;
  record.inputs = std::move(*stamps);
  return record_fresh(job, cache_file, std::move(record), fresh);
}

} // namespace factloom::cli
