// The bodies of status_request (RFC 6066 §8, kept by RFC 8446 §4.4.2.1):
// in a ClientHello, the CertificateStatusRequest asking for OCSP stapling;
// in a CertificateEntry, the CertificateStatus carrying the OCSP response.
//
//   struct { CertificateStatusType status_type = ocsp(1);
//            ResponderID responder_id_list<0..2^16-1>; Extensions request_extensions<0..2^16-1>; }
//   struct { CertificateStatusType status_type = ocsp(1); opaque OCSPResponse<1..2^24-1>; }
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "parley/error.h"

namespace parley::tls::wire {

inline constexpr uint8_t kStatusTypeOcsp = 1;
// What parley's ClientHello sends: ocsp, no responder ids, no extensions.
inline constexpr uint8_t kOcspStatusRequest[] = {kStatusTypeOcsp, 0, 0, 0, 0};

// True when a ClientHello's status_request asks for OCSP (well-formed, type ocsp).
bool requests_ocsp(std::span<const uint8_t> certificate_status_request);

// The OCSPResponse of a CertificateEntry's status_request; decode_error when malformed.
Result<std::span<const uint8_t>> parse_certificate_status(std::span<const uint8_t> body);
std::vector<uint8_t> encode_certificate_status(std::span<const uint8_t> ocsp_response);

}  // namespace parley::tls::wire
