// Building an OCSPRequest (RFC 6960 §4.1.1) to fetch a response:
//
//   OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest }            -- unsigned
//   TBSRequest  ::= SEQUENCE { requestList SEQUENCE OF Request,
//                              requestExtensions [2] EXPLICIT Extensions OPTIONAL }
//   Request     ::= SEQUENCE { reqCert CertID }
//
// One CertID per request, as RFC 5019 §2.1.1 profiles it; a nonce (§4.4.1,
// RFC 8954: 1..32 octets) when asked for, to bind the answer to this request.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "x509/ocsp/cert_id.h"

namespace parley::x509::ocsp {

inline constexpr size_t kMaxNonceSize = 32;  // RFC 8954 §2.1

Result<std::vector<uint8_t>> build_request(const CertId& id, std::optional<std::span<const uint8_t>> nonce = {});

}  // namespace parley::x509::ocsp
