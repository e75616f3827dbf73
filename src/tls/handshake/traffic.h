// The post-handshake phase (RFC 8446 §4.6): the state an established
// connection keeps (its application secrets) and the handshake messages that
// may still arrive or be sent under them. KeyUpdate (§4.6.3) in both
// directions; a client with a session cache stores each NewSessionTicket
// (§4.6.1) there, one without ignores them.
#pragma once

#include <memory>
#include <string>

#include "tls/handshake/common.h"
#include "tls/handshake/key_schedule.h"
#include "tls/record/dos_counters.h"
#include "tls/record/handshake_reassembler.h"

namespace parley::tls::handshake::traffic {

// A client with a session cache: what makes a NewSessionTicket a session to
// resume (session/client_cache.h).
struct TicketSink {
  std::shared_ptr<ClientSessionCache> cache;
  std::string key;  // session::cache_key()
  SecretBytes resumption_master_secret;
  const crypto::CipherSuite* suite;
  std::string alpn, sni;
  std::shared_ptr<const PeerIdentity> peer;  // as verified in the full handshake
};

struct State {
  Side side;  // which end of the connection we are
  ApplicationSecrets secrets;
  std::unique_ptr<TicketSink> tickets;  // a client with a session cache
};

// What a post-handshake message changed, for the Connection's events.
enum class Outcome : uint8_t {
  nothing,       // a NewSessionTicket (stored or ignored)
  keys_updated,  // the peer's KeyUpdate: new read keys (and ours answered when asked)
};

// One post-handshake message. may_answer: false once we sent close_notify,
// when §4.6.3's answering KeyUpdate can no longer be sent.
Result<Outcome> on_message(State& st, const record::HandshakeMessageView& m, bool may_answer,
                           record::DosCounters& dos, Context& ctx);

// §4.6.3: sends a KeyUpdate and switches our write keys; request_peer sets
// update_requested.
Result<void> send_key_update(State& st, bool request_peer, Context& ctx);

}  // namespace parley::tls::handshake::traffic
