// TLS 1.3 handshake messages (RFC 8446 §4): one struct per message, each a
// pure function of bytes. parse() takes the message body (after the 4-byte
// handshake header) and holds views into it, so the body must outlive the
// parsed value; encode() writes the body. encode_handshake() adds the header.
//
// The parsers enforce the syntax of §4 and the presentation-language length
// limits (decode_error), plus the value rules the RFC pins to a message
// (illegal_parameter). Negotiation (versions, suites, groups, what was
// solicited) is the handshake layer's.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "base/reader.h"
#include "base/writer.h"
#include "parley/error.h"
#include "tls/wire/enums.h"
#include "tls/wire/extensions.h"

namespace parley::tls::wire {

using Random = std::array<uint8_t, 32>;
// §4: msg_type(1) length(3) before every handshake message's body.
inline constexpr size_t kHandshakeHeaderLen = 4;

// §4.1.2.
struct ClientHello {
  static constexpr HandshakeType kType = HandshakeType::client_hello;
  uint16_t legacy_version = kLegacyVersion;  // exposed, not checked (§4.2.1, Appendix D)
  Random random{};
  ByteView legacy_session_id;                   // 0..32 bytes
  std::vector<uint16_t> cipher_suites;       // non-empty
  // §4.1.2: TLS 1.3 requires exactly one byte, 0; anything else earns
  // illegal_parameter from the handshake layer (a TLS 1.2 hello may differ).
  ByteView legacy_compression_methods;          // 1..255 bytes
  Extensions extensions;
  // Offset in the body where the PSK binders list starts, when
  // pre_shared_key is present: the §4.2.11.2 Truncated ClientHello is the
  // 4-byte header plus body[0, binders_offset).
  std::optional<size_t> binders_offset;

  static Result<ClientHello> parse(ByteView body);
  void encode(Writer& w) const;

  // §4.1.2: what a ClientHello sent after a HelloRetryRequest must repeat
  // from the first, as bytes to compare: `body` (one parse() accepted)
  // without the extensions the client may change (key_share, early_data,
  // cookie, pre_shared_key, padding), the others kept in their order.
  static std::vector<uint8_t> retry_invariant(ByteView body);
};

// §4.1.3 ServerHello (not a HelloRetryRequest).
struct ServerHello {
  static constexpr HandshakeType kType = HandshakeType::server_hello;
  uint16_t legacy_version = kLegacyVersion;  // exposed: a value other than 0x0303 is the caller's protocol_version
  Random random{};
  ByteView legacy_session_id_echo;  // 0..32 bytes
  uint16_t cipher_suite = 0;
  Extensions extensions;

  static Result<ServerHello> parse(ByteView body);
  void encode(Writer& w) const;  // legacy_compression_method 0
};

// §4.1.3/§4.1.4: a ServerHello whose random is the SHA-256 of
// "HelloRetryRequest". Extensions follow the HRR column of §4.2.
struct HelloRetryRequest {
  static constexpr HandshakeType kType = HandshakeType::server_hello;
  uint16_t legacy_version = kLegacyVersion;
  ByteView legacy_session_id_echo;
  uint16_t cipher_suite = 0;
  Extensions extensions;

  static Result<HelloRetryRequest> parse(ByteView body);
  void encode(Writer& w) const;  // writes the special random
};

// §4.1.3: the fixed random that marks a HelloRetryRequest.
extern const Random kHelloRetryRequestRandom;

// True when a ServerHello body carries the HelloRetryRequest random.
bool is_hello_retry_request(ByteView server_hello_body);

// §4.1.3 downgrade protection: a TLS 1.3 server negotiating an older version
// puts "DOWNGRD\x01" (TLS 1.2) or "DOWNGRD\x00" (TLS 1.1 or below) in the last
// 8 bytes of its random. A TLS 1.3 client MUST abort with illegal_parameter if
// it sees either after negotiating an older version.
enum class DowngradeSentinel : uint8_t { none, tls12, tls11_or_below };
DowngradeSentinel downgrade_sentinel(const Random& server_random);

// §4.3.1.
struct EncryptedExtensions {
  static constexpr HandshakeType kType = HandshakeType::encrypted_extensions;
  Extensions extensions;

  static Result<EncryptedExtensions> parse(ByteView body);
  void encode(Writer& w) const;
};

// §4.3.2.
struct CertificateRequest {
  static constexpr HandshakeType kType = HandshakeType::certificate_request;
  ByteView certificate_request_context;  // 0..255 bytes; empty in the main handshake
  Extensions extensions;              // signature_algorithms is required

  static Result<CertificateRequest> parse(ByteView body);
  void encode(Writer& w) const;
};

// §4.4.2: X.509 only (certificate_type negotiation is not supported).
struct CertificateEntry {
  ByteView cert_data;  // DER, 1..2^24-1 bytes
  Extensions extensions;
};

struct Certificate {
  static constexpr HandshakeType kType = HandshakeType::certificate;
  ByteView certificate_request_context;  // 0..255 bytes
  std::vector<CertificateEntry> certificate_list;  // may be empty (client declining)

  static Result<Certificate> parse(ByteView body);
  void encode(Writer& w) const;
};

// §4.4.3.
struct CertificateVerify {
  static constexpr HandshakeType kType = HandshakeType::certificate_verify;
  uint16_t algorithm = 0;  // a SignatureScheme code point
  ByteView signature;         // 0..2^16-1 bytes

  static Result<CertificateVerify> parse(ByteView body);
  void encode(Writer& w) const;
};

// §4.4.4: verify_data is exactly Hash.length bytes of the negotiated suite.
struct Finished {
  static constexpr HandshakeType kType = HandshakeType::finished;
  ByteView verify_data;

  static Result<Finished> parse(ByteView body, size_t hash_len);
  void encode(Writer& w) const;
};

// §4.6.1. Parsed in full so that a client which ignores tickets still
// rejects malformed ones.
struct NewSessionTicket {
  static constexpr HandshakeType kType = HandshakeType::new_session_ticket;
  uint32_t ticket_lifetime = 0;  // §4.6.1: servers MUST NOT exceed 604800; not checked here
  uint32_t ticket_age_add = 0;
  ByteView ticket_nonce;  // 0..255 bytes
  ByteView ticket;        // 1..2^16-1 bytes
  Extensions extensions;

  static Result<NewSessionTicket> parse(ByteView body);
  void encode(Writer& w) const;
};

// §4.5: sent by a client whose 0-RTT data the server accepted, under the
// early traffic keys, to end that data. Its body is empty.
struct EndOfEarlyData {
  static constexpr HandshakeType kType = HandshakeType::end_of_early_data;

  static Result<EndOfEarlyData> parse(ByteView body);
  void encode(Writer&) const {}
};

// §4.6.3.
struct KeyUpdate {
  static constexpr HandshakeType kType = HandshakeType::key_update;
  KeyUpdateRequest request_update = KeyUpdateRequest::update_not_requested;

  static Result<KeyUpdate> parse(ByteView body);
  void encode(Writer& w) const;
};

using HandshakeMessage = std::variant<ClientHello, ServerHello, HelloRetryRequest, EncryptedExtensions,
                                      CertificateRequest, Certificate, CertificateVerify, Finished,
                                      NewSessionTicket, KeyUpdate, EndOfEarlyData>;

// The HandshakeType on the wire (each struct's kType; HelloRetryRequest is server_hello).
HandshakeType message_type(const HandshakeMessage& m);

// Parses one message body of the given type. finished_len is the Hash.length
// of the negotiated suite (only Finished uses it). A ServerHello body with the
// §4.1.3 special random yields a HelloRetryRequest. message_hash (never on
// the wire) and unknown types are unexpected_message.
Result<HandshakeMessage> parse_handshake(HandshakeType type, ByteView body, size_t finished_len);

// Writes `msg_type u8 | length u24 | body` (§4). A body over 2^24-1 bytes
// fails the writer.
void encode_handshake(const HandshakeMessage& m, Writer& w);

}  // namespace parley::tls::wire
