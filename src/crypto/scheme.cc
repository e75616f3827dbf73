#include "crypto/scheme.h"

#include <array>
#include <string>

namespace parley::crypto {
namespace {

using S = SignatureScheme;

constexpr std::array<SchemeInfo, 16> kSchemes{{
    {S::rsa_pkcs1_sha256, "rsa_pkcs1_sha256", SigAlg::rsa_pkcs1_sha256, KeyType::rsa, false, false, false},
    {S::rsa_pkcs1_sha384, "rsa_pkcs1_sha384", SigAlg::rsa_pkcs1_sha384, KeyType::rsa, false, false, false},
    {S::rsa_pkcs1_sha512, "rsa_pkcs1_sha512", SigAlg::rsa_pkcs1_sha512, KeyType::rsa, false, false, false},
    {S::ecdsa_secp256r1_sha256, "ecdsa_secp256r1_sha256", SigAlg::ecdsa_sha256, KeyType::ec_p256, true, false, true},
    {S::ecdsa_secp384r1_sha384, "ecdsa_secp384r1_sha384", SigAlg::ecdsa_sha384, KeyType::ec_p384, true, false, true},
    {S::ecdsa_secp521r1_sha512, "ecdsa_secp521r1_sha512", SigAlg::ecdsa_sha512, KeyType::ec_p521, true, false, true},
    {S::rsa_pss_rsae_sha256, "rsa_pss_rsae_sha256", SigAlg::rsa_pss_sha256, KeyType::rsa, false, false, true},
    {S::rsa_pss_rsae_sha384, "rsa_pss_rsae_sha384", SigAlg::rsa_pss_sha384, KeyType::rsa, false, false, true},
    {S::rsa_pss_rsae_sha512, "rsa_pss_rsae_sha512", SigAlg::rsa_pss_sha512, KeyType::rsa, false, false, true},
    {S::ed25519, "ed25519", SigAlg::ed25519, KeyType::ed25519, false, false, true},
    {S::ed448, "ed448", std::nullopt, KeyType::ed25519, false, false, true},
    {S::rsa_pss_pss_sha256, "rsa_pss_pss_sha256", SigAlg::rsa_pss_sha256, KeyType::rsa, false, true, true},
    {S::rsa_pss_pss_sha384, "rsa_pss_pss_sha384", SigAlg::rsa_pss_sha384, KeyType::rsa, false, true, true},
    {S::rsa_pss_pss_sha512, "rsa_pss_pss_sha512", SigAlg::rsa_pss_sha512, KeyType::rsa, false, true, true},
    {S::rsa_pkcs1_sha1, "rsa_pkcs1_sha1", std::nullopt, KeyType::rsa, false, false, false},
    {S::ecdsa_sha1, "ecdsa_sha1", std::nullopt, KeyType::ec_p256, false, false, false},
}};

bool is_ec(KeyType k) { return k == KeyType::ec_p256 || k == KeyType::ec_p384 || k == KeyType::ec_p521; }

}  // namespace

const SchemeInfo* scheme_info(uint16_t code) {
  for (const SchemeInfo& s : kSchemes) {
    if (static_cast<uint16_t>(s.scheme) == code) return &s;
  }
  return nullptr;
}

std::string_view scheme_name(uint16_t code) {
  const SchemeInfo* s = scheme_info(code);
  return s ? s->name : "unknown";
}

std::optional<SigAlg> sig_alg_for(uint16_t scheme, KeyType key, bool tls13_handshake) {
  const SchemeInfo* s = scheme_info(scheme);
  if (s == nullptr || !s->alg || s->pss_key) return std::nullopt;
  if (tls13_handshake && !s->handshake_ok) return std::nullopt;
  // RFC 8446 §4.2.3: in TLS 1.3 ECDSA names its curve; elsewhere (X.509,
  // TLS 1.2) any supported curve may use any of the hashes.
  bool fits = (s->ecdsa_curve_bound && !tls13_handshake) ? is_ec(key) : key == s->key;
  if (!fits) return std::nullopt;
  return s->alg;
}

// A Signer signs for a TLS 1.3 CertificateVerify, so the handshake rules apply.
Result<SignatureJob> PrivateKey::start_signing(SignatureScheme scheme, ByteView content) const {
  auto alg = sig_alg_for(static_cast<uint16_t>(scheme), type(), true);
  if (!alg) {
    return err::internal("signing: the signature scheme does not fit the key",
                         std::string(scheme_name(scheme)) + " with a " + std::string(key_type_name(type())) + " key");
  }
  auto sig = sign(*alg, content);
  if (!sig) return Unexpected(std::move(sig).error());
  return SignatureJob(std::move(*sig));
}

}  // namespace parley::crypto
