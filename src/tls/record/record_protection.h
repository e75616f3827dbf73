// One direction's record protection (RFC 8446 §5.2–§5.5): the AEAD keyed
// once, the per-record nonce from the static IV and the sequence number, the
// TLSInnerPlaintext framing, and the AEAD usage limits.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>

#include "base/secret.h"
#include "crypto/provider.h"
#include "tls/record/record.h"

namespace parley::tls::record {

// §5.5: how many records one key may protect. `key_update_at` is when the
// writer should send a KeyUpdate (key_update_needed() turns true);
// `max_records` is a hard stop: seal() refuses once it is reached, and no
// sequence number ever wraps (§5.3).
//
// AES-GCM: §5.5 allows 2^24.5 full-size records per key; we count every
// record as full-size and ask for a KeyUpdate at 2^24, leaving ~7 million
// records of margin before the hard stop at floor(2^24.5).
// ChaCha20-Poly1305: §5.5 notes the sequence number wraps before its safety
// limit is reached, so only the 2^64 - 1 sequence cap applies.
// A limit on failed decryptions is not needed: TLS closes the connection on
// the first one (bad_record_mac); only DTLS, which drops bad records, needs
// it (RFC 9147 §4.5.3).
struct UsageLimits {
  uint64_t key_update_at = std::numeric_limits<uint64_t>::max();
  uint64_t max_records = std::numeric_limits<uint64_t>::max();

  static UsageLimits for_aead(crypto::AeadAlg alg);
};

// §5.4 padding for records we write. multiple == 0: no padding (the
// default); otherwise TLSInnerPlaintext is zero-padded up to a multiple of
// `multiple` bytes, never beyond 2^14 + 1.
struct PaddingPolicy {
  size_t multiple = 0;
};

class RecordProtection {
 public:
  static constexpr size_t kNonceLen = 12;  // all three TLS 1.3 AEADs (RFC 8446 §5.3: iv_length = max(8, N_MIN))

  // key and iv from the traffic secret (§7.3). iv must be 12 bytes.
  static Result<RecordProtection> create(const crypto::Aead& aead, crypto::ByteView key, crypto::ByteView iv);
  static Result<RecordProtection> create(const crypto::Aead& aead, crypto::ByteView key, crypto::ByteView iv,
                                         UsageLimits limits);

  RecordProtection(RecordProtection&&) noexcept = default;
  RecordProtection& operator=(RecordProtection&&) noexcept = default;
  // The static IV is key material (§7.3): wiped, as the AEAD context wipes the key.
  ~RecordProtection() { secure_wipe(iv_.data(), iv_.size()); }

  void set_padding(PaddingPolicy p) { padding_ = p; }

  // Bytes seal() writes for `content_len` bytes of content: header,
  // encrypted TLSInnerPlaintext (with padding) and tag.
  size_t sealed_size(size_t content_len) const;

  // §5.2: writes one TLSCiphertext record (opaque_type application_data,
  // legacy_record_version 0x0303) carrying `content` of real type `type` into
  // out[0, sealed_size(content.size())): the content is encrypted straight
  // from where it is, so it must not overlap out. content.size() <= 2^14.
  // Returns the number of bytes written.
  Result<size_t> seal(ContentType type, crypto::ByteView content, std::span<uint8_t> out);

  struct Opened {
    ContentType type;
    std::span<uint8_t> content;  // within the `plaintext` given to open()
  };
  // §5.2: authenticates `ciphertext` (TLSCiphertext.encrypted_record) under
  // `header` (the 5-byte record header, the AAD) and decrypts it into
  // `plaintext`, which holds at least ciphertext.size() - tag_len() bytes and
  // either starts at ciphertext (in place) or does not overlap it; then strips
  // the §5.4 padding to find the real content type. A record that fails
  // authentication leaves `plaintext` zeroed.
  Result<Opened> open(crypto::ByteView header, crypto::ByteView ciphertext, std::span<uint8_t> plaintext);

  // Records protected (or opened) so far with this key: the next sequence number.
  uint64_t sequence() const { return seq_; }
  // §5.5: the writer should send a KeyUpdate before sealing more.
  bool key_update_needed() const { return seq_ >= limits_.key_update_at; }
  size_t tag_len() const { return tag_len_; }

 private:
  RecordProtection(std::unique_ptr<crypto::AeadCtx> ctx, crypto::ByteView iv, size_t tag_len, UsageLimits limits);
  // §5.3: the 64-bit sequence number, big-endian, left-padded to the IV
  // length and XORed with the static IV.
  std::array<uint8_t, kNonceLen> nonce() const;

  std::unique_ptr<crypto::AeadCtx> ctx_;
  std::array<uint8_t, kNonceLen> iv_{};
  size_t tag_len_;
  UsageLimits limits_;
  PaddingPolicy padding_;
  uint64_t seq_ = 0;
};

}  // namespace parley::tls::record
