#include "service/tunnel/capture.h"

#include "x509/certificate.h"

namespace parley::tunnel {
namespace {

AuditIdentity identity_of(const std::vector<x509::CertificatePtr>& chain) {
  AuditIdentity id;
  if (chain.empty()) return id;
  const auto& leaf = *chain.front();
  id.subject = x509::to_string(leaf.subject);
  id.issuer = x509::to_string(leaf.issuer);
  if (leaf.subject_alt_names) {
    for (const auto& n : *leaf.subject_alt_names) {
      if (n.type == x509::GeneralNameType::uri) id.uris.emplace_back(n.text());
      if (n.type == x509::GeneralNameType::dns) id.dns.emplace_back(n.text());
    }
  }
  for (const auto& c : chain) id.serials.push_back(c->serial_hex());
  return id;
}

}  // namespace

void HandshakeCapture::on_event(const HandshakeEvent& event) {
  using Kind = HandshakeEvent::Kind;
  if (event.kind == Kind::certificate_verified || event.kind == Kind::certificate_rejected) {
    if (const auto* check = event.get<CertificateCheck>()) identity_ = identity_of(check->chain);
  } else if (event.kind == Kind::handshake_done) {
    done_ = std::chrono::steady_clock::now();
  }
}

double HandshakeCapture::handshake_seconds() const {
  auto end = done_.value_or(std::chrono::steady_clock::now());
  return std::chrono::duration<double>(end - started_).count();
}

}  // namespace parley::tunnel
