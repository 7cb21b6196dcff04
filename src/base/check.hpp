// Checks for programming errors (never for user input): throw LogicError with the place.
#pragma once

#include <stdexcept>
#include <string>

namespace factloom {

class LogicError : public std::logic_error {
public:
  LogicError(const char *file, int line, const std::string &message)
      : std::logic_error(std::string(file) + ":" + std::to_string(line) + ": " + message) {}
};

} // namespace factloom

#define FL_REQUIRE(cond, msg)                                                                      \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      throw ::factloom::LogicError(__FILE__, __LINE__, std::string("precondition: ") + (msg));     \
  } while (false)
#define FL_ASSERT(cond, msg)                                                                       \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      throw ::factloom::LogicError(__FILE__, __LINE__, std::string("invariant: ") + (msg));        \
  } while (false)
