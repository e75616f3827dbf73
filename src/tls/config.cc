// The small non-inline pieces of the public API headers (config.h,
// connection.h's ServerName and PeerIdentity).
#include "parley/config.h"
#include "parley/connection.h"
#include "x509/hostname.h"

namespace parley {

using crypto::SignatureScheme;

std::span<const SignatureScheme> default_signature_schemes() {
  static constexpr SignatureScheme kSchemes[] = {
      SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384, SignatureScheme::ed25519,
      SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,    SignatureScheme::rsa_pss_rsae_sha512,
  };
  return kSchemes;
}

std::span<const SignatureScheme> default_certificate_signature_schemes() {
  static constexpr SignatureScheme kSchemes[] = {
      SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384, SignatureScheme::ed25519,
      SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,    SignatureScheme::rsa_pss_rsae_sha512,
      SignatureScheme::rsa_pkcs1_sha256,       SignatureScheme::rsa_pkcs1_sha384,       SignatureScheme::rsa_pkcs1_sha512,
  };
  return kSchemes;
}

Result<ServerName> ServerName::parse(std::string_view text) {
  std::string_view literal = text;
  if (literal.size() > 2 && literal.front() == '[' && literal.back() == ']') literal = literal.substr(1, literal.size() - 2);
  if (auto ip = x509::parse_ip_address(literal)) {
    return ServerName{x509::to_string(*ip), *ip};
  }
  auto host = x509::normalize_reference_hostname(text);
  if (!host) return Unexpected(std::move(host).error());
  return ServerName{std::move(*host), std::nullopt};
}

std::string PeerIdentity::verification() const {
  std::string out = "verified: " + std::to_string(path.size()) + " certificates to a trusted root";
  if (!name_matched.empty()) out += ", name matches " + name_matched;
  return out;
}

Result<std::vector<x509::CertificatePtr>> PeerIdentity::parse_path() const {
  std::vector<x509::CertificatePtr> out;
  out.reserve(path.size());
  for (const auto& der : path) out.push_back(PARLEY_TRY(x509::Certificate::parse(der)));
  return out;
}

}  // namespace parley
