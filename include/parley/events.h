// A structured account of the handshake, one event per step, for traces
// (`parley connect --trace`), logs and tests.
//
// Every event has a Kind and a typed payload (a std::variant): switch on the
// kind, or std::visit the payload. Code points keep the enums of types.h; a
// value the library does not implement (GREASE, an unknown suite offered by a
// peer) keeps its number in the enum, and code_point_name() spells it.
//
// Events are built only when an observer is attached (Connection::set_observer):
// without one the handshake does no work for them. Observers are called
// synchronously from feed()/write()/close() on the driving thread and must not
// call back into the Connection.
//
// `parley connect --trace=json` (and `parley serve --trace=json`) writes one
// JSON object per event and line, in this shape:
//   {"t_ms": 4.11, "step_ms": 0.05, "kind": event_kind_name(kind), "role": "client"|"server",
//    "name": ..., "fields": {...}, "text": the sentence of the text trace,
//    "connection": 3 (serve only), and by payload:
//    message:  "name": message::name() ("ClientHello"); "fields": the summary's members by their names
//              (code points as names: "TLS_AES_128_GCM_SHA256", "x25519", "ecdsa_secp256r1_sha256",
//              "GREASE", "0x1a1a"; lists as arrays; absent optionals as null; Certificate: "certificates",
//              an array of {"parsed", "subject", "issuer", "not_before", "not_after"})
//    keys:     "name": "handshake"|"application"|"key_update"|"early"; "fields": {"direction": "read"|"write",
//              "secret": "client-write"|"server-write", "suite"}
//    check:    "name": "server"|"client" (whose certificate); "fields": {"valid_until", "name_matched"};
//              "chain": [subjects]; "revocation": [{"position", "certificate", "source", "origin", "status"}];
//              rejected: "alert", "report": {"summary", "text"}
//    alert:    "name" and "alert": the alert's name; "fields": {"reason"} (ours: the error behind it)
//    done:     "name": ""; "fields": {"version", "cipher_suite", "group", "alpn", "hello_retry" (bool),
//              "client_auth" (bool), "peer_subject", "resumed" (bool), "psk_mode" ("psk_dhe_ke"|"psk_ke"|null),
//              "early_data" (early_data_status_name), "tickets_sent"}; "chain": the peer's verified path,
//              when it sent one
//  and, added by parley's renderers (docs/TRACE.md): message: "bytes" (hex), "layout" (the fields),
//  "protection" (the keys of its record); check: "checks" (chain, validity, name, key usage, revocation).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <parley/error.h>
#include <parley/types.h>

namespace parley {

// The summaries of the handshake messages (RFC 8446 §4), as sent or received.
// Only what a reader of the handshake wants; the extensions a message did not
// carry are empty.
namespace message {

struct ClientHello {
  std::vector<uint16_t> versions;  // supported_versions (0x0304 = TLS 1.3)
  std::vector<crypto::Suite> cipher_suites;
  std::vector<crypto::Group> groups;            // supported_groups
  std::vector<crypto::Group> key_share_groups;  // the groups of the key shares sent
  std::vector<crypto::SignatureScheme> signature_algorithms;
  std::vector<crypto::SignatureScheme> signature_algorithms_cert;
  std::string sni;  // server_name, empty if absent
  std::vector<std::string> alpn;
  size_t session_id_length = 0;
  std::optional<size_t> cookie_length;  // the cookie echoed after a HelloRetryRequest
};

struct ServerHello {
  uint16_t version = 0x0304;
  crypto::Suite cipher_suite{};
  std::optional<crypto::Group> key_share_group;
};

struct HelloRetryRequest {
  crypto::Suite cipher_suite{};
  std::optional<crypto::Group> selected_group;
  std::optional<size_t> cookie_length;
};

struct EncryptedExtensions {
  std::optional<std::string> alpn;
  bool sni_acknowledged = false;
};

struct CertificateRequest {
  std::vector<crypto::SignatureScheme> signature_algorithms;
  std::vector<crypto::SignatureScheme> signature_algorithms_cert;
  std::vector<std::string> certificate_authorities;  // RFC 4514 names
};

// One certificate of a Certificate message; the times are ISO 8601 UTC.
struct CertificateSummary {
  bool parsed = true;  // false: the entry is not a certificate parley can read (the rest is empty)
  std::string subject, issuer, not_before, not_after;
};

struct Certificate {
  std::vector<CertificateSummary> certificates;  // leaf first; empty for an empty Certificate
};

struct CertificateVerify {
  crypto::SignatureScheme scheme{};
};

struct Finished {};

struct NewSessionTicket {
  uint32_t lifetime_seconds = 0;
  std::optional<uint32_t> max_early_data_size;  // the ticket allows 0-RTT up to this many bytes
};

struct KeyUpdate {
  bool update_requested = false;
};

// Not a handshake message: the compatibility record of RFC 8446 §D.4.
struct ChangeCipherSpec {};

// RFC 8446 §4.5: the client's 0-RTT data ends here.
struct EndOfEarlyData {};

using Summary = std::variant<ClientHello, ServerHello, HelloRetryRequest, EncryptedExtensions, CertificateRequest,
                             Certificate, CertificateVerify, Finished, NewSessionTicket, KeyUpdate, ChangeCipherSpec,
                             EndOfEarlyData>;

// "ClientHello", "HelloRetryRequest", "ChangeCipherSpec", ...
std::string_view name(const Summary& m);

}  // namespace message

// How a resumed handshake agreed its keys (RFC 8446 §4.2.9): the PSK alone,
// or the PSK with a fresh (EC)DHE exchange (forward secrecy).
enum class PskMode : uint8_t { psk_ke = 0, psk_dhe_ke = 1 };

// What became of 0-RTT (RFC 8446 §2.3, §4.2.10) in a handshake, and if the
// client offered it and it was not accepted, why not.
enum class EarlyDataStatus : uint8_t {
  not_offered,      // the client sent no early_data extension
  accepted,         // the early data was read (marked replayable, see Connection)
  disabled,         // this side does not take 0-RTT (max_early_data 0)
  not_resumed,      // no PSK was accepted: a full handshake
  hello_retry,      // a HelloRetryRequest was needed (§4.1.4 forbids 0-RTT after it)
  not_first_psk,    // §4.2.10: only the first offered identity may carry 0-RTT
  ticket_disallows, // the ticket carries no max_early_data_size
  mismatch,         // suite or ALPN differ from the ticket's (§4.2.10)
  replayed,         // the ticket was used for 0-RTT before (§8.1 single-use register)
  stale,            // the obfuscated_ticket_age is outside the freshness window (§8.3)
  rejected,         // the server declined it (client's view: no early_data in EncryptedExtensions)
};
std::string_view early_data_status_name(EarlyDataStatus s);  // "accepted", "replayed", ...

// Which party a secret or a certificate belongs to.
enum class Party : uint8_t { client, server };

// Kind::message_sent, Kind::message_received.
struct MessageEvent {
  message::Summary message;
  // The message as on the wire (§4: type, 24-bit length, body), for renderers
  // that show its bytes; empty for ChangeCipherSpec, which is a record.
  std::vector<uint8_t> bytes;
};

// Kind::keys_installed (RFC 8446 §7.1, §4.6.3).
struct KeysInstalled {
  enum class Stage : uint8_t { handshake, application, key_update, early };  // early: 0-RTT (§2.3)
  enum class Direction : uint8_t { read, write };
  Stage stage = Stage::handshake;
  Direction direction = Direction::write;
  Party secret = Party::client;  // whose write secret: client-write or server-write
  crypto::Suite suite{};
};

// Where one certificate's revocation answer came from (docs/REVOCATION.md).
struct RevocationAnswer {
  int position = 0;         // 0: the leaf
  std::string certificate;  // its label: "CN=orders (serial 1f…)"
  // "stapled OCSP response", "fetched OCSP response", "OCSP response file", "CRL file", "fetched CRL", or "none"
  std::string source;
  std::string origin;  // the URL it was fetched from, when it was
  std::string status;  // "good (this update …)", "not on the CRL of …", "no evidence"
};

// Kind::certificate_verified, Kind::certificate_rejected.
struct CertificateCheck {
  Party peer = Party::server;  // whose certificate
  // verified: the path used (leaf first, anchor last); rejected: the chain as presented.
  std::vector<x509::CertificatePtr> chain;
  std::string valid_until;   // verified: ISO 8601 UTC, the end of the path's validity
  std::string name_matched;  // verified: the SAN that matched the reference name ("DNS:localhost"), or empty
  std::shared_ptr<const x509::VerifyReport> report;  // rejected; read with report_of() (x509.h)
  std::optional<Alert> alert;                        // rejected: the alert we send
  // verified: one per certificate below the anchor (empty when the policy is off); a
  // rejection for revocation says its source in the report.
  std::vector<RevocationAnswer> revocation;
};

// Kind::alert_sent, Kind::alert_received.
struct AlertEvent {
  Alert alert{};
  std::string reason;  // alert_sent: the error that made us send it
};

// Kind::handshake_done.
struct HandshakeDone {
  uint16_t version = 0x0304;
  crypto::Suite suite{};
  crypto::Group group{};
  std::string alpn;  // empty if none was negotiated
  bool hello_retry = false;
  bool client_authenticated = false;
  std::string peer_subject;  // RFC 4514, empty if the peer sent no certificate
  std::vector<x509::CertificatePtr> chain;  // the peer's verified path, leaf first (a full handshake)
  bool resumed = false;                     // a PSK from a ticket was accepted (RFC 8446 §2.2)
  std::optional<PskMode> psk_mode;          // set when resumed
  EarlyDataStatus early_data = EarlyDataStatus::not_offered;
  size_t tickets_sent = 0;                  // server: NewSessionTickets sent with this handshake
};

struct HandshakeEvent {
  enum class Kind : uint8_t {
    message_sent,          // MessageEvent
    message_received,      // MessageEvent
    keys_installed,        // KeysInstalled
    certificate_verified,  // CertificateCheck
    certificate_rejected,  // CertificateCheck
    alert_sent,            // AlertEvent
    alert_received,        // AlertEvent
    handshake_done,        // HandshakeDone
  };
  using Payload = std::variant<MessageEvent, KeysInstalled, CertificateCheck, AlertEvent, HandshakeDone>;

  Kind kind = Kind::message_sent;
  int64_t monotonic_ns = 0;  // the provider Clock's monotonic_ns() when the step happened
  Payload payload;

  // The payload as T, or null if it holds another type.
  template <class T>
  const T* get() const {
    return std::get_if<T>(&payload);
  }
  // The message of a message event, or null.
  const message::Summary* message() const {
    const auto* m = get<MessageEvent>();
    return m ? &m->message : nullptr;
  }
};

std::string_view event_kind_name(HandshakeEvent::Kind k);  // "message_sent", ...

// The name of a code point for display: the RFC name ("TLS_AES_128_GCM_SHA256",
// "x25519", "ecdsa_secp256r1_sha256", "TLS 1.3"), "GREASE" (RFC 8701) or hex ("0x1a1a").
std::string code_point_name(crypto::Suite s);
std::string code_point_name(crypto::Group g);
std::string code_point_name(crypto::SignatureScheme s);
std::string version_name(uint16_t version);

class HandshakeObserver {
 public:
  virtual ~HandshakeObserver() = default;
  virtual void on_event(const HandshakeEvent& event) = 0;
};

}  // namespace parley
