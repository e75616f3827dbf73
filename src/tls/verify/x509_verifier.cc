// ServerCertVerifier and ClientCertVerifier over x509::verify(): purpose
// serverAuth with the client's reference identity (RFC 6125), or clientAuth.
// A rejected chain becomes one Error whose alert is the report's
// (VerifyReport::alert(): certificate_expired, unknown_ca, bad_certificate,
// ...) and whose cert_detail carries the whole report.
#include <algorithm>
#include <limits>
#include <utility>

#include "tls/verify/verifier.h"
#include "x509/report.h"
#include "x509/verify.h"

namespace parley::tls::verify {
namespace {

Unexpected rejected(x509::VerifyReport report) {
  Error e = report.to_error();
  e.cert_detail = std::make_shared<const x509::VerifyReport>(std::move(report));
  return Unexpected(std::move(e));
}

Result<VerifiedChain> run(std::span<const x509::CertificatePtr> chain, const x509::TrustStore& roots,
                          x509::VerifyOptions options) {
  if (chain.empty()) {
    return err::make(Error::Kind::Certificate, Alert::certificate_required, "the peer sent no certificate");
  }
  auto path = x509::verify(chain.front(), chain.subspan(1), roots, options);
  if (!path) return rejected(std::move(path).error());
  VerifiedChain out;
  out.path = std::move(path->certificates);
  out.not_after = std::numeric_limits<int64_t>::max();
  for (const auto& c : out.path) out.not_after = std::min(out.not_after, c->validity.not_after);
  if (options.hostname) out.name_matched = "DNS:" + *options.hostname;
  if (options.ip) out.name_matched = "IP:" + x509::to_string(*options.ip);
  return out;
}

class X509ServerVerifier final : public ServerCertVerifier {
 public:
  X509ServerVerifier(std::shared_ptr<const x509::TrustStore> roots, std::vector<x509::CrlPtr> crls)
      : roots_(std::move(roots)), crls_(std::move(crls)) {}

  Result<VerifiedChain> verify_server(std::span<const x509::CertificatePtr> chain, const ReferenceIdentity& name,
                                      int64_t now) const override {
    x509::VerifyOptions o;
    o.time = now;
    o.purpose = x509::Purpose::server_auth;
    o.hostname = name.dns;
    o.ip = name.ip;
    o.crls = crls_;
    return run(chain, *roots_, std::move(o));
  }

 private:
  std::shared_ptr<const x509::TrustStore> roots_;
  std::vector<x509::CrlPtr> crls_;
};

class X509ClientVerifier final : public ClientCertVerifier {
 public:
  X509ClientVerifier(std::shared_ptr<const x509::TrustStore> roots, std::vector<x509::CrlPtr> crls)
      : roots_(std::move(roots)), crls_(std::move(crls)) {
    // RFC 8446 §4.2.4: the DER subjects of the anchors we accept (BoringSSL
    // ssl_add_CA_names), duplicates dropped.
    for (const auto& anchor : roots_->anchors()) {
      std::vector<uint8_t> subject(anchor->subject.raw.begin(), anchor->subject.raw.end());
      if (std::find(hints_.begin(), hints_.end(), subject) == hints_.end()) hints_.push_back(std::move(subject));
    }
  }

  std::span<const std::vector<uint8_t>> root_hints() const override { return hints_; }

  Result<VerifiedChain> verify_client(std::span<const x509::CertificatePtr> chain, int64_t now) const override {
    x509::VerifyOptions o;
    o.time = now;
    o.purpose = x509::Purpose::client_auth;
    o.crls = crls_;
    return run(chain, *roots_, std::move(o));
  }

 private:
  std::shared_ptr<const x509::TrustStore> roots_;
  std::vector<x509::CrlPtr> crls_;
  std::vector<std::vector<uint8_t>> hints_;
};

}  // namespace

std::shared_ptr<const ServerCertVerifier> x509_server_verifier(std::shared_ptr<const x509::TrustStore> roots,
                                                               std::vector<x509::CrlPtr> crls) {
  return std::make_shared<const X509ServerVerifier>(std::move(roots), std::move(crls));
}

std::shared_ptr<const ClientCertVerifier> x509_client_verifier(std::shared_ptr<const x509::TrustStore> roots,
                                                               std::vector<x509::CrlPtr> crls) {
  return std::make_shared<const X509ClientVerifier>(std::move(roots), std::move(crls));
}

}  // namespace parley::tls::verify
