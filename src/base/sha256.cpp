// SHA-256 through OpenSSL's EVP interface: the context is owned by an RAII handle.
#include "base/sha256.hpp"

#include <openssl/evp.h>

#include "base/check.hpp"

namespace factloom {

struct Sha256::Context {
  struct Free {
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx{EVP_MD_CTX_new()};
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  FL_ASSERT(context_->ctx != nullptr, "EVP_MD_CTX_new failed");
  FL_ASSERT(EVP_DigestInit_ex(context_->ctx.get(), EVP_sha256(), nullptr) == 1,
            "EVP_DigestInit_ex(sha256) failed");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256 &&) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&) noexcept = default;

void Sha256::update(std::string_view bytes) {
  FL_ASSERT(EVP_DigestUpdate(context_->ctx.get(), bytes.data(), bytes.size()) == 1,
            "EVP_DigestUpdate failed");
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  FL_ASSERT(EVP_DigestFinal_ex(context_->ctx.get(), digest, &size) == 1,
            "EVP_DigestFinal_ex failed");
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(digits[digest[i] >> 4]);
    out.push_back(digits[digest[i] & 0xF]);
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

} // namespace factloom
