// The doctor's probes: a TCP connection to the server, the first bytes it
// answers a ClientHello with, and whole handshakes with a verifier that
// records its verdict but lets the handshake go on (so a server with a bad
// certificate still tells whether it wants a client certificate, which
// suites it takes, whether it sends tickets).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/config.h"
#include "parley/connection.h"
#include "parley/events.h"
#include "tls/verify/verifier.h"

namespace parley::trace {

struct Target {
  std::string host, port;
  ServerName name;  // SNI and the name the certificate must have
  std::chrono::milliseconds timeout{5000};
};

// A connected TCP socket (blocking, closed by the owner), or why not: "refused", "timed out", ...
struct Dialed {
  int fd = -1;
  std::string error;  // empty when connected
  bool timed_out = false;
};
Dialed dial(const Target& t);

// What the server answers our ClientHello with, before any TLS parsing.
struct RawAnswer {
  enum class Kind : uint8_t { closed, tls_handshake, tls_alert, not_tls };
  Kind kind = Kind::closed;                  // closed: nothing came (closed, or silent until the timeout)
  std::vector<uint8_t> bytes;                // the first record received (or the first bytes)
  uint16_t server_version = 0;               // tls_handshake: supported_versions, else legacy_version
  std::optional<uint8_t> alert_description;  // tls_alert
};
RawAnswer raw_probe(const Target& t, std::span<const uint8_t> client_hello, std::string& error);

// One handshake and what it showed.
struct HandshakeProbe {
  std::string connect_error;  // set: no TCP connection
  bool completed = false;     // the handshake completed (from the client's side)
  std::optional<Error> error;  // the handshake's or the first post-handshake error (an alert from the server)
  // The real verifier's verdict on the server's chain (what a normal client decides).
  std::vector<x509::CertificatePtr> chain;  // as sent, leaf first
  std::optional<tls::verify::VerifiedChain> verified;
  std::shared_ptr<const x509::VerifyReport> rejected;
  std::optional<message::CertificateRequest> certificate_request;
  std::vector<message::NewSessionTicket> tickets;
  bool early_data_in_ticket = false;
  std::optional<Negotiated> negotiated;
};

// cfg's verifier is wrapped: the real verdict is recorded, and the handshake goes on.
// linger: after the handshake, wait a little for what the server sends next
// (an alert about our certificate, tickets).
HandshakeProbe handshake_probe(const Target& t, std::shared_ptr<ClientConfig> cfg, bool linger);

}  // namespace parley::trace
