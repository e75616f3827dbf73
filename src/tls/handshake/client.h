// The TLS 1.3 client handshake (RFC 8446 §2, §4) as a std::variant of
// states, each holding only the data valid in it. A handler consumes its
// state and returns the next; any (state, message) pair without a handler is
// unexpected_message. See sequences.md for the legal message orders.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "parley/config.h"
#include "tls/handshake/cert_selection.h"
#include "tls/handshake/common.h"
#include "tls/handshake/key_schedule.h"
#include "tls/handshake/proofs.h"
#include "tls/handshake/transcript.h"
#include "tls/verify/verifier.h"
#include "tls/wire/messages.h"

namespace parley::tls::handshake::client {

// Per connection, fixed at creation: the config and what follows from it.
struct Setup {
  std::shared_ptr<const ClientConfig> config;
  std::shared_ptr<const verify::ServerCertVerifier> verifier;
  verify::ReferenceIdentity name;
  std::optional<std::string> sni;  // absent for an IP address (RFC 6066 §3)
  std::vector<uint16_t> suites, groups, schemes;
  std::vector<uint16_t> cert_schemes;  // signature_algorithms_cert; empty: not sent
  std::vector<std::vector<uint8_t>> alpn;
  bool status_request = false;  // ask for a stapled OCSP response (revocation policy not off)
};

// What the ClientHello committed us to; a HelloRetryRequest changes only the
// key share and the cookie (§4.1.2).
struct Hello {
  wire::Random random{};
  std::array<uint8_t, 32> session_id{};
  size_t session_id_len = 0;
  std::unique_ptr<crypto::KeyShare> share;
  std::vector<uint8_t> cookie;
  std::vector<uint16_t> sent_extensions;  // types in the ClientHello as sent (read back from its bytes)
};

struct ExpectServerHello {
  const Setup* setup;
  Hello hello;
  TranscriptBuffer transcript;
};
struct ExpectServerHelloAfterRetry {
  const Setup* setup;
  Hello hello;
  Transcript transcript;
  uint16_t suite;  // §4.1.4: the ServerHello must repeat the HRR's suite
};
struct ExpectEncryptedExtensions {
  const Setup* setup;
  Transcript transcript;
  HandshakeSecret secrets;
  std::vector<uint16_t> sent_extensions;  // §4.2: what EncryptedExtensions may answer
};
struct ExpectCertificateOrRequest {
  const Setup* setup;
  Transcript transcript;
  HandshakeSecret secrets;
};
// The server asked for our certificate (§4.3.2); chosen at request time.
struct ClientAuthPlan {
  std::optional<Selected> chosen;  // nullopt: an empty Certificate
};
struct ExpectCertificate {
  const Setup* setup;
  Transcript transcript;
  HandshakeSecret secrets;
  std::optional<ClientAuthPlan> auth;
};
struct ExpectCertificateVerify {
  const Setup* setup;
  Transcript transcript;
  HandshakeSecret secrets;
  std::optional<ClientAuthPlan> auth;
  ChainVerified chain_ok;
};
struct ExpectFinished {
  const Setup* setup;
  Transcript transcript;
  HandshakeSecret secrets;
  std::optional<ClientAuthPlan> auth;
  PeerAuth peer;
};
// Our second flight once the server's Finished checked out (§4.4): what its
// CertificateVerify (when we sign one) and Finished need.
struct SecondFlight {
  const Setup* setup;
  Transcript transcript;
  MainSecret secrets;
  FinishedVerified finished_ok;
  PeerAuth peer;
  uint16_t scheme = 0;  // our CertificateVerify's; 0: we send none
};
// Our Signer answers later (Connection::resume() polls it); the Certificate
// is already in the transcript.
struct AwaitingSignature {
  SecondFlight flight;
  std::unique_ptr<crypto::PendingSignature> pending;
};
// The handshake is complete; the Connection takes what it keeps from here.
struct Traffic {
  MainSecret secrets;
  FinishedVerified finished_ok;
  PeerAuth peer;  // the server's proof, for PeerIdentity
};

using State = std::variant<std::monostate, ExpectServerHello, ExpectServerHelloAfterRetry, ExpectEncryptedExtensions,
                           ExpectCertificateOrRequest, ExpectCertificate, ExpectCertificateVerify, ExpectFinished,
                           AwaitingSignature, Traffic>;

// Sends the first ClientHello.
Result<State> start(const Setup& setup, Context& ctx);
// One handshake message (ctx.incoming() holds its bytes).
Result<State> step(State&& state, const wire::HandshakeMessage& msg, Context& ctx);
// AwaitingSignature: polls the signature and, once it is there, sends the
// rest of the flight. Any other state comes back unchanged.
Result<State> resume(State&& state, Context& ctx);
// The Finished length to parse with (the suite's hash length, once known).
size_t finished_len(const State& state);

}  // namespace parley::tls::handshake::client
