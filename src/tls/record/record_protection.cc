#include "tls/record/record_protection.h"

#include <algorithm>

namespace parley::tls::record {

UsageLimits UsageLimits::for_aead(crypto::AeadAlg alg) {
  switch (alg) {
    case crypto::AeadAlg::aes_128_gcm:
    case crypto::AeadAlg::aes_256_gcm:
      // floor(2^24.5) = 23'726'566.
      return UsageLimits{.key_update_at = uint64_t{1} << 24, .max_records = 23'726'566};
    case crypto::AeadAlg::chacha20_poly1305:
      break;
  }
  return UsageLimits{};
}

Result<RecordProtection> RecordProtection::create(const crypto::Aead& aead, crypto::ByteView key,
                                                  crypto::ByteView iv) {
  return create(aead, key, iv, UsageLimits::for_aead(aead.alg()));
}

Result<RecordProtection> RecordProtection::create(const crypto::Aead& aead, crypto::ByteView key,
                                                  crypto::ByteView iv, UsageLimits limits) {
  if (iv.size() != kNonceLen || aead.iv_len() != kNonceLen) return err::internal("record: IV must be 12 bytes");
  if (limits.key_update_at > limits.max_records) return err::api("record: key update limit above the hard limit");
  auto ctx = PARLEY_TRY(aead.make(key));
  return RecordProtection(std::move(ctx), iv, aead.tag_len(), limits);
}

RecordProtection::RecordProtection(std::unique_ptr<crypto::AeadCtx> ctx, crypto::ByteView iv, size_t tag_len,
                                   UsageLimits limits)
    : ctx_(std::move(ctx)), tag_len_(tag_len), limits_(limits) {
  std::copy(iv.begin(), iv.end(), iv_.begin());
}

std::array<uint8_t, RecordProtection::kNonceLen> RecordProtection::nonce() const {
  std::array<uint8_t, kNonceLen> n = iv_;
  for (size_t i = 0; i < 8; ++i) n[kNonceLen - 1 - i] ^= static_cast<uint8_t>(seq_ >> (8 * i));
  return n;
}

size_t RecordProtection::sealed_size(size_t content_len) const {
  size_t inner = content_len + 1;
  if (padding_.multiple > 1) {
    const size_t padded = (inner + padding_.multiple - 1) / padding_.multiple * padding_.multiple;
    inner = std::max(inner, std::min(padded, kMaxInnerPlaintext));
  }
  return kHeaderLen + inner + tag_len_;
}

Result<size_t> RecordProtection::seal(ContentType type, crypto::ByteView content, std::span<uint8_t> out) {
  if (content.size() > kMaxPlaintext) return err::api("record: content above 2^14 bytes");
  const size_t total = sealed_size(content.size());
  if (out.size() < total) return err::api("record: output too small for the sealed record");
  // §5.5: never past the usage limit, and §5.3: never wrap the sequence number.
  if (seq_ >= limits_.max_records || seq_ == std::numeric_limits<uint64_t>::max()) {
    return err::internal("record: key usage limit reached without a KeyUpdate");
  }
  const size_t inner_len = total - kHeaderLen - tag_len_;
  const size_t ciphertext_len = inner_len + tag_len_;

  // §5.2: opaque_type application_data, legacy_record_version 0x0303.
  out[0] = static_cast<uint8_t>(ContentType::application_data);
  out[1] = static_cast<uint8_t>(kRecordVersion >> 8);
  out[2] = static_cast<uint8_t>(kRecordVersion & 0xff);
  out[3] = static_cast<uint8_t>(ciphertext_len >> 8);
  out[4] = static_cast<uint8_t>(ciphertext_len & 0xff);

  // §5.2 TLSInnerPlaintext: the content, then the real type and zero padding,
  // which are placed after where the content goes and encrypted in place.
  std::span<uint8_t> inner = out.subspan(kHeaderLen, inner_len);
  std::span<uint8_t> trailer = inner.subspan(content.size());
  trailer[0] = static_cast<uint8_t>(type);
  std::fill(trailer.begin() + 1, trailer.end(), uint8_t{0});

  const auto n = nonce();
  PARLEY_TRY(
      ctx_->seal(n, out.first(kHeaderLen), content, trailer, inner, out.subspan(kHeaderLen + inner_len, tag_len_)));
  ++seq_;
  return total;
}

Result<RecordProtection::Opened> RecordProtection::open(crypto::ByteView header, crypto::ByteView ciphertext,
                                                        std::span<uint8_t> plaintext) {
  if (seq_ == std::numeric_limits<uint64_t>::max()) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::unexpected_message, "record: peer sequence number exhausted");
  }
  if (ciphertext.size() < tag_len_) return bad_record_mac("record: ciphertext shorter than the AEAD tag");
  const size_t inner_len = ciphertext.size() - tag_len_;
  if (plaintext.size() < inner_len) return err::internal("record: plaintext buffer too small");
  std::span<uint8_t> inner = plaintext.first(inner_len);
  const auto n = nonce();
  // §5.2: a record that fails to deprotect gets bad_record_mac.
  if (!ctx_->open(n, header, ciphertext.first(inner_len), ciphertext.subspan(inner_len), inner)) {
    return bad_record_mac("record: AEAD authentication failed");
  }
  ++seq_;
  // §5.4: the encoded TLSInnerPlaintext is at most 2^14 + 1 bytes.
  if (inner_len > kMaxInnerPlaintext) return record_overflow("record: TLSInnerPlaintext above 2^14 + 1 bytes");
  // §5.4: scan back over the zero padding to the real content type; a record
  // with no non-zero byte is unexpected_message.
  size_t end = inner_len;
  while (end > 0 && inner[end - 1] == 0) --end;
  if (end == 0) return unexpected_message("record: inner plaintext is all zeros");
  return Opened{static_cast<ContentType>(inner[end - 1]), inner.first(end - 1)};
}

}  // namespace parley::tls::record
