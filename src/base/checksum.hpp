// A fast checksum of bytes kept on one machine (a --cache file checked whole before use), with
// xxHash's XXH3 (128 bits), wrapped here once. Not a cryptographic hash: content hashes that
// must agree between machines are SHA-256 (base/sha256.hpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace factloom {

class Checksum {
public:
  Checksum();
  ~Checksum();
  Checksum(const Checksum &) = delete;
  Checksum &operator=(const Checksum &) = delete;
  /// Adds bytes.
  void update(std::string_view bytes);
  /// The checksum as 32 lowercase hex digits.
  std::string hex() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

/// The checksum of `bytes` as 32 lowercase hex digits.
std::string checksum_hex(std::string_view bytes);

} // namespace factloom
