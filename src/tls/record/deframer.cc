#include "tls/record/deframer.h"

#include <algorithm>
#include <cstring>

namespace parley::tls::record {

Deframer::Deframer() : buf_(std::make_unique<uint8_t[]>(kCapacity)) {}

size_t Deframer::feed(crypto::ByteView bytes) {
  // Move the unread tail to the front when the free space at the end runs out.
  if (kCapacity - end_ < bytes.size() && start_ > 0) {
    std::memmove(buf_.get(), buf_.get() + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  const size_t n = std::min(bytes.size(), kCapacity - end_);
  if (n > 0) std::memcpy(buf_.get() + end_, bytes.data(), n);
  end_ += n;
  return n;
}

void Deframer::install_read_protection(RecordProtection&& p, KeyChangeBoundary /*proof*/) { read_.emplace(std::move(p)); }

Result<std::optional<Record>> Deframer::next() {
  if (start_ == end_) start_ = end_ = 0;
  if (end_ - start_ < kHeaderLen) return std::nullopt;

  uint8_t* rec = buf_.get() + start_;
  const auto type = static_cast<ContentType>(rec[0]);
  const auto version = static_cast<uint16_t>(rec[1] << 8 | rec[2]);
  const size_t length = static_cast<size_t>(rec[3] << 8 | rec[4]);

  // Judge the header as soon as it is here, before waiting for the body.
  if (!is_known(type)) return unexpected_message("record: unknown content type");
  // §5.1: 0x0303, or 0x0301 in the initial ClientHello.
  if (version != kRecordVersion && !(accept_tls10_ && version == kRecordVersionTls10)) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::protocol_version, "record: bad legacy_record_version");
  }
  const bool protected_record = read_.has_value() && type == ContentType::application_data;
  if (protected_record) {
    if (length > kMaxCiphertext) return record_overflow("record: TLSCiphertext above 2^14 + 256 bytes");
  } else {
    if (length > kMaxPlaintext) return record_overflow("record: TLSPlaintext above 2^14 bytes");
    // §5: before the keys, application data cannot arrive; after them,
    // everything but change_cipher_spec is protected. A plaintext alert is
    // let through (marked encrypted = false): a peer that could not read
    // our ServerHello has no keys to encrypt its alert with.
    if (type == ContentType::application_data) return unexpected_message("record: application data before keys");
    if (read_.has_value() && type == ContentType::handshake) {
      return unexpected_message("record: plaintext handshake record after keys");
    }
  }
  if (end_ - start_ < kHeaderLen + length) return std::nullopt;
  start_ += kHeaderLen + length;

  Record out{type, version, {rec + kHeaderLen, length}, protected_record};
  if (protected_record) {
    auto opened = PARLEY_TRY(read_->open({rec, kHeaderLen}, {rec + kHeaderLen, length}));
    out.type = opened.type;
    out.fragment = opened.content;
    if (!is_known(out.type)) return unexpected_message("record: unknown inner content type");
    // §5: a protected change_cipher_spec is unexpected_message.
    if (out.type == ContentType::change_cipher_spec) return unexpected_message("record: encrypted change_cipher_spec");
  }

  switch (out.type) {
    case ContentType::handshake:
      // §5.1: no zero-length handshake fragments, even with padding.
      if (out.fragment.empty()) return unexpected_message("record: zero-length handshake record");
      break;
    case ContentType::alert:
      // §5.1: one alert per record, never fragmented: exactly two bytes.
      if (out.fragment.size() != 2) return err::decode("record: alert record is not two bytes");
      break;
    case ContentType::change_cipher_spec:
      // §5: the only legal change_cipher_spec is the single byte 0x01.
      if (out.fragment.size() != 1 || out.fragment[0] != 0x01) {
        return unexpected_message("record: change_cipher_spec other than 0x01");
      }
      break;
    default:  // application data, zero-length allowed (§5.1)
      break;
  }
  return out;
}

}  // namespace parley::tls::record
