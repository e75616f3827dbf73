// TLS 1.3 wire code points (RFC 8446 §4, §5.1, §4.2) that the message and
// extension codecs share. Cipher suites, groups and signature schemes are
// crypto::Suite, crypto::Group and crypto::SignatureScheme (src/crypto); on the
// wire they stay raw uint16_t because peers may send values we do not know.
#pragma once

#include <cstdint>

namespace parley::tls::wire {

// RFC 8446 §5.1.
enum class ContentType : uint8_t {
  invalid = 0,
  change_cipher_spec = 20,
  alert = 21,
  handshake = 22,
  application_data = 23,
};

// RFC 8446 §4 (HandshakeType).
enum class HandshakeType : uint8_t {
  client_hello = 1,
  server_hello = 2,  // also carries HelloRetryRequest (§4.1.3)
  new_session_ticket = 4,
  end_of_early_data = 5,
  encrypted_extensions = 8,
  certificate = 11,
  certificate_request = 13,
  certificate_verify = 15,
  finished = 20,
  key_update = 24,
  message_hash = 254,  // only inside the transcript after an HRR (§4.4.1)
};

// RFC 8446 §4.2 (ExtensionType) and the RFCs it cites.
enum class ExtensionType : uint16_t {
  server_name = 0,                // RFC 6066
  max_fragment_length = 1,        // RFC 6066
  status_request = 5,             // RFC 6066
  supported_groups = 10,          // RFC 8422, 7919
  signature_algorithms = 13,      // RFC 8446
  use_srtp = 14,                  // RFC 5764
  heartbeat = 15,                 // RFC 6520
  alpn = 16,                      // RFC 7301 (application_layer_protocol_negotiation)
  signed_certificate_timestamp = 18,  // RFC 6962
  client_certificate_type = 19,   // RFC 7250
  server_certificate_type = 20,   // RFC 7250
  padding = 21,                   // RFC 7685
  pre_shared_key = 41,
  early_data = 42,
  supported_versions = 43,
  cookie = 44,
  psk_key_exchange_modes = 45,
  certificate_authorities = 47,
  oid_filters = 48,
  post_handshake_auth = 49,
  signature_algorithms_cert = 50,
  key_share = 51,
};

// RFC 8446 §4.1.2: legacy_version is 0x0303 (TLS 1.2); the real version is
// negotiated with supported_versions (§4.2.1).
inline constexpr uint16_t kLegacyVersion = 0x0303;
inline constexpr uint16_t kTls13 = 0x0304;

// RFC 8446 §4.2.9.
enum class PskKeyExchangeMode : uint8_t { psk_ke = 0, psk_dhe_ke = 1 };

// RFC 8446 §4.6.3.
enum class KeyUpdateRequest : uint8_t { update_not_requested = 0, update_requested = 1 };

// RFC 8701 §2: GREASE values for cipher suites, extensions, groups, signature
// algorithms and versions are 0x0A0A, 0x1A1A, ..., 0xFAFA. Peers must treat
// them as unknown; a server that selects one is broken (RFC 8701 §4).
constexpr bool is_grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

}  // namespace parley::tls::wire
