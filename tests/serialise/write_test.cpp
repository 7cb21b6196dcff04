// The writer: prefixed names only where Serd can write them, sorted and deduplicated output.
#include <doctest/doctest.h>

#include "graph/graph.hpp"
#include "rdf/prefixes.hpp"
#include "rdf/read.hpp"
#include "serialise/write.hpp"

using namespace factloom;

TEST_SUITE("serialise") {
  TEST_CASE("local names") {
    CHECK(rdf::local_name_ok("berlin-day-1"));
    CHECK(rdf::local_name_ok("a.b_c"));
    CHECK(rdf::local_name_ok("Genève"));
    CHECK(rdf::local_name_ok("1st"));
    CHECK_FALSE(rdf::local_name_ok("a/b"));
    CHECK_FALSE(rdf::local_name_ok("end."));
    CHECK_FALSE(rdf::local_name_ok("-x"));
    CHECK_FALSE(rdf::local_name_ok("a%20b"));
    CHECK_FALSE(rdf::local_name_ok(""));
  }

  TEST_CASE("output is sorted, abbreviated, deduplicated and declares only used prefixes") {
    graph::Graph g;
    auto &t = g.terms();
    g.add_prefix("ex", "http://ex.org/");
    g.add_prefix("unused", "http://unused.org/");
    const auto type = t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    const auto b = t.iri("http://ex.org/b"), a = t.iri("http://ex.org/a");
    const auto p = t.iri("http://ex.org/p"), cls = t.iri("http://ex.org/C");
    const auto slash = t.iri("http://ex.org/x/y");
    g.add(b, p, t.literal("two\nlines \"quoted\""));
    g.add(b, type, cls);
    g.add(a, p, slash);
    g.add(a, p, slash);
    g.add(a, p, t.literal("ü", 0, "de"));
    g.freeze();
    std::string out;
    REQUIRE(serialise::write_graph(g, serialise::WriteOptions{}, out).ok());
    CHECK(out.find("@prefix unused") == std::string::npos);
    CHECK(out.find("@prefix ex: <http://ex.org/> .") == 0);
    CHECK(out.find("ex:a") < out.find("ex:b"));
    CHECK(out.find("<http://ex.org/x/y>") != std::string::npos);
    CHECK(out.find("\ta ex:C") != std::string::npos);
    CHECK(out.find("\"ü\"@de") != std::string::npos);
    CHECK(out.find("\"\"\"two\nlines ") != std::string::npos);
    // It reads back as the same graph.
    SourceSet sources;
    DiagnosticSink sink;
    graph::Graph back;
    const auto f = sources.add("out.ttl", out);
    REQUIRE(rdf::read_rdf(sources.get(f), f, rdf::ReadOptions{}, back, sink));
    back.freeze();
    CHECK(back.size() == g.size());
    CHECK(back.terms().find(graph::TermKind::literal, "two\nlines \"quoted\"") != 0);
  }
}

TEST_SUITE("rdf") {
  TEST_CASE("relative IRIs are resolved against the base") {
    SourceSet sources;
    DiagnosticSink sink;
    graph::Graph g;
    const auto f = sources.add("r.ttl", "@base <http://x.org/dir/> .\n<a> <p> <../b> .\n");
    REQUIRE(rdf::read_rdf(sources.get(f), f, rdf::ReadOptions{}, g, sink));
    CHECK(g.terms().find(graph::TermKind::iri, "http://x.org/dir/a") != 0);
    CHECK(g.terms().find(graph::TermKind::iri, "http://x.org/b") != 0);
  }
}

namespace {
/// A sink that fails once `limit` bytes have been written.
class FailingSink final : public factloom::ByteSink {
public:
  explicit FailingSink(std::size_t limit) : limit_(limit) {}
  bool write(const char *, std::size_t size) override {
    if (written_ + size > limit_)
      return false;
    written_ += size;
    return true;
  }

private:
  std::size_t limit_;
  std::size_t written_ = 0;
};
} // namespace

TEST_SUITE("serialise") {
  TEST_CASE("a sink that fails after any number of bytes gives an error, never a crash") {
    graph::Graph g;
    auto &t = g.terms();
    g.add_prefix("ex", "http://ex.org/");
    const auto p = t.iri("http://ex.org/p");
    for (int i = 0; i < 20; ++i) {
      g.add(t.iri("http://ex.org/s" + std::to_string(i)), p,
            t.literal("value " + std::to_string(i), 0, "en"));
    }
    for (auto syntax : {rdf::Syntax::turtle, rdf::Syntax::ntriples, rdf::Syntax::trig}) {
      serialise::WriteOptions o;
      o.syntax = syntax;
      std::string full;
      REQUIRE(serialise::write_graph(g, o, full).ok());
      for (std::size_t n = 0; n < full.size(); ++n) {
        FailingSink sink(n);
        CHECK_FALSE(serialise::write_graph(g, o, sink).ok());
      }
      FailingSink enough(full.size());
      CHECK(serialise::write_graph(g, o, enough).ok());
    }
  }
}

TEST_SUITE("rdf") {
  TEST_CASE("an empty document is an empty graph") {
    for (auto syntax : {rdf::Syntax::turtle, rdf::Syntax::ntriples, rdf::Syntax::trig}) {
      SourceSet sources;
      DiagnosticSink sink;
      graph::Graph g;
      const auto f = sources.add("empty", "");
      rdf::ReadOptions o;
      o.syntax = syntax;
      CHECK(rdf::read_rdf(sources.get(f), f, o, g, sink));
      CHECK(g.size() == 0);
      CHECK_FALSE(sink.has_errors());
    }
  }
}
