// One hexadecimal digit's value.
#pragma once

namespace factloom {

/// The value of the hex digit `c` (0-9, a-f, A-F), or -1.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace factloom
