// Contract checks of the validator fire: graphs given to it must be frozen.
#include <doctest/doctest.h>

#include "base/check.hpp"
#include "base/diagnostic.hpp"
#include "graph/graph.hpp"
#include "validate/validate.hpp"

using namespace factloom;
using doctest::Contains;

TEST_SUITE("validate") {
  TEST_CASE("contracts: shapes and data graphs must be frozen") {
    DiagnosticSink sink;
    graph::Graph shapes_graph;
    CHECK_THROWS_WITH_AS(validate::load_shapes(shapes_graph, sink),
                         Contains("precondition: load_shapes needs a frozen graph"), LogicError);
    shapes_graph.freeze();
    auto shapes = validate::load_shapes(shapes_graph, sink);
    REQUIRE(shapes.has_value());

    graph::Graph data;
    data.add(data.terms().iri("http://x/s"), data.terms().iri("http://x/p"),
             data.terms().iri("http://x/o"));
    CHECK_THROWS_WITH_AS(shapes->validate(data),
                         Contains("precondition: validate needs a frozen data graph"), LogicError);
    data.freeze();
    CHECK(shapes->validate(data).conforms);

    graph::Graph hierarchy;
    hierarchy.add(hierarchy.terms().iri("http://x/A"), hierarchy.terms().iri("http://x/sub"),
                  hierarchy.terms().iri("http://x/B"));
    validate::ValidateOptions options;
    options.class_hierarchy = &hierarchy;
    CHECK_THROWS_WITH_AS(shapes->validate(data, options),
                         Contains("precondition: the class hierarchy graph must be frozen"),
                         LogicError);
    hierarchy.freeze();
    CHECK(shapes->validate(data, options).conforms);
  }
}
