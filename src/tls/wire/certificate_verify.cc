// RFC 8446 §4.4.3 CertificateVerify.
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<CertificateVerify> CertificateVerify::parse(ByteView body) {
  Reader r(body);
  CertificateVerify cv;
  // SignatureScheme algorithm; opaque signature<0..2^16-1>
  if (!r.u16(cv.algorithm) || !r.prefixed_bytes(2, cv.signature)) {
    return err::decode("CertificateVerify: truncated algorithm or signature");
  }
  if (!r.empty()) return err::decode("CertificateVerify: trailing data after signature");
  return cv;
}

void CertificateVerify::encode(Writer& w) const {
  w.u16(algorithm);
  auto p = w.prefixed(2);
  w.bytes(signature);
}

}  // namespace parley::tls::wire
