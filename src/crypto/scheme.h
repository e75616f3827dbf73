// TLS SignatureScheme code points (RFC 8446 §4.2.3) and how they map onto
// parley's SigAlg and key types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "crypto/provider.h"

namespace parley::crypto {

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

struct SchemeInfo {
  SignatureScheme scheme;
  std::string_view name;     // "ecdsa_secp256r1_sha256"
  std::optional<SigAlg> alg;  // nullopt: parley cannot make or check it (SHA-1, Ed448)
  KeyType key;                // the key type the scheme needs
  bool ecdsa_curve_bound;     // ECDSA: in TLS 1.3 the key's curve must be `key`
  bool pss_key;               // rsa_pss_pss_*: needs an id-RSASSA-PSS key, which parley does not load
  bool handshake_ok;          // allowed in TLS 1.3 CertificateVerify (no PKCS#1 v1.5, no SHA-1)
};

// The row for a code point, or nullptr when unknown.
const SchemeInfo* scheme_info(uint16_t code);

// The RFC 8446 name, or "unknown".
std::string_view scheme_name(uint16_t code);

// The SigAlg to verify or make `scheme` with a key of `key` type, or nullopt
// when the pair does not fit. tls13_handshake applies TLS 1.3's CertificateVerify
// rules: the ECDSA curve is bound to the scheme and RSASSA-PKCS1-v1_5 is refused.
std::optional<SigAlg> sig_alg_for(uint16_t scheme, KeyType key, bool tls13_handshake);

// The first scheme in the peer's signature_algorithms offer that `key` can
// make; nullopt when none fits (the caller sends handshake_failure).
std::optional<SignatureScheme> choose_scheme(const PrivateKey& key, std::span<const uint16_t> offered_by_peer,
                                             bool tls13_handshake);

}  // namespace parley::crypto
