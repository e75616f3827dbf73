// The TLS 1.3 server handshake (RFC 8446 §2, §4) as a std::variant of
// states; see client.h for the shape and sequences.md for the legal orders.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parley/config.h"
#include "parley/session.h"
#include "tls/handshake/cert_selection.h"
#include "tls/handshake/common.h"
#include "tls/handshake/key_schedule.h"
#include "tls/handshake/proofs.h"
#include "tls/handshake/transcript.h"
#include "tls/verify/verifier.h"
#include "tls/wire/messages.h"

namespace parley::tls::handshake::server {

struct Setup {
  std::shared_ptr<const ServerConfig> config;
  std::shared_ptr<const verify::ClientCertVerifier> verifier;  // null when client_auth is none
  std::vector<uint16_t> suites, groups, schemes;
  std::vector<uint16_t> cert_schemes;  // signature_algorithms_cert; empty: not sent
  std::shared_ptr<const TicketKeys> ticket_keys;  // null: no tickets issued or accepted
  std::shared_ptr<ReplayRegister> replay;         // null: no 0-RTT
};

struct ExpectClientHello {
  const Setup* setup;
};
// §4.1.4: after our HelloRetryRequest the second ClientHello must use the
// suite and group we named and (§4.1.2) repeat the first but for the
// extensions a client may change.
struct ExpectSecondClientHello {
  const Setup* setup;
  Transcript transcript;
  uint16_t suite;
  uint16_t group;
  std::vector<uint8_t> first_hello;  // wire::ClientHello::retry_invariant of the first
  std::vector<uint8_t> cookie;       // the HelloRetryRequest's cookie (§4.2.2), empty when it sent none
};
struct ExpectClientCertificate {
  const Setup* setup;
  Transcript transcript;
  MainSecret secrets;
};
struct ExpectClientCertificateVerify {
  const Setup* setup;
  Transcript transcript;
  MainSecret secrets;
  ChainVerified chain_ok;
};
struct ExpectClientFinished {
  const Setup* setup;
  Transcript transcript;
  MainSecret secrets;
  std::optional<PeerAuth> client;  // none: no request, or an empty Certificate under ClientAuth::optional
};
// §4.5: 0-RTT accepted; early data arrives under the client's early keys
// until its EndOfEarlyData, then the client's handshake keys take over.
struct ExpectEndOfEarlyData {
  const Setup* setup;
  Transcript transcript;
  MainSecret secrets;
  TrafficSecret client_handshake;
  PskAuth client;
};
// The rest of our flight once the CertificateVerify signature is made
// (§4.4.3, §4.4.4).
struct FlightAfterSignature {
  const Setup* setup;
  Transcript transcript;  // up to our Certificate
  HandshakeSecret secrets;
  uint16_t scheme;
  bool client_auth_requested;
};
// Our Signer answers later (Connection::resume() polls it); ServerHello up to
// Certificate are already sent.
struct AwaitingSignature {
  FlightAfterSignature flight;
  std::unique_ptr<crypto::PendingSignature> pending;
};
// The handshake is complete; the Connection takes what it keeps from here.
struct Traffic {
  MainSecret secrets;
  FinishedVerified finished_ok;
  std::optional<PeerAuth> peer;  // the client's proof, when it presented one (PskAuth when resumed)
  size_t tickets_sent = 0;
};

using State = std::variant<std::monostate, ExpectClientHello, ExpectSecondClientHello, AwaitingSignature,
                           ExpectClientCertificate, ExpectClientCertificateVerify, ExpectEndOfEarlyData,
                           ExpectClientFinished, Traffic>;

Result<State> step(State&& state, const wire::HandshakeMessage& msg, Context& ctx);
// AwaitingSignature: polls the signature and, once it is there, sends the
// rest of the flight. Any other state comes back unchanged.
Result<State> resume(State&& state, Context& ctx);
size_t finished_len(const State& state);

}  // namespace parley::tls::handshake::server
