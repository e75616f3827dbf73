// What a session ticket carries (RFC 8446 §4.6.1 leaves it to the server):
// enough to resume the session without any state on the server. It is
// sealed by TicketKeys (parley/session.h), so only we can read or make one;
// the parser is strict all the same (a damaged or foreign ticket is refused,
// never trusted in part).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/secret.h"
#include "crypto/provider.h"
#include "parley/error.h"

namespace parley::tls::session {

// mTLS: the client's certificate chain as it presented it (DER, leaf first,
// without the trust anchor), verified at `verified_at`. Resumption verifies
// it again (expiry, CRLs) and so recovers the same PeerIdentity.
struct TicketClient {
  int64_t verified_at = 0;
  std::vector<std::vector<uint8_t>> chain;
};

struct SessionState {
  uint16_t suite = 0;         // the original handshake's cipher suite
  int64_t issued_at = 0;      // Unix seconds, our clock
  uint32_t lifetime = 0;      // seconds, as sent in the NewSessionTicket
  uint32_t age_add = 0;       // §4.2.11.1 ticket_age_add
  // §4.6.1: the ticket's PSK is HKDF-Expand-Label(resumption_secret,
  // "resumption", ticket_nonce, Hash.length). The ticket carries its two
  // inputs and the server derives the PSK when the ticket comes back, so
  // that issuing a ticket costs one seal and no key derivation. Every ticket
  // of a connection carries the same secret; they are sealed under the same
  // keys, so opening one already opened them all.
  SecretBytes resumption_secret;
  uint8_t ticket_nonce = 0;   // the NewSessionTicket's nonce (we send one byte)
  std::string alpn;           // negotiated protocol; empty: none
  std::string sni;            // the server name the client asked for; empty: none
  uint32_t max_early_data = 0;  // 0: the ticket allows no 0-RTT
  std::optional<TicketClient> client;  // mTLS

  bool expired(int64_t now) const { return now < issued_at || now - issued_at > int64_t{lifetime}; }
};

// The state as bytes (it holds the resumption secret: the buffer wipes itself).
Result<SecretBuffer> encode_session_state(const SessionState& s);
Result<SessionState> parse_session_state(crypto::ByteView bytes);

}  // namespace parley::tls::session
