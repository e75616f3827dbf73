// ServerCertVerifier and ClientCertVerifier over x509::verify(): the peer's
// DER (and stapled OCSP response) parsed here, then purpose serverAuth with
// the client's reference identity (RFC 6125), or clientAuth, and revocation
// by the configured policy.
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

const crypto::KeyFactory& keys_or_default(const crypto::KeyFactory* keys) {
  return keys ? *keys : *crypto::openssl_provider().keys;
}

// A staple that does not parse is a rejection with a report like any other
// (RFC 6066 §8: bad_certificate_status_response).
x509::VerifyReport malformed_staple_report(const x509::Certificate& leaf, const Error& parse_error) {
  x509::VerifyReport r;
  x509::CandidatePath p;
  x509::Finding f;
  f.position = 0;
  f.label = leaf.label();
  f.rule = x509::Rule::ocsp_invalid;
  f.message = "the stapled OCSP response for " + leaf.label() + " is malformed: " + parse_error.message();
  f.expected = "a DER OCSPResponse (RFC 6960 §4.2.1)";
  f.found = parse_error.message();
  f.hint = "the server's staple file is damaged or not an OCSP response";
  p.findings.push_back(std::move(f));
  r.paths.push_back(std::move(p));
  return r;
}

class X509ServerVerifier final : public ServerCertVerifier {
 public:
  X509ServerVerifier(std::shared_ptr<const x509::TrustStore> roots, X509VerifierOptions options)
      : roots_(std::move(roots)), options_(std::move(options)) {}

  Result<VerifiedChain> verify_server(const VerifyInput& input) const override {
    return verify_with_x509(input, *roots_, options_);
  }

 private:
  std::shared_ptr<const x509::TrustStore> roots_;
  X509VerifierOptions options_;
};

class X509ClientVerifier final : public ClientCertVerifier {
 public:
  X509ClientVerifier(std::shared_ptr<const x509::TrustStore> roots, X509VerifierOptions options)
      : roots_(std::move(roots)), options_(std::move(options)) {
    // RFC 8446 §4.2.4: the DER subjects of the anchors we accept (BoringSSL
    // ssl_add_CA_names), duplicates dropped.
    for (const auto& anchor : roots_->anchors()) {
      std::vector<uint8_t> subject(anchor->subject.raw.begin(), anchor->subject.raw.end());
      if (std::find(hints_.begin(), hints_.end(), subject) == hints_.end()) hints_.push_back(std::move(subject));
    }
  }

  std::span<const std::vector<uint8_t>> root_hints() const override { return hints_; }

  Result<VerifiedChain> verify_client(const VerifyInput& input) const override {
    return verify_with_x509(input, *roots_, options_);
  }

 private:
  std::shared_ptr<const x509::TrustStore> roots_;
  X509VerifierOptions options_;
  std::vector<std::vector<uint8_t>> hints_;
};

}  // namespace

Result<std::vector<x509::CertificatePtr>> parse_chain(std::span<const crypto::ByteView> chain,
                                                      const crypto::KeyFactory& keys) {
  std::vector<x509::CertificatePtr> out;
  out.reserve(chain.size());
  for (size_t i = 0; i < chain.size(); ++i) {
    auto c = x509::Certificate::parse(chain[i], keys);
    if (!c) {
      if (i == 0) {
        return err::make(Error::Kind::Certificate, Alert::bad_certificate, "peer certificate does not parse",
                         c.error().message());
      }
      continue;  // path building reports the missing issuer
    }
    out.push_back(std::move(*c));
  }
  return out;
}

// Parses the peer's chain and staple, then x509::verify() with the input's
// time and purpose (and name, for a server) and the revocation evidence.
Result<VerifiedChain> verify_with_x509(const VerifyInput& input, const x509::TrustStore& roots,
                                       const X509VerifierOptions& o) {
  if (input.chain.empty()) {
    return err::make(Error::Kind::Certificate, Alert::certificate_required, "the peer sent no certificate");
  }
  const auto& keys = keys_or_default(o.keys);
  const auto chain = PARLEY_TRY(parse_chain(input.chain, keys));
  x509::VerifyOptions options;
  options.time = input.now;
  options.purpose = input.purpose;
  if (input.name) {
    options.hostname = input.name->dns;
    options.ip = input.name->ip;
  }
  options.revocation = o.revocation;
  options.crls = o.crls;
  options.fetched_crls = o.fetched_crls;
  options.ocsp = o.ocsp;
  options.fetcher = o.fetcher.get();
  if (input.ocsp_response && o.revocation != RevocationPolicy::off) {
    auto staple = x509::ocsp::Response::parse(*input.ocsp_response, keys);
    if (!staple) return rejected(malformed_staple_report(*chain.front(), staple.error()));
    options.ocsp.push_back({std::move(*staple), x509::EvidenceSource::staple, std::nullopt, {}});
  }
  auto path = x509::verify(chain.front(), std::span(chain).subspan(1), roots, options);
  if (!path) return rejected(std::move(path).error());
  VerifiedChain out;
  out.path = std::move(path->certificates);
  out.revocation = std::move(path->revocation);
  out.not_after = std::numeric_limits<int64_t>::max();
  for (const auto& c : out.path) out.not_after = std::min(out.not_after, c->validity.not_after);
  if (options.hostname) out.name_matched = "DNS:" + *options.hostname;
  if (options.ip) out.name_matched = "IP:" + x509::to_string(*options.ip);
  return out;
}

std::shared_ptr<const ServerCertVerifier> x509_server_verifier(std::shared_ptr<const x509::TrustStore> roots,
                                                               X509VerifierOptions options) {
  return std::make_shared<const X509ServerVerifier>(std::move(roots), std::move(options));
}

std::shared_ptr<const ClientCertVerifier> x509_client_verifier(std::shared_ptr<const x509::TrustStore> roots,
                                                               X509VerifierOptions options) {
  return std::make_shared<const X509ClientVerifier>(std::move(roots), std::move(options));
}

}  // namespace parley::tls::verify
