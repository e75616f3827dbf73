// RFC 8446 §4.6.3 KeyUpdate.
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<KeyUpdate> KeyUpdate::parse(ByteView body) {
  Reader r(body);
  uint8_t v;
  if (!r.u8(v)) return err::decode("KeyUpdate: truncated request_update");
  if (!r.empty()) return err::decode("KeyUpdate: trailing data after request_update");
  // §4.6.3: a request_update other than 0 or 1 MUST be answered with illegal_parameter.
  if (v > 1) return err::illegal_parameter("KeyUpdate: request_update is neither 0 nor 1");
  return KeyUpdate{static_cast<KeyUpdateRequest>(v)};
}

void KeyUpdate::encode(Writer& w) const { w.u8(static_cast<uint8_t>(request_update)); }

}  // namespace parley::tls::wire
