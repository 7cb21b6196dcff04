// The domain views of the samples: the nodes and edges the facts call for, determinism, errors.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "compile/compile.hpp"
#include "rdf/vocab.hpp"
#include "view/facts.hpp"
#include "view/views.hpp"

using namespace factloom;

namespace {

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

/// The view of the samples (compiled from the files in the given order).
view::ViewResult sample_view(const view::ViewOptions &o, bool reversed = false,
                             const std::string &lang = "") {
  compile::Compilation c;
  REQUIRE(compile::compile(sample_files(reversed), compile::Options{}, c));
  c.graph.freeze();
  const view::Facts facts(c.graph, compile::default_base, lang);
  return view::build_view(facts, o);
}

const view::DotEdge *find_edge(const view::DotGraph &g, const std::string &from,
                               const std::string &to) {
  for (const view::DotEdge &e : g.edges()) {
    if (e.from == from && e.to == to)
      return &e;
  }
  return nullptr;
}

} // namespace

TEST_SUITE("view") {
  TEST_CASE("meetings: participants with their roles, statuses styled, dates ranked") {
    const auto r = sample_view({});
    REQUIRE(r.error.empty());
    const view::DotGraph &g = r.graph;
    REQUIRE(g.has_node("berlin-day-1"));
    CHECK(g.nodes().at("berlin-day-1").label.find("2025-12-14") != std::string::npos);
    CHECK(g.nodes().at("berlin-day-1").attrs.at("style") == "rounded,filled"); // held
    const auto *umerov = find_edge(g, "umerov", "berlin-day-1");
    REQUIRE(umerov != nullptr);
    CHECK(umerov->label == "negotiator");
    const auto *witkoff = find_edge(g, "witkoff", "berlin-day-1");
    REQUIRE(witkoff != nullptr);
    CHECK(witkoff->label == "envoy, leader");
    const auto *merz = find_edge(g, "merz", "berlin-day-1");
    REQUIRE(merz != nullptr);
    CHECK(merz->label.empty());
    // day 2 follows day 1; the planned Abu Dhabi talks are dashed; the time line is in order.
    CHECK(find_edge(g, "berlin-day-2", "berlin-day-1") != nullptr);
    REQUIRE(g.has_node("abu-dhabi-economic-talks"));
    CHECK(g.nodes().at("abu-dhabi-economic-talks").attrs.at("style") == "rounded,dashed");
    CHECK(find_edge(g, "date:2025-12-14", "date:2025-12-15") != nullptr);
    const std::string dot = g.str();
    CHECK(dot.find("{ rank=same; \"berlin-day-1\"; \"date:2025-12-14\"; }") != std::string::npos);
    CHECK(g.note.empty());
  }

  TEST_CASE("meetings: a time window and a source filter") {
    view::ViewOptions o;
    o.from = "2025-12-15";
    o.to = "2025-12-15";
    const auto r = sample_view(o);
    CHECK(r.graph.has_node("berlin-day-2"));
    CHECK_FALSE(r.graph.has_node("berlin-day-1"));
    view::ViewOptions s;
    s.source = "radio1-2026-01-23";
    const auto bysource = sample_view(s);
    REQUIRE(bysource.error.empty());
    CHECK(bysource.graph.has_node("abu-dhabi-economic-talks"));
    CHECK_FALSE(bysource.graph.has_node("berlin-day-1"));
  }

  TEST_CASE("meetings: the cap keeps the latest meetings and says what it left out") {
    view::ViewOptions o;
    o.max_nodes = 12;
    const auto r = sample_view(o);
    CHECK(r.graph.nodes().size() <= 12 + 20); // meetings and agents, plus date nodes
    CHECK(r.graph.note.find("Left out (--max-nodes 12)") != std::string::npos);
    CHECK(r.graph.str().find("Left out") != std::string::npos);
  }

  TEST_CASE("proposals: revisions, counter-proposals, proposers, signatories, stances") {
    view::ViewOptions o;
    o.kind = view::Kind::proposals;
    const auto r = sample_view(o);
    const view::DotGraph &g = r.graph;
    const auto *revision = find_edge(g, "peace-plan-20-dec24", "peace-plan-20");
    REQUIRE(revision != nullptr);
    CHECK(revision->label == "revision of");
    const auto *counter = find_edge(g, "european-counter-offer", "us-proposal");
    REQUIRE(counter != nullptr);
    CHECK(counter->label == "counter to");
    const auto *proposer = find_edge(g, "united-states", "us-proposal");
    REQUIRE(proposer != nullptr);
    CHECK(proposer->label == "proposes");
    const auto *signs = find_edge(g, "ukraine", "prosperity-plan");
    REQUIRE(signs != nullptr);
    CHECK(signs->label.rfind("signs", 0) == 0);
    bool stance = false;
    for (const view::DotEdge &e : g.edges())
      stance = stance || (e.to == "us-proposal" && e.attrs.count("color") &&
                          e.label != "proposes" && e.label != "counter to");
    CHECK(stance);
    CHECK(g.nodes().at("us-proposal").attrs.at("shape") == "note");
  }

  TEST_CASE("focus: the neighbourhood of one entity, and a clear error for an unknown id") {
    view::ViewOptions o;
    o.kind = view::Kind::focus;
    o.focus = "berlin-day-1";
    const auto r = sample_view(o);
    REQUIRE(r.error.empty());
    CHECK(r.graph.has_node("zelensky"));
    CHECK(r.graph.has_node("berlin"));
    CHECK(r.graph.has_node("berlin-day-2")); // linked the other way (it follows day 1)
    CHECK_FALSE(r.graph.has_node("berlin-talks-2025-12-15")); // provenance is not followed
    const auto *edge = find_edge(r.graph, "berlin-day-1", "umerov");
    REQUIRE(edge != nullptr);
    CHECK(edge->label == "participant: negotiator");
    o.focus = "berlin-day-l";
    const auto bad = sample_view(o);
    CHECK(bad.error == "--focus: unknown id 'berlin-day-l'; did you mean 'berlin-day-1'?");
    view::ViewOptions s;
    s.source = "no-such-article";
    CHECK(sample_view(s).error.rfind("--source: unknown id 'no-such-article'", 0) == 0);
  }

  TEST_CASE("the same DOT bytes whatever the order of the input files") {
    for (const view::Kind kind : {view::Kind::meetings, view::Kind::proposals}) {
      view::ViewOptions o;
      o.kind = kind;
      const std::string forward = sample_view(o, false).graph.str();
      CHECK(forward == sample_view(o, true).graph.str());
      CHECK(forward.size() > 1000);
    }
  }

  TEST_CASE("labels in the asked language, then English, then untagged") {
    graph::Graph g;
    auto &t = g.terms();
    const auto label = t.iri(vocab::rdfs_label);
    const auto kyiv = t.iri(std::string(compile::default_base) + "kyiv");
    const auto plain = t.iri(std::string(compile::default_base) + "plain");
    g.add(kyiv, label, t.literal("Kyiv", 0, "en"));
    g.add(kyiv, label, t.literal("\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2", 0, "uk"));
    g.add(kyiv, label, t.literal("Kiew", 0, "de-AT"));
    g.add(plain, label, t.literal("Plain"));
    g.add(plain, label, t.literal("Simple", 0, "fr"));
    g.freeze();
    CHECK(view::Facts(g, compile::default_base, "uk").label(kyiv) ==
          "\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2");
    CHECK(view::Facts(g, compile::default_base, "de").label(kyiv) == "Kiew");
    CHECK(view::Facts(g, compile::default_base, "fr").label(kyiv) == "Kyiv");
    CHECK(view::Facts(g, compile::default_base, "").label(kyiv) == "Kyiv");
    CHECK(view::Facts(g, compile::default_base, "").label(plain) == "Plain");
    CHECK(view::Facts(g, compile::default_base, "fr").label(plain) == "Simple");
    CHECK(view::Facts(g, compile::default_base, "").short_id(kyiv) == "kyiv");
  }

  TEST_CASE("DOT strings are escaped, labels wrapped and cut on a UTF-8 boundary") {
    CHECK(view::dot_quote("a \"b\" \\ c\nd\te") == "\"a \\\"b\\\" \\\\ c\\nd e\"");
    CHECK(view::wrap_label("one two three four", 8) == "one two\nthree\nfour");
    const std::string cut = view::wrap_label("\xc3\xa9\xc3\xa9\xc3\xa9", 80, 3);
    CHECK(cut == "\xc3\xa9\u2026");
    CHECK(view::in_window("2025-12-14", "2025-12", "2025-12-31"));
    CHECK_FALSE(view::in_window("2025-11-30", "2025-12", ""));
    CHECK(view::in_window("2025-12", "2025-12-14", "")); // a month overlapping the bound
    CHECK_FALSE(view::in_window("", "2025", ""));
  }
}
