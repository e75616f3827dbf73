// A structured account of the handshake, one event per step, for traces
// (`parley connect --trace`), logs and tests.
//
// Events are built only when an observer is attached (Connection::set_observer):
// without one the handshake does no work for them. Observers are called
// synchronously from feed()/write()/close() on the driving thread and must not
// call back into the Connection.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <parley/error.h>
#include <parley/types.h>

namespace parley {

// One named value of an event. Lists keep one string per element
// (fields "cipher_suites" -> {"TLS_AES_128_GCM_SHA256", ...}).
struct EventField {
  std::string name;
  std::vector<std::string> values;
  // The values joined with ", " (a single value as is).
  std::string joined() const;
};

struct HandshakeEvent {
  enum class Kind : uint8_t {
    message_sent,          // `name` = message ("ClientHello", "HelloRetryRequest", "ChangeCipherSpec", ...)
    message_received,      //   fields: see below
    keys_installed,        // `name` = "handshake" | "application" | "application (KeyUpdate)";
                           //   fields: direction = read|write, secret = client-write|server-write, suite
    certificate_verified,  // `name` = "server" | "client"; chain, fields: valid_until, name_matched
    certificate_rejected,  // `name` = "server" | "client"; chain (as presented), report, alert
    alert_sent,            // alert
    alert_received,        // alert
    handshake_done,        // fields: version, cipher_suite, group, alpn, hello_retry, peer_subject, client_auth
  };

  Kind kind = Kind::message_sent;
  int64_t monotonic_ns = 0;  // the provider Clock's monotonic_ns() when the step happened
  std::string name;
  // Message fields, by message (only those present):
  //   ClientHello: versions, cipher_suites, groups, key_share_groups, signature_algorithms,
  //                signature_algorithms_cert, sni, alpn, session_id_length, cookie
  //   ServerHello: version, cipher_suite, key_share_group
  //   HelloRetryRequest: cipher_suite, selected_group, cookie
  //   EncryptedExtensions: alpn, sni_acknowledged
  //   CertificateRequest: signature_algorithms, signature_algorithms_cert, certificate_authorities (RFC 4514 names)
  //   Certificate: subjects, issuers, not_before, not_after (ISO 8601 UTC), one value per certificate, leaf first;
  //                empty lists for an empty Certificate
  //   CertificateVerify: signature_scheme
  //   Finished: (none)
  //   KeyUpdate: update_requested = yes|no
  //   NewSessionTicket: lifetime_seconds (ignored: no resumption yet)
  std::vector<EventField> fields;

  // certificate_verified: the path used (leaf first, anchor last);
  // certificate_rejected: the chain as presented.
  std::vector<x509::CertificatePtr> chain;
  std::shared_ptr<const x509::VerifyReport> report;  // certificate_rejected; read with report_of() (x509.h)
  std::optional<Alert> alert;                        // alert_sent, alert_received, certificate_rejected

  // The first value of a field, or empty.
  std::string_view field(std::string_view field_name) const;
};

std::string_view event_kind_name(HandshakeEvent::Kind k);  // "message_sent", ...

class HandshakeObserver {
 public:
  virtual ~HandshakeObserver() = default;
  virtual void on_event(const HandshakeEvent& event) = 0;
};

}  // namespace parley
