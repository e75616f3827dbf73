// RFC 8446 §4.3.1 EncryptedExtensions: Extension extensions<0..2^16-1>.
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<EncryptedExtensions> EncryptedExtensions::parse(ByteView body) {
  Reader r(body);
  EncryptedExtensions ee;
  ee.extensions = PARLEY_TRY(parse_extensions(r, MessageKind::encrypted_extensions));
  if (!r.empty()) return err::decode("EncryptedExtensions: trailing data after extensions");
  return ee;
}

void EncryptedExtensions::encode(Writer& w) const {
  encode_extensions(extensions, MessageKind::encrypted_extensions, w);
}

}  // namespace parley::tls::wire
