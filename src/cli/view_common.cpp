#include "cli/view_common.hpp"

#include <cctype>

#include "base/io.hpp"
#include "cli/commands.hpp"
#include "cli/report.hpp"

namespace factloom::cli {

std::optional<int> compile_for_view(const std::vector<std::string> &inputs,
                                    const compile::Options &options,
                                    compile::Compilation &compilation) {
  compile::Options o = options;
  o.accept_rdf = true;
  compile::compile(inputs, o, compilation);
  print_diagnostics(compilation.diagnostics, compilation.sources);
  if (compilation.io_errors > 0)
    return exit_io;
  if (compilation.diagnostics.has_errors())
    return exit_invalid;
  compilation.graph.freeze();
  return std::nullopt;
}

int write_file(const std::string &path, std::string_view bytes, const SourceSet &sources) {
  auto file = AtomicFile::open(path);
  if (!file) {
    print_error(file.error(), sources);
    return exit_io;
  }
  if (!file.value()->write(bytes.data(), bytes.size())) {
    const auto reason = file.value()->write_error();
    if (reason)
      print_error(*reason, sources);
    return exit_io;
  }
  if (const Result<void> committed = file.value()->commit(); !committed) {
    print_error(committed.error(), sources);
    return exit_io;
  }
  return exit_ok;
}

bool date_bound_ok(std::string_view date) {
  const auto digits = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i) {
      if (i >= date.size() || !std::isdigit(static_cast<unsigned char>(date[i])))
        return false;
    }
    return true;
  };
  const auto two = [&](std::size_t at, int high) {
    if (!digits(at, 2))
      return false;
    const int n = (date[at] - '0') * 10 + (date[at + 1] - '0');
    return n >= 1 && n <= high;
  };
  if (date.size() != 4 && date.size() != 7 && date.size() != 10)
    return false;
  if (!digits(0, 4))
    return false;
  if (date.size() >= 7 && (date[4] != '-' || !two(5, 12)))
    return false;
  return date.size() < 10 || (date[7] == '-' && two(8, 31));
}

} // namespace factloom::cli
