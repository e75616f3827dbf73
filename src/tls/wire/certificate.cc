// RFC 8446 §4.4.2 Certificate (certificate_type X509 only).
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<Certificate> Certificate::parse(ByteView body) {
  Reader r(body);
  Certificate c;
  Reader list;
  // opaque certificate_request_context<0..2^8-1>; CertificateEntry certificate_list<0..2^24-1>
  if (!r.prefixed_bytes(1, c.certificate_request_context)) {
    return err::decode("Certificate: truncated certificate_request_context");
  }
  if (!r.prefixed(3, list)) return err::decode("Certificate: truncated certificate_list");
  if (!r.empty()) return err::decode("Certificate: trailing data after certificate_list");
  while (!list.empty()) {
    CertificateEntry& e = c.certificate_list.emplace_back();
    // opaque cert_data<1..2^24-1>
    if (!list.prefixed_bytes(3, e.cert_data)) return err::decode("Certificate: truncated cert_data");
    if (e.cert_data.empty()) return err::decode("Certificate: empty cert_data");
    // Extension extensions<0..2^16-1>, checked against the CT column of §4.2.
    e.extensions = PARLEY_TRY(parse_extensions(list, MessageKind::certificate));
  }
  return c;
}

void Certificate::encode(Writer& w) const {
  {
    auto p = w.prefixed(1);
    w.bytes(certificate_request_context);
  }
  auto list = w.prefixed(3);
  for (const CertificateEntry& e : certificate_list) {
    {
      auto p = w.prefixed(3);
      w.bytes(e.cert_data);
    }
    encode_extensions(e.extensions, MessageKind::certificate, w);
  }
}

}  // namespace parley::tls::wire
