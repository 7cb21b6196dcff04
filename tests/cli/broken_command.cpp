// Commands that break a contract, linked with the tool's own main() into factloom_contract_cli
// (tests only): the CLI must turn any escaped exception into exit 70 "internal error".
#include <string>
#include <vector>

#include "base/check.hpp"
#include "cli/commands.hpp"

namespace {

int run_broken_precondition(const std::vector<std::string> &args) {
  FL_REQUIRE(args.empty(), "broken-precondition takes no arguments");
  FL_REQUIRE(false, "a caller broke its promise");
  return 0;
}

int run_unknown_throw(const std::vector<std::string> &) {
  throw 42; // not a std::exception
}

const factloom::cli::Register broken_precondition("broken-precondition", run_broken_precondition,
                                                  "fails a precondition (a test)", 1000);
const factloom::cli::Register unknown_throw("unknown-throw", run_unknown_throw,
                                            "throws something odd (a test)", 1001);

} // namespace
