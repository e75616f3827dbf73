// RFC 8446 §4.4.4 Finished: opaque verify_data[Hash.length].
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<Finished> Finished::parse(ByteView body, size_t hash_len) {
  // The length is fixed by the suite's hash, so a wrong one is a syntax
  // error (decode_error); a wrong value is the caller's decrypt_error.
  if (body.size() != hash_len) return err::decode("Finished: verify_data length is not the hash length");
  return Finished{body};
}

void Finished::encode(Writer& w) const { w.bytes(verify_data); }

}  // namespace parley::tls::wire
