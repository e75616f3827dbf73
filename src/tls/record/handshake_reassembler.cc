#include "tls/record/handshake_reassembler.h"

namespace parley::tls::record {
namespace {

constexpr size_t kHandshakeHeaderLen = 4;  // msg_type(1) length(3), RFC 8446 §4

size_t body_len_at(const std::vector<uint8_t>& b, size_t at) {
  return size_t{b[at + 1]} << 16 | size_t{b[at + 2]} << 8 | size_t{b[at + 3]};
}

}  // namespace

Result<void> HandshakeReassembler::add(crypto::ByteView fragment) {
  if (pos_ > 0) {  // drop what was yielded; views into it end here
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
  }
  buf_.insert(buf_.end(), fragment.begin(), fragment.end());
  // Check every header now complete, so an oversized message is refused
  // before its body is buffered.
  for (size_t at = 0; buf_.size() - at >= kHandshakeHeaderLen;) {
    const size_t len = body_len_at(buf_, at);
    if (len > max_message_) {
      return err::make(Error::Kind::PeerMisbehaved, Alert::decode_error, "handshake: message above the size limit");
    }
    at += kHandshakeHeaderLen + len;
    if (at > buf_.size()) break;
  }
  return {};
}

std::optional<HandshakeMessageView> HandshakeReassembler::next() {
  if (buf_.size() - pos_ < kHandshakeHeaderLen) return std::nullopt;
  const size_t len = body_len_at(buf_, pos_);
  if (buf_.size() - pos_ < kHandshakeHeaderLen + len) return std::nullopt;
  const crypto::ByteView message(buf_.data() + pos_, kHandshakeHeaderLen + len);
  pos_ += message.size();
  return HandshakeMessageView{static_cast<wire::HandshakeType>(message[0]), message.subspan(kHandshakeHeaderLen),
                              message};
}

void HandshakeReassembler::release() {
  if (!empty()) return;
  buf_ = {};
  pos_ = 0;
}

Result<KeyChangeBoundary> HandshakeReassembler::at_key_change_boundary() const {
  if (!empty()) return unexpected_message("handshake: message spans a key change");
  return KeyChangeBoundary{};
}

Result<void> HandshakeReassembler::check_other_record_allowed() const {
  if (!empty()) return unexpected_message("handshake: record interleaved with a fragmented message");
  return {};
}

}  // namespace parley::tls::record
