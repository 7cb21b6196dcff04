// What `factloom graph` and `factloom site` share: reading the inputs, writing a file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.hpp"
#include "compile/compile.hpp"

namespace factloom::cli {

/// The options graph and site share, for the end of their tables: --lang, --dot-timeout,
/// --base, --ontology, --help.
std::vector<OptionSpec> view_option_specs();

/// --base and --ontology into `options` (graph, site, diff, export). Prints a usage error of
/// `command` and returns its exit status when --base is not an absolute IRI.
std::optional<int> read_base_and_ontology(const Args &args, const std::string &command,
                                          compile::Options &options);
/// What graph and site read the same way: --base and --ontology into `options`, --dot-timeout.
/// Prints a usage error of `command` and returns its exit status when one is wrong.
std::optional<int> read_view_options(const Args &args, const std::string &command,
                                     compile::Options &options, unsigned &dot_timeout);

/// Compiles fact files and RDF files (no validation, nothing written) and freezes the graph.
/// Prints the diagnostics; returns the exit status of a failure, or nullopt.
std::optional<int> compile_for_view(const std::vector<std::string> &inputs,
                                    const compile::Options &options,
                                    compile::Compilation &compilation);

/// Writes `bytes` to `path` ("-": stdout) atomically; prints the error and returns exit_io.
int write_file(const std::string &path, std::string_view bytes, const SourceSet &sources);

/// Whether `date` is YYYY, YYYY-MM or YYYY-MM-DD.
bool date_bound_ok(std::string_view date);

} // namespace factloom::cli
