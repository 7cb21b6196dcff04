// XXH3-128 through libxxhash's streaming interface.
#include "base/checksum.hpp"

#include <cstdio>
#include <new>
#include <xxhash.h>

namespace factloom {

struct Checksum::State {
  XXH3_state_t *state = XXH3_createState();
  State() {
    if (state == nullptr || XXH3_128bits_reset(state) != XXH_OK)
      throw std::bad_alloc();
  }
  ~State() { XXH3_freeState(state); }
  State(const State &) = delete;
  State &operator=(const State &) = delete;
};

Checksum::Checksum() : state_(std::make_unique<State>()) {}
Checksum::~Checksum() = default;

void Checksum::update(std::string_view bytes) {
  (void)XXH3_128bits_update(state_->state, bytes.data(), bytes.size());
}

std::string Checksum::hex() const {
  const XXH128_hash_t h = XXH3_128bits_digest(state_->state);
  char out[33];
  std::snprintf(out, sizeof out, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(out, 32);
}

std::string checksum_hex(std::string_view bytes) {
  Checksum c;
  c.update(bytes);
  return c.hex();
}

} // namespace factloom
