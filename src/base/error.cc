#include "parley/error.h"

namespace parley {

std::string_view alert_name(Alert a) {
  switch (a) {
    case Alert::close_notify: return "close_notify";
    case Alert::unexpected_message: return "unexpected_message";
    case Alert::bad_record_mac: return "bad_record_mac";
    case Alert::record_overflow: return "record_overflow";
    case Alert::handshake_failure: return "handshake_failure";
    case Alert::bad_certificate: return "bad_certificate";
    case Alert::unsupported_certificate: return "unsupported_certificate";
    case Alert::certificate_revoked: return "certificate_revoked";
    case Alert::certificate_expired: return "certificate_expired";
    case Alert::certificate_unknown: return "certificate_unknown";
    case Alert::illegal_parameter: return "illegal_parameter";
    case Alert::unknown_ca: return "unknown_ca";
    case Alert::access_denied: return "access_denied";
    case Alert::decode_error: return "decode_error";
    case Alert::decrypt_error: return "decrypt_error";
    case Alert::protocol_version: return "protocol_version";
    case Alert::insufficient_security: return "insufficient_security";
    case Alert::internal_error: return "internal_error";
    case Alert::inappropriate_fallback: return "inappropriate_fallback";
    case Alert::user_canceled: return "user_canceled";
    case Alert::missing_extension: return "missing_extension";
    case Alert::unsupported_extension: return "unsupported_extension";
    case Alert::unrecognized_name: return "unrecognized_name";
    case Alert::bad_certificate_status_response: return "bad_certificate_status_response";
    case Alert::unknown_psk_identity: return "unknown_psk_identity";
    case Alert::certificate_required: return "certificate_required";
    case Alert::no_application_protocol: return "no_application_protocol";
  }
  return "unknown_alert";
}

std::string_view kind_name(Error::Kind k) {
  switch (k) {
    case Error::Kind::Decode: return "decode";
    case Error::Kind::PeerMisbehaved: return "peer misbehaved";
    case Error::Kind::PeerIncompatible: return "peer incompatible";
    case Error::Kind::Certificate: return "certificate";
    case Error::Kind::Crypto: return "crypto";
    case Error::Kind::AlertReceived: return "alert received";
    case Error::Kind::ApiMisuse: return "API misuse";
    case Error::Kind::Io: return "I/O";
    case Error::Kind::Internal: return "internal";
  }
  return "unknown";
}

std::string Error::message() const {
  std::string m = what;
  if (!detail.empty()) {
    m += ": ";
    m += detail;
  }
  return m;
}

namespace err {

Unexpected make(Error::Kind kind, std::optional<Alert> alert, const char* what, std::string detail) {
  return Unexpected(Error{kind, alert, what, std::move(detail), nullptr});
}
Unexpected decode(const char* what, std::string detail) {
  return make(Error::Kind::Decode, Alert::decode_error, what, std::move(detail));
}
Unexpected illegal_parameter(const char* what, std::string detail) {
  return make(Error::Kind::PeerMisbehaved, Alert::illegal_parameter, what, std::move(detail));
}
Unexpected crypto(const char* what, std::string detail) {
  return make(Error::Kind::Crypto, std::nullopt, what, std::move(detail));
}
Unexpected api(const char* what, std::string detail) {
  return make(Error::Kind::ApiMisuse, std::nullopt, what, std::move(detail));
}
Unexpected io(const char* what, std::string detail) {
  return make(Error::Kind::Io, std::nullopt, what, std::move(detail));
}
Unexpected internal(const char* what, std::string detail) {
  return make(Error::Kind::Internal, Alert::internal_error, what, std::move(detail));
}

}  // namespace err
}  // namespace parley
