// A static HTML site of a compiled graph: an index of sources and of entities by kind, a page
// for every entity (its facts, each linked to its source article with the fact file and line;
// what links to it; its statements over time; a picture), a timeline, and a search over labels,
// quotes and statements (a prebuilt index and a small script). No server, no network.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "base/source.hpp"
#include "view/facts.hpp"

namespace factloom::site {

/// Where the site's files go, by path relative to the site's root ("entities/x.html").
class FileSink {
public:
  virtual ~FileSink() = default;
  /// Called for every file once; may be called from several threads at once.
  virtual Result<void> write(const std::string &path, std::string_view bytes) = 0;
};

struct SiteOptions {
  std::string title = "factloom";
  /// Pictures rendered with dot: the two overviews, plus the neighbourhood of at most this
  /// many meetings and proposals (0: none; rendering is the slow part of a large site).
  std::size_t max_pictures = 60;
  unsigned jobs = 0; ///< threads for pages and pictures (0: one per core)
  /// Seconds a picture may take before dot is stopped (0: no limit); one that runs out of time
  /// is replaced by a note, like one dot fails to draw.
  unsigned dot_timeout = 60;
  /// When it becomes true (a signal), the site stops early: write_site fails with
  /// "interrupted" and the pictures being drawn are given up.
  const std::atomic<bool> *stop = nullptr;
};

struct SiteStats {
  std::size_t pages = 0;
  std::size_t pictures = 0;
  std::string picture_warning; ///< why pictures were left out or replaced by a note, if any
};

/// Writes the whole site into `out`. `sources` are the run's files (for "file:line").
Result<SiteStats> write_site(const view::Facts &facts, const SourceSet &sources,
                             const SiteOptions &options, FileSink &out);

/// The file name of an entity's page (without folder): its short id with every character other
/// than A-Z a-z 0-9 - _ . written as ~XX, so it is also a safe relative URL.
std::string page_name(std::string_view short_id);

/// Text escaped for HTML content and attribute values.
std::string escape(std::string_view text);

} // namespace factloom::site
