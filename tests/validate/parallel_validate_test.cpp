// Validation on several threads: the same report, in the same order, as on one.
#include <doctest/doctest.h>

#include <string>

#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "validate/validate.hpp"

namespace {

using factloom::DiagnosticSink;
using factloom::graph::Graph;
using namespace factloom::validate;

const std::string header = "@prefix ex: <http://example.org/> .\n"
                           "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

void parse(const std::string &text, Graph &g) {
  factloom::SourceSet sources;
  const std::uint32_t file = sources.add("t.ttl", header + text);
  DiagnosticSink sink;
  factloom::rdf::ReadOptions options;
  options.blank_prefix = "b_";
  REQUIRE(factloom::rdf::read_rdf(sources.get(file), file, options, g, sink));
  g.freeze();
}

/// Shapes with most kinds of constraint, nested shapes, paths, and targets of every kind.
const std::string shapes = R"(
ex:Person a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ;
                sh:pattern "^[A-Z]" ] ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:minInclusive 0 ;
                sh:maxExclusive 150 ] ;
  sh:property [ sh:path ex:knows ; sh:class ex:Person ; sh:node ex:Named ] ;
  sh:property [ sh:path ( ex:knows ex:name ) ; sh:maxCount 3 ] ;
  sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path ex:status ; sh:in ( "active" "retired" ) ] .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Closed a sh:NodeShape ; sh:targetSubjectsOf ex:tag ; sh:closed true ;
  sh:ignoredProperties ( ex:tag ) ; sh:or ( [ sh:class ex:Person ] [ sh:class ex:Thing ] ) .
ex:Targets a sh:NodeShape ; sh:targetObjectsOf ex:knows ; sh:targetNode ex:p7 ;
  sh:not [ sh:property [ sh:path ex:age ; sh:hasValue 13 ] ] .
)";

/// About 2,000 people, every tenth or so breaking some constraint.
std::string data(std::size_t people, const std::string &extra = {}) {
  std::string out = extra;
  for (std::size_t i = 0; i < people; ++i) {
    const std::string n = std::to_string(i);
    out += "ex:p" + n + " a ex:Person ; ex:age " +
           (i % 17 == 0   ? "-" + n
            : i % 23 == 0 ? "\"x\""
                          : std::to_string(i % 140)) +
           " ; ";
    if (i % 11 != 0)
      out += std::string("ex:name \"") + (i % 13 == 0 ? "lower" : "Name") + n + "\" ; ";
    if (i % 19 == 0)
      out += "ex:name \"Second\" ; ";
    out += "ex:knows ex:p" + std::to_string((i * 7) % people) + " ; ";
    if (i % 29 == 0)
      out += "ex:knows ex:thing" + n + " ; ";
    if (i % 31 == 0)
      out += "ex:tag 1 ; ex:extra 2 ; ";
    out += std::string("ex:status \"") + (i % 37 == 0 ? "gone" : "active") + "\" .\n";
  }
  return out;
}

struct Reports {
  std::string turtle;
  std::string text;
  std::size_t results = 0;
};

Reports validate_with(const std::string &shapes_text, const std::string &data_text, unsigned jobs) {
  Graph shapes_graph;
  Graph data_graph;
  parse(shapes_text, shapes_graph);
  parse(data_text, data_graph);
  DiagnosticSink sink;
  auto compiled = load_shapes(shapes_graph, sink);
  REQUIRE(compiled);
  ValidateOptions options;
  options.jobs = jobs;
  const Report report = compiled->validate(data_graph, options);
  return Reports{report_turtle(report), report_text(report), report.results.size()};
}

void same_for_any_jobs(const std::string &shapes_text, const std::string &data_text) {
  const Reports one = validate_with(shapes_text, data_text, 1);
  for (unsigned jobs : {2U, 3U}) {
    CAPTURE(jobs);
    const Reports many = validate_with(shapes_text, data_text, jobs);
    CHECK(many.results == one.results);
    CHECK(many.turtle == one.turtle);
    CHECK(many.text == one.text);
  }
}

} // namespace

TEST_SUITE("parallel") {
  TEST_CASE("validation: the same report for jobs 1, 2 and 3 on data with violations") {
    const std::string d = data(2000);
    CHECK(validate_with(shapes, d, 1).results > 500);
    same_for_any_jobs(shapes, d);
  }

  TEST_CASE("validation: recursive shapes (checked on one thread) give the same report") {
    const std::string recursive =
        shapes + "ex:Chain a sh:NodeShape ; sh:targetClass ex:Person ;\n"
                 "  sh:property [ sh:path ex:knows ; sh:node ex:Chain ; sh:minCount 1 ] .\n";
    same_for_any_jobs(recursive, data(600));
  }

  TEST_CASE("validation: a stop in the middle (a pattern PCRE2 cannot match) is the same stop") {
    const std::string hard = "ex:Hard a sh:NodeShape ; sh:targetClass ex:Person ;\n"
                             "  sh:property [ sh:path ex:name ; sh:pattern \"^(a|aa)+$\" ] .\n";
    const std::string long_name = "ex:p900 ex:name \"" + std::string(5000, 'a') + "b\" .\n";
    const Reports one = validate_with(shapes + hard, data(2000, long_name), 1);
    CHECK(one.results == 0);
    CHECK(one.text.find("could not be matched") != std::string::npos);
    same_for_any_jobs(shapes + hard, data(2000, long_name));
  }

  TEST_CASE("validation: a target node outside the data (checked on one thread) is the same") {
    same_for_any_jobs(shapes + "ex:Targets sh:targetNode ex:nobody, \"lit\" .\n", data(600));
  }
}
