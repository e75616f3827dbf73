// Fetching revocation evidence from the URLs in a certificate, for
// x509::verify to weigh (VerifyOptions::fetcher; the protocol core and
// src/x509 do no I/O, docs/REVOCATION.md): an OCSP response from its AIA OCSP
// URLs (a POST with a nonce, RFC 6960 Appendix A.1), else its CRL from its
// distribution points (RFC 5280 §4.2.1.13), each exchange within the limits'
// timeout. `parley verify`, `parley connect` and `parley doctor` install it;
// the verification then reports the source as EvidenceSource::ocsp_fetched or
// crl_fetched with the URL.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "io/http_fetch.h"
#include "parley/config.h"
#include "tls/verify/verifier.h"
#include "x509/verify.h"

namespace parley::io {

class HttpRevocationFetcher final : public x509::RevocationFetcher {
 public:
  HttpRevocationFetcher(FetchLimits limits, crypto::Rng& rng) : limits_(limits), rng_(rng) {}

  // Each certificate (with its issuer) is fetched for once: path building may
  // weigh it on several candidate paths, and a responder that hangs must cost
  // one timeout, not one per path.
  Evidence fetch(const x509::Certificate& cert, const x509::Certificate& issuer) const override;

  // One line per attempt: "OCSP for 'CN=orders' from http://…: successful response fetched",
  // "CRL for 'CN=Inter' from http://…: failed: no answer within 5000 ms".
  std::vector<std::string> log() const;

 private:
  FetchLimits limits_;
  crypto::Rng& rng_;
  mutable std::mutex mu_;
  mutable std::map<std::vector<uint8_t>, Evidence> fetched_;  // by the certificate's and its issuer's DER
  mutable std::vector<std::string> log_;
};

// The X.509 verifier a Connection builds from cfg (trust_store, crls,
// revocation), asking `fetcher` for what the staple and the CRLs do not cover.
std::shared_ptr<const tls::verify::ServerCertVerifier> fetching_server_verifier(
    const ClientConfig& cfg, std::shared_ptr<const HttpRevocationFetcher> fetcher);

}  // namespace parley::io
