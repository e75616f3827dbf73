// TLS 1.3 extensions (RFC 8446 §4.2): one generic block parser driven by a
// constexpr table of known extensions (which messages each may appear in, how
// to parse and emit it), producing a typed struct of optional fields.
//
// The parser enforces what the wire alone can decide:
//   - duplicates of any type in one block: illegal_parameter (§4.2);
//   - a known extension in a message the §4.2 table does not list: illegal_parameter;
//   - pre_shared_key not last in ClientHello: illegal_parameter (§4.2.11);
//   - malformed bodies: decode_error.
// Unknown types (GREASE included, RFC 8701) are kept in `uninterpreted` and
// otherwise ignored. Whether an extension in a server message was solicited
// (unsupported_extension, §4.2) is the handshake layer's call: `order` lists
// every type received, see first_unsolicited().
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/reader.h"
#include "base/writer.h"
#include "parley/error.h"
#include "tls/wire/enums.h"

namespace parley::tls::wire {

using ByteView = std::span<const uint8_t>;

// The messages that carry extensions, as the §4.2 table names them.
enum class MessageKind : uint8_t {
  client_hello,         // CH
  server_hello,         // SH
  hello_retry_request,  // HRR
  encrypted_extensions, // EE
  certificate,          // CT (per CertificateEntry)
  certificate_request,  // CR
  new_session_ticket,   // NST
};

// The message's name for error details ("ClientHello").
std::string_view message_name(MessageKind kind);

// True when the §4.2 table allows a known extension in `kind`; false for
// unknown types (which the table does not cover).
bool extension_allowed(uint16_t type, MessageKind kind);

// §4.2.8 KeyShareEntry.
struct KeyShareEntry {
  uint16_t group = 0;
  ByteView key_exchange;  // 1..2^16-1 bytes
};

// §4.2.11 PskIdentity.
struct PskIdentity {
  ByteView identity;  // 1..2^16-1 bytes
  uint32_t obfuscated_ticket_age = 0;
};

// §4.2.11 OfferedPsks (ClientHello form of pre_shared_key).
struct OfferedPsks {
  std::vector<PskIdentity> identities;  // non-empty
  std::vector<ByteView> binders;           // one per identity, each 32..255 bytes
  // Size of the encoded binders list including its 2-byte length: the
  // "Truncated ClientHello" of §4.2.11.2 is the message minus this suffix
  // (pre_shared_key is always the last extension).
  size_t binders_size() const;
};

// An extension kept as bytes: an unknown type, or one parley recognises for
// placement checks but does not interpret (max_fragment_length, use_srtp,
// heartbeat, client/server_certificate_type, oid_filters).
struct RawExtension {
  uint16_t type = 0;
  ByteView data;
};

struct Extensions {
  // server_name (RFC 6066 §3): in CH the single host_name; in EE the empty
  // acknowledgement (an empty view).
  std::optional<std::string_view> server_name;
  std::optional<std::vector<uint16_t>> supported_groups;           // CH, EE
  std::optional<std::vector<uint16_t>> signature_algorithms;       // CH, CR
  std::optional<std::vector<uint16_t>> signature_algorithms_cert;  // CH, CR
  std::optional<std::vector<uint16_t>> supported_versions;         // CH: offered list
  std::optional<uint16_t> selected_version;                        // SH, HRR
  std::optional<std::vector<KeyShareEntry>> key_shares;            // CH: client_shares (may be empty)
  std::optional<KeyShareEntry> server_share;                       // SH
  std::optional<uint16_t> hrr_group;                               // HRR: selected_group
  std::optional<ByteView> cookie;                                     // CH, HRR (1..2^16-1 bytes)
  std::optional<std::vector<ByteView>> alpn;                          // CH: list; EE: exactly one
  std::optional<std::vector<ByteView>> certificate_authorities;       // CH, CR: DER DistinguishedNames
  std::optional<std::vector<uint8_t>> psk_key_exchange_modes;      // CH
  std::optional<OfferedPsks> pre_shared_key;                       // CH
  std::optional<uint16_t> selected_psk;                            // SH: selected_identity
  bool early_data = false;                                         // CH, EE: present (empty body)
  std::optional<uint32_t> max_early_data_size;                     // NST form of early_data
  bool post_handshake_auth = false;                                // CH (empty body)
  // padding (RFC 7685): only its length. RFC 7685 §3 says the client fills it
  // with zeros; we accept any content (nothing depends on it) and send zeros.
  std::optional<size_t> padding;
  // status_request (RFC 6066 §8) and signed_certificate_timestamp (RFC 6962
  // §3.3): kept as their raw bodies; parley does not act on them yet.
  std::optional<ByteView> status_request;
  std::optional<ByteView> signed_certificate_timestamp;

  std::vector<RawExtension> uninterpreted;
  // Every extension type as received, in order (empty for a block we build).
  std::vector<uint16_t> order;

  // The first received type not in `sent` (what we offered), or nullopt. For a
  // server message this is the "unsolicited" extension of §4.2 that earns an
  // unsupported_extension alert.
  std::optional<uint16_t> first_unsolicited(std::span<const uint16_t> sent) const;
};

// Reads an `Extension extensions<..2^16-1>` block (u16 length prefix) from r.
Result<Extensions> parse_extensions(Reader& r, MessageKind kind);

// Writes the block with its u16 length. Extensions go in `order` when set
// (byte-exact re-encoding of what was parsed), then the remaining typed
// fields in table order, then `uninterpreted`; pre_shared_key always last.
// Overflowing a length field fails the writer (checked at finish()).
void encode_extensions(const Extensions& ext, MessageKind kind, Writer& w);

}  // namespace parley::tls::wire
