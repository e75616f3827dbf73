// The crypto provider: a table of small interfaces over which parley's own
// protocol, X.509 and CA code run (after rustls' CryptoProvider and picotls'
// ptls_*_algorithm_t). The only implementation is OpenSSL 3 libcrypto
// (src/crypto/openssl); tests add a deterministic one (src/crypto/testing).
//
// Objects returned by a Provider are immutable and thread-safe unless their
// comment says otherwise; per-connection contexts (HashCtx, AeadCtx, KeyShare)
// are single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/secret.h"
#include "parley/error.h"
#include "parley/signer.h"  // Signer, PendingSignature, SignatureJob
#include "parley/types.h"  // Suite, Group, KeyType, KeySpec and the names

namespace parley::crypto {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// ---------------------------------------------------------------- randomness

class Rng {
 public:
  virtual ~Rng() = default;
  // Fills out with random bytes. A failing system RNG aborts: there is no safe way on.
  virtual void fill(std::span<uint8_t> out) = 0;
};

// ---------------------------------------------------------------- hashing

enum class HashAlg : uint8_t { sha256, sha384, sha512 };

// A running hash. digest() does not end it: the TLS transcript asks for the
// hash so far many times (RFC 8446 §4.4.1).
class HashCtx {
 public:
  virtual ~HashCtx() = default;
  virtual void update(ByteView data) = 0;
  virtual SecretBytes digest() const = 0;
  virtual std::unique_ptr<HashCtx> clone() const = 0;
};

class Hash {
 public:
  virtual ~Hash() = default;
  virtual HashAlg alg() const = 0;
  virtual size_t len() const = 0;  // output length in bytes
  virtual std::unique_ptr<HashCtx> start() const = 0;
  virtual SecretBytes digest(ByteView data) const = 0;  // one shot
  virtual SecretBytes hmac(ByteView key, ByteView msg) const = 0;
  // RFC 5869 §2.2; an empty salt means HashLen zero bytes.
  virtual SecretBytes hkdf_extract(ByteView salt, ByteView ikm) const = 0;
  // RFC 5869 §2.3; out.size() <= 255 * len().
  virtual Result<void> hkdf_expand(ByteView prk, ByteView info, std::span<uint8_t> out) const = 0;
};

// ---------------------------------------------------------------- AEAD

enum class AeadAlg : uint8_t { aes_128_gcm, aes_256_gcm, chacha20_poly1305 };

// One direction's cipher with its key installed once; only the nonce changes
// per record (no allocation, no algorithm fetch per call).
//
// Input and output are separate spans so that TLS seals a record straight
// from the application's bytes into the output buffer and opens it straight
// from the peer's bytes into the plaintext buffer (RFC 8446 §5.2), with no
// copy on either side. Each input span is either exactly the output bytes it
// becomes (in place) or does not overlap the output at all; a partial
// overlap is refused (as libcrypto and RFC 5116 §2 leave it undefined).
class AeadCtx {
 public:
  virtual ~AeadCtx() = default;
  // Encrypts the plaintext `in ‖ trailer` into `out` (out.size() ==
  // in.size() + trailer.size()) and writes the tag (tag.size() ==
  // Aead::tag_len()). The trailer is TLSInnerPlaintext's content type and
  // padding (§5.2): one AEAD operation covers them and the content, which
  // stays where the caller has it.
  virtual Result<void> seal(ByteView nonce, ByteView aad, ByteView in, ByteView trailer, std::span<uint8_t> out,
                            std::span<uint8_t> tag) = 0;
  // Checks the tag and decrypts `in` into `out` (out.size() == in.size()).
  // On failure `out` is zeroed: unauthenticated plaintext never leaves.
  virtual Result<void> open(ByteView nonce, ByteView aad, ByteView in, ByteView tag, std::span<uint8_t> out) = 0;
};

class Aead {
 public:
  virtual ~Aead() = default;
  virtual AeadAlg alg() const = 0;
  virtual size_t key_len() const = 0;
  virtual size_t iv_len() const = 0;  // 12 for all three
  virtual size_t tag_len() const = 0;  // 16 for all three
  virtual Result<std::unique_ptr<AeadCtx>> make(ByteView key) const = 0;
};

// ---------------------------------------------------------------- key exchange

// The client's half of a key exchange: our public share, then the secret once
// the peer's share arrives. complete() consumes the private key.
class KeyShare {
 public:
  virtual ~KeyShare() = default;
  virtual Group group() const = 0;
  virtual ByteView public_key() const = 0;  // as sent in KeyShareEntry.key_exchange
  // Validates the peer's share (on-curve point, right length; RFC 8446 §4.2.8.2)
  // and rejects an all-zero X25519 result (RFC 7748 §6.1).
  virtual Result<SecretBytes> complete(ByteView peer) && = 0;
};

class KxGroup {
 public:
  virtual ~KxGroup() = default;
  virtual Group group() const = 0;
  virtual std::string_view name() const = 0;  // "x25519"
  // X25519 draws its private key from rng, so the deterministic test provider
  // reproduces RFC 8448 byte for byte; the NIST curves use libcrypto's generator.
  virtual Result<std::unique_ptr<KeyShare>> start(Rng& rng) const = 0;
  // The server's side in one step: our share and the shared secret.
  virtual Result<std::pair<Bytes, SecretBytes>> respond(ByteView peer, Rng& rng) const = 0;
};

// ---------------------------------------------------------------- signatures

// A signature algorithm as X.509 and TLS both name it. TLS 1.3 schemes map
// onto these with an extra curve rule (see scheme.h).
enum class SigAlg : uint8_t {
  ecdsa_sha256, ecdsa_sha384, ecdsa_sha512,
  rsa_pkcs1_sha256, rsa_pkcs1_sha384, rsa_pkcs1_sha512,
  rsa_pss_sha256, rsa_pss_sha384, rsa_pss_sha512,  // MGF1 with the same hash, salt = hash length
  ed25519,
};

// A public key parsed once from its SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
class PublicKey {
 public:
  virtual ~PublicKey() = default;
  virtual KeyType type() const = 0;
  virtual size_t bits() const = 0;  // RSA modulus bits, curve bits, 256 for Ed25519
  virtual ByteView spki_der() const = 0;
  // Ok, or a Crypto error: wrong key type for alg, bad encoding, bad signature.
  virtual Result<void> verify(SigAlg alg, ByteView msg, ByteView sig) const = 0;
};

// A key in memory: it signs at once (so start_signing() never defers), and
// it can be exported.
class PrivateKey : public Signer {
 public:
  virtual size_t bits() const = 0;
  virtual const PublicKey& public_key() const = 0;
  virtual Result<Bytes> sign(SigAlg alg, ByteView msg) const = 0;
  // PKCS#8 PrivateKeyInfo DER (RFC 5208), or EncryptedPrivateKeyInfo
  // (RFC 5958, PBES2 with AES-256-CBC) when a passphrase is given.
  virtual Result<SecretBuffer> to_pkcs8(std::optional<std::string_view> passphrase) const = 0;

  // Maps the scheme onto a SigAlg (scheme.h) and signs: never deferred.
  Result<SignatureJob> start_signing(SignatureScheme scheme, ByteView content) const final;
};

// The DER shapes a private key may come in (the PEM label tells which).
enum class PrivateKeyFormat : uint8_t {
  pkcs8,            // "PRIVATE KEY"
  pkcs8_encrypted,  // "ENCRYPTED PRIVATE KEY": needs the passphrase
  sec1,             // "EC PRIVATE KEY"
  pkcs1,            // "RSA PRIVATE KEY"
};

class KeyFactory {
 public:
  virtual ~KeyFactory() = default;
  virtual Result<std::unique_ptr<PrivateKey>> generate(KeySpec spec) const = 0;
  virtual Result<std::unique_ptr<PrivateKey>> load_private(ByteView der, PrivateKeyFormat format,
                                                           std::optional<std::string_view> passphrase) const = 0;
  // Strict: trailing bytes, unknown algorithms and invalid points are errors.
  virtual Result<std::unique_ptr<PublicKey>> load_public(ByteView spki_der) const = 0;
};

// ---------------------------------------------------------------- time

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t unix_seconds() const = 0;  // for certificate validity
  virtual int64_t monotonic_ns() const = 0;  // for trace timestamps and timeouts
  // For ticket ages, which RFC 8446 §4.2.11.1 counts in milliseconds; a
  // clock with only seconds may keep this default.
  virtual int64_t unix_ms() const { return unix_seconds() * 1000; }
};

// ---------------------------------------------------------------- the table

struct CipherSuite {
  Suite id;
  std::string_view name;  // "TLS_AES_128_GCM_SHA256"
  const Aead* aead;
  const Hash* hash;
};

// Everything parley's code needs from cryptography. Built once; the
// algorithms inside are fetched at build time, never per call.
struct Provider {
  std::span<const CipherSuite> suites;  // in default preference order
  std::span<const KxGroup* const> groups;  // in default preference order
  const Hash* sha256;
  const Hash* sha384;
  const Hash* sha512;
  const KeyFactory* keys;
  Rng* rng;
  const Clock* clock;

  const Hash& hash(HashAlg alg) const;
  const Aead* aead(AeadAlg alg) const;
  const CipherSuite* suite(Suite id) const;
  const KxGroup* group(Group id) const;
};

}  // namespace parley::crypto
