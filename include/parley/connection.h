// A TLS 1.3 connection, sans I/O (ARCHITECTURE §7; after rustls' conn/ and
// picotls' ptls_handshake): bytes in, bytes out, no socket, thread, clock or
// RNG of its own (those come from the config's crypto::Provider).
//
//   auto c = parley::Connection::client(cfg, parley::ServerName::parse("orders.internal").value()).value();
//   for (;;) {
//     send_all(fd, c.pending_output()); c.consume_output(c.pending_output().size());
//     if (!c.is_handshaking()) break;
//     auto n = recv(fd, buf); if (auto r = c.feed({buf, n}); !r) { send what is pending (the alert); fail(r.error()); }
//   }
//
// The first error is final: feed(), write() or key_update() queues one fatal
// alert (the Error's alert), drops any half-written output, and every later
// call returns the same error. When the peer's fatal alert ended the connection, the Error has
// kind AlertReceived and `alert` holds the alert the peer sent (nothing is
// sent back). Connections are single-threaded and movable; configs are shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <parley/config.h>
#include <parley/error.h>
#include <parley/events.h>
#include <parley/types.h>

namespace parley {

namespace tls {
struct ConnectionInternals;  // src/tls/connection.h: test hooks, not part of the API
}

// What the client connects to: a DNS hostname (sent as SNI, RFC 6066 §3, and
// matched against dNSName SANs) or an IP address (no SNI, matched against
// iPAddress SANs).
struct ServerName {
  std::string text;               // as given, normalised (lower case, no trailing dot) for a hostname
  std::optional<IpAddress> ip;    // set when text is an IP address literal

  // An IPv4/IPv6 literal (optionally in [brackets]) or a hostname.
  static Result<ServerName> parse(std::string_view text);
  bool is_ip() const { return ip.has_value(); }
};

// Who the peer proved to be: the names in its leaf certificate and the
// verified path. The path is kept as DER, not as parsed certificates: a parsed
// certificate with its decoded public key takes several times the room of its
// DER, and an established connection should not carry that for the few
// applications that look further (parse_path() parses on demand).
struct PeerIdentity {
  std::string subject;                    // RFC 4514 subject of the leaf ("CN=orders,O=Example")
  std::vector<std::string> dns_names;     // subjectAltName entries by form
  std::vector<std::string> ip_addresses;  // "10.0.0.1", "fd00::1"
  std::vector<std::string> uris;          // "spiffe://example.org/ns/default/sa/orders"
  std::vector<std::string> emails;
  std::vector<std::vector<uint8_t>> path;  // DER as verified, leaf first, trust anchor last
  int64_t valid_until = 0;                 // the earliest notAfter on the verified path
  std::string name_matched;                // "DNS:orders.internal", "IP:10.0.0.1"; empty for a client
  std::string issuer;                      // RFC 4514 issuer of the leaf (the issuing CA's subject)
  std::string authorized_by;               // the config's PeerAuthorizer's admitting rule; empty: none asked
  // A resumed handshake (RFC 8446 §2.2) shows the identity verified in the
  // original one, which the ticket carried: resumed is true, verified_at is
  // when that verification happened (Unix seconds) and `path` holds only
  // what the ticket kept (see docs/RESUMPTION.md).
  bool resumed = false;
  int64_t verified_at = 0;

  // "verified: 3 certificates to a trusted root, name matches DNS:orders.internal"
  std::string verification() const;
  // The path as certificates, parsed again (public keys through the OpenSSL provider).
  Result<std::vector<x509::CertificatePtr>> parse_path() const;
};

struct Negotiated {
  uint16_t version = 0x0304;  // TLS 1.3
  crypto::Suite suite{};
  crypto::Group group{};
  std::string alpn;          // empty: none
  std::string sni;           // server: what the client asked for; client: what we sent
  bool hello_retry = false;  // a HelloRetryRequest happened
  bool client_authenticated = false;  // the client presented a certificate that verified
  std::optional<crypto::SignatureScheme> peer_signature_scheme;  // the peer's CertificateVerify
  // RFC 8446 §2.2: the handshake resumed a session from a ticket. peer() is
  // then the identity verified in the original handshake, carried in the
  // ticket (PeerIdentity::resumed).
  bool resumed = false;
  std::optional<PskMode> psk_mode;  // set when resumed
  EarlyDataStatus early_data = EarlyDataStatus::not_offered;  // 0-RTT (§2.3) and, if refused, why
};

struct Event {
  enum class Kind : uint8_t {
    handshake_done,  // negotiated() and peer() are now available
    peer_closed,     // close_notify received: read() returns what is left, then 0; write() still works until close()
    keys_updated,    // the peer's KeyUpdate was processed (RFC 8446 §4.6.3)
  };
  Kind kind;
};

class Connection {
 public:
  static Result<Connection> client(std::shared_ptr<const ClientConfig> config, ServerName server);
  // A client with data to send first (a request). With a ticket in the
  // config's session_cache that allows 0-RTT for all of it (its
  // max_early_data_size, RFC 8446 §4.2.10), the data goes out as early data
  // right behind the ClientHello, before the server has answered; otherwise,
  // or when the server declines it, as ordinary data right after the
  // handshake. negotiated()->early_data says which happened: accepted, or
  // why not. Declined early data is sent again as ordinary data, except
  // after `mismatch` (the server chose another ALPN protocol than the
  // ticket's, so the data may not fit; §4.2.10 advises against resending):
  // then the application decides. Early data can be replayed by an attacker
  // (§8): send only what is safe to repeat.
  static Result<Connection> client(std::shared_ptr<const ClientConfig> config, ServerName server,
                                   std::span<const uint8_t> early_data);
  static Result<Connection> server(std::shared_ptr<const ServerConfig> config);

  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // At most this much received application data waits for read() before
  // feed() stops taking bytes (backpressure; see feed()).
  static constexpr size_t kMaxUnreadPlaintext = 64 * 1024;

  // Takes bytes from the peer: deframes, decrypts, steps the handshake,
  // queues output and plaintext. Returns how many bytes were consumed: all of
  // them, unless received application data reached kMaxUnreadPlaintext, when
  // feed() stops after that record (so at most kMaxUnreadPlaintext + 16 KiB
  // wait) and wants_read() turns false. The caller keeps the bytes not
  // consumed and feeds them again once read() has made room (wants_read()).
  // On error, one fatal alert is queued in pending_output().
  Result<size_t> feed(std::span<const uint8_t> from_peer);

  // Bytes to send to the peer, in order; consume what was sent. No side
  // effect: a client's ClientHello is built by client() and waits here. An
  // observer set on a client before anything was received still sees the
  // ClientHello (its event is replayed by set_observer()).
  std::span<const uint8_t> pending_output() const;
  void consume_output(size_t n);

  // Queues application data (after the handshake; ApiMisuse before, or after
  // close(), which leaves the connection as it was). A server may write once
  // its Finished is sent, while is_handshaking() is still true (RFC 8446
  // §2.3, §4.4.4: "0.5-RTT" data, e.g. the answer to a 0-RTT request); the
  // client is not authenticated yet then (peer() and negotiated() are null).
  // Any other error fails the connection as feed() does: the alert is queued
  // and the error is final.
  Result<void> write(std::span<const uint8_t> plaintext);
  // Copies received application data into out; returns the bytes copied (0: none yet, or closed).
  size_t read(std::span<uint8_t> out);
  size_t readable() const;
  // Server, 0-RTT (RFC 8446 §2.3, §8): how many of the readable bytes at the
  // front arrived as early data. They may be a replay of another
  // connection's, so act on them only if doing it twice is harmless (a GET,
  // not a payment); read() never returns early and later bytes together.
  // Early data can be read while is_handshaking() is still true; the rest
  // of the client's data follows once the handshake completes.
  size_t early_data_pending() const;

  std::optional<Event> next_event();

  // Frees the record buffers that hold nothing (queued output, received
  // plaintext, a record split across feeds). While application data flows a
  // connection keeps them, so a record costs no allocation; a server holding
  // many idle keep-alive connections calls this when one goes idle, as
  // OpenSSL's SSL_MODE_RELEASE_BUFFERS does implicitly. The next record
  // allocates them again. A connection that has completed its handshake but
  // has not yet carried application data frees empty buffers by itself.
  void release_buffers();

  // Sends close_notify (RFC 8446 §6.1); writing afterwards is ApiMisuse.
  void close();
  // Sends a KeyUpdate and switches our write keys (§4.6.3); request_peer sets
  // update_requested so the peer updates too. After the handshake only
  // (ApiMisuse otherwise); any other error fails the connection as feed() does.
  Result<void> key_update(bool request_peer);

  // When our Identity's Signer (signer.h) answers later (an HSM, a remote key
  // service), the handshake waits with the flight up to our Certificate
  // sent: awaiting_signature() is true until resume() finds the signature
  // ready and queues the rest of the flight (call it when the Signer says so,
  // or poll). A PrivateKey signs at once, so ordinary connections never wait.
  // An error from the Signer fails the connection as feed() does.
  Result<void> resume();
  bool awaiting_signature() const;

  bool is_handshaking() const;
  // True while the connection expects more bytes from the peer (not failed,
  // not closed by the peer) and has room for them (less than
  // kMaxUnreadPlaintext waiting for read()).
  bool wants_read() const;
  // The peer sent close_notify.
  bool peer_closed() const;

  // After the handshake: the peer's identity (null when the peer presented no
  // certificate, e.g. a client under ClientAuth::optional).
  const PeerIdentity* peer() const;
  // After the handshake (null before).
  const Negotiated* negotiated() const;
  // The error that failed the connection, or null.
  const Error* error() const;

  // RFC 8446 §7.5 TLS-Exporter(label, context, out.size()), after the handshake.
  Result<void> export_keying_material(std::span<uint8_t> out, std::string_view label,
                                      std::span<const uint8_t> context) const;

  // Events for each handshake step (events.h); null detaches. Not owned.
  void set_observer(HandshakeObserver* observer);

  struct Impl;

 private:
  friend struct tls::ConnectionInternals;
  explicit Connection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley
