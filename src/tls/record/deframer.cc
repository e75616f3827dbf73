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
      // §5.1: "Zero-length fragments of Alert MUST NOT be sent": like an
      // empty handshake record, unexpected_message. One alert per record,
      // never fragmented: anything else but two bytes does not decode.
      if (r.fragment.empty()) return unexpected_message("record: zero-length alert record");
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
  // §5.1: legacy_record_version "MUST be ignored for all purposes", on every
  // record: a ClientHello may say 0x0300 or 0x0301, a change_cipher_spec
  // anything. Only a major other than 3 is not a TLS record at all. After the
  // keys the header is the AEAD's additional data (§5.2), so a TLSCiphertext
  // whose version is not 0x0303 fails deprotection with bad_record_mac.
  if ((version >> 8) != kRecordVersionMajor) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::protocol_version,
                     "record: legacy_record_version major is not 3, this is not a TLS record");
  }
  // Early data being skipped is TLSCiphertext even before our read keys.
  if (type == ContentType::application_data && (read_.has_value() || skipping_early_data())) {
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
  // Each skipped record used up its bytes of `input`: the loop ends.
  for (;;) {
    skipped_ = false;
    auto rec = PARLEY_TRY(next_record(input, plaintext));
    if (!skipped_) return rec;
  }
}

Result<std::optional<Record>> Deframer::skip(size_t length, Unexpected otherwise) {
  if (length > early_data_budget_) {
    early_data_budget_ = 0;
    return otherwise;
  }
  early_data_budget_ -= length;
  skipped_ = true;
  return std::nullopt;
}

Result<std::optional<Record>> Deframer::next_record(crypto::ByteView& input, IoBuffer& plaintext) {
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
  if (type == ContentType::application_data && !read_) {  // only while skipping early data (check_header)
    return skip(body.size(), unexpected_message("record: application data before keys"));
  }
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
    if (skipping_early_data() && opened.error().alert == Alert::bad_record_mac) {
      return skip(body.size(), Unexpected(std::move(opened).error()));
    }
    return Unexpected(std::move(opened).error());
  }
  early_data_budget_ = 0;  // §4.2.10: the first record that deprotects starts the second flight
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
