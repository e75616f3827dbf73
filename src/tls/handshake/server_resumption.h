// The server's side of resumption (RFC 8446 §2.2, §4.2.11, §4.6.1) and 0-RTT
// (§2.3, §4.2.10, §8): choosing an offered PSK, deciding on early data, and
// issuing NewSessionTickets. server.cc calls these from its handlers.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "parley/session.h"
#include "tls/handshake/common.h"
#include "tls/handshake/key_schedule.h"
#include "tls/handshake/proofs.h"
#include "tls/handshake/transcript.h"
#include "tls/session/session_state.h"
#include "tls/verify/verifier.h"
#include "tls/wire/messages.h"

namespace parley::tls::handshake::server {

struct Setup;

// An offered PSK we accept: its binder verified.
struct AcceptedPsk {
  uint16_t index = 0;  // §4.2.11 selected_identity
  session::SessionState state;
  EarlySecret early;
  PskMode mode = PskMode::psk_dhe_ke;
  PskAuth auth;  // the client identity the ticket carried, verified again
  // §8.1: the ticket's key id and nonce name it in the replay register.
  std::vector<uint8_t> ticket_id;
};

// §4.2.11: the first offered identity we can resume from (a ticket of ours,
// unexpired, for this SNI, with the suite's hash, and under mTLS a client
// identity still valid), its binder verified in constant time over the
// Truncated ClientHello (after `before` when a HelloRetryRequest came
// first). nullopt: a full handshake. A wrong binder for the chosen identity
// is decrypt_error.
Result<std::optional<AcceptedPsk>> choose_psk(const Setup& s, const wire::ClientHello& ch,
                                              const crypto::CipherSuite& suite, bool have_share,
                                              const Transcript* before, Context& ctx);

// §4.2.10, §8: whether the client's 0-RTT is accepted, or why not. `alpn`
// is what this handshake negotiated.
EarlyDataStatus early_data_decision(const Setup& s, const wire::ClientHello& ch, const AcceptedPsk* psk,
                                    const crypto::CipherSuite& suite, crypto::ByteView alpn, bool hello_retry,
                                    Context& ctx);

// §4.6.1: the configured number of NewSessionTickets, after the client's
// Finished (`transcript` includes it). Returns how many were sent.
Result<size_t> send_tickets(const Setup& s, const MainSecret& secrets, const Transcript& transcript,
                            const std::optional<PeerAuth>& client, Context& ctx);

}  // namespace parley::tls::handshake::server
