// The small non-inline pieces of the public API headers (config.h, events.h,
// connection.h's ServerName and PeerIdentity).
#include "parley/config.h"
#include "parley/connection.h"
#include "parley/events.h"
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

std::string EventField::joined() const {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

std::string_view HandshakeEvent::field(std::string_view field_name) const {
  for (const auto& f : fields) {
    if (f.name == field_name && !f.values.empty()) return f.values.front();
  }
  return {};
}

std::string_view event_kind_name(HandshakeEvent::Kind k) {
  switch (k) {
    case HandshakeEvent::Kind::message_sent: return "message_sent";
    case HandshakeEvent::Kind::message_received: return "message_received";
    case HandshakeEvent::Kind::keys_installed: return "keys_installed";
    case HandshakeEvent::Kind::certificate_verified: return "certificate_verified";
    case HandshakeEvent::Kind::certificate_rejected: return "certificate_rejected";
    case HandshakeEvent::Kind::alert_sent: return "alert_sent";
    case HandshakeEvent::Kind::alert_received: return "alert_received";
    case HandshakeEvent::Kind::handshake_done: return "handshake_done";
  }
  return "unknown";
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
