// Parsing an OCSPRequest on the responder side (RFC 6960 §4.1.1, profiled by
// RFC 5019 §2.1), strictly and within bounds:
//
//   OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
//   TBSRequest  ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
//                              requestorName [1] EXPLICIT GeneralName OPTIONAL,
//                              requestList SEQUENCE OF Request,
//                              requestExtensions [2] EXPLICIT Extensions OPTIONAL }
//   Request     ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
//
// Decisions: DER only (a version v1 written out is not DER: refused); 1 to
// kMaxRequestedCerts CertIDs (RFC 5019 clients send one, `openssl ocsp` one
// per -cert); the requestor name and a signature are read but not used
// (§4.1.2: a responder need not check them; parley answers anyone); a nonce
// (§4.4.1) must be an OCTET STRING of 1..32 octets (RFC 8954 §2.1); an
// unknown critical extension is refused, unknown non-critical ones ignored.
// Every failure is a malformedRequest answer (§2.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "x509/ocsp/cert_id.h"

namespace parley::ca::ocsp {

using x509::ocsp::CertId;

inline constexpr size_t kMaxRequestSize = 16 * 1024;
inline constexpr size_t kMaxRequestedCerts = 16;

struct OcspRequest {
  std::vector<CertId> certs;                  // requestList, in order
  std::optional<std::vector<uint8_t>> nonce;  // the Nonce OCTET STRING contents
};

Result<OcspRequest> parse_request(der::Input der);

}  // namespace parley::ca::ocsp
