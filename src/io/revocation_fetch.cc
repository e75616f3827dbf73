#include "io/revocation_fetch.h"

#include "der/pem.h"
#include "x509/ocsp/request.h"

namespace parley::io {
namespace {

constexpr size_t kNonceSize = 16;  // RFC 8954 §2.1 recommends 32 at most; 16 is what OpenSSL sends

std::string quoted(const x509::Certificate& c) { return "'" + c.label() + "'"; }

// One OCSP exchange; the evidence, or why not (for the log).
Result<x509::OcspEvidence> fetch_ocsp(const x509::Certificate& cert, const x509::Certificate& issuer,
                                      const std::string& url, const FetchLimits& limits, crypto::Rng& rng) {
  std::vector<uint8_t> nonce(kNonceSize);
  rng.fill(nonce);
  const auto request = PARLEY_TRY(x509::ocsp::build_request(x509::ocsp::CertId::of(cert, issuer), nonce));
  const auto body = PARLEY_TRY(http_post(url, "application/ocsp-request", request, limits));
  auto response = PARLEY_TRY(x509::ocsp::Response::parse(body));
  x509::OcspEvidence e{std::move(response), x509::EvidenceSource::ocsp_fetched, std::nullopt, url};
  // A nonce echoed must be ours; RFC 5019 responders answer from a cache
  // without one, which is accepted (the time window still bounds replay).
  if (e.response->nonce) e.nonce = std::move(nonce);
  return e;
}

Result<x509::CrlPtr> fetch_crl(const std::string& url, const FetchLimits& limits) {
  const auto body = PARLEY_TRY(http_get(url, limits));
  // RFC 5280 §4.2.1.13: DER; PEM is accepted too, as some servers publish it.
  std::string_view text(reinterpret_cast<const char*>(body.data()), body.size());
  if (text.find("-----BEGIN X509 CRL-----") != std::string_view::npos) {
    const auto der = PARLEY_TRY(der::pem_decode_one(text, "X509 CRL"));
    return x509::Crl::parse(der);
  }
  return x509::Crl::parse(body);
}

}  // namespace

x509::RevocationFetcher::Evidence HttpRevocationFetcher::fetch(const x509::Certificate& cert,
                                                               const x509::Certificate& issuer) const {
  std::vector<uint8_t> key(cert.der().begin(), cert.der().end());
  key.insert(key.end(), issuer.der().begin(), issuer.der().end());
  std::lock_guard lock(mu_);
  if (auto it = fetched_.find(key); it != fetched_.end()) return it->second;
  Evidence& out = fetched_[std::move(key)];
  for (const auto& url : cert.ocsp_urls) {
    auto e = fetch_ocsp(cert, issuer, url, limits_, rng_);
    if (!e) {
      log_.push_back("OCSP for " + quoted(cert) + " from " + url + ": failed: " + e.error().message());
      continue;
    }
    log_.push_back("OCSP for " + quoted(cert) + " from " + url + ": " +
                   std::string(x509::ocsp::response_status_name(e->response->status)) + " response fetched");
    out.ocsp.push_back(std::move(*e));
    return out;
  }
  for (const auto& url : cert.crl_distribution_points) {
    auto crl = fetch_crl(url, limits_);
    if (!crl) {
      log_.push_back("CRL for " + quoted(cert) + " from " + url + ": failed: " + crl.error().message());
      continue;
    }
    log_.push_back("CRL for " + quoted(cert) + " from " + url + ": fetched");
    out.crls.push_back({std::move(*crl), url});
    return out;
  }
  if (cert.ocsp_urls.empty() && cert.crl_distribution_points.empty()) {
    log_.push_back(quoted(cert) + " names no OCSP responder and no CRL distribution point");
  }
  return out;
}

std::vector<std::string> HttpRevocationFetcher::log() const {
  std::lock_guard lock(mu_);
  return log_;
}

std::shared_ptr<const tls::verify::ServerCertVerifier> fetching_server_verifier(
    const ClientConfig& cfg, std::shared_ptr<const HttpRevocationFetcher> fetcher) {
  tls::verify::X509VerifierOptions o;
  o.crls = cfg.crls;
  o.revocation = cfg.revocation;
  o.keys = cfg.provider->keys;
  o.fetcher = std::move(fetcher);
  return tls::verify::x509_server_verifier(cfg.trust_store, std::move(o));
}

}  // namespace parley::io
