// SHA-256 content hashes that must agree between machines (the manifest of an incremental load),
// computed by OpenSSL's libcrypto (EVP), wrapped here once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace factloom {

class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256 &) = delete;
  Sha256 &operator=(const Sha256 &) = delete;
  Sha256(Sha256 &&) noexcept;
  Sha256 &operator=(Sha256 &&) noexcept;
  /// Adds bytes to the message.
  void update(std::string_view bytes);
  /// The digest as 64 lowercase hex digits; the object must not be updated afterwards.
  std::string hex();

private:
  struct Context;
  std::unique_ptr<Context> context_;
};

/// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace factloom
