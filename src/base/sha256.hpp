// SHA-256 (FIPS 180-4), for content hashes that must agree between machines (the manifest of an
// incremental load). Written from the standard; no third-party code.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace factloom {

class Sha256 {
public:
  Sha256();
  /// Adds bytes to the message.
  void update(std::string_view bytes);
  /// The digest as 64 lowercase hex digits; the object must not be updated afterwards.
  std::string hex();

private:
  void block(const unsigned char *p);
  std::array<std::uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0; ///< bytes so far
};

/// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace factloom
