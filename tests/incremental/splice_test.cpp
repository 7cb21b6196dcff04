// A partial build's output (incremental/splice.hpp): the previous output with some subjects'
// groups replaced is the bytes a writer gives for the new graph, with the same group starts;
// the files' vocabularies tell when the union of their items changes; the build state reads back
// and refuses what is not one.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "graph/graph.hpp"
#include "incremental/cache.hpp"
#include "incremental/splice.hpp"
#include "serialise/write.hpp"

using namespace factloom;
using namespace factloom::incremental;
namespace fs = std::filesystem;

namespace {

const std::string base = "http://ex.org/";

/// The quads of thing `n` in version `v`: its type, a label, links to other things, and a
/// claim-like node under it ("n/c"), as a compiled graph has (IRIs only, no blank nodes).
void thing(graph::Graph &g, int n, int v) {
  auto &t = g.terms();
  const std::string id = base + "t" + std::to_string(n);
  const auto s = t.iri(id);
  g.add(s, t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        t.iri("http://voc.org/C" + std::to_string((n + v) % 3)));
  g.add(s, t.iri("http://voc.org/label"),
        t.literal("thing " + std::to_string(n * 10 + v), 0, "en"));
  g.add(s, t.iri("http://voc.org/link"), t.iri(base + "t" + std::to_string((n * 7 + v) % 50)));
  if ((n + v) % 2 == 0) {
    const auto c = t.iri(id + "/c");
    g.add(c, t.iri("http://voc.org/about"), s);
    g.add(c, t.iri("http://voc.org/value"), t.literal("line\nbreak " + std::to_string(v)));
  }
}

/// A graph of things 0..count-1 (thing n in version versions[n], absent when -1).
void fill(graph::Graph &g, const std::vector<int> &versions) {
  g.add_prefix("", base);
  g.add_prefix("voc", "http://voc.org/");
  g.add_prefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
  // The first subject in output order is never replaced (a splice refuses that).
  g.add(g.terms().iri("http://a.org/first"), g.terms().iri("http://voc.org/label"),
        g.terms().literal("first"));
  for (std::size_t n = 0; n < versions.size(); ++n) {
    if (versions[n] >= 0)
      thing(g, static_cast<int>(n), versions[n]);
  }
}

std::string write(const std::vector<int> &versions, rdf::Syntax syntax, unsigned jobs,
                  std::vector<std::uint64_t> &starts) {
  graph::Graph g;
  fill(g, versions);
  serialise::WriteOptions wo;
  wo.syntax = syntax;
  wo.jobs = jobs;
  wo.group_starts = &starts;
  std::string out;
  REQUIRE(serialise::write_graph(g, wo, out));
  return out;
}

/// The groups of `changed` as write_groups writes them, their texts views into `text`.
std::vector<Output::Group> groups_of(const graph::Graph &changed, rdf::Syntax syntax,
                                     std::string &text) {
  serialise::WriteOptions wo;
  wo.syntax = syntax;
  std::vector<std::uint64_t> starts;
  std::vector<graph::TermId> subjects;
  REQUIRE(serialise::write_groups(changed, wo, text, starts, subjects));
  std::vector<Output::Group> add;
  for (std::size_t k = 0; k < subjects.size(); ++k) {
    const std::uint64_t end = k + 1 < starts.size() ? starts[k + 1] : text.size();
    add.push_back({std::string(changed.terms().get(subjects[k]).value),
                   std::string_view(text).substr(starts[k], end - starts[k])});
  }
  return add;
}

} // namespace

TEST_CASE("splice: group starts mark each subject, in output order, whatever the threads") {
  // 3,000 things: about 12,000 quads, more than one piece of the parallel writer.
  const std::vector<int> versions(3000, 0);
  for (const rdf::Syntax syntax : {rdf::Syntax::turtle, rdf::Syntax::ntriples}) {
    std::vector<std::uint64_t> one, two;
    const std::string a = write(versions, syntax, 1, one);
    const std::string b = write(versions, syntax, 2, two);
    CHECK(a == b);
    CHECK(one == two);
    graph::Graph g;
    fill(g, versions);
    const Output output(a, Packed<std::uint64_t>(one));
    REQUIRE(output.valid());
    std::set<std::string> subjects;
    for (const graph::Quad &q : g.quads())
      subjects.insert(std::string(g.terms().get(q.s).value));
    REQUIRE(output.groups() == subjects.size());
    std::size_t k = 0;
    for (const std::string &s : subjects)
      CHECK(output.subject(k++) == s);
    CHECK(output.owned_by({"t12"}, base) ==
          std::vector<std::size_t>{*output.lower_bound(base + "t12"),
                                   *output.lower_bound(base + "t12/c")});
  }
}

TEST_CASE("splice: the previous output with changed things' groups replaced is the new output") {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    const rdf::Syntax syntax = round % 2 == 0 ? rdf::Syntax::turtle : rdf::Syntax::ntriples;
    std::vector<int> before(50), after;
    for (int &v : before)
      v = static_cast<int>(rng() % 4) - 1;
    after = before;
    std::vector<std::string> ids; // the things that change (or might)
    for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
      const std::size_t n = rng() % after.size();
      after[n] = static_cast<int>(rng() % 4) - 1;
      ids.push_back("t" + std::to_string(n));
    }
    std::vector<std::uint64_t> old_starts, new_starts, spliced_starts;
    const std::string old_text = write(before, syntax, 1, old_starts);
    const std::string new_text = write(after, syntax, 1, new_starts);
    // The changed things' quads, written as groups.
    graph::Graph changed;
    changed.add_prefix("", base);
    changed.add_prefix("voc", "http://voc.org/");
    changed.add_prefix("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
    for (const std::string &id : ids) {
      const std::size_t n = std::stoul(id.substr(1));
      if (after[n] >= 0)
        thing(changed, static_cast<int>(n), after[n]);
    }
    std::string text;
    const std::vector<Output::Group> add = groups_of(changed, syntax, text);
    const Output output(old_text, Packed<std::uint64_t>(old_starts));
    const auto drop = output.owned_by(ids, base);
    REQUIRE(drop);
    std::string spliced;
    StringSink sink(spliced);
    REQUIRE(output.splice(*drop, add, sink, spliced_starts));
    CHECK(spliced == new_text);
    CHECK(spliced_starts == new_starts);
    // What a copy of the old output's start may keep is the new output's start, and the rest
    // written from any point before its end completes it.
    const auto plan = output.plan(*drop, add);
    REQUIRE(plan);
    const std::uint64_t same = output.same_start(*plan);
    CHECK(same <= std::min(old_text.size(), new_text.size()));
    CHECK(old_text.substr(0, same) == new_text.substr(0, same));
    CHECK(same >= old_starts.front()); // the prefixes and the first group, never replaced
    const std::uint64_t from = same == 0 ? 0 : rng() % (same + 1);
    std::string rest;
    StringSink rest_sink(rest);
    REQUIRE(output.write(*plan, rest_sink, -1, from));
    CHECK(old_text.substr(0, from) + rest == new_text);
  }
}

// On threads (the early copy): ThreadSanitizer runs it.
TEST_SUITE("parallel") {
  TEST_CASE("splice: a new output over an early copy of the old one's start is the new output") {
    const fs::path dir = fs::temp_directory_path() / ("fl-early-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::mt19937 rng(11);
    for (int round = 0; round < 12; ++round) {
      // Large enough for several chunks of the early copy (16 MiB) in some rounds.
      std::vector<int> before(round % 6 == 0 ? 60000 : 400, 0), after;
      for (int &v : before)
        v = static_cast<int>(rng() % 3);
      after = before;
      const std::size_t n = rng() % after.size();
      after[n] = (after[n] + 1) % 3;
      std::vector<std::uint64_t> old_starts, new_starts;
      const std::string old_text = write(before, rdf::Syntax::ntriples, 1, old_starts);
      const std::string new_text = write(after, rdf::Syntax::ntriples, 1, new_starts);
      const fs::path old_path = dir / "old.nt", new_path = dir / "new.nt";
      std::ofstream(old_path, std::ios::binary) << old_text;
      std::ofstream(new_path, std::ios::binary) << "what was there before";
      const Mapping mapping(old_path.string(), true);
      REQUIRE(mapping.bytes() == old_text);
      const Output output(mapping.bytes(), Packed<std::uint64_t>(old_starts));
      graph::Graph changed;
      thing(changed, static_cast<int>(n), after[n]);
      std::string text;
      const std::vector<Output::Group> add = groups_of(changed, rdf::Syntax::ntriples, text);
      const auto drop = output.owned_by({"t" + std::to_string(n)}, base);
      REQUIRE(drop);
      auto file = AtomicFile::open(new_path.string());
      REQUIRE(file.ok());
      std::uint64_t copied = 0;
      {
        // Stopped at once, after some chunks, or when done: every point must do.
        EarlyCopy early(*file.value(), mapping.fd(), old_text.size(), 2);
        if (round % 3 == 1)
          std::this_thread::sleep_for(std::chrono::milliseconds(3));
        copied = round % 3 == 2
                     ? (std::this_thread::sleep_for(std::chrono::milliseconds(200)), early.stop())
                     : early.stop();
      }
      CHECK(copied <= old_text.size());
      if (round % 3 == 2)
        CHECK(copied == old_text.size());
      const auto plan = output.plan(*drop, add);
      REQUIRE(plan);
      const std::uint64_t keep = std::min(copied, output.same_start(*plan));
      REQUIRE(file.value()->truncate_to(keep));
      REQUIRE(output.write(*plan, *file.value(), mapping.fd(), keep));
      REQUIRE(file.value()->commit().ok());
      std::ifstream in(new_path, std::ios::binary);
      const std::string got((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      CHECK(got.size() == new_text.size());
      CHECK(got == new_text);
    }
    // One thread: nothing is copied early.
    auto file = AtomicFile::open((dir / "one.nt").string());
    REQUIRE(file.ok());
    const Mapping mapping((dir / "old.nt").string(), true);
    EarlyCopy early(*file.value(), mapping.fd(), mapping.bytes().size(), 1);
    CHECK(early.stop() == 0);
    fs::remove_all(dir);
  }
}

TEST_CASE("splice: a group added before the first one, or the first one dropped, is refused") {
  std::vector<std::uint64_t> starts;
  const std::string text = write({0, 0}, rdf::Syntax::turtle, 1, starts);
  const Output output(text, Packed<std::uint64_t>(starts));
  std::string out;
  StringSink sink(out);
  std::vector<std::uint64_t> s;
  CHECK_FALSE(output.splice({0}, {}, sink, s));
  CHECK_FALSE(output.splice({}, {{"http://a.org/", " .\n\n<http://a.org/> <p> <o>"}}, sink, s));
  // A subject added that is there and not dropped.
  CHECK_FALSE(output.splice({}, {{base + "t1", "x"}}, sink, s));
}

TEST_CASE("splice: the union of the files' vocabularies") {
  const Vocabulary v({{1, 2}, {2, 3}, {5}});
  const std::vector<bool> second{false, true, false};
  const std::vector<std::size_t> same{0, 1, 2};
  CHECK(v.same_union({{}, {3, 2}, {}}, second, same));
  CHECK(v.same_union({{}, {3}, {}}, second, same));             // 2 is still used by the first file
  CHECK_FALSE(v.same_union({{}, {2}, {}}, second, same));       // 3 used by no file now
  CHECK_FALSE(v.same_union({{}, {2, 3, 4}, {}}, second, same)); // 4 used by no file before
  CHECK(v.same_union({{}, {2, 3, 5}, {}}, second, same));
  const Vocabulary w = v.with({{}, {2, 3, 5}, {}}, second, same);
  CHECK(w.same_union({{}, {}, {}}, {false, false, true}, same));       // 5 in the second file now
  CHECK_FALSE(v.same_union({{}, {}, {}}, {false, false, true}, same)); // but not before
  // Files added and removed: the third file removed, a file added before the first one.
  const std::size_t none = Vocabulary::none;
  CHECK_FALSE(v.same_union({{2}, {}, {}}, {true, false, false}, {none, 0, 1})); // 5 gone
  CHECK(v.same_union({{5}, {}, {}}, {true, false, false}, {none, 0, 1}));
  const Vocabulary x = v.with({{5}, {}, {}}, {true, false, false}, {none, 0, 1});
  CHECK(x.files() == 3);
  CHECK(x.same_union({{1, 2, 5}, {}, {}}, {true, false, false}, {none, 1, 2}));
  CHECK_FALSE(x.same_union({{}, {}, {}}, {true, false, false}, {none, 1, 2})); // 5 no more
}

TEST_CASE("splice: the build state reads back, and is refused cut or foreign") {
  const Vocabulary v({{1, 2}, {2, 3}});
  const std::string records = "records";
  std::vector<std::shared_ptr<const void>> keep;
  std::string bytes;
  for (const std::string_view part :
       build_state_parts({records}, BuildState{{}, v, Packed<std::uint64_t>({10, 20, 30})}, keep))
    bytes += part;
  const auto state = decode_build_state(bytes);
  REQUIRE(state);
  CHECK(state->records == records);
  CHECK(state->starts.bytes() == Packed<std::uint64_t>({10, 20, 30}).bytes());
  CHECK(state->vocabulary.files() == 2);
  CHECK(state->vocabulary.same_union({{}, {3, 2}}, {false, true}, {0, 1}));
  CHECK_FALSE(state->vocabulary.same_union({{}, {2}}, {false, true}, {0, 1}));
  for (std::size_t cut = 0; cut < bytes.size(); ++cut)
    CHECK_FALSE(decode_build_state(std::string_view(bytes).substr(0, cut)));
  std::string foreign = bytes;
  foreign[3] = 'X';
  CHECK_FALSE(decode_build_state(foreign));
}
