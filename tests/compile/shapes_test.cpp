// compile::check_shapes: the compiled graph against the ontology's shapes, with the class
// hierarchy of the ontology the compilation read (once).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "bind/ontology.hpp"
#include "compile/compile.hpp"

namespace factloom::embedded {
extern const std::string_view factloom_ttl;
}

using namespace factloom;
namespace fs = std::filesystem;

namespace {

std::string render_all(const compile::Compilation &c) {
  std::string out;
  for (const Diagnostic &d : c.diagnostics.all())
    out += render(d, c.sources);
  return out;
}

} // namespace

TEST_SUITE("compile") {
  TEST_CASE("the samples conform to the shapes (sh:class reaches subclasses via the ontology)") {
    compile::Compilation c;
    REQUIRE(compile::compile({std::string(FL_SOURCE_DIR) + "/samples"}, compile::Options{}, c));
    REQUIRE(c.ontology != nullptr);
    CHECK(c.ontology->find_class("meeting") != 0);
    compile::check_shapes(c);
    INFO(render_all(c));
    CHECK(c.diagnostics.all().empty());
    CHECK(c.graph.frozen());
  }

  TEST_CASE("shape violations become diagnostics at the offending facts, sorted") {
    compile::Compilation c;
    const std::string input = std::string(FL_SOURCE_DIR) + "/tests/data/shapes-violations.facts";
    REQUIRE(compile::compile({input}, compile::Options{}, c));
    compile::check_shapes(c);
    CHECK(c.diagnostics.error_count() == 3);
    CHECK(c.diagnostics.warning_count() == 1);
    const std::string text = render_all(c);
    CHECK(text.find("shapes-violations.facts:6:1: warning: focus :m1 path fl:participant: ") !=
          std::string::npos);
    CHECK(text.find("shapes-violations.facts:10:1: error: focus "
                    "<https://example.org/factloom/s/stance-1> path fl:holder: ") !=
          std::string::npos);
  }

  TEST_CASE("the hierarchy of a custom ontology is the one validated against") {
    const fs::path dir = fs::temp_directory_path() / "factloom-shapes-test";
    fs::create_directories(dir);
    const fs::path onto = dir / "extended.ttl";
    std::ofstream(onto)
        << embedded::factloom_ttl
        << "\nfl:Summit a owl:Class ; rdfs:subClassOf fl:Meeting ;"
           " rdfs:label \"summit\"@en ; rdfs:comment \"A meeting of leaders.\"@en .\n";
    const fs::path facts = dir / "summit.facts";
    // part-of on an event must name an event (sh:class fl:Event): a summit is one only through
    // the custom ontology's fl:Summit rdfs:subClassOf fl:Meeting.
    std::ofstream(facts) << "person ann \"Ann\"\nperson bob \"Bob\"\n"
                            "summit s1 \"Summit\"\n  participant: ann, bob\n  status: held\n"
                            "meeting m1 \"Talks\"\n  participant: ann, bob\n  status: held\n"
                            "  part-of: s1\nreference-data r\n";
    compile::Options options;
    options.ontology_path = onto.string();
    compile::Compilation c;
    REQUIRE(compile::compile({facts.string()}, options, c));
    compile::check_shapes(c);
    INFO(render_all(c));
    CHECK_FALSE(c.diagnostics.has_errors());
    CHECK(render_all(c).find("part-of") == std::string::npos);
    fs::remove_all(dir);
  }

  TEST_CASE("a base for minted IRIs must be an absolute IRI without forbidden characters") {
    CHECK(compile::valid_base_iri("https://example.org/facts/"));
    CHECK(compile::valid_base_iri("urn:x-facts:"));
    CHECK(compile::valid_base_iri(compile::default_base));
    CHECK_FALSE(compile::valid_base_iri("example.org/facts/")); // no scheme
    CHECK_FALSE(compile::valid_base_iri(":facts"));
    CHECK_FALSE(compile::valid_base_iri("ht tp://x/"));
    CHECK_FALSE(compile::valid_base_iri("https://x/a b"));
    CHECK_FALSE(compile::valid_base_iri("https://x/<a>"));
    CHECK_FALSE(compile::valid_base_iri("https://x/\\"));
  }

  TEST_CASE("--fail-on: results of that severity or higher are errors, the rest warnings") {
    const std::string input = std::string(FL_SOURCE_DIR) + "/tests/data/shapes-violations.facts";
    compile::Compilation c;
    REQUIRE(compile::compile({input}, compile::Options{}, c));
    compile::ShapeOptions options;
    options.fail_on = validate::Level::warning;
    compile::check_shapes(c, options);
    CHECK(c.diagnostics.error_count() == 4);
    CHECK(c.diagnostics.warning_count() == 0);
    CHECK(
        render_all(c).find("shapes-violations.facts:6:1: error: focus :m1 path fl:participant: ") !=
        std::string::npos);
    CHECK(validate::fails(validate::Level::violation, validate::Level::violation));
    CHECK_FALSE(validate::fails(validate::Level::warning, validate::Level::violation));
    CHECK(validate::fails(validate::Level::warning, validate::Level::warning));
    CHECK_FALSE(validate::fails(validate::Level::info, validate::Level::warning));
    CHECK(validate::fails(validate::Level::info, validate::Level::info));
    CHECK(validate::fails(validate::Level::other, validate::Level::info));
    CHECK_FALSE(validate::fails(validate::Level::other, validate::Level::warning));
    CHECK(validate::level_by_name("warning") == validate::Level::warning);
    CHECK_FALSE(validate::level_by_name("error").has_value());
  }

  TEST_CASE("shapes files replace the embedded shapes — unreadable ones are I/O errors") {
    const fs::path dir = fs::temp_directory_path() / "factloom-shapes-files-test";
    fs::create_directories(dir);
    std::ofstream(dir / "facts.facts")
        << "source s\n  title: \"T\"@en\n  publisher: \"P\"\n  url: <https://example.org/s>\n"
           "  published: 2025-12-15\nperson ann \"Ann\"@en\n";
    std::ofstream(dir / "shapes.ttl")
        << "@prefix fl: <https://w3id.org/factloom/ns#> .\n"
           "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
           "@prefix ex: <https://example.org/shapes#> .\n"
           "ex:PersonAlias a sh:NodeShape ; sh:targetClass fl:Person ;\n"
           "  sh:property [ sh:path fl:alias ; sh:minCount 1 ; sh:message \"no alias\" ] .\n";
    const std::string facts = (dir / "facts.facts").string();
    compile::ShapeOptions options;
    options.shapes_paths = {(dir / "shapes.ttl").string()};
    {
      compile::Compilation c;
      REQUIRE(compile::compile({facts}, compile::Options{}, c));
      compile::check_shapes(c, options);
      INFO(render_all(c));
      CHECK(c.diagnostics.error_count() == 1);
      CHECK(render_all(c).find("facts.facts:6:1: error: focus :ann path fl:alias: no alias") !=
            std::string::npos);
    }
    {
      compile::Compilation c;
      REQUIRE(compile::compile({facts}, compile::Options{}, c));
      compile::check_shapes(c); // the embedded shapes do not ask for aliases
      INFO(render_all(c));
      CHECK_FALSE(c.diagnostics.has_errors());
    }
    {
      compile::Compilation c;
      REQUIRE(compile::compile({facts}, compile::Options{}, c));
      options.shapes_paths = {(dir / "missing.ttl").string()};
      compile::check_shapes(c, options);
      CHECK(c.io_errors == 1);
      CHECK(c.diagnostics.has_errors());
    }
    {
      std::ofstream(dir / "broken.ttl")
          << "@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:a sh:b\n";
      compile::Compilation c;
      REQUIRE(compile::compile({facts}, compile::Options{}, c));
      options.shapes_paths = {(dir / "broken.ttl").string()};
      compile::check_shapes(c, options);
      CHECK(c.io_errors == 0);
      CHECK(render_all(c).find("broken.ttl:") != std::string::npos);
      CHECK(c.diagnostics.has_errors());
    }
    fs::remove_all(dir);
  }
}
