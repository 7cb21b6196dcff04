// factloom's entry point: a table of subcommands with "did you mean" for typos.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "base/diagnostic.hpp"
#include "cli/commands.hpp"
#include "store/curl_api.hpp"

namespace {

using factloom::cli::Exit;

using factloom::cli::Command;

void print_help() {
  const auto &commands = factloom::cli::command_table();
  std::cout << "factloom " FACTLOOM_VERSION " - compile curated news facts into RDF\n\n"
               "usage: factloom <command> [options] [FILE|DIR|-]...\n\ncommands:\n";
  for (const Command &c : commands) {
    std::string name = c.name;
    name.resize(12, ' ');
    std::cout << "  " << name << c.summary << "\n";
  }
  std::cout << "\n'factloom <command> --help' describes a command.\n\n"
               "exit status:\n"
               "  0   success (validate: the data conforms)\n"
               "  1   invalid input: syntax, binding or shape errors (validate: does not conform)\n"
               "  2   usage error\n"
               "  3   I/O, network or store failure\n"
               "  70  internal error (a bug in factloom)\n";
}

} // namespace

std::vector<Command> &factloom::cli::command_table() {
  static std::vector<Command> table;
  return table;
}

factloom::cli::Register::Register(std::string name, int (*run)(const std::vector<std::string> &),
                                  std::string summary, int order) {
  auto &table = command_table();
  table.push_back(Command{std::move(name), run, std::move(summary), order});
  std::sort(table.begin(), table.end(),
            [](const Command &a, const Command &b) { return a.order < b.order; });
}

int factloom::cli::usage_error(const std::string &command, const std::string &message) {
  std::cerr << "factloom" << (command.empty() ? "" : " " + command) << ": " << message << "\n"
            << "try 'factloom " << (command.empty() ? "" : command + " ") << "--help'\n";
  return exit_usage;
}

int main(int argc, char **argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
      print_help();
      return Exit::exit_usage;
    }
    const std::string &name = args[0];
    if (name == "-h" || name == "--help" || name == "help") {
      print_help();
      return std::cout.flush() ? Exit::exit_ok : Exit::exit_io;
    }
    if (name == "--version" || name == "-V") {
      std::cout << "factloom " FACTLOOM_VERSION "\n";
      return std::cout.flush() ? Exit::exit_ok : Exit::exit_io;
    }
    const auto &commands = factloom::cli::command_table();
    for (const Command &c : commands) {
      if (name == c.name) {
        const int status = c.run(std::vector<std::string>(args.begin() + 1, args.end()));
        std::cout.flush();
        if (!std::cout) {
          std::cerr << "factloom: cannot write to standard output\n";
          return Exit::exit_io;
        }
        return status;
      }
    }
    std::vector<std::string> names;
    for (const Command &c : commands)
      names.push_back(c.name);
    const std::string guess = factloom::closest(name, names);
    return factloom::cli::usage_error("",
                                      "unknown command '" + name + "'" +
                                          (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
  } catch (const factloom::store::CurlUnavailable &e) {
    // A store command on a machine without libcurl: the system lacks a library, not a bug.
    std::cerr << "factloom: " << e.what() << "\n";
    return Exit::exit_io;
  } catch (const std::exception &e) {
    std::cerr << "factloom: internal error: " << e.what() << "\n";
    return Exit::exit_internal;
  } catch (...) {
    std::cerr << "factloom: internal error\n";
    return Exit::exit_internal;
  }
}
