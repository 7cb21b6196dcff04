// placeholder replaced below
#include "cli/commands.hpp"
int factloom::cli::run_build(const std::vector<std::string>&) { return 0; }
int factloom::cli::run_check(const std::vector<std::string>&) { return 0; }
