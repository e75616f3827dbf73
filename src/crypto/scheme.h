// How TLS SignatureScheme code points (parley/types.h) map onto parley's
// SigAlg and key types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "crypto/provider.h"

namespace parley::crypto {

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

// The SigAlg to verify or make `scheme` with a key of `key` type, or nullopt
// when the pair does not fit. tls13_handshake applies TLS 1.3's CertificateVerify
// rules: the ECDSA curve is bound to the scheme and RSASSA-PKCS1-v1_5 is refused.
std::optional<SigAlg> sig_alg_for(uint16_t scheme, KeyType key, bool tls13_handshake);

}  // namespace parley::crypto
