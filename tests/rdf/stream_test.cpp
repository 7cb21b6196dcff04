// Reading RDF files in pieces (issue 14: validate without the input text in memory): the same
// graph and the same diagnostics as reading the whole text, and the text kept only for errors.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

#include "base/input.hpp"
#include "graph/graph.hpp"
#include "rdf/guard.hpp"
#include "rdf/read.hpp"

using namespace factloom;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

/// A file of its own for one check, removed at the end of its scope.
struct TempFile {
  fs::path path;
  explicit TempFile(const std::string &text, const std::string &ext = ".ttl") {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / ("factloom-stream-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter++) + ext);
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path); }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;
};

struct Outcome {
  bool ok = false;
  std::string diagnostics;
  graph::Graph graph;
  std::size_t text_kept = 0; ///< bytes of the text the SourceSet holds after the reading
};

rdf::ReadOptions options_for(rdf::Syntax syntax) {
  rdf::ReadOptions options;
  options.base_iri = "http://x/";
  options.syntax = syntax;
  return options;
}

/// Reads `path` whole (the text in memory), as before issue 14.
Outcome read_whole(const std::string &path, const std::string &text, rdf::Syntax syntax) {
  Outcome r;
  SourceSet sources;
  DiagnosticSink sink;
  const auto f = sources.add(path, text);
  r.ok = rdf::read_rdf(sources.get(f), f, options_for(syntax), r.graph, sink);
  for (const Diagnostic &d : sink.all())
    r.diagnostics += render(d, sources);
  r.text_kept = sources.get(f).text().size();
  return r;
}

/// Reads `path` in pieces from the file.
Outcome read_streamed(const std::string &path, rdf::Syntax syntax) {
  Outcome r;
  SourceSet sources;
  DiagnosticSink sink;
  const auto f = sources.add(path, std::string());
  std::optional<InputFile> input = InputFile::open_regular(path);
  REQUIRE(input.has_value());
  const Result<bool> read =
      rdf::read_rdf_file(*input, sources, f, options_for(syntax), r.graph, sink);
  REQUIRE(read.ok());
  r.ok = read.value();
  for (const Diagnostic &d : sink.all())
    r.diagnostics += render(d, sources);
  r.text_kept = sources.get(f).text().size();
  return r;
}

/// Both readings of `text` agree: success, quads (in reading order, with the same term ids),
/// diagnostics (line, column, source line, caret). Returns the streamed one.
Outcome check_same(const std::string &text, rdf::Syntax syntax = rdf::Syntax::turtle) {
  const TempFile file(text, syntax == rdf::Syntax::ntriples ? ".nt" : ".ttl");
  Outcome whole = read_whole(file.path.string(), text, syntax);
  Outcome streamed = read_streamed(file.path.string(), syntax);
  CHECK(streamed.ok == whole.ok);
  CHECK(streamed.diagnostics == whole.diagnostics);
  CHECK(streamed.graph.size() == whole.graph.size());
  CHECK((streamed.graph.quads() == whole.graph.quads()));
  CHECK(streamed.graph.terms().size() == whole.graph.terms().size());
  return streamed;
}

/// N-Triples of `n` statements, about 100 bytes each.
std::string many_triples(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "<http://example.org/s" + std::to_string(i % 97) + "> <http://example.org/p" +
            std::to_string(i % 7) + "> \"value number " + std::to_string(i) + "\" .\n";
  }
  return text;
}

std::string guard_text(const rdf::GuardResult &g) {
  std::string out = g.error ? std::to_string(g.error->offset) + " " + g.error->message : "ok";
  out += g.has_nul ? " nul" : "";
  for (const std::uint32_t at : g.comment_nuls)
    out += " " + std::to_string(at);
  return out;
}

} // namespace

TEST_SUITE("rdf") {
  TEST_CASE("a file read in pieces gives the graph of its whole text, and its text is not kept") {
    const std::string big = many_triples(5000); // about 400 KB: many pages of Serd, many pieces
    const Outcome nt = check_same(big, rdf::Syntax::ntriples);
    CHECK(nt.ok);
    CHECK(nt.graph.size() == 5000);
    CHECK(nt.text_kept == 0);
    std::string turtle = "@prefix e: <http://example.org/> .\n";
    for (int i = 0; i < 3000; ++i)
      turtle += "e:s" + std::to_string(i) + " e:p \"\"\"long\nstring " + std::to_string(i) +
                "\"\"\" ; e:q ( 1 2 [ e:r 3 ] ) .\n";
    const Outcome ttl = check_same(turtle);
    CHECK(ttl.ok);
    CHECK(ttl.text_kept == 0);
    // NUL bytes inside strings and comments: read byte by byte, comment NULs as spaces.
    const std::string nul = "# a\0comment\n<a> <p> \"x\0y\" .\n"s + big;
    const Outcome with_nul = check_same(nul);
    CHECK(with_nul.ok);
    CHECK(with_nul.graph.size() == 5001);
    CHECK(check_same("").ok);
  }

  TEST_CASE("errors in a file read in pieces point to the same line and column, with its text") {
    const std::string big = many_triples(3000);
    // Serd's errors, far into the file.
    const Outcome syntax = check_same(big + "<a> <p> \"unterminated .\n" + big);
    CHECK_FALSE(syntax.ok);
    CHECK(syntax.diagnostics.find(":3001:") != std::string::npos);
    CHECK(syntax.text_kept > 0); // read again for the source line
    CHECK_FALSE(check_same(big + "<a> <p> nope:x .\n").ok);
    // The guard's, far into the file and across the 64 KiB pieces it is read in.
    CHECK_FALSE(check_same(big + "<a> <p> \"\xC3\x28\" .\n").ok);
    for (std::size_t pad = 65520; pad < 65540; ++pad) {
      const std::string text = "#" + std::string(pad, 'x') + "\n<a> <p> \"\\uD800\" .\n";
      const Outcome surrogate = check_same(text);
      CHECK_FALSE(surrogate.ok);
      CHECK(surrogate.diagnostics.find("surrogate") != std::string::npos);
    }
    CHECK_FALSE(check_same(big + "<a> <p> " + std::string(1200, '[') + "\n").ok);
    CHECK_FALSE(check_same(big + "<a> <p> <b> .\0\n"s).ok);
  }

  TEST_CASE("the guard fed in pieces of any size finds what it finds in the whole text") {
    const std::string texts[] = {
        "<a> <p> \"\\uD83D\" .\n",
        "<a> <p> '''x''' , \"\"\"y\\\"\"\"\" .\n# c\0mment\0\n<a\\u0020> <p> \"\0\" .\n"s,
        "p:a\\#b p:c ( [ ( ) ] ) . \xE2\x82\xAC \xE2\x82 .\n",
        std::string(40, '(') + "\xF0\x9F\x98\x80" + std::string(40, ')'),
        "<a> <p> \"\\U0000DFFF\" .",
        "#\xED\xA0\x80\n",
    };
    for (const std::string &text : texts) {
      const std::string whole = guard_text(rdf::guard_document(text));
      for (std::size_t piece = 1; piece <= text.size(); ++piece) {
        rdf::DocumentGuard guard;
        for (std::size_t at = 0; at < text.size(); at += piece)
          guard.feed(std::string_view(text).substr(at, piece));
        CHECK(guard_text(guard.finish()) == whole);
      }
    }
  }

  TEST_CASE("a file that changes while it is read is an I/O error, not a misplaced caret") {
    const std::string text = many_triples(100) + "<a> <p> \"unterminated .\n";
    const TempFile file(text);
    std::optional<InputFile> input = InputFile::open_regular(file.path.string());
    REQUIRE(input.has_value());
    CHECK(input->read_all().ok());
    std::ofstream(file.path, std::ios::binary | std::ios::app) << "<b> <p> <c> .\n";
    CHECK_FALSE(input->unchanged());
    const Result<std::string> again = input->read_all();
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().message.find("changed while factloom read it") != std::string::npos);
    SourceSet sources;
    DiagnosticSink sink;
    graph::Graph g;
    const auto f = sources.add(file.path.string(), std::string());
    const Result<bool> read =
        rdf::read_rdf_file(*input, sources, f, options_for(rdf::Syntax::turtle), g, sink);
    CHECK_FALSE(read.ok());
    // Not a regular file: read whole by read_file instead.
    CHECK_FALSE(InputFile::open_regular("-").has_value());
    CHECK_FALSE(InputFile::open_regular(fs::temp_directory_path().string()).has_value());
    CHECK_FALSE(InputFile::open_regular(file.path.string() + ".missing").has_value());
  }
}
