#include "tls/record/deframer.h"

#include <algorithm>
#include <cstring>

namespace parley::tls::record {
namespace {

// §5, §5.1: what a record of each content type may carry.
Result<void> check_fragment(const Record& r) {
  if (r.encrypted) {
    if (!is_known(r.type)) return unexpected_message("record: unknown inner content type");
    // §5: a protected change_cipher_spec is unexpected_message.
    if (r.type == ContentType::change_cipher_spec) return unexpected_message("record: encrypted change_cipher_spec");
  }
  switch (r.type) {
    case ContentType::handshake:
      // §5.1: no zero-length handshake fragments, even with padding.
      if (r.fragment.empty()) return unexpected_message("record: zero-length handshake record");
      break;
    case ContentType::alert:
      // §5.1: one alert per record, never fragmented: exactly two bytes.
      if (r.fragment.size() != 2) return err::decode("record: alert record is not two bytes");
      break;
    case ContentType::change_cipher_spec:
      // §5: the only legal change_cipher_spec is the single byte 0x01.
      if (r.fragment.size() != 1 || r.fragment[0] != 0x01) {
        return unexpected_message("record: change_cipher_spec other than 0x01");
      }
      break;
    default:  // application data, zero-length allowed (§5.1)
      break;
  }
  return {};
}

}  // namespace

void Deframer::install_read_protection(RecordProtection&& p, KeyChangeBoundary /*proof*/) { read_.emplace(std::move(p)); }

void Deframer::release() {
  if (held_ > kHeaderLen) return;
  body_.reset();
  body_cap_ = 0;
}

Result<size_t> Deframer::check_header(const uint8_t* header) const {
  const auto type = static_cast<ContentType>(header[0]);
  const auto version = static_cast<uint16_t>(header[1] << 8 | header[2]);
  const size_t length = static_cast<size_t>(header[3] << 8 | header[4]);
  if (!is_known(type)) return unexpected_message("record: unknown content type");
  // §5.1: 0x0303, or 0x0301 in the initial ClientHello.
  if (version != kRecordVersion && !(accept_tls10_ && version == kRecordVersionTls10)) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::protocol_version, "record: bad legacy_record_version");
  }
  if (read_.has_value() && type == ContentType::application_data) {
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
  return length;
}

Result<std::optional<Record>> Deframer::next(crypto::ByteView& input, IoBuffer& plaintext) {
  if (held_ == 0 && input.size() >= kHeaderLen) {
    // The common case: the whole record is in `input` and is read there.
    const size_t length = PARLEY_TRY(check_header(input.data()));
    if (input.size() - kHeaderLen >= length) {
      const crypto::ByteView record = input.first(kHeaderLen + length);
      input = input.subspan(record.size());
      return take(record.first(kHeaderLen), record.subspan(kHeaderLen), plaintext);
    }
  }
  if (input.empty()) return std::nullopt;

  // A record split across feeds. The header first, judged as soon as it is
  // whole, before any of the body is waited for.
  if (held_ < kHeaderLen) {
    const size_t n = std::min(kHeaderLen - held_, input.size());
    std::memcpy(header_.data() + held_, input.data(), n);
    held_ += n;
    input = input.subspan(n);
    if (held_ < kHeaderLen) return std::nullopt;
    length_ = PARLEY_TRY(check_header(header_.data()));
  }
  const size_t have = held_ - kHeaderLen;
  if (have == 0) {
    if (input.size() >= length_) {  // only the header was split: the body is read where it is
      const crypto::ByteView body = input.first(length_);
      input = input.subspan(length_);
      held_ = 0;
      return take(header_, body, plaintext);
    }
    if (input.empty()) return std::nullopt;
    // The body straddles: room for exactly this record, kept for the next.
    if (body_cap_ < length_) {
      body_ = std::make_unique_for_overwrite<uint8_t[]>(length_);
      body_cap_ = length_;
    }
  }
  const size_t n = std::min(length_ - have, input.size());
  std::memcpy(body_.get() + have, input.data(), n);
  held_ += n;
  input = input.subspan(n);
  if (held_ < kHeaderLen + length_) return std::nullopt;
  held_ = 0;
  return take(header_, {body_.get(), length_}, plaintext);
}

Result<std::optional<Record>> Deframer::take(crypto::ByteView header, crypto::ByteView body, IoBuffer& plaintext) {
  const auto type = static_cast<ContentType>(header[0]);
  const auto version = static_cast<uint16_t>(header[1] << 8 | header[2]);
  Record out{type, version, body, read_.has_value() && type == ContentType::application_data};
  if (!out.encrypted) {
    PARLEY_TRY(check_fragment(out));
    return out;
  }
  // Opened straight into the caller's plaintext buffer; a record that fails
  // leaves none of its bytes there.
  const size_t held = plaintext.size();
  const size_t room = body.size() > read_->tag_len() ? body.size() - read_->tag_len() : 0;
  auto opened = read_->open(header, body, plaintext.grow(room));
  if (!opened) {
    plaintext.truncate(held);
    return Unexpected(std::move(opened).error());
  }
  plaintext.truncate(held + opened->content.size());  // the type byte and padding go
  out.type = opened->type;
  out.fragment = opened->content;
  if (auto checked = check_fragment(out); !checked) {
    plaintext.truncate(held);
    return Unexpected(std::move(checked).error());
  }
  return out;
}

}  // namespace parley::tls::record
