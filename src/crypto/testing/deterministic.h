// A Provider for tests: libcrypto's algorithms with a reproducible Rng and a
// fixed Clock, so handshakes can be replayed byte for byte (RFC 8448).
//
// Only what draws from Provider::rng is reproducible: X25519 private keys,
// randoms and anything else parley's own code asks for. NIST-curve keys,
// ECDSA nonces and RSA-PSS salts come from libcrypto's own DRBG.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>

#include "crypto/provider.h"

namespace parley::crypto::testing {

// A deterministic byte stream: SHA-256(seed || counter) blocks.
class CounterRng final : public Rng {
 public:
  explicit CounterRng(uint64_t seed = 0) : seed_(seed) {}
  void fill(std::span<uint8_t> out) override;

 private:
  uint64_t seed_;
  uint64_t counter_ = 0;
  uint8_t block_[32] = {};
  size_t used_ = sizeof block_;
};

// Returns queued byte strings, one per fill() call, in order; each must have
// exactly the requested length (a mismatch aborts: the script is out of step
// with the code under test). With the queue empty it falls back to a CounterRng.
class ScriptedRng final : public Rng {
 public:
  explicit ScriptedRng(uint64_t seed = 0) : fallback_(seed) {}
  void push(ByteView bytes) { queue_.emplace_back(bytes.begin(), bytes.end()); }
  size_t pending() const { return queue_.size(); }
  void fill(std::span<uint8_t> out) override;

 private:
  std::deque<Bytes> queue_;
  CounterRng fallback_;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t unix_seconds) : unix_ms_(unix_seconds * 1000) {}
  int64_t unix_seconds() const override { return unix_ms_ / 1000; }
  int64_t unix_ms() const override { return unix_ms_; }
  int64_t monotonic_ns() const override { return monotonic_ns_; }
  void set_unix_seconds(int64_t t) { unix_ms_ = t * 1000; }
  // Ticket ages count milliseconds (RFC 8448 §4 resumes 6 ms after the ticket).
  void advance_ms(int64_t ms) { unix_ms_ += ms; }
  void advance_ns(int64_t ns) { monotonic_ns_ += ns; }

 private:
  int64_t unix_ms_;
  int64_t monotonic_ns_ = 0;
};

// The OpenSSL provider's algorithms with a ScriptedRng and a FixedClock.
// Not thread-safe (the Rng and Clock are per test). Not movable: provider()
// points into this object.
class DeterministicProvider {
 public:
  // 2023-11-14T22:13:20Z: inside the validity of typical test certificates.
  static constexpr int64_t kDefaultTime = 1'700'000'000;

  explicit DeterministicProvider(uint64_t seed = 0, int64_t unix_seconds = kDefaultTime);
  DeterministicProvider(const DeterministicProvider&) = delete;
  DeterministicProvider& operator=(const DeterministicProvider&) = delete;

  const Provider& provider() const { return provider_; }
  ScriptedRng& rng() { return rng_; }
  FixedClock& clock() { return clock_; }

 private:
  ScriptedRng rng_;
  FixedClock clock_;
  Provider provider_;
};

}  // namespace parley::crypto::testing
