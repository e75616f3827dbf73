#include "tls/handshake/transcript.h"

#include <array>

#include "tls/wire/enums.h"

namespace parley::tls::handshake {

Result<void> Transcript::replace_client_hello_with_message_hash() {
  if (messages_ != 1) return err::api("transcript: message_hash needs exactly ClientHello1 in the transcript");
  const SecretBytes ch1_hash = ctx_->digest();
  const std::array<uint8_t, 4> header = {static_cast<uint8_t>(wire::HandshakeType::message_hash), 0, 0,
                                         static_cast<uint8_t>(ch1_hash.size())};
  ctx_ = hash_->start();
  ctx_->update(header);
  ctx_->update(ch1_hash.view());
  return {};
}

Transcript TranscriptBuffer::start(const crypto::Hash& hash) && {
  Transcript t(hash);
  // Hashing the concatenation equals hashing message by message; the count
  // is what replace_client_hello_with_message_hash() checks.
  t.ctx_->update(buf_);
  t.messages_ = messages_;
  return t;
}

}  // namespace parley::tls::handshake
