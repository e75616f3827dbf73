// Splits the byte stream from the peer into records (RFC 8446 §5.1) and
// deprotects them (§5.2) without copying what it need not:
//   - a record lying wholly in the bytes of one feed is read where it is;
//   - a protected record is decrypted out of place, straight into the
//     connection's plaintext buffer, where application data stays for read();
//   - only a record split across feeds is copied, into a buffer sized to what
//     that record needs (its header gives the length), kept while records keep
//     straddling and released on request: an idle Deframer holds no heap.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "crypto/provider.h"
#include "tls/record/io_buffer.h"
#include "tls/record/record.h"
#include "tls/record/record_protection.h"

namespace parley::tls::record {

class HandshakeReassembler;

// Proof that the handshake stream sits on a record boundary with nothing
// buffered, so the read keys may change (§5.1). Only
// HandshakeReassembler::at_key_change_boundary() makes one.
class KeyChangeBoundary {
 public:
  KeyChangeBoundary(KeyChangeBoundary&&) noexcept = default;
  KeyChangeBoundary(const KeyChangeBoundary&) = delete;
  KeyChangeBoundary& operator=(const KeyChangeBoundary&) = delete;

 private:
  friend class HandshakeReassembler;
  KeyChangeBoundary() = default;
};

class Deframer {
 public:
  Deframer() = default;
  Deframer(Deframer&&) noexcept = default;
  Deframer& operator=(Deframer&&) noexcept = default;

  // The next whole record, built from the incomplete record held (if any)
  // and the front of `input`, which is advanced past the bytes used; nullopt
  // once `input` is used up, its tail then held as an incomplete record.
  //
  // A TLSPlaintext record's fragment points into `input` or into the
  // Deframer, valid until the next call. A protected record is opened into
  // bytes appended to `plaintext`: its fragment is those bytes (type byte and
  // padding already dropped), and the caller keeps them (application data)
  // or truncates `plaintext` back after use. On error `plaintext` is as it
  // was: no byte of a record that failed is released.
  //
  // Enforces the §5 rules: known content types, a TLS legacy_record_version, the
  // 2^14 (+256) length limits (judged from the header, before the body
  // arrives), no zero-length handshake/alert records, one-byte 0x01
  // change_cipher_spec, and alerts of exactly two bytes.
  Result<std::optional<Record>> next(crypto::ByteView& input, IoBuffer& plaintext);

  // §5.1/§5.2: from the next record on, records are TLSCiphertext under
  // these keys. The proof shows no handshake message spans the change.
  void install_read_protection(RecordProtection&& p, KeyChangeBoundary proof);
  bool has_read_protection() const { return read_.has_value(); }

  // §4.2.10: a server that rejects the client's 0-RTT skips its early data:
  // application_data records that arrive before the read keys (after a
  // HelloRetryRequest) or fail to deprotect under them are dropped, up to
  // `budget` bytes of ciphertext in all; the first record that deprotects
  // ends the skipping. Past the budget a record fails as it would otherwise.
  // 0 stops skipping.
  void skip_early_data(size_t budget) { early_data_budget_ = budget; }
  bool skipping_early_data() const { return early_data_budget_ > 0; }

  // Bytes of an incomplete record held: non-zero at end of stream means the
  // peer closed mid-record.
  size_t buffered() const { return held_; }
  // Heap bytes kept for records split across feeds.
  size_t capacity() const { return body_cap_; }
  // Frees that storage unless an incomplete record's body is in it.
  void release();

 private:
  // §5.1 checks on a record header; returns the record's length.
  Result<size_t> check_header(const uint8_t* header) const;
  // next() less the skipping of early data: one record, or one skipped
  // (nullopt with skipped_ set).
  Result<std::optional<Record>> next_record(crypto::ByteView& input, IoBuffer& plaintext);
  // Deprotects and checks one whole record.
  Result<std::optional<Record>> take(crypto::ByteView header, crypto::ByteView body, IoBuffer& plaintext);
  // Drops a record of early data of `length` bytes if the budget allows,
  // else fails with `otherwise`.
  Result<std::optional<Record>> skip(size_t length, Unexpected otherwise);

  std::array<uint8_t, kHeaderLen> header_{};  // the incomplete record's header
  std::unique_ptr<uint8_t[]> body_;           // its body, when split across feeds
  size_t body_cap_ = 0;
  size_t held_ = 0;  // bytes of the incomplete record held, header included
  size_t length_ = 0;  // its body length, once its header is whole
  std::optional<RecordProtection> read_;
  size_t early_data_budget_ = 0;  // bytes of early data still to skip
  bool skipped_ = false;          // the last record taken was skipped early data
};

}  // namespace parley::tls::record
