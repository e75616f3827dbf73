// The TLS 1.3 record layer's shared vocabulary (RFC 8446 §5): size limits,
// the record a Deframer yields, and the errors the layer raises with the
// alert each one must send.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "parley/error.h"
#include "tls/wire/enums.h"

namespace parley::tls::record {

using wire::ContentType;

// §5.1: TLSPlaintext.fragment and TLSInnerPlaintext.content are at most 2^14 bytes.
inline constexpr size_t kMaxPlaintext = size_t{1} << 14;
// §5.4: the encoded TLSInnerPlaintext (content, type, padding) is at most 2^14 + 1.
inline constexpr size_t kMaxInnerPlaintext = kMaxPlaintext + 1;
// §5.2: TLSCiphertext.encrypted_record is at most 2^14 + 256.
inline constexpr size_t kMaxCiphertext = kMaxPlaintext + 256;
// §4.2.10: the early data a server that rejects 0-RTT skips at most. parley
// issues no tickets, so it never announced a max_early_data_size; this is a
// client's first flight of early data, four full records, and no more.
inline constexpr size_t kMaxSkippedEarlyData = 4 * kMaxCiphertext;
// type(1) legacy_record_version(2) length(2).
inline constexpr size_t kHeaderLen = 5;
// §5.1: every record a TLS 1.3 implementation writes carries 0x0303, except
// that an initial ClientHello MAY carry 0x0301.
inline constexpr uint16_t kRecordVersion = 0x0303;
inline constexpr uint16_t kRecordVersionTls10 = 0x0301;
// §5.1: the field is otherwise ignored on receipt; its major byte is 3 in
// every TLS version.
inline constexpr uint16_t kRecordVersionMajor = 0x03;

// One record as the peer meant it: for a protected record, the real content
// type and content from TLSInnerPlaintext (padding and type byte removed).
// `fragment` points into the bytes fed, the Deframer or the plaintext buffer
// (see Deframer::next).
struct Record {
  ContentType type = ContentType::invalid;
  uint16_t legacy_version = kRecordVersion;
  std::span<const uint8_t> fragment;
  bool encrypted = false;  // arrived as TLSCiphertext under the read keys
};

// §6: an alert record's two bytes. The level is kept but carries no meaning
// in TLS 1.3: every alert but close_notify and user_canceled is fatal.
struct AlertMessage {
  uint8_t level;
  Alert description;  // may hold a value this enum does not name
};
// `fragment` is an alert record's content, which the Deframer has checked
// to be exactly two bytes.
inline AlertMessage parse_alert(std::span<const uint8_t> fragment) {
  return AlertMessage{fragment[0], static_cast<Alert>(fragment[1])};
}

inline bool is_known(ContentType t) {
  return t == ContentType::change_cipher_spec || t == ContentType::alert || t == ContentType::handshake ||
         t == ContentType::application_data;
}

// §6.2 error alerts raised by the record layer; each site chooses in the open.
inline Unexpected unexpected_message(const char* what) {
  return err::make(Error::Kind::PeerMisbehaved, Alert::unexpected_message, what);
}
inline Unexpected record_overflow(const char* what) {
  return err::make(Error::Kind::PeerMisbehaved, Alert::record_overflow, what);
}
inline Unexpected bad_record_mac(const char* what) {
  return err::make(Error::Kind::Crypto, Alert::bad_record_mac, what);
}

}  // namespace parley::tls::record
