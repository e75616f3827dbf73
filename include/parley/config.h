// Immutable, shareable configurations for TLS 1.3 clients and servers.
//
// Build a config once, wrap it in std::shared_ptr<const ...>, and hand it to
// as many Connections (on as many threads) as you like: a Connection only
// reads it.
//
//   auto cfg = std::make_shared<parley::ClientConfig>();
//   cfg->trust_store = parley::load_trust_store("ca.pem").value();   // credentials.h
//   cfg->alpn = {"h2", "http/1.1"};
//   auto conn = parley::Connection::client(cfg, parley::ServerName::parse("orders.internal").value());
//
// Empty algorithm lists mean "the provider's defaults, in its order"
// (suites: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305; groups: x25519,
// secp256r1, secp384r1; schemes: see default_signature_schemes()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <parley/error.h>
#include <parley/session.h>
#include <parley/signer.h>
#include <parley/types.h>

namespace parley {

class ClientSessionCache;  // session.h

namespace tls::verify {
class ServerCertVerifier;  // custom verification (pinning, tests); internal for now
class ClientCertVerifier;
}  // namespace tls::verify

struct PeerIdentity;  // connection.h

// Decides whether a peer whose chain verified may connect (identity rules:
// authz.h has a rule set of SPIFFE/URI, DNS, subject and issuer patterns).
// Asked during the handshake right after the peer's chain verified; a refusal
// fails the handshake with its Error (alert access_denied, RFC 8446 §6.2).
// Shared by every connection and thread: authorize() must be thread-safe.
class PeerAuthorizer {
 public:
  virtual ~PeerAuthorizer() = default;
  // The name of the rule that admitted the peer (PeerIdentity::authorized_by),
  // or the refusal: which rules were tried and why none matched.
  virtual Result<std::string> authorize(const PeerIdentity& peer) const = 0;
};

// SSLKEYLOGFILE sink (NSS key log format). The library calls log() once per
// secret with its label (CLIENT_HANDSHAKE_TRAFFIC_SECRET,
// SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0,
// SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET; Wireshark derives the secrets
// after a KeyUpdate itself); the implementation writes
// "LABEL <hex client_random> <hex secret>\n" wherever it likes. The library
// does no file I/O. Called from the thread driving the Connection; a sink
// shared by several connections must lock.
class KeyLog {
 public:
  virtual ~KeyLog() = default;
  virtual void log(std::string_view label, std::span<const uint8_t> client_random,
                   std::span<const uint8_t> secret) = 0;
};

// An OCSP response for an identity's leaf, checked when it was made
// (credentials.h make_ocsp_staple: it answers for that leaf and is current).
struct OcspStaple {
  x509::CertificatePtr leaf;  // the certificate it answers for (the Identity's chain.front())
  std::vector<uint8_t> der;   // the OCSPResponse (RFC 6960 §4.2.1)
  int64_t this_update = 0;    // Unix seconds
  int64_t expires = 0;        // nextUpdate (Unix seconds): never stapled at or after it
};

// A certificate chain and its private key (credentials.h loads one from files).
struct Identity {
  std::vector<x509::CertificatePtr> chain;       // leaf first, then intermediates (the root may be left out)
  // The leaf's key: a key credentials.h loaded, or your own Signer (signer.h:
  // an HSM key that cannot be exported, a signer that answers later).
  std::shared_ptr<const crypto::Signer> key;
};

enum class ClientAuth : uint8_t {
  none,      // no CertificateRequest
  optional,  // ask; a client without a certificate is let in (peer() has no chain)
  required,  // ask; an empty client Certificate gets certificate_required (RFC 8446 §4.4.2.4)
};

// The signature schemes parley offers and accepts in CertificateVerify by
// default (RFC 8446 §4.2.3), in preference order: ecdsa_secp256r1_sha256,
// ecdsa_secp384r1_sha384, ed25519, rsa_pss_rsae_sha256/384/512.
std::span<const crypto::SignatureScheme> default_signature_schemes();
// What parley accepts in certificates (signature_algorithms_cert): the above
// plus rsa_pkcs1_sha256/384/512.
std::span<const crypto::SignatureScheme> default_certificate_signature_schemes();

struct ClientConfig {
  const crypto::Provider* provider = &crypto::openssl_provider();

  // Anchors for the server's chain and optional CRLs (revocation is checked
  // when non-empty). Required unless `verifier` is set.
  std::shared_ptr<const x509::TrustStore> trust_store;
  std::vector<x509::CrlPtr> crls;
  // Revocation evidence required of the server's chain (types.h). Unless off,
  // the ClientHello asks for a stapled OCSP response (status_request) and the
  // staple is checked fully. The handshake does no I/O: for hard, evidence
  // the staple and crls do not give is fetched by the caller (docs/REVOCATION.md).
  RevocationPolicy revocation = RevocationPolicy::soft;
  // Replaces the X.509 verifier built from trust_store and crls (pinning, tests).
  std::shared_ptr<const tls::verify::ServerCertVerifier> verifier;
  // Which verified servers we talk to (null: any whose chain and name verify).
  std::shared_ptr<const PeerAuthorizer> authorizer;

  // Our certificate for servers that ask (mTLS). Left out: we answer a
  // CertificateRequest with an empty Certificate.
  std::optional<Identity> identity;

  std::vector<std::string> alpn;                          // offered protocols, preference order; empty: no ALPN
  std::vector<crypto::Suite> suites;                      // empty: provider defaults
  // Offered groups in preference order; a key share is sent for the first only
  // (x25519 by default), a HelloRetryRequest handles the rest.
  std::vector<crypto::Group> groups;
  std::vector<crypto::SignatureScheme> signature_schemes;  // empty: default_signature_schemes()

  // RFC 8446 §D.4 middlebox compatibility: a 32-byte random legacy_session_id
  // and a change_cipher_spec before the second flight. On by default.
  bool middlebox_compat = true;

  // Session resumption (session.h, RFC 8446 §2.2): the servers' tickets are
  // kept here and offered by later connections to the same server name with
  // the same `alpn` list. Null: no resumption (tickets are ignored).
  std::shared_ptr<ClientSessionCache> session_cache;

  std::shared_ptr<KeyLog> keylog;  // null: no key log
  size_t max_handshake_message = 100 * 1024;
};

struct ServerConfig {
  const crypto::Provider* provider = &crypto::openssl_provider();

  // One or more certificates. The server picks by SNI (against each leaf's
  // DNS/IP SANs; no SNI or no match: the first identity whose key fits) and by
  // the client's signature_algorithms (an ECDSA and an RSA identity side by side).
  std::vector<Identity> identities;
  // OCSP responses for identities' leaves (matched by OcspStaple::leaf),
  // stapled in the leaf's CertificateEntry when the client sends
  // status_request (RFC 8446 §4.4.2.1, RFC 6066 §8), while current. Replace
  // them (a new ServerConfig, Server::set_config) before they expire.
  std::vector<std::shared_ptr<const OcspStaple>> ocsp_staples;

  ClientAuth client_auth = ClientAuth::none;
  // Anchors for client certificates (their subjects become the
  // certificate_authorities hints of the CertificateRequest) and CRLs.
  std::shared_ptr<const x509::TrustStore> client_ca;
  std::vector<x509::CrlPtr> crls;
  RevocationPolicy revocation = RevocationPolicy::soft;  // for client certificates: the evidence is `crls`
  std::shared_ptr<const tls::verify::ClientCertVerifier> verifier;  // replaces the one built from client_ca
  // Which verified clients may connect (null: any whose chain verifies). A
  // client without a certificate under ClientAuth::optional is not asked.
  std::shared_ptr<const PeerAuthorizer> authorizer;

  // Supported protocols in the server's preference order. A client offering
  // ALPN with no match gets no_application_protocol (RFC 7301 §3.2); a client
  // offering none is let in (no ALPN) unless alpn_required. With `alpn`
  // empty the client's offer is ignored.
  std::vector<std::string> alpn;
  bool alpn_required = false;

  std::vector<crypto::Suite> suites;                      // server preference order; empty: provider defaults
  std::vector<crypto::Group> groups;                      // preference order; HelloRetryRequest when no acceptable share
  std::vector<crypto::SignatureScheme> signature_schemes;  // for CertificateVerify both ways; empty: defaults

  // §D.4: when the client sent a non-empty legacy_session_id (compatibility
  // mode), send change_cipher_spec after ServerHello or HelloRetryRequest.
  bool middlebox_compat = true;

  // Session resumption (RFC 8446 §2.2, §4.6.1; docs/RESUMPTION.md).
  // NewSessionTickets sent after each handshake (after the client's
  // Finished); 0 sends none, and then no ticket is accepted either.
  size_t tickets = 2;
  // Seconds a ticket may be used; capped at 604800 (7 days, §4.6.1).
  uint32_t ticket_lifetime = 24 * 3600;
  // Seal and open the tickets. Null: keys generated in this process (shared
  // by its configs, rotated every 12 hours), so tickets do not survive a
  // restart nor open on another server; TicketKeys::from_file shares them.
  // Only with the default provider: a config with a provider of its own
  // names its keys here, or sends no tickets.
  std::shared_ptr<const TicketKeys> ticket_keys;
  // §4.2.9: resumption without a fresh (EC)DHE exchange (psk_ke, no forward
  // secrecy for the resumed session). Off: only psk_dhe_ke is accepted.
  bool allow_psk_ke = false;
  // 0-RTT (§2.3, §4.2.10): the most early data accepted per connection, and
  // announced in tickets; 0 turns 0-RTT off. Early data is replayable:
  // Connection::early_data_pending() tells the application which bytes came so.
  uint32_t max_early_data = 0;
  // §8.1: the register making each ticket usable once for 0-RTT. Null with
  // max_early_data > 0: one in memory, shared by this process's configs.
  std::shared_ptr<ReplayRegister> replay_register;
  // mTLS: a ticket carries the client's verified identity; one verified
  // longer ago than this (seconds) is not resumed (a full handshake instead).
  int64_t max_client_identity_age = 24 * 3600;

  std::shared_ptr<KeyLog> keylog;
  size_t max_handshake_message = 100 * 1024;
};

}  // namespace parley
