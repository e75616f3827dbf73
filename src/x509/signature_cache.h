// A memo of signature checks that succeeded: "these exact signed bytes and
// this exact signature verified under this exact key with this exact
// algorithm". Owned by a TrustStore, so every verification against that store
// shares it, across connections and threads: a client reconnecting to a
// server, or an mTLS server whose clients share an intermediate, pays for
// those chain signatures once (docs/PERFORMANCE.md "Chain verification"
// measures what that saves).
//
// Why a hit may stand for a verification:
// - Verifying is a deterministic function of (public key, signature
//   algorithm, signed bytes, signature value). The public key enters the
//   cache key as the SubjectPublicKeyInfo DER it was loaded from, the
//   algorithm as its AlgorithmIdentifier DER: both exactly, parameters
//   included.
// - Only successes are stored. A signature that failed is verified again
//   every time, so a tampered certificate fails even right after the genuine
//   one verified.
// - The cache answers one question only. Everything else — policy on weak
//   algorithms and key sizes, validity at the verification time, revocation,
//   name constraints, EKU, the hostname — is checked on every verification
//   by the path builder's callers, hit or miss.
// - The cache key is SHA-256 over the four inputs, each with a 4-byte length
//   prefix: the issuer's SubjectPublicKeyInfo, the signatureAlgorithm, the
//   signed bytes (tbsCertificate or tbsCertList) and the signature value. A
//   false hit needs a SHA-256 collision.
// - The path builder still counts a hit as a signature check against its
//   budget (path_builder.cc): a hit costs one SHA-256 over its inputs instead
//   of a public-key operation, and the number of checks stays bounded.
// - Certificate and CRL signatures only. TLS CertificateVerify never comes
//   here: its signed content holds a fresh transcript hash.
//
// The table is fixed at construction: capacity() slots of a 32-byte key and a
// 64-bit use stamp (40 bytes), never more. A key lives in one of kWindow
// consecutive slots from its home slot; inserting into a full window replaces
// its least recently used slot. A lookup allocates nothing in our code (the
// inputs are framed on the stack, see kFramedOnStack). One mutex guards it: a lookup holds it for a
// few compares, against ~70 µs for the ECDSA P-256 verification it saves.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "x509/certificate.h"

namespace parley::x509 {

class SignatureCache {
 public:
  // 1024 × 40 bytes = 40 KiB: room for the intermediates and the recent
  // leaves a busy server or client meets; a miss only costs the verification.
  static constexpr size_t kDefaultEntries = 1024;
  // Slots a key may occupy, from its home slot on.
  static constexpr size_t kWindow = 4;
  // The inputs of one lookup are framed in a stack buffer of this size, enough
  // for common certificates (one signed by a 4096-bit RSA key: about 2.5
  // KiB); larger ones (long SAN lists) are framed on the heap.
  static constexpr size_t kFramedOnStack = 4096;

  // entries == 0 turns the cache off: verify() asks the key every time and
  // hashes nothing. sha256 must outlive the cache.
  SignatureCache(size_t entries, const crypto::Hash& sha256);

  SignatureCache(const SignatureCache&) = delete;
  SignatureCache& operator=(const SignatureCache&) = delete;

  // Whether key verifies signature over signed_bytes with alg (alg.alg must be
  // set): from the memo when these exact inputs verified before, else from
  // key.verify(), remembered when it succeeds.
  Result<void> verify(const crypto::PublicKey& key, const SignatureAlgorithm& alg, Input signed_bytes,
                      Input signature);

  // For tests and statistics.
  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    uint64_t evictions = 0;
    size_t entries = 0;  // slots in use, never more than capacity()
  };
  Stats stats() const;
  size_t capacity() const { return slots_.size(); }

 private:
  using Key = std::array<uint8_t, 32>;
  struct Slot {
    Key key{};
    uint64_t last_use = 0;  // 0: empty
  };

  Key key_of(const crypto::PublicKey& key, const SignatureAlgorithm& alg, Input signed_bytes,
             Input signature) const;
  bool lookup(const Key& key);
  void insert(const Key& key);
  size_t home(const Key& key) const;
  Slot* find_locked(const Key& key);

  const crypto::Hash& sha256_;
  mutable std::mutex mutex_;
  std::vector<Slot> slots_;  // sized once, in the constructor
  uint64_t uses_ = 0;        // the stamp clock
  Stats stats_;
};

}  // namespace parley::x509
