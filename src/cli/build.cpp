// placeholder replaced below
#include "cli/commands.hpp"
namespace {
int run_build(const std::vector<std::string>&) { return 0; }
const factloom::cli::Register reg("build", run_build, "compile fact files", 10);
}
