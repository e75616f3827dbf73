// RFC 8446 §4.3.2 CertificateRequest.
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<CertificateRequest> CertificateRequest::parse(ByteView body) {
  Reader r(body);
  CertificateRequest cr;
  // opaque certificate_request_context<0..2^8-1>
  if (!r.prefixed_bytes(1, cr.certificate_request_context)) {
    return err::decode("CertificateRequest: truncated certificate_request_context");
  }
  cr.extensions = PARLEY_TRY(parse_extensions(r, MessageKind::certificate_request));
  if (!r.empty()) return err::decode("CertificateRequest: trailing data after extensions");
  // §4.3.2: the "signature_algorithms" extension MUST be specified; §4.2
  // assigns missing_extension to a mandatory extension that is absent.
  if (!cr.extensions.signature_algorithms) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::missing_extension,
                     "CertificateRequest: signature_algorithms is missing");
  }
  return cr;
}

void CertificateRequest::encode(Writer& w) const {
  {
    auto p = w.prefixed(1);
    w.bytes(certificate_request_context);
  }
  encode_extensions(extensions, MessageKind::certificate_request, w);
}

}  // namespace parley::tls::wire
