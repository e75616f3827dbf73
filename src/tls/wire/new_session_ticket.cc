// RFC 8446 §4.6.1 NewSessionTicket.
#include "tls/wire/messages.h"

namespace parley::tls::wire {

Result<NewSessionTicket> NewSessionTicket::parse(ByteView body) {
  Reader r(body);
  NewSessionTicket t;
  // uint32 ticket_lifetime; uint32 ticket_age_add; opaque ticket_nonce<0..255>;
  // opaque ticket<1..2^16-1>; Extension extensions<0..2^16-2>
  if (!r.u32(t.ticket_lifetime) || !r.u32(t.ticket_age_add) || !r.prefixed_bytes(1, t.ticket_nonce) ||
      !r.prefixed_bytes(2, t.ticket)) {
    return err::decode("NewSessionTicket: truncated lifetime, age_add, nonce or ticket");
  }
  if (t.ticket.empty()) return err::decode("NewSessionTicket: empty ticket");
  t.extensions = PARLEY_TRY(parse_extensions(r, MessageKind::new_session_ticket));
  if (!r.empty()) return err::decode("NewSessionTicket: trailing data after extensions");
  return t;
}

void NewSessionTicket::encode(Writer& w) const {
  w.u32(ticket_lifetime);
  w.u32(ticket_age_add);
  {
    auto p = w.prefixed(1);
    w.bytes(ticket_nonce);
  }
  {
    auto p = w.prefixed(2);
    w.bytes(ticket);
  }
  encode_extensions(extensions, MessageKind::new_session_ticket, w);
}

}  // namespace parley::tls::wire
