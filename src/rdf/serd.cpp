// Serd's error reports turned into a message and a byte offset (shared by every Serd reader).
#include "rdf/serd.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace factloom::rdf {

std::string error_message(const SerdError &error) {
  char buffer[512];
  va_list args;
  va_copy(args, *error.args);
  std::vsnprintf(buffer, sizeof buffer, error.fmt, args);
  va_end(args);
  std::string message(buffer);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  return message;
}

std::uint32_t error_offset(std::string_view text, const SerdError &error) {
  std::uint32_t line = 1;
  std::size_t i = 0;
  while (i < text.size() && line < error.line) {
    if (text[i] == '\n')
      ++line;
    ++i;
  }
  i += error.col;
  return static_cast<std::uint32_t>(std::min(i, text.size()));
}

} // namespace factloom::rdf
