#include "tls/wire/certificate_status.h"

#include "base/reader.h"
#include "base/writer.h"

namespace parley::tls::wire {

bool requests_ocsp(std::span<const uint8_t> body) {
  Reader r(body);
  uint8_t type = 0;
  Reader ids, exts;
  return r.u8(type) && type == kStatusTypeOcsp && r.prefixed(2, ids) && r.prefixed(2, exts) && r.empty();
}

Result<std::span<const uint8_t>> parse_certificate_status(std::span<const uint8_t> body) {
  Reader r(body);
  uint8_t type = 0;
  std::span<const uint8_t> response;
  if (!r.u8(type) || !r.prefixed_bytes(3, response) || !r.empty()) {
    return err::decode("CertificateStatus: malformed (RFC 6066 §8)");
  }
  if (type != kStatusTypeOcsp) return err::illegal_parameter("CertificateStatus: status_type is not ocsp(1)");
  if (response.empty()) return err::decode("CertificateStatus: empty OCSPResponse (RFC 6066 §8: 1..2^24-1 bytes)");
  return response;
}

std::vector<uint8_t> encode_certificate_status(std::span<const uint8_t> ocsp_response) {
  Writer w;
  w.u8(kStatusTypeOcsp);
  {
    auto len = w.prefixed(3);
    w.bytes(ocsp_response);
  }
  return std::move(w).finish().value_or(std::vector<uint8_t>{});
}

}  // namespace parley::tls::wire
