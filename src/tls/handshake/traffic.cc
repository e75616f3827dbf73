#include "tls/handshake/traffic.h"

namespace parley::tls::handshake::traffic {
namespace {

// A transcript sink for post-handshake messages, which no transcript covers.
struct NoTranscript {
  void update(crypto::ByteView) {}
};

Side peer_of(Side s) { return s == Side::client ? Side::server : Side::client; }

}  // namespace

Result<Outcome> on_message(State& st, const record::HandshakeMessageView& m, bool may_answer,
                           record::DosCounters& dos, Context& ctx) {
  // No Finished is legal here, so its length does not matter.
  auto msg = PARLEY_TRY(wire::parse_handshake(m.type, m.body, 0));
  ctx.set_incoming(m.message);
  ctx.emit_received(msg);
  // §4.6.1: only a server sends NewSessionTicket.
  if (std::holds_alternative<wire::NewSessionTicket>(msg) && st.side == Side::client) return Outcome::nothing;
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
