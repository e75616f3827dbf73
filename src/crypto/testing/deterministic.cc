#include "crypto/testing/deterministic.h"


#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace parley::crypto::testing {

void CounterRng::fill(std::span<uint8_t> out) {
  const Hash& sha256 = *openssl_provider().sha256;
  while (!out.empty()) {
    if (used_ == sizeof block_) {
      uint8_t input[16];
      for (int i = 0; i < 8; ++i) {
        input[i] = static_cast<uint8_t>(seed_ >> (56 - 8 * i));
        input[8 + i] = static_cast<uint8_t>(counter_ >> (56 - 8 * i));
      }
      ++counter_;
      SecretBytes h = sha256.digest(input);
      std::copy_n(h.view().begin(), sizeof block_, block_);
      used_ = 0;
    }
    size_t n = std::min(out.size(), sizeof block_ - used_);
    std::copy_n(block_ + used_, n, out.begin());
    used_ += n;
    out = out.subspan(n);
  }
}

void ScriptedRng::fill(std::span<uint8_t> out) {
  if (queue_.empty()) return fallback_.fill(out);
  const Bytes& next = queue_.front();
  if (next.size() != out.size()) {
    std::fprintf(stderr, "ScriptedRng: asked for %zu bytes, script has %zu\n", out.size(), next.size());
    std::abort();
  }
  std::copy(next.begin(), next.end(), out.begin());
  queue_.pop_front();
}

DeterministicProvider::DeterministicProvider(uint64_t seed, int64_t unix_seconds)
    : rng_(seed), clock_(unix_seconds), provider_(openssl_provider()) {
  provider_.rng = &rng_;
  provider_.clock = &clock_;
}

}  // namespace parley::crypto::testing
