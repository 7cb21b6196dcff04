// The JSON and SARIF renderings of a validation report (validate/report_json.cpp).
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "base/source.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "validate/validate.hpp"

namespace {

using factloom::DiagnosticSink;
using factloom::graph::Graph;
using namespace factloom::validate;

const std::string prefixes = "@prefix ex: <http://example.org/> .\n"
                             "@prefix sh: <http://www.w3.org/ns/shacl#> .\n";

void parse(const std::string &text, Graph &g, const std::string &blank_prefix) {
  factloom::SourceSet sources;
  const std::uint32_t file = sources.add("t.ttl", prefixes + text);
  DiagnosticSink sink;
  factloom::rdf::ReadOptions options;
  options.blank_prefix = blank_prefix;
  REQUIRE(factloom::rdf::read_rdf(sources.get(file), file, options, g, sink));
  g.freeze();
}

Report validate_text(const std::string &shapes, const std::string &data) {
  Graph shapes_graph;
  Graph data_graph;
  parse(shapes, shapes_graph, "s_");
  parse(data, data_graph, "d_");
  DiagnosticSink sink;
  auto compiled = load_shapes(shapes_graph, sink);
  REQUIRE(compiled.has_value());
  return compiled->validate(data_graph);
}

// Two blank property shapes on one path with one component, of different severities.
const std::string two_shapes =
    "ex:S sh:targetNode ex:a ;\n"
    "  sh:property [ sh:path ex:p ; sh:minCount 2 ] ;\n"
    "  sh:property [ sh:path ex:p ; sh:minCount 3 ; sh:severity sh:Warning ] .\n";

} // namespace

TEST_SUITE("validate") {
  TEST_CASE("SARIF gives two property shapes on one path two rules") {
    const Report report = validate_text(two_shapes, "ex:a ex:p \"x\"@en .");
    REQUIRE(report.results.size() == 2);
    const auto log = nlohmann::json::parse(report_sarif(report, ReportContext{}));
    CHECK(log["version"] == "2.1.0");
    const auto &run = log["runs"][0];
    REQUIRE(run["tool"]["driver"]["rules"].size() == 2);
    CHECK(run["tool"]["driver"]["rules"][0]["id"] != run["tool"]["driver"]["rules"][1]["id"]);
    for (const auto &result : run["results"]) {
      const std::size_t index = result["ruleIndex"].get<std::size_t>();
      CHECK(run["tool"]["driver"]["rules"][index]["id"] == result["ruleId"]);
      // No sources: no physical location, the focus node by name.
      CHECK(result["locations"][0].count("physicalLocation") == 0);
      CHECK(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] ==
            "http://example.org/a");
    }
  }

  TEST_CASE("the JSON report gives terms with their datatype or language") {
    const Report report =
        validate_text("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:datatype "
                      "<http://www.w3.org/2001/XMLSchema#integer> ] .",
                      "ex:a ex:p \"x\"@en , \"1.5\"^^<http://www.w3.org/2001/XMLSchema#decimal> .");
    const auto doc = nlohmann::json::parse(report_json(report, ReportContext{}));
    CHECK(doc["format"] == "factloom-validation-report");
    CHECK(doc["summary"]["violations"] == 2);
    REQUIRE(doc["results"].size() == 2);
    CHECK(doc["results"][0]["path"] == "<http://example.org/p>");
    CHECK(doc["results"][0]["source"].is_null());
    CHECK(doc.count("diagnostics") == 0);
    int languages = 0;
    int datatypes = 0;
    for (const auto &r : doc["results"]) {
      languages += r["value"].count("language") != 0 ? 1 : 0;
      datatypes +=
          r["value"].value("datatype", "") == "http://www.w3.org/2001/XMLSchema#decimal" ? 1 : 0;
    }
    CHECK(languages == 1);
    CHECK(datatypes == 1);
  }

  TEST_CASE("SARIF input diagnostics: file names become relative URI references") {
    factloom::SourceSet sources;
    const std::uint32_t file = sources.add("/work/dir/my facts.facts", "meeting x\n  bad\n");
    std::vector<factloom::Diagnostic> diagnostics(2);
    diagnostics[0].span = factloom::SourceSpan{file, 12, 15};
    diagnostics[0].message = "a colon is missing";
    diagnostics[1].origin = "/elsewhere/gone.facts";
    diagnostics[1].message = "cannot read";
    ReportContext context;
    context.sources = &sources;
    context.diagnostics = &diagnostics;
    context.base_dir = "/work";
    const auto log = nlohmann::json::parse(report_sarif(Report{}, context));
    const auto &results = log["runs"][0]["results"];
    REQUIRE(results.size() == 2);
    CHECK(results[0]["ruleId"] == "factloom/input-error");
    const auto &first = results[0]["locations"][0]["physicalLocation"];
    CHECK(first["artifactLocation"]["uri"] == "dir/my%20facts.facts");
    CHECK(first["region"]["startLine"] == 2);
    CHECK(first["region"]["startColumn"] == 3);
    CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "file:///elsewhere/gone.facts");
  }
}
