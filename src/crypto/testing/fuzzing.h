// A Provider for fuzzing builds only (compiled when PARLEY_FUZZ is ON; after
// BoringSSL's FUZZING.md): the deterministic provider's Rng and Clock, with
// the checks a fuzzer cannot satisfy taken out, so that arbitrary input gets
// past the first flight into the encrypted handshake:
//   - a null AEAD: records are "sealed" as plaintext with a zero tag, and any
//     tag opens;
//   - an HMAC that returns zeros, so every Finished verify_data is all zeros
//     (HKDF is real, so the key schedule still runs);
//   - public keys whose verify() always succeeds (CertificateVerify, and
//     certificate signatures seen by the X.509 verifier).
// Never link this into anything that talks to a real peer.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "crypto/provider.h"
#include "crypto/testing/deterministic.h"

namespace parley::crypto::testing {

class FuzzingProvider {
 public:
  explicit FuzzingProvider(uint64_t seed = 0, int64_t unix_seconds = DeterministicProvider::kDefaultTime);
  FuzzingProvider(const FuzzingProvider&) = delete;
  FuzzingProvider& operator=(const FuzzingProvider&) = delete;
  ~FuzzingProvider();

  const Provider& provider() const { return provider_; }
  ScriptedRng& rng() { return rng_; }
  FixedClock& clock() { return clock_; }

  struct Parts;  // the wrapped algorithms

 private:
  ScriptedRng rng_;
  FixedClock clock_;
  std::unique_ptr<Parts> parts_;
  Provider provider_;
};

}  // namespace parley::crypto::testing
