// The names events.h gives to event kinds, messages and code points.
#include "parley/events.h"

#include "tls/wire/enums.h"

namespace parley {
namespace {

// An unnamed code point: "GREASE" (RFC 8701 reserves them to keep peers
// tolerant of unknown values) or its number.
std::string unnamed(uint16_t code) {
  if (tls::wire::is_grease(code)) return "GREASE";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += kHex[(code >> shift) & 0xf];
  return s;
}

std::string or_number(std::string_view name, uint16_t code) {
  return name == "unknown" ? unnamed(code) : std::string(name);
}

}  // namespace

std::string_view event_kind_name(HandshakeEvent::Kind k) {
  switch (k) {
    case HandshakeEvent::Kind::message_sent: return "message_sent";
    case HandshakeEvent::Kind::message_received: return "message_received";
    case HandshakeEvent::Kind::keys_installed: return "keys_installed";
    case HandshakeEvent::Kind::certificate_verified: return "certificate_verified";
    case HandshakeEvent::Kind::certificate_rejected: return "certificate_rejected";
    case HandshakeEvent::Kind::alert_sent: return "alert_sent";
    case HandshakeEvent::Kind::alert_received: return "alert_received";
    case HandshakeEvent::Kind::handshake_done: return "handshake_done";
  }
  return "unknown";
}

std::string_view early_data_status_name(EarlyDataStatus s) {
  switch (s) {
    case EarlyDataStatus::not_offered: return "not_offered";
    case EarlyDataStatus::accepted: return "accepted";
    case EarlyDataStatus::disabled: return "disabled";
    case EarlyDataStatus::not_resumed: return "not_resumed";
    case EarlyDataStatus::hello_retry: return "hello_retry";
    case EarlyDataStatus::not_first_psk: return "not_first_psk";
    case EarlyDataStatus::ticket_disallows: return "ticket_disallows";
    case EarlyDataStatus::mismatch: return "mismatch";
    case EarlyDataStatus::replayed: return "replayed";
    case EarlyDataStatus::stale: return "stale";
    case EarlyDataStatus::rejected: return "rejected";
  }
  return "unknown";
}

std::string_view message::name(const Summary& m) {
  static constexpr std::string_view kNames[] = {
      "ClientHello", "ServerHello", "HelloRetryRequest", "EncryptedExtensions", "CertificateRequest", "Certificate",
      "CertificateVerify", "Finished", "NewSessionTicket", "KeyUpdate", "ChangeCipherSpec", "EndOfEarlyData"};
  static_assert(std::size(kNames) == std::variant_size_v<Summary>);
  return kNames[m.index()];
}

std::string code_point_name(crypto::Suite s) { return or_number(crypto::suite_name(s), static_cast<uint16_t>(s)); }
std::string code_point_name(crypto::Group g) { return or_number(crypto::group_name(g), static_cast<uint16_t>(g)); }
std::string code_point_name(crypto::SignatureScheme s) {
  return or_number(crypto::scheme_name(s), static_cast<uint16_t>(s));
}

std::string version_name(uint16_t v) {
  switch (v) {
    case 0x0304: return "TLS 1.3";
    case 0x0303: return "TLS 1.2";
    case 0x0302: return "TLS 1.1";
    case 0x0301: return "TLS 1.0";
    default: return unnamed(v);
  }
}

}  // namespace parley
