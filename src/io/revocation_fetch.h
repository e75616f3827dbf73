// Fetching revocation evidence for a certificate path, outside any handshake
// (the protocol core does no I/O; docs/REVOCATION.md): for each certificate
// below the anchor that has no evidence yet, an OCSP response from its AIA
// OCSP URLs (a POST with a nonce, RFC 6960 Appendix A.1), else its CRL from
// its distribution points. What was fetched goes to x509::verify (or a
// verifier) as EvidenceSource::ocsp_fetched / crl_fetched; failures are
// logged, and hard policy then reports the certificate as not covered.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "crypto/provider.h"
#include "io/http_fetch.h"
#include "x509/verify.h"

namespace parley::io {

struct FetchedEvidence {
  std::vector<x509::OcspEvidence> ocsp;
  std::vector<x509::CrlPtr> crls;
  // One line per attempt: "OCSP for 'CN=orders' from http://…: good (…)",
  // "CRL for 'CN=Inter' from http://…: failed: no answer within 5000 ms".
  std::vector<std::string> log;
};

// path: leaf first, anchor last (a verified path). covered: statuses of a
// verification already made; positions with a source are skipped.
FetchedEvidence fetch_revocation_evidence(std::span<const x509::CertificatePtr> path,
                                          std::span<const x509::RevocationStatus> covered, const FetchLimits& limits,
                                          crypto::Rng& rng);

}  // namespace parley::io
