// The vocabulary the other public headers share: algorithm code points and
// their names, an IP address, and the library's objects, which a program
// holds by pointer only (certificates, CRLs, trust stores, keys, the crypto
// provider). Get them from credentials.h and ca.h.
//
//   auto ip = parley::IpAddress::parse("fd00::1").value();   // ip.to_string() == "fd00::1"
//   cfg.suites = {parley::crypto::Suite::aes_256_gcm_sha384};
//   std::puts(parley::crypto::suite_name(neg.suite).data());  // "TLS_AES_256_GCM_SHA384"
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <parley/error.h>

namespace parley {

// An IPv4 (4 bytes) or IPv6 (16 bytes) address.
struct IpAddress {
  std::array<uint8_t, 16> bytes{};
  uint8_t len = 0;  // 4 or 16

  // Dotted-quad IPv4 (each part 0-255, decimal, no leading zeros) or RFC 4291
  // §2.2 IPv6 text (with "::" and an optional trailing dotted quad). No zone ids.
  static Result<IpAddress> parse(std::string_view text);
  // "10.0.0.1"; IPv6 in RFC 5952 form ("fd00::1").
  std::string to_string() const;

  std::span<const uint8_t> view() const { return {bytes.data(), len}; }
  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.len == b.len && std::equal(a.bytes.begin(), a.bytes.begin() + a.len, b.bytes.begin());
  }
};

// How hard to insist on revocation evidence (docs/REVOCATION.md):
//   off:  nothing is checked (CRLs, OCSP and must-staple ignored);
//   soft: a certificate a staple, an OCSP response or a CRL shows revoked is
//         refused, so is evidence that cannot be trusted; no evidence is accepted;
//   hard: every certificate below the anchor needs fresh evidence (a good
//         OCSP response or a current CRL).
// A must-staple certificate (RFC 7633) needs a good staple under soft and hard.
enum class RevocationPolicy : uint8_t { off, soft, hard };

}  // namespace parley

namespace parley::crypto {

// TLS 1.3 cipher suites (RFC 8446 §B.4).
enum class Suite : uint16_t {
  aes_128_gcm_sha256 = 0x1301,
  aes_256_gcm_sha384 = 0x1302,
  chacha20_poly1305_sha256 = 0x1303,
};

// TLS NamedGroup code points (RFC 8446 §4.2.7).
enum class Group : uint16_t { secp256r1 = 0x0017, secp384r1 = 0x0018, x25519 = 0x001d };

// TLS SignatureScheme code points (RFC 8446 §4.2.3).
enum class SignatureScheme : uint16_t {
  // RSASSA-PKCS1-v1_5: certificates only in TLS 1.3.
  rsa_pkcs1_sha256 = 0x0401,
  rsa_pkcs1_sha384 = 0x0501,
  rsa_pkcs1_sha512 = 0x0601,
  // ECDSA: in TLS 1.3 the curve is part of the scheme.
  ecdsa_secp256r1_sha256 = 0x0403,
  ecdsa_secp384r1_sha384 = 0x0503,
  ecdsa_secp521r1_sha512 = 0x0603,
  // RSASSA-PSS with an rsaEncryption key.
  rsa_pss_rsae_sha256 = 0x0804,
  rsa_pss_rsae_sha384 = 0x0805,
  rsa_pss_rsae_sha512 = 0x0806,
  // EdDSA.
  ed25519 = 0x0807,
  ed448 = 0x0808,
  // RSASSA-PSS with an id-RSASSA-PSS key.
  rsa_pss_pss_sha256 = 0x0809,
  rsa_pss_pss_sha384 = 0x080a,
  rsa_pss_pss_sha512 = 0x080b,
  // Legacy (SHA-1): never used by parley, named for display.
  rsa_pkcs1_sha1 = 0x0201,
  ecdsa_sha1 = 0x0203,
};

// What a key is, and what kind of key to generate.
enum class KeyType : uint8_t { ec_p256, ec_p384, ec_p521, ed25519, rsa };
enum class KeySpec : uint8_t { ec_p256, ec_p384, ed25519, rsa_2048, rsa_3072, rsa_4096 };

// "TLS_AES_128_GCM_SHA256", "x25519": the names in the OpenSSL provider's
// tables; "unknown" for a code point it does not implement.
std::string_view suite_name(Suite s);
std::string_view group_name(Group g);
// The RFC 8446 name ("ecdsa_secp256r1_sha256"), or "unknown".
std::string_view scheme_name(uint16_t code);
inline std::string_view scheme_name(SignatureScheme s) { return scheme_name(static_cast<uint16_t>(s)); }
// "ECDSA P-256", "Ed25519", "RSA".
std::string_view key_type_name(KeyType type);
// The names parley's commands accept: "ecdsa-p256", "ecdsa-p384", "ed25519", "rsa-2048", "rsa-3072", "rsa-4096".
std::optional<KeySpec> parse_key_spec(std::string_view name);
std::string_view key_spec_name(KeySpec spec);

// The crypto provider (a table of primitives) and keys: opaque here.
struct Provider;
class Signer;  // what a handshake signs with (signer.h): a PrivateKey, or a key kept elsewhere (an HSM)
class PrivateKey;
class PublicKey;
// The process-wide OpenSSL 3 provider (built on first use, thread-safe).
const Provider& openssl_provider();

}  // namespace parley::crypto

namespace parley::x509 {

// Parsed certificates and CRLs, immutable and shared; opaque here.
class Certificate;
class Crl;
class TrustStore;    // a set of trust anchors (credentials.h builds one)
class VerifyReport;  // why a chain was rejected (x509.h reads one)
using CertificatePtr = std::shared_ptr<const Certificate>;
using CrlPtr = std::shared_ptr<const Crl>;

}  // namespace parley::x509
