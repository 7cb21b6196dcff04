// SHACL behaviour the W3C suite does not pin down, checked on small inline graphs.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "base/utf8.hpp"
#include "graph/graph.hpp"
#include "rdf/read.hpp"
#include "rdf/xsd.hpp"
#include "validate/regex.hpp"
#include "validate/validate.hpp"

namespace {

using factloom::DiagnosticSink;
using factloom::graph::Graph;
using namespace factloom::validate;
namespace xsd = factloom::rdf::xsd;

const std::string header = "@prefix ex: <http://example.org/> .\n"
                           "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                           "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
                           "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n";

void parse(const std::string &text, Graph &g, const std::string &blank_prefix = "b_") {
  factloom::SourceSet sources;
  const std::uint32_t file = sources.add("t.ttl", header + text);
  DiagnosticSink sink;
  factloom::rdf::ReadOptions options;
  options.base_iri = "http://example.org/base";
  options.blank_prefix = blank_prefix;
  REQUIRE(factloom::rdf::read_rdf(sources.get(file), file, options, g, sink));
  g.freeze();
}

struct Outcome {
  bool loaded = false;
  Report report;
  std::vector<std::string> errors;
};

Outcome run(const std::string &shapes, const std::string &data, const Graph *hierarchy = nullptr) {
  Graph shapes_graph;
  Graph data_graph;
  parse(shapes, shapes_graph, "s_");
  parse(data, data_graph, "d_");
  DiagnosticSink sink;
  Outcome out;
  auto compiled = load_shapes(shapes_graph, sink);
  for (const auto &d : sink.all())
    out.errors.push_back(d.message);
  if (!compiled)
    return out;
  out.loaded = true;
  ValidateOptions options;
  options.class_hierarchy = hierarchy;
  out.report = compiled->validate(data_graph, options);
  return out;
}

std::vector<std::string> values(const Report &r) {
  std::vector<std::string> out;
  for (const auto &res : r.results)
    out.push_back(res.value ? node_text(r.prefixes, *res.value) : "-");
  std::sort(out.begin(), out.end());
  return out;
}

std::string component(const ValidationResult &r) {
  return r.component.substr(r.component.find('#') + 1);
}

/// Whether `r` matches `text`; PCRE2 errors fail the test.
bool matches(const Regex &r, const std::string &text) {
  std::string error;
  const std::optional<bool> found = r.search(text, error);
  REQUIRE_MESSAGE(found.has_value(), error);
  return *found;
}

} // namespace

TEST_SUITE("validate") {
  TEST_CASE("a blank node always violates sh:pattern and the length constraints") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern \".*\" ] ;"
            " sh:property [ sh:path ex:p ; sh:minLength 0 ] .",
            "ex:a ex:p [ ex:q 1 ] , \"text\" , ex:iri .");
    REQUIRE(out.loaded);
    REQUIRE(out.report.results.size() == 2);
    for (const auto &r : out.report.results)
      CHECK(r.value->kind == factloom::graph::TermKind::blank);
    CHECK(component(out.report.results[0]) != component(out.report.results[1]));
  }

  TEST_CASE("sh:closed gives one result per offending triple") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties ( rdf:type ) ;"
            " sh:property [ sh:path ex:p ] .",
            "ex:a a ex:T ; ex:p 1 ; ex:q 1 , 2 ; ex:r 3 .");
    REQUIRE(out.loaded);
    REQUIRE(out.report.results.size() == 3);
    std::vector<std::string> seen;
    for (const auto &r : out.report.results) {
      CHECK(component(r) == "ClosedConstraintComponent");
      REQUIRE(r.path);
      seen.push_back(path_text(out.report.prefixes, *r.path) + " " +
                     node_text(out.report.prefixes, *r.value));
    }
    std::sort(seen.begin(), seen.end());
    CHECK(seen == std::vector<std::string>{"ex:q \"1\"^^xsd:integer", "ex:q \"2\"^^xsd:integer",
                                           "ex:r \"3\"^^xsd:integer"});
  }

  TEST_CASE("paths nest freely: (a|^b)+, sequences in sequences, inverses of sequences") {
    const std::string data = "ex:x ex:a ex:y . ex:z ex:b ex:y . ex:z ex:a ex:w . ex:w ex:c ex:v .";
    auto out = run("ex:S sh:targetNode ex:x ; sh:property [ sh:path [ sh:oneOrMorePath "
                   "[ sh:alternativePath ( ex:a [ sh:inversePath ex:b ] ) ] ] ; sh:in ( ) ] .",
                   data);
    REQUIRE(out.loaded);
    CHECK(values(out.report) == std::vector<std::string>{"ex:w", "ex:y", "ex:z"});
    REQUIRE(out.report.results[0].path);
    CHECK(path_text(out.report.prefixes, *out.report.results[0].path) == "(ex:a|^ex:b)+");

    out = run("ex:S sh:targetNode ex:x ; sh:property [ sh:path ( ( ex:a [ sh:inversePath ex:b ] ) "
              "( ex:a ex:c ) ) ; sh:in ( ) ] .",
              data);
    CHECK(values(out.report) == std::vector<std::string>{"ex:v"});

    out = run("ex:S sh:targetNode ex:v ; sh:property [ sh:path [ sh:inversePath ( ex:a ex:c ) ] ; "
              "sh:in ( ) ] .",
              data);
    CHECK(values(out.report) == std::vector<std::string>{"ex:z"});

    out = run("ex:S sh:targetNode ex:x ; sh:property [ sh:path [ sh:zeroOrMorePath ex:a ] ; sh:in "
              "( ) ] .",
              data);
    CHECK(values(out.report) == std::vector<std::string>{"ex:x", "ex:y"});
  }

  TEST_CASE("sh:languageIn matches language ranges (RFC 4647), not string prefixes") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:languageIn ( \"en\" ) ] .",
            "ex:a ex:p \"x\"@en , \"y\"@eng , \"z\"@en-GB , \"w\" , \"v\"@EN-us .");
    REQUIRE(out.loaded);
    CHECK(values(out.report) == std::vector<std::string>{"\"w\"", "\"y\"@eng"});
  }

  TEST_CASE("lengths count code points, not UTF-16 units or bytes") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxLength 2 ] ;"
            " sh:property [ sh:path ex:q ; sh:minLength 3 ] .",
            "ex:a ex:p \"\xF0\x9F\x98\x80\xC3\xA9\" ; ex:q \"\xF0\x9F\x98\x80\xF0\x9F\x98\x80\" .");
    REQUIRE(out.loaded);
    REQUIRE(out.report.results.size() == 1);
    CHECK(component(out.report.results[0]) == "MinLengthConstraintComponent");
    CHECK(factloom::utf8::code_points("\xF0\x9F\x98\x80\xC3\xA9") == 2);
  }

  TEST_CASE("literals compare by value — incomparable values are violations") {
    auto out =
        run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:d ; sh:minInclusive "
            "\"2020-01-01\"^^xsd:date ] ;"
            " sh:property [ sh:path ex:n ; sh:minExclusive 4.5 ] .",
            "ex:a ex:d \"2020-06-01\"^^xsd:date , \"2020-06-01T00:00:00\"^^xsd:dateTime , \"x\" ;"
            " ex:n 5 , \"1e1\"^^xsd:double , \"4.5\"^^xsd:float , \"abc\"^^xsd:integer , ex:iri .");
    REQUIRE(out.loaded);
    CHECK(values(out.report) ==
          std::vector<std::string>{"\"2020-06-01T00:00:00\"^^xsd:dateTime", "\"4.5\"^^xsd:float",
                                   "\"abc\"^^xsd:integer", "\"x\"", "ex:iri"});
    using xsd::Order;
    using xsd::Type;
    CHECK(xsd::compare(Type::date_time, "2002-10-10T12:00:00-05:00", Type::date_time,
                       "2002-10-10T12:00:00") == Order::incomparable);
    CHECK(xsd::compare(Type::date_time, "2002-10-10T12:00:00Z", Type::date_time,
                       "2002-10-11T12:00:00") == Order::less);
    CHECK(xsd::compare(Type::date_time, "2002-10-10T17:00:00Z", Type::date_time,
                       "2002-10-10T12:00:00-05:00") == Order::equal);
    CHECK(xsd::compare(Type::integer, "10", Type::decimal, "9.99") == Order::greater);
    CHECK(xsd::compare(Type::double_, "NaN", Type::double_, "NaN") == Order::incomparable);
    CHECK(xsd::compare(Type::date, "2020-01-01", Type::date_time, "2020-01-01T00:00:00") ==
          Order::incomparable);
  }

  TEST_CASE("XSD lexical and range checks") {
    using xsd::Type;
    CHECK_FALSE(xsd::well_formed(Type::byte, "300"));
    CHECK(xsd::well_formed(Type::byte, "-128"));
    CHECK_FALSE(xsd::well_formed(Type::byte, "-129"));
    CHECK(xsd::well_formed(Type::unsigned_long, "18446744073709551615"));
    CHECK_FALSE(xsd::well_formed(Type::unsigned_long, "18446744073709551616"));
    CHECK_FALSE(xsd::well_formed(Type::integer, " 5"));
    CHECK_FALSE(xsd::well_formed(Type::date, "2021-02-29"));
    CHECK(xsd::well_formed(Type::date, "2020-02-29Z"));
    CHECK_FALSE(xsd::well_formed(Type::date_time, "2020-01-01T25:00:00"));
    CHECK(xsd::well_formed(Type::date_time, "2020-01-01T24:00:00"));
    CHECK_FALSE(xsd::well_formed(Type::date_time_stamp, "2020-01-01T10:00:00"));
    CHECK(xsd::well_formed(Type::double_, "-INF"));
    CHECK(xsd::well_formed(Type::double_, "1.5E-3"));
    CHECK_FALSE(xsd::well_formed(Type::boolean, "TRUE"));
    CHECK(xsd::well_formed(Type::duration, "P1Y2MT3H"));
    CHECK_FALSE(xsd::well_formed(Type::duration, "P1YT"));
  }

  TEST_CASE("a namespace with two prefix names is shortened with the first declared") {
    // "ab" sorts before "zz", but the shapes graph's "zz" was declared first.
    const auto out = run("@prefix zz: <http://example.com/ns#> .\n"
                         "zz:S sh:targetNode zz:a ; sh:class zz:C .",
                         "@prefix ab: <http://example.com/ns#> .\nab:a ab:p 1 .");
    REQUIRE(out.loaded);
    REQUIRE(out.report.results.size() == 1);
    const std::string text = report_text(out.report);
    CHECK(text.find("violation: focus zz:a: zz:a is not an instance of zz:C\n") == 0);
    CHECK(out.report.results[0].messages.at(0).value == "zz:a is not an instance of zz:C");
    const auto names = naming_prefixes(out.report.prefixes);
    CHECK(names.find("ab") == nullptr);
    CHECK(names.find("zz") != nullptr);
    CHECK(out.report.prefixes.find("ab") != nullptr);
  }

  TEST_CASE("the calendar is proleptic Gregorian for any year, before 1970 and after 32767") {
    using xsd::Type;
    CHECK(xsd::well_formed(Type::date, "-0004-02-29"));
    CHECK_FALSE(xsd::well_formed(Type::date, "-0001-02-29"));
    CHECK(xsd::well_formed(Type::date, "123456400-02-29"));
    CHECK_FALSE(xsd::well_formed(Type::date, "123456100-02-29"));
    CHECK(xsd::days_from_civil(1970, 1, 1) == 0);
    CHECK(xsd::days_from_civil(2000, 3, 1) == 11017);
    CHECK(xsd::days_from_civil(-1, 12, 31) == -719529);
    CHECK(xsd::days_from_civil(400'001'970, 1, 1) == 146097LL * 1'000'000);
    CHECK(xsd::days_in_month(1900, 2) == 28);
    CHECK(xsd::days_in_month(-400, 2) == 29);
    CHECK(xsd::compare(Type::date, "-0001-12-31", Type::date, "0000-01-01") == xsd::Order::less);
    CHECK(xsd::compare(Type::date, "123456789-03-01", Type::date, "123456789-02-28") ==
          xsd::Order::greater);
    CHECK(xsd::compare(Type::date_time, "99999-12-31T23:59:59Z", Type::date_time,
                       "100000-01-01T00:00:00Z") == xsd::Order::less);
  }

  TEST_CASE("regular expressions follow XPath: flags s, m, i, x, q") {
    std::string error;
    auto dot = Regex::compile("^a.b$", "", error);
    REQUIRE(dot);
    CHECK(matches(*dot, "axb"));
    CHECK_FALSE(matches(*dot, "a\nb"));
    CHECK_FALSE(matches(*dot, "axb\n")); // $ is the end of the string, not before a final newline
    auto dotall = Regex::compile("^a.b$", "s", error);
    CHECK(matches(*dotall, "a\nb"));
    CHECK(matches(*Regex::compile("^b", "m", error), "a\nb"));
    CHECK(matches(*Regex::compile("ABC", "i", error), "xabcx"));
    CHECK(matches(*Regex::compile("a b [ ]c", "x", error), "ab c"));
    auto literal = Regex::compile("a.b", "q", error);
    CHECK_FALSE(matches(*literal, "axb"));
    CHECK(matches(*literal, "xa.bx"));
    CHECK(matches(*Regex::compile("^\\i\\c*$", "", error), "name-1"));
    CHECK_FALSE(Regex::compile("(", "", error));
    CHECK_FALSE(Regex::compile("a", "g", error));
    CHECK(error.find("flag") != std::string::npos);
  }

  TEST_CASE("sh:pattern: PCRE2's limits and errors are errors, never a match or a miss") {
    std::string error;
    auto backtracking = Regex::compile("^(a|aa)+$", "", error);
    REQUIRE(backtracking);
    CHECK(matches(*backtracking, std::string(5000, 'a')));
    std::string why;
    CHECK_FALSE(backtracking->search(std::string(60, 'a') + "b", why).has_value());
    CHECK(why.find("match limit") != std::string::npos);
    why.clear();
    auto any = Regex::compile("^x", "", error);
    CHECK_FALSE(any->search("x\xED\xA0\x80", why).has_value()); // a lone surrogate
    CHECK(why.find("UTF-8") != std::string::npos);
  }

  TEST_CASE("shapes nested past max_shape_depth stop the validation with an error") {
    std::string data;
    for (int i = 0; i < 3000; ++i)
      data += "ex:n" + std::to_string(i) + " ex:next ex:n" + std::to_string(i + 1) + " .\n";
    const Outcome out = run("ex:Chain a sh:NodeShape ; sh:targetNode ex:n0 ;\n"
                            "  sh:property [ sh:path ex:next ; sh:node ex:Chain ] .\n",
                            data);
    REQUIRE(out.loaded);
    REQUIRE(out.report.error);
    CHECK_FALSE(out.report.conforms);
    CHECK(out.report.error->find("nested deeper than 1000 levels") != std::string::npos);
    CHECK(out.report.error->find("shape ex:Chain") != std::string::npos);
    const Outcome short_chain = run("ex:Chain a sh:NodeShape ; sh:targetNode ex:n0 ;\n"
                                    "  sh:property [ sh:path ex:next ; sh:node ex:Chain ] .\n",
                                    "ex:n0 ex:next ex:n1 . ex:n1 ex:next ex:n2 .\n");
    CHECK_FALSE(short_chain.report.error);
    CHECK(short_chain.report.conforms);
  }

  TEST_CASE("an ill-formed shapes graph is an error naming the shape, never a crash") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:minCount \"x\" .\n"
            "ex:T sh:targetNode ex:a ; sh:path [ ex:nothing 1 ] .\n"
            "ex:U sh:targetNode ex:a ; sh:in [ rdf:first ex:a ] ; sh:pattern \"(\" .\n"
            "ex:V sh:targetNode ex:a ; sh:node \"literal\" ; sh:nodeKind ex:Wrong .\n"
            "ex:W sh:targetNode ex:a ; sh:property ex:X . ex:X sh:datatype xsd:string .\n",
            "ex:a ex:p 1 .");
    CHECK_FALSE(out.loaded);
    auto has = [&](const std::string &part) {
      return std::any_of(out.errors.begin(), out.errors.end(),
                         [&](const std::string &e) { return e.find(part) != std::string::npos; });
    };
    CHECK(has("shape ex:S: sh:minCount must be a non-negative xsd:integer"));
    CHECK(has("shape ex:T: sh:path node"));
    CHECK(has("shape ex:U: sh:pattern"));
    CHECK(has("shape ex:U: the value of sh:in is not a well-formed RDF list"));
    CHECK(has("shape ex:V: the literal \"literal\" is used as a shape"));
    CHECK(has("shape ex:V: sh:nodeKind must be one of"));
    CHECK(has("shape ex:W: the value ex:X of sh:property has no sh:path"));
  }

  TEST_CASE("SHACL-SPARQL is refused as not supported") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .\n"
            "ex:C a sh:ConstraintComponent ; sh:parameter [ sh:path ex:x ] ;"
            " sh:validator [ sh:ask \"ASK {}\" ] .",
            "ex:a ex:p 1 .");
    CHECK_FALSE(out.loaded);
    REQUIRE(out.errors.size() >= 2);
    for (const auto &e : out.errors)
      CHECK(e.find("not support") != std::string::npos);
  }

  TEST_CASE("recursive shapes terminate") {
    // Through sh:node (conformance checks) and through sh:property (result collection).
    auto out = run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:knows ; sh:node ex:S ] .",
                   "ex:a ex:knows ex:b . ex:b ex:knows ex:a .");
    REQUIRE(out.loaded);
    CHECK(out.report.conforms);
    out = run("ex:S sh:targetNode ex:a ; sh:property ex:P .\n"
              "ex:P sh:path ex:knows ; sh:class ex:Person ; sh:property ex:P .",
              "ex:a ex:knows ex:b . ex:b ex:knows ex:c . ex:c ex:knows ex:a , ex:b .");
    REQUIRE(out.loaded);
    // (focus, value): (a, b), (b, c), (c, a), (c, b); re-entering (ex:P, a) stops the descent.
    CHECK(values(out.report) == std::vector<std::string>{"ex:a", "ex:b", "ex:b", "ex:c"});
    out = run("ex:S sh:targetNode ex:a ; sh:not ex:S .", "ex:a ex:p 1 .");
    REQUIRE(out.loaded); // undefined in SHACL; factloom must only stop
  }

  TEST_CASE("rdfs:subClassOf comes from the data graph (and an optional hierarchy)") {
    auto out =
        run("ex:S sh:targetClass ex:Animal ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ;"
            " sh:class ex:Animal .",
            "ex:Dog rdfs:subClassOf ex:Mammal . ex:Mammal rdfs:subClassOf ex:Animal . ex:rex a "
            "ex:Dog .");
    REQUIRE(out.report.results.size() == 1);
    CHECK(node_text(out.report.prefixes, out.report.results[0].focus) == "ex:rex");
    // Subclass triples in the shapes graph do not count.
    out = run("ex:Dog rdfs:subClassOf ex:Animal . ex:S sh:targetClass ex:Animal ; sh:maxCount 0 ; "
              "sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
              "ex:rex a ex:Dog .");
    CHECK(out.report.conforms);
    Graph hierarchy;
    parse("ex:Dog rdfs:subClassOf ex:Animal .", hierarchy);
    out = run("ex:S sh:targetClass ex:Animal ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
              "ex:rex a ex:Dog .", &hierarchy);
    CHECK(out.report.results.size() == 1);
  }

  TEST_CASE("a target node absent from the data graph is still validated") {
    const auto out =
        run("ex:S sh:targetNode ex:ghost ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ;"
            " sh:hasValue ex:ghost .",
            "ex:a ex:p 1 .");
    REQUIRE(out.report.results.size() == 1);
    CHECK(component(out.report.results[0]) == "MinCountConstraintComponent");
    CHECK(out.report.results[0].focus_id == 0);
  }

  TEST_CASE("sh:message keeps its language tag, with sh:severity and sh:deactivated") {
    const auto out =
        run("ex:S sh:targetNode ex:a ; sh:datatype xsd:integer ; sh:severity sh:Warning ;"
            " sh:message \"Nachricht\"@de , \"message\"@en .\n"
            "ex:T sh:targetNode ex:a ; sh:deactivated true ; sh:maxCount 0 .",
            "ex:a ex:p 1 .");
    REQUIRE(out.report.results.size() == 1);
    const auto &r = out.report.results[0];
    CHECK(r.level == Level::warning);
    REQUIRE(r.messages.size() == 2);
    CHECK(std::any_of(r.messages.begin(), r.messages.end(),
                      [](const Node &m) { return m.value == "Nachricht" && m.lang == "de"; }));
    CHECK_FALSE(out.report.conforms);
    const std::string turtle = report_turtle(out.report);
    CHECK(turtle.find("\"Nachricht\"@de") != std::string::npos);
  }

  TEST_CASE("sh:uniqueLang is switched on only by the term true") {
    auto out = run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
                   "ex:a ex:p \"a\"@en , \"b\"@en , \"c\"@en , \"d\"@de , \"e\"@fr , \"f\"@fr .");
    CHECK(out.report.results.size() == 2); // one per duplicated language
    out = run("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:uniqueLang \"true\" ] .",
              "ex:a ex:p \"a\"@en , \"b\"@en .");
    CHECK(out.report.conforms);
  }

  TEST_CASE("the Turtle report has exactly one report node and copies paths per result") {
    const auto out = run(
        "ex:S sh:targetNode ex:a , ex:b ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
        "ex:a ex:x 1 .");
    REQUIRE(out.report.results.size() == 2);
    Graph g;
    factloom::SourceSet sources;
    const std::uint32_t file = sources.add("r.ttl", report_turtle(out.report));
    DiagnosticSink sink;
    REQUIRE(factloom::rdf::read_rdf(sources.get(file), file, {}, g, sink));
    g.freeze();
    const auto type = g.terms().find(factloom::graph::TermKind::iri,
                                     "http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    const auto report = g.terms().find(factloom::graph::TermKind::iri,
                                       "http://www.w3.org/ns/shacl#ValidationReport");
    CHECK(g.subjects(type, report).size() == 1);
    const auto first = g.terms().find(factloom::graph::TermKind::iri,
                                      "http://www.w3.org/1999/02/22-rdf-syntax-ns#first");
    CHECK(g.with_predicate(first).size() == 4); // two list cells per result
  }

  TEST_CASE("diagnostics point at the triple that broke the rule") {
    Graph shapes;
    parse("ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:age ; sh:datatype xsd:integer ] ;"
          " sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
          shapes);
    Graph data;
    auto &t = data.terms();
    const auto a = t.iri("http://example.org/a");
    const auto age = t.iri("http://example.org/age");
    const auto type = t.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    data.add(a, type, t.iri("http://example.org/Person"), 0, factloom::SourceSpan{1, 5, 10});
    data.add(a, age, t.literal("old"), 0, factloom::SourceSpan{1, 40, 45});
    data.add_prefix("ex", "http://example.org/");
    data.freeze();
    DiagnosticSink errors;
    auto compiled = load_shapes(shapes, errors);
    REQUIRE(compiled);
    const Report report = compiled->validate(data);
    REQUIRE(report.results.size() == 2);
    DiagnosticSink sink;
    report_diagnostics(report, data, sink);
    REQUIRE(sink.all().size() == 2);
    CHECK(sink.error_count() == 2);
    for (const auto &d : sink.all()) {
      if (d.message.find("ex:age") != std::string::npos) {
        CHECK(d.span.begin == 40);
        CHECK(d.message.rfind("focus ex:a path ex:age: ", 0) == 0);
      } else {
        CHECK(d.span.begin == 5); // no offending triple: the focus node's first statement
        CHECK(d.message.rfind("focus ex:a path ex:name: ", 0) == 0);
      }
    }
  }

  TEST_CASE("local shapes: results that depend only on the focus node's facts and its values' "
            "classes") {
    const auto local = [](const std::string &shapes) {
      Graph g;
      parse(shapes, g, "s_");
      DiagnosticSink sink;
      auto compiled = load_shapes(g, sink);
      REQUIRE(compiled);
      return compiled->local();
    };
    const std::string target = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; ";
    CHECK(local(target + "sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:class ex:D ] ."));
    CHECK(local(target + "sh:or ( [ sh:path ex:p ; sh:minCount 1 ] [ sh:path ex:q ; "
                         "sh:minCount 1 ] ) ."));
    CHECK(local(target + "sh:property [ sh:path ex:p ; sh:or ( [ sh:datatype xsd:date ] "
                         "[ sh:class ex:D ] ) ; sh:disjoint ex:q ] ; sh:closed true ."));
    CHECK(local("ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:targetNode ex:n ; "
                "sh:property [ sh:path ex:p ; sh:maxCount 1 ] ."));
    // Reading facts that are not the focus node's own, or choosing focus nodes by them.
    CHECK_FALSE(local("ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:nodeKind sh:IRI ."));
    CHECK_FALSE(local(target + "sh:property [ sh:path [ sh:inversePath ex:p ] ; "
                               "sh:maxCount 1 ] ."));
    CHECK_FALSE(local(target + "sh:property [ sh:path ( ex:p ex:q ) ; sh:maxCount 1 ] ."));
    CHECK_FALSE(local(target + "sh:property [ sh:path ex:p ; sh:node ex:T ] .\n"
                               "ex:T a sh:NodeShape ; sh:property [ sh:path ex:q ; "
                               "sh:minCount 1 ] ."));
    CHECK_FALSE(local(target + "sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
                               "[ sh:closed true ] ; sh:qualifiedMinCount 1 ] ."));
    // A shape that reaches itself through values is not local; through the focus node it is.
    CHECK_FALSE(local(target + "sh:property [ sh:path ex:p ; sh:node ex:S ] ."));
    CHECK(local(target + "sh:node ex:S ; sh:property [ sh:path ex:p ; sh:minCount 1 ] ."));
  }

  TEST_CASE("a focus filter leaves out the focus nodes it refuses, and only those") {
    const std::string shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property "
                               "[ sh:path ex:p ; sh:minCount 1 ] .";
    Graph shapes_graph, data;
    parse(shapes, shapes_graph, "s_");
    parse("ex:a a ex:C . ex:b a ex:C . ex:c a ex:C ; ex:p 1 .", data, "d_");
    DiagnosticSink sink;
    auto compiled = load_shapes(shapes_graph, sink);
    REQUIRE(compiled);
    ValidateOptions options;
    CHECK(compiled->validate(data, options).results.size() == 2);
    options.focus_filter = [&](factloom::graph::TermId id) {
      return data.terms().get(id).value != "http://example.org/a";
    };
    const Report only = compiled->validate(data, options);
    REQUIRE(only.results.size() == 1);
    CHECK(only.results[0].focus.value == "http://example.org/b");
  }
}
