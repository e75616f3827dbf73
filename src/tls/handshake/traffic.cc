#include "tls/handshake/traffic.h"

#include "tls/session/client_cache.h"

namespace parley::tls::handshake::traffic {
namespace {

// A transcript sink for post-handshake messages, which no transcript covers.
struct NoTranscript {
  void update(crypto::ByteView) {}
};

Side peer_of(Side s) { return s == Side::client ? Side::server : Side::client; }

// §4.6.1: a ticket becomes a session in the cache, with the PSK it stands
// for; a client without a cache ignores it.
Result<Outcome> on_ticket(const TicketSink* sink, const wire::NewSessionTicket& nst, Context& ctx) {
  if (nst.ticket_lifetime > session::kMaxTicketLifetime) {
    return err::illegal_parameter("NewSessionTicket: ticket_lifetime above 604800 s (7 days, RFC 8446 §4.6.1)",
                                  std::to_string(nst.ticket_lifetime) + " s");
  }
  // "A value of zero indicates that the ticket should be discarded immediately."
  if (!sink || nst.ticket_lifetime == 0) return Outcome::nothing;
  session::StoredTicket t;
  t.key = sink->key;
  t.ticket.assign(nst.ticket.begin(), nst.ticket.end());
  t.psk = PARLEY_TRY(resumption_psk(*sink->suite->hash, sink->resumption_master_secret.view(), nst.ticket_nonce));
  t.suite = sink->suite->id;
  t.alpn = sink->alpn;
  t.sni = sink->sni;
  t.max_early_data_size = nst.extensions.max_early_data_size.value_or(0);
  t.age_add = nst.ticket_age_add;
  t.received_at_ms = ctx.now_ms();
  t.lifetime = nst.ticket_lifetime;
  t.peer = sink->peer;
  session::CacheAccess::store(*sink->cache, std::move(t));
  return Outcome::nothing;
}

}  // namespace

Result<Outcome> on_message(State& st, const record::HandshakeMessageView& m, bool may_answer,
                           record::DosCounters& dos, Context& ctx) {
  // No Finished is legal here, so its length does not matter.
  auto msg = PARLEY_TRY(wire::parse_handshake(m.type, m.body, 0));
  ctx.set_incoming(m.message);
  ctx.emit_received(msg);
  // §4.6.1: only a server sends NewSessionTicket.
  if (const auto* nst = std::get_if<wire::NewSessionTicket>(&msg); nst && st.side == Side::client) {
    return on_ticket(st.tickets.get(), *nst, ctx);
  }
  const auto* ku = std::get_if<wire::KeyUpdate>(&msg);
  if (!ku) return unexpected_message("handshake message after the handshake");
  PARLEY_TRY(dos.on_key_update());
  auto next = PARLEY_TRY(st.secrets.read.next());
  PARLEY_TRY(ctx.install_read(next, KeysInstalled::Stage::key_update, peer_of(st.side)));
  st.secrets.read = std::move(next);
  // §4.6.3: answer update_requested with our own KeyUpdate (not requesting).
  if (ku->request_update == wire::KeyUpdateRequest::update_requested && may_answer) {
    PARLEY_TRY(send_key_update(st, false, ctx));
  }
  return Outcome::keys_updated;
}

Result<void> send_key_update(State& st, bool request_peer, Context& ctx) {
  wire::KeyUpdate ku;
  ku.request_update = request_peer ? wire::KeyUpdateRequest::update_requested : wire::KeyUpdateRequest::update_not_requested;
  NoTranscript none;
  PARLEY_TRY(ctx.send(std::move(ku), none));
  auto next = PARLEY_TRY(st.secrets.write.next());
  PARLEY_TRY(ctx.install_write(next, KeysInstalled::Stage::key_update, st.side));
  st.secrets.write = std::move(next);
  return {};
}

}  // namespace parley::tls::handshake::traffic
