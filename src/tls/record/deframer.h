// Splits the byte stream from the peer into records (RFC 8446 §5.1) and
// deprotects them in place (§5.2). One fixed buffer of 5 + 2^14 + 256 bytes,
// allocated when the Deframer is made, holds the record being assembled: no
// heap allocation per record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "crypto/provider.h"
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
  static constexpr size_t kCapacity = kHeaderLen + kMaxCiphertext;

  Deframer();
  Deframer(Deframer&&) noexcept = default;
  Deframer& operator=(Deframer&&) noexcept = default;

  // Copies as many of `bytes` as fit (at least the rest of the current
  // record) and returns how many it took. Invalidates the last record.
  size_t feed(crypto::ByteView bytes);

  // The next whole record, deprotected when read keys are installed, or
  // nullopt when more bytes are needed. The record's fragment stays valid
  // until the next feed() or next(). Enforces the §5 rules: known content
  // types, legacy_record_version, the 2^14 (+256) length limits, no
  // zero-length handshake/alert records, one-byte 0x01 change_cipher_spec,
  // and alerts of exactly two bytes.
  Result<std::optional<Record>> next();

  // §5.1/§5.2: from the next record on, records are TLSCiphertext under
  // these keys. The proof shows no handshake message spans the change.
  void install_read_protection(RecordProtection&& p, KeyChangeBoundary proof);
  bool has_read_protection() const { return read_.has_value(); }

  // §5.1: the initial ClientHello's records may carry 0x0301. A server
  // allows it until that ClientHello is complete.
  void set_accept_tls10_record_version(bool accept) { accept_tls10_ = accept; }

  // Bytes of an incomplete record held: non-zero at end of stream means the
  // peer closed mid-record.
  size_t buffered() const { return end_ - start_; }

 private:
  std::unique_ptr<uint8_t[]> buf_;
  size_t start_ = 0;  // first byte not yet yielded
  size_t end_ = 0;    // one past the last byte fed
  std::optional<RecordProtection> read_;
  bool accept_tls10_ = false;
};

}  // namespace parley::tls::record
