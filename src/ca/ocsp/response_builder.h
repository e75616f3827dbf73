// Building OCSPResponses (RFC 6960 §4.2.1) as the RFC 5019 profile wants
// them: a BasicOCSPResponse, ResponderID byKey (§2.2.3: the smaller form),
// GeneralizedTime without fractions, the responder's certificate included
// so a client can check a delegated signer (§4.2.2.2); or, for errors, the
// bare status (malformedRequest, unauthorized, ...) without responseBytes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/provider.h"
#include "x509/ocsp/cert_id.h"
#include "x509/ocsp/response.h"

namespace parley::ca::ocsp {

using x509::ocsp::CertId;
using x509::ocsp::CertStatus;
using x509::ocsp::ResponseStatus;

struct SingleAnswer {  // SingleResponse
  CertId cert_id;
  CertStatus status = CertStatus::good;
  int64_t revocation_time = 0;                // revoked
  std::optional<x509::CrlReason> reason;      // revoked; omitted when unspecified (as CRLs do, RFC 5280 §5.3.1)
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
};

struct BasicResponseTemplate {
  std::vector<uint8_t> responder_spki;  // the signer's SubjectPublicKeyInfo (for the byKey hash)
  int64_t produced_at = 0;
  std::vector<SingleAnswer> answers;
  std::optional<std::vector<uint8_t>> nonce;         // echoed from the request (§4.4.1)
  std::vector<std::vector<uint8_t>> certificates;    // certs [0]: the delegated signer's
};

// A successful OCSPResponse signed by key (the algorithm of
// signature_algorithm_for(key.type())).
Result<std::vector<uint8_t>> build_response(const BasicResponseTemplate& t, const crypto::PrivateKey& key);

// OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } for every status
// but successful (§2.3: such responses are not signed).
std::vector<uint8_t> build_error_response(ResponseStatus status);

}  // namespace parley::ca::ocsp
