// The site's files: index, kind pages, timeline, search index, pictures, entity pages.
#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/parallel.hpp"
#include "base/utf8.hpp"
#include "site/assets.hpp"
#include "site/context.hpp"
#include "view/render.hpp"
#include "view/views.hpp"

namespace factloom::site {

namespace {

/// Classes and their instances, by class label.
using Kinds = std::map<std::string, std::pair<TermId, std::vector<TermId>>>;

Kinds by_kind(const Context &c) {
  Kinds out;
  for (const TermId e : c.entities) {
    for (const TermId t : c.f.objects(e, c.f.rdf_type)) {
      auto &entry = out[c.label(t) + "\x1f" + c.f.short_id(t)];
      entry.first = t;
      entry.second.push_back(e);
    }
  }
  return out;
}

std::string kind_href(const Context &c, TermId cls, const std::string &root) {
  return root + "kinds/" + page_name(c.f.short_id(cls)) + ".html";
}

std::string sorted_links(const Context &c, std::vector<TermId> ids, const std::string &root) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const TermId id : ids)
    items.emplace_back(c.label(id), "<li>" + value_html(c, id, root) + "</li>\n");
  std::sort(items.begin(), items.end());
  std::string out = "<ul class=\"list\">\n";
  for (const auto &i : items)
    out += i.second;
  return out + "</ul>\n";
}

std::string sources_list(const Context &c) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const TermId a : c.f.instances(c.f.fl("Source"))) {
    const std::string date(c.f.text(c.f.object(a, c.f.fl("published"))));
    const std::string publisher(c.f.text(c.f.object(a, c.f.fl("publisher"))));
    items.emplace_back(date + "\x1f" + c.f.short_id(a),
                       "<li>" + escape(date) + " " + value_html(c, a, "") +
                           (publisher.empty() ? "" : " (" + escape(publisher) + ")") + "</li>\n");
  }
  std::sort(items.begin(), items.end());
  std::string out = "<ul class=\"list\">\n";
  for (const auto &i : items)
    out += i.second;
  return out + "</ul>\n";
}

std::string index_body(const Context &c, const SiteStats &stats, const auto &kinds) {
  std::string out = "<h1>" + escape(c.o.title) + "</h1>\n";
  out += "<section id=\"search\" aria-labelledby=\"search-h\">\n<h2 id=\"search-h\">Search</h2>\n"
         "<form role=\"search\" onsubmit=\"return false\">\n<label for=\"q\">Labels, quotes and "
         "statements</label>\n<input id=\"q\" type=\"search\" autocomplete=\"off\">\n</form>\n"
         "<p id=\"search-status\" aria-live=\"polite\"></p>\n<ul id=\"results\" "
         "class=\"list\"></ul>\n</section>\n";
  if (stats.pictures > 0) {
    out += "<h2>Pictures</h2>\n";
    for (const char *name : {"meetings", "proposals"})
      out += std::string("<figure>\n<a href=\"pictures/") + name + ".svg\"><img src=\"pictures/" +
             name + ".svg\" alt=\"Picture of the " + name +
             " of the whole graph; every thing in it has its own page below\"></a>\n"
             "<figcaption>" +
             (std::string(name) == "meetings" ? "Who met whom, in time order"
                                              : "Proposals, revisions, signatories and stances") +
             "</figcaption>\n</figure>\n";
  }
  out += "<h2>Things by kind</h2>\n<ul class=\"list\">\n";
  for (const auto &[key, entry] : kinds)
    out += "<li><a href=\"" + escape(kind_href(c, entry.first, "")) + "\">" +
           escape(c.label(entry.first)) + "</a> (" + std::to_string(entry.second.size()) +
           ")</li>\n";
  out += "</ul>\n<h2>Sources</h2>\n" + sources_list(c);
  return out;
}

std::string timeline_body(const Context &c) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const TermId e : c.f.instances(c.f.fl("Event"))) {
    std::string date(c.f.text(c.f.object(e, c.f.fl("date"))));
    if (date.empty())
      date = std::string(c.f.text(c.f.object(e, c.f.fl("start"))));
    const TermId status = c.f.object(e, c.f.fl("status"));
    std::string sources;
    for (const TermId a : c.f.objects(e, c.f.prov_derived))
      sources += (sources.empty() ? "" : ", ") + value_html(c, a, "");
    rows.emplace_back((date.empty() ? "~" : date) + "\x1f" + c.label(e),
                      "<tr><td>" + escape(date.empty() ? "unknown" : date) + "</td><td>" +
                          value_html(c, e, "") + "</td><td>" +
                          (status ? escape(c.label(status)) : "") + "</td><td>" + sources +
                          "</td></tr>\n");
  }
  std::sort(rows.begin(), rows.end());
  std::string out = "<h1>Timeline</h1>\n<p>Events across all articles, by date (undated ones "
                    "last).</p>\n<table>\n<thead><tr><th scope=\"col\">Date</th><th "
                    "scope=\"col\">Event</th><th scope=\"col\">Status</th><th "
                    "scope=\"col\">Sources</th></tr></thead>\n<tbody>\n";
  for (const auto &r : rows)
    out += r.second;
  return out + "</tbody>\n</table>\n";
}

/// Appends `text` as a JSON string, the bytes nlohmann::json's dump(-1, ' ', false, replace)
/// gives: well-formed UTF-8 escaped here (no JSON value made per string; bytes from 0x80 on
/// are copied); other text is left to nlohmann, which replaces what is not UTF-8.
void append_json_string(std::string &out, std::string_view text) {
  static const char *hex = "0123456789abcdef";
  if (!utf8::valid(text)) {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  const char *at = text.data();
  const char *const end = at + text.size();
  while (at != end) {
    const char *run = at; // bytes copied as they are: all but controls, quote and backslash
    while (run != end && static_cast<unsigned char>(*run) >= 0x20 && *run != '"' && *run != '\\')
      ++run;
    out.append(at, run);
    if (run == end)
      break;
    switch (*run) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      out += "\\u00";
      out += hex[static_cast<unsigned char>(*run) >> 4U];
      out += hex[static_cast<unsigned char>(*run) & 15U];
    }
    at = run + 1;
  }
  out += '"';
}

/// The search index: a JSON array of [label, kinds, href], written entry by entry (the same
/// bytes as one array dumped whole, without a JSON value of every entity or string).
std::string search_index(const Context &c) {
  std::string out = "window.factloomIndex = [";
  const auto add = [&out](std::string_view label, std::string_view kind, std::string_view href) {
    if (out.back() != '[')
      out += ',';
    out += '[';
    append_json_string(out, label);
    out += ',';
    append_json_string(out, kind);
    out += ',';
    append_json_string(out, href);
    out += ']';
  };
  std::deque<std::string> keep;
  const TermId alias_of = c.f.fl("alias");
  for (const TermId e : c.entities) {
    const std::string href = page_href(c, e, "");
    const std::string kind = kinds(c, e);
    add(label_view(c, e, keep), kind, href);
    keep.clear();
    for (const TermId alias : c.f.objects(e, alias_of))
      add(c.f.text(alias), kind, href);
  }
  return out + "];\n";
}

} // namespace

namespace {

/// Collects the first failure of writes made from several threads.
struct Errors {
  std::mutex mutex;
  std::optional<Diagnostic> first;
  void add(const Result<void> &r) {
    if (r)
      return;
    const std::lock_guard lock(mutex);
    if (!first)
      first = r.error();
  }
  bool failed() {
    const std::lock_guard lock(mutex);
    return first.has_value();
  }
};

/// The things that get a picture of their own: meetings and proposals, by id, up to the cap.
std::vector<TermId> picture_subjects(const Context &c) {
  std::vector<TermId> out;
  for (const char *cls : {"Meeting", "Signable", "Proposal"}) {
    const auto found = c.f.instances(c.f.fl(cls));
    out.insert(out.end(), found.begin(), found.end());
  }
  std::vector<std::pair<std::string, TermId>> keyed;
  for (const TermId id : out)
    keyed.emplace_back(c.f.short_id(id), id);
  std::sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());
  out.clear();
  for (std::size_t i = 0; i < keyed.size() && i < c.o.max_pictures; ++i)
    out.push_back(keyed[i].second);
  return out;
}

/// Whether dot can be run (when pictures are asked for): why not, or an empty string.
std::string probe_dot(const SiteOptions &o) {
  if (o.max_pictures == 0)
    return {};
  const auto probe = view::render("digraph factloom {}\n", "svg");
  return probe ? std::string() : "no pictures: " + probe.error().message;
}

/// Chooses the pictures: none when dot cannot be run (`no_dot`, which goes into `stats`).
void plan_pictures(Context &c, const std::string &no_dot, SiteStats &stats) {
  if (c.o.max_pictures == 0)
    return;
  if (!no_dot.empty()) {
    stats.picture_warning = no_dot;
    return;
  }
  const std::vector<TermId> subjects = picture_subjects(c);
  c.pictured.insert(subjects.begin(), subjects.end());
  stats.pictures = 2 + subjects.size();
}

/// The DOT and the file of picture `i` of the plan: the two overviews, then single things.
std::pair<std::string, std::string>
picture_dot(const Context &c, const std::vector<TermId> &subjects, std::size_t i) {
  view::ViewOptions vo;
  std::string name;
  if (i < 2) {
    vo.kind = i == 0 ? view::Kind::meetings : view::Kind::proposals;
    vo.max_nodes = 80; // a picture for a page: smaller than the default of factloom graph
    name = i == 0 ? "meetings" : "proposals";
  } else {
    vo.kind = view::Kind::focus;
    vo.focus = c.f.short_id(subjects[i - 2]);
    vo.max_nodes = 40;
    name = page_name(vo.focus);
  }
  return {view::build_view(c.f, vo).graph.str(), "pictures/" + name + ".svg"};
}

/// Batch `b` of `batches`: the pictures b, b + batches, ... drawn by one dot process. A picture
/// that dot fails to draw is replaced by a note, so that no page links to a missing file.
void write_pictures(const Context &c, const std::vector<TermId> &subjects, std::size_t count,
                    std::size_t b, std::size_t batches, FileSink &out, Errors &errors,
                    std::atomic<std::size_t> &failed) {
  std::vector<std::string> dots, paths;
  for (std::size_t i = b; i < count; i += batches) {
    auto [dot, path] = picture_dot(c, subjects, i);
    dots.push_back(std::move(dot));
    paths.push_back(std::move(path));
  }
  const auto svgs = view::render_svgs(dots, c.o.dot_timeout, c.o.stop);
  for (std::size_t k = 0; k < dots.size(); ++k) {
    if (!svgs[k])
      ++failed;
    errors.add(out.write(paths[k], svgs[k]
                                       ? *svgs[k]
                                       : std::string("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                                     "width=\"360\" height=\"40\"><text x=\"10\" "
                                                     "y=\"25\">dot could not draw this "
                                                     "picture</text></svg>\n")));
  }
}

/// The files other than pictures and entity pages, each written by a task that runs with the
/// pages (the search index alone is a large part of the time otherwise spent on one thread).
std::vector<std::function<void()>> top_files(const Context &c, const SiteStats &stats,
                                             const Kinds &kinds, FileSink &out, Errors &errors) {
  std::vector<std::function<void()>> tasks;
  tasks.emplace_back([&] { errors.add(out.write("search-index.js", search_index(c))); });
  tasks.emplace_back([&] {
    errors.add(out.write("index.html", page(c, "Index", "",
                                            index_body(c, stats, kinds) +
                                                "<script src=\"search-index.js\"></script>\n"
                                                "<script src=\"search.js\"></script>\n")));
  });
  tasks.emplace_back(
      [&] { errors.add(out.write("timeline.html", page(c, "Timeline", "", timeline_body(c)))); });
  tasks.emplace_back([&] {
    errors.add(out.write("style.css", style_css));
    errors.add(out.write("search.js", search_js));
  });
  for (const auto &kind : kinds) {
    const auto *entry = &kind.second;
    tasks.emplace_back([&c, &out, &errors, entry] {
      const std::string label = c.label(entry->first);
      errors.add(out.write(
          kind_href(c, entry->first, ""),
          page(c, label, "../",
               "<h1>" + escape(label) + "</h1>\n" + sorted_links(c, entry->second, "../"))));
    });
  }
  return tasks;
}

} // namespace

Result<SiteStats> write_site(const view::Facts &facts, const SourceSet &sources,
                             const SiteOptions &options, FileSink &out) {
  (void)facts.graph().with_predicate(0); // build the lookup indexes before threads share them
  // dot is started once to see that it runs while the Context is worked out (it takes a while).
  std::optional<Context> context;
  std::string no_dot;
  parallel::both(
      options.jobs, [&] { context.emplace(facts, sources, options); },
      [&] { no_dot = probe_dot(options); });
  Context &c = *context;
  SiteStats stats;
  Errors errors;
  plan_pictures(c, no_dot, stats);
  const Kinds kinds = by_kind(c);
  const std::vector<std::function<void()>> tops = top_files(c, stats, kinds, out, errors);
  std::vector<TermId> subjects(c.pictured.begin(), c.pictured.end());
  std::sort(subjects.begin(), subjects.end());
  const std::size_t pictures = stats.pictures;
  const std::size_t batches = pictures == 0 ? 0 : parallel::effective_jobs(options.jobs, pictures);
  std::atomic<std::size_t> pages{3 + kinds.size()}, failed{0};
  const auto stopped = [&] { return errors.failed() || (options.stop && options.stop->load()); };
  // The pictures' threads mostly wait for dot (its own processes): they run beside the threads
  // of the other files and the pages, which would otherwise wait with them.
  parallel::both(
      options.jobs,
      [&] {
        parallel::for_each_index(options.jobs, tops.size() + c.pages.size(), [&](std::size_t i) {
          if (stopped())
            return;
          if (i < tops.size())
            return tops[i]();
          const TermId id = c.pages[i - tops.size()];
          thread_local std::string text; // one buffer a thread, reused page after page
          entity_page(c, id, text);
          errors.add(out.write(page_href(c, id, ""), text));
          ++pages;
        });
      },
      [&] {
        parallel::for_each_index(options.jobs, batches, [&](std::size_t b) {
          if (!stopped())
            write_pictures(c, subjects, pictures, b, batches, out, errors, failed);
        });
      });
  if (failed > 0)
    stats.picture_warning = std::to_string(failed.load()) + " pictures could not be drawn by dot";
  if (options.stop && options.stop->load())
    return io_error("site", "interrupted; the site was not written");
  if (errors.first)
    return *errors.first;
  stats.pages = pages;
  return stats;
}

} // namespace factloom::site
