// The static site of the samples, written into memory: pages, links, sources, search, order.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "compile/compile.hpp"
#include "site/context.hpp"
#include "site/site.hpp"
#include "view/facts.hpp"

using namespace factloom;

namespace {

struct MemorySink final : site::FileSink {
  std::mutex mutex;
  std::map<std::string, std::string> files;
  Result<void> write(const std::string &path, std::string_view bytes) override {
    const std::lock_guard lock(mutex);
    CHECK(files.count(path) == 0);
    files[path] = std::string(bytes);
    return {};
  }
};

std::vector<std::string> sample_files(bool reversed) {
  std::vector<std::string> files;
  for (const auto &e : std::filesystem::directory_iterator(FL_SOURCE_DIR "/samples")) {
    if (e.path().extension() == ".facts")
      files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (reversed)
    std::reverse(files.begin(), files.end());
  return files;
}

std::map<std::string, std::string> sample_site(bool reversed, unsigned jobs) {
  compile::Compilation c;
  REQUIRE(compile::compile(sample_files(reversed), compile::Options{}, c));
  c.graph.freeze();
  const view::Facts facts(c.graph, compile::default_base, "");
  site::SiteOptions o;
  o.max_pictures = 0; // no dot here: tests/cli/site*.sh draw the pictures
  o.jobs = jobs;
  MemorySink sink;
  const auto stats = site::write_site(facts, c.sources, o, sink);
  REQUIRE(stats);
  CHECK(stats.value().pages > 150); // 167 things with a page (62 parts are sections of them)
  return std::move(sink.files);
}

/// The folder of a file's path ("entities/" for "entities/x.html").
std::string folder(const std::string &path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

/// The file an href of page `from` leads to, and its fragment (after '#'; empty if none).
std::pair<std::string, std::string> resolve(const std::string &from, std::string href) {
  std::string base = folder(from);
  while (href.rfind("../", 0) == 0) {
    href = href.substr(3);
    base = folder(base.substr(0, base.size() - 1));
  }
  const std::size_t hash = href.find('#');
  return {base + href.substr(0, hash), hash == std::string::npos ? "" : href.substr(hash + 1)};
}

} // namespace

TEST_SUITE("site") {
  TEST_CASE("pages of the samples: facts with their article and fact file line") {
    const auto files = sample_site(false, 1);
    for (const char *f :
         {"index.html", "timeline.html", "style.css", "search.js", "search-index.js",
          "entities/berlin-day-1.html", "entities/zelensky.html", "entities/babel-2026-01-02.html"})
      CHECK_MESSAGE(files.count(f) == 1, f);
    // A part (minted under the article: written without an id of its own) is a section of the
    // article's page, with its own facts, and has no page of its own.
    CHECK(files.count("entities/babel-2026-01-02~2Fpost-1.html") == 0);
    const std::string &babel = files.at("entities/babel-2026-01-02.html");
    const std::size_t part =
        babel.find("<section class=\"part\" id=\"babel-2026-01-02~2Fpost-1\">");
    REQUIRE(part != std::string::npos);
    CHECK(babel.find("<h3 id=\"babel-2026-01-02~2Fpost-1-facts\">Facts</h3>", part) !=
          std::string::npos);
    CHECK(babel.find("<td>held by</td><td><a href=\"../entities/budanov.html\">Kyrylo "
                     "Budanov</a></td><td class=\"at\">41</td>",
                     part) != std::string::npos);
    CHECK(files.at("entities/budanov.html")
              .find("href=\"../entities/babel-2026-01-02.html#babel-2026-01-02~2Fpost-1\"") !=
          std::string::npos);
    const std::string &day1 = files.at("entities/berlin-day-1.html");
    CHECK(day1.find("<h1>Berlin talks, day 1</h1>") != std::string::npos);
    // Rows grouped by article and fact file, each with its line: "date" was written at line 92.
    const std::size_t group = day1.find("samples/berlin-talks.facts</span></th></tr>");
    CHECK(group != std::string::npos);
    CHECK(day1.find("<tr><td>date</td><td>2025-12-14</td><td class=\"at\">92</td></tr>", group) !=
          std::string::npos);
    CHECK(day1.find("href=\"../entities/berlin-talks-2025-12-15.html\"") != std::string::npos);
    CHECK(day1.find("<a href=\"../entities/umerov.html\">Rustem Umerov</a> (negotiator)") !=
          std::string::npos);
    CHECK(day1.find("<h2 id=\"over-time\">Over time</h2>") != std::string::npos);
    const std::string &umerov = files.at("entities/umerov.html");
    CHECK(umerov.find("<h2 id=\"linked\">Linked from</h2>") != std::string::npos);
    CHECK(umerov.find("href=\"../entities/berlin-day-1.html\"") != std::string::npos);
    const std::string &timeline = files.at("timeline.html");
    CHECK(timeline.find("2025-12-14") < timeline.find("2025-12-15"));
    CHECK(files.at("search-index.js").find("\"a lot of progress was made\"") != std::string::npos);
    CHECK(files.at("index.html").find("<html lang=\"en\">") != std::string::npos);
  }

  TEST_CASE("every internal link of the site leads to a file of the site, and to its anchor") {
    const auto files = sample_site(false, 1);
    const std::regex href("(?:href|src)=\"([^\"]*)\"");
    std::size_t links = 0, anchors = 0;
    for (const auto &file : files) {
      const std::string &path = file.first;  // a plain reference: clang 14 cannot capture a
      const std::string &text = file.second; // structured binding in CHECK_MESSAGE's lambda
      for (auto it = std::sregex_iterator(text.begin(), text.end(), href);
           it != std::sregex_iterator(); ++it) {
        const std::string target = (*it)[1].str();
        if (target.rfind("http", 0) == 0)
          continue;
        ++links;
        const auto to =
            target.rfind('#', 0) == 0 ? std::pair(path, target.substr(1)) : resolve(path, target);
        const auto found = files.find(to.first);
        CHECK_MESSAGE(found != files.end(), path << " -> " << target);
        if (found == files.end() || to.second.empty())
          continue;
        ++anchors;
        CHECK_MESSAGE(found->second.find(" id=\"" + to.second + "\"") != std::string::npos,
                      path << " -> " << target);
      }
    }
    CHECK(links > 2000);
    CHECK(anchors > 100); // the links to parts, and the skip links
  }

  TEST_CASE("page names are safe file names and relative URLs — text is escaped") {
    CHECK(site::page_name("berlin-day-1") == "berlin-day-1");
    CHECK(site::page_name("a/b c") == "a~2Fb~20c");
    CHECK(site::page_name("..") == "~2E.");
    CHECK(site::page_name("https://x.org/a?b") == "https~3A~2F~2Fx.org~2Fa~3Fb");
    CHECK(site::page_name(std::string(400, 'x')).size() < 200);
    CHECK(site::escape("<a href=\"x\">'&'</a>") ==
          "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  }
}

TEST_SUITE("site") {
  TEST_CASE("site: a page written into a buffer that held other pages is the page alone") {
    compile::Compilation c;
    REQUIRE(compile::compile(sample_files(false), compile::Options{}, c));
    c.graph.freeze();
    const view::Facts facts(c.graph, compile::default_base, "");
    site::SiteOptions o;
    o.max_pictures = 0;
    o.jobs = 1;
    const site::Context context(facts, c.sources, o);
    REQUIRE(context.pages.size() > 150);
    CHECK(context.pages.size() < context.entities.size()); // parts are sections of pages
    std::vector<std::string> alone;                        // each page in a buffer of its own
    for (const site::TermId id : context.pages) {
      std::string fresh;
      site::entity_page(context, id, fresh);
      alone.push_back(fresh);
    }
    std::string reused; // one buffer, pages in order, then in reverse order
    for (std::size_t i = 0; i < context.pages.size(); ++i) {
      site::entity_page(context, context.pages[i], reused);
      CHECK(reused == alone[i]);
    }
    for (std::size_t i = context.pages.size(); i-- > 0;) {
      site::entity_page(context, context.pages[i], reused);
      CHECK(reused == alone[i]);
    }
    const auto files = sample_site(false, 1);
    const auto page = files.find("entities/berlin-day-1.html");
    REQUIRE(page != files.end());
    const auto at =
        std::find(context.pages.begin(), context.pages.end(), facts.entity("berlin-day-1"));
    REQUIRE(at != context.pages.end());
    CHECK(page->second == alone[static_cast<std::size_t>(at - context.pages.begin())]);
  }
}

TEST_SUITE("site") {
  TEST_CASE("site: the search index is JSON that gives back every label, whatever its characters") {
    // Labels with what JSON must escape (quote, backslash, controls), what it must not (DEL,
    // combining marks, characters outside the BMP) and HTML's specials.
    const std::vector<std::string> labels = {
        "Quote \" back \\ tab \t line \n cr \r", "bell \a, escape \x1b, unit \x1f, DEL \x7f",
        "e\xcc\x81 \xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x99\x82 <b>&amp;</b> 'x'",
        "plain ASCII that needs nothing"};
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("fl-site-search-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "odd.facts").string();
    {
      std::ofstream out(file);
      out << "reference-data odd-data \"Odd names\"\n\n";
      out << "person odd-1 \"Quote \\\" back \\\\ tab \\t line \\n cr \\r\"@en\n";
      out << "person odd-2 \"bell \\u0007, escape \\u001b, unit \\u001f, DEL \\u007f\"@en\n";
      out << "person odd-3 \"e\\u0301 \xc3\xa9 \\u2028 \\U0001F642 <b>&amp;</b> 'x'\"@en\n";
      out << "person odd-4 \"plain ASCII that needs nothing\"@en\n";
    }
    compile::Compilation c;
    const bool compiled = compile::compile({file}, compile::Options{}, c);
    std::filesystem::remove_all(dir);
    REQUIRE(compiled);
    c.graph.freeze();
    const view::Facts facts(c.graph, compile::default_base, "");
    site::SiteOptions o;
    o.max_pictures = 0;
    MemorySink sink;
    REQUIRE(site::write_site(facts, c.sources, o, sink));
    const std::string js = sink.files.at("search-index.js");
    const std::string head = "window.factloomIndex = ";
    REQUIRE(js.rfind(head, 0) == 0);
    const std::size_t end = js.rfind(';');
    REQUIRE(end != std::string::npos);
    const nlohmann::json index = nlohmann::json::parse(js.substr(head.size(), end - head.size()));
    std::vector<std::string> found;
    for (const auto &entry : index)
      found.push_back(entry.at(0).get<std::string>());
    for (const std::string &label : labels)
      CHECK_MESSAGE(std::count(found.begin(), found.end(), label) == 1, label);
    // Escaped the shortest way, as nlohmann's dump writes them; the rest copied as it is.
    CHECK(js.find(R"(Quote \" back \\ tab \t line \n cr \r)") != std::string::npos);
    CHECK(js.find(R"(bell \u0007, escape \u001b, unit \u001f, DEL )"
                  "\x7f") != std::string::npos);
    CHECK(js.find("\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x99\x82 <b>&amp;</b>") != std::string::npos);
  }
}

TEST_SUITE("parallel") {
  TEST_CASE("site: the same bytes whatever the order of the files and the number of threads") {
    const auto one = sample_site(false, 1);
    CHECK(one == sample_site(true, 1));
    CHECK(one == sample_site(false, 4));
  }
}
