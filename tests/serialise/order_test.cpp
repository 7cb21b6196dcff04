// The output order: quads that come in runs of one graph (as a build emits them) are sorted run
// by run, and the result is the order of sorting everything.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "graph/terms.hpp"
#include "serialise/order.hpp"

using namespace factloom;

namespace {

struct Runs {
  graph::TermTable terms;
  graph::TermId type = terms.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
  std::vector<graph::Quad> quads;

  /// `count` quads of graph `g` in a random order, some of them twice.
  void run(graph::TermId g, int count, std::mt19937 &rng) {
    for (int i = 0; i < count; ++i) {
      const graph::TermId s = terms.iri("http://ex.org/s" + std::to_string(rng() % 40));
      const graph::TermId p =
          rng() % 4 == 0 ? type : terms.iri("http://ex.org/p" + std::to_string(rng() % 5));
      const graph::TermId o = terms.literal(std::to_string(rng() % 30));
      quads.push_back(graph::Quad{s, p, o, g});
      if (rng() % 8 == 0)
        quads.push_back(graph::Quad{s, p, o, g});
    }
  }
};

/// sort_for_output of `quads` as given and of the same quads shuffled (which the run-by-run path
/// never takes): the same sequence, for 1 and 2 threads.
void same_as_shuffled(Runs &r) {
  std::vector<graph::Quad> shuffled = r.quads;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(5));
  serialise::sort_for_output(r.terms, r.type, true, 1, shuffled);
  for (unsigned jobs : {1U, 2U}) {
    CAPTURE(jobs);
    std::vector<graph::Quad> runs = r.quads;
    serialise::sort_for_output(r.terms, r.type, true, jobs, runs);
    REQUIRE(runs.size() == shuffled.size());
    CHECK(std::equal(runs.begin(), runs.end(), shuffled.begin()));
  }
  CHECK(shuffled.size() < r.quads.size()); // the repeats are gone
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE(
      "quads in runs of one graph in graph order, then the default graph's, sort as a whole") {
    std::mt19937 rng(3);
    Runs r;
    for (int k = 0; k < 30; ++k)
      r.run(r.terms.iri("http://ex.org/g" + std::to_string(100 + k)), 200, rng);
    r.run(0, 150, rng);
    same_as_shuffled(r);
  }

  TEST_CASE("quads in runs out of graph order, or a graph in two runs, sort as a whole") {
    std::mt19937 rng(4);
    Runs out_of_order;
    for (int k = 30; k > 0; --k)
      out_of_order.run(out_of_order.terms.iri("http://ex.org/g" + std::to_string(100 + k)), 90,
                       rng);
    same_as_shuffled(out_of_order);
    Runs split;
    const graph::TermId a = split.terms.iri("http://ex.org/a");
    const graph::TermId b = split.terms.iri("http://ex.org/b");
    split.run(a, 100, rng);
    split.run(b, 100, rng);
    split.run(0, 50, rng);
    split.run(a, 100, rng);
    split.run(0, 50, rng);
    same_as_shuffled(split);
  }
}

namespace {

/// Quads grouped by subject (a frozen graph's order is one such), some repeated, some in two
/// graphs: order_by_subject's runs hold the quads sort_for_output gives for triples.
void runs_same_as_sorted(std::size_t subjects, unsigned jobs) {
  std::mt19937 rng(static_cast<unsigned>(subjects) + jobs);
  Runs r;
  std::vector<graph::TermId> s(subjects);
  for (std::size_t i = 0; i < subjects; ++i)
    s[i] = r.terms.iri("http://ex.org/s/" + std::to_string(rng() % 1000000));
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  std::shuffle(s.begin(), s.end(), rng);
  const graph::TermId g = r.terms.iri("http://ex.org/g");
  for (const graph::TermId subject : s) {
    for (unsigned k = rng() % 9; k > 0; --k) {
      const graph::TermId p =
          rng() % 4 == 0 ? r.type : r.terms.iri("http://ex.org/p" + std::to_string(rng() % 5));
      const graph::TermId o = r.terms.literal(std::to_string(rng() % 30));
      r.quads.push_back(graph::Quad{subject, p, o, 0});
      if (rng() % 8 == 0)
        r.quads.push_back(graph::Quad{subject, p, o, rng() % 2 == 0 ? g : 0});
    }
  }
  std::vector<graph::Quad> sorted = r.quads;
  serialise::sort_for_output(r.terms, r.type, false, 1, sorted);
  std::vector<graph::Quad> quads = r.quads;
  const auto runs = serialise::order_by_subject(r.terms, r.type, jobs, quads);
  REQUIRE(runs.has_value());
  std::vector<graph::Quad> joined;
  for (const serialise::Run &run : *runs)
    joined.insert(joined.end(), quads.begin() + run.begin, quads.begin() + run.end);
  CHECK(joined.size() < r.quads.size()); // the repeats are gone
  REQUIRE(joined.size() == sorted.size());
  CHECK(std::equal(joined.begin(), joined.end(), sorted.begin()));
}

} // namespace

TEST_CASE("quads grouped by subject: the runs in output order are the sorted triples") {
  runs_same_as_sorted(500, 1);
}

TEST_CASE("a subject's quads in two places: no runs, the quads unchanged") {
  Runs r;
  const graph::TermId a = r.terms.iri("http://ex.org/a");
  const graph::TermId b = r.terms.iri("http://ex.org/b");
  const graph::TermId o = r.terms.literal("o");
  r.quads = {{a, r.type, o, 0}, {b, r.type, o, 0}, {a, r.type, o, 0}};
  std::vector<graph::Quad> quads = r.quads;
  CHECK_FALSE(serialise::order_by_subject(r.terms, r.type, 2, quads).has_value());
  CHECK(quads == r.quads);
  std::vector<graph::Quad> none;
  const auto empty = serialise::order_by_subject(r.terms, r.type, 1, none);
  REQUIRE(empty.has_value());
  CHECK(empty->empty());
}

TEST_SUITE("parallel") {
  TEST_CASE("quads grouped by subject, runs sorted on threads: the sorted triples") {
    runs_same_as_sorted(40000, 2);
  }

  TEST_CASE("a subject's quads in two places far apart: no runs, whatever the threads") {
    // 200,000 quads of 50,000 subjects, grouped, then one more quad of the first subject (or of
    // a subject from the middle) at the end: the runs' starts are found in slices, and the
    // subject's two runs lie in different slices.
    for (const std::size_t again : {std::size_t{0}, std::size_t{25000}}) {
      for (unsigned jobs : {1U, 2U, 3U}) {
        CAPTURE(again);
        CAPTURE(jobs);
        Runs r;
        std::vector<graph::TermId> s;
        for (int i = 0; i < 50000; ++i)
          s.push_back(r.terms.iri("http://ex.org/s/" + std::to_string(i)));
        const graph::TermId o = r.terms.literal("o");
        for (const graph::TermId subject : s) {
          for (int k = 0; k < 4; ++k)
            r.quads.push_back(
                graph::Quad{subject, r.terms.iri("http://ex.org/p" + std::to_string(k)), o, 0});
        }
        std::vector<graph::Quad> grouped = r.quads;
        CHECK(serialise::order_by_subject(r.terms, r.type, jobs, grouped).has_value());
        r.quads.push_back(graph::Quad{s[again], r.type, o, 0});
        std::vector<graph::Quad> quads = r.quads;
        CHECK_FALSE(serialise::order_by_subject(r.terms, r.type, jobs, quads).has_value());
        CHECK(quads == r.quads);
      }
    }
  }
}

namespace {

/// Quads in no order (a subject's quads in many places, repeats, two graphs): order_triples's
/// runs hold the quads sort_for_output gives for triples.
void shuffled_runs_same_as_sorted(std::size_t quads_wanted, unsigned jobs) {
  std::mt19937 rng(static_cast<unsigned>(quads_wanted) + jobs);
  Runs r;
  const graph::TermId g = r.terms.iri("http://ex.org/g");
  for (std::size_t i = 0; i < quads_wanted; ++i) {
    const graph::TermId s = r.terms.iri("http://ex.org/s/" + std::to_string(rng() % 3000));
    const graph::TermId p =
        rng() % 4 == 0 ? r.type : r.terms.iri("http://ex.org/p" + std::to_string(rng() % 5));
    const graph::TermId o = r.terms.literal(std::to_string(rng() % 30));
    r.quads.push_back(graph::Quad{s, p, o, rng() % 3 == 0 ? g : 0});
    if (rng() % 8 == 0)
      r.quads.push_back(graph::Quad{s, p, o, 0});
  }
  std::vector<graph::Quad> sorted = r.quads;
  serialise::sort_for_output(r.terms, r.type, false, 1, sorted);
  std::vector<graph::Quad> quads = r.quads;
  REQUIRE_FALSE(serialise::order_by_subject(r.terms, r.type, jobs, quads).has_value());
  const std::vector<serialise::Run> runs = serialise::order_triples(r.terms, r.type, jobs, quads);
  std::vector<graph::Quad> joined;
  for (const serialise::Run &run : runs) {
    CHECK(run.begin < run.end);
    joined.insert(joined.end(), quads.begin() + run.begin, quads.begin() + run.end);
  }
  CHECK(joined.size() < r.quads.size()); // the repeats are gone
  REQUIRE(joined.size() == sorted.size());
  CHECK(std::equal(joined.begin(), joined.end(), sorted.begin()));
}

} // namespace

TEST_CASE("quads in no order: order_triples groups them by subject, the sorted triples") {
  shuffled_runs_same_as_sorted(2000, 1);
  Runs none;
  std::vector<graph::Quad> empty;
  CHECK(serialise::order_triples(none.terms, none.type, 1, empty).empty());
}

TEST_SUITE("parallel") {
  TEST_CASE("quads in no order, runs sorted on threads: the sorted triples") {
    shuffled_runs_same_as_sorted(100000, 2);
  }
}
