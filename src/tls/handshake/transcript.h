// The handshake transcript (RFC 8446 §4.4.1): a running hash over the
// handshake messages, header included, in the order sent and received.
//
// Until the ServerHello names the cipher suite the hash is unknown, so a
// client starts with a TranscriptBuffer holding its ClientHello and turns
// it into a Transcript once the suite is known.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "base/secret.h"
#include "crypto/provider.h"

namespace parley::tls::handshake {

class Transcript {
 public:
  explicit Transcript(const crypto::Hash& hash) : hash_(&hash), ctx_(hash.start()) {}

  Transcript(Transcript&&) noexcept = default;
  Transcript& operator=(Transcript&&) noexcept = default;

  void update(crypto::ByteView message) {
    ctx_->update(message);
    ++messages_;
  }

  // Transcript-Hash of the messages so far; the transcript continues.
  SecretBytes current() const { return ctx_->digest(); }
  // Transcript-Hash of the messages so far followed by `partial`, which is
  // not added: the PSK binder's hash over a Truncated ClientHello (§4.2.11.2).
  SecretBytes current_with(crypto::ByteView partial) const {
    auto c = ctx_->clone();
    c->update(partial);
    return c->digest();
  }

  const crypto::Hash& hash() const { return *hash_; }

  // §4.4.1: when the server answers ClientHello1 with a HelloRetryRequest,
  // ClientHello1 is replaced by the synthetic handshake message
  //   message_hash(254) || 00 00 Hash.length || Hash(ClientHello1)
  // before the HelloRetryRequest is added. Call with exactly ClientHello1 in
  // the transcript (ApiMisuse otherwise).
  Result<void> replace_client_hello_with_message_hash();

 private:
  friend class TranscriptBuffer;
  const crypto::Hash* hash_;
  std::unique_ptr<crypto::HashCtx> ctx_;
  size_t messages_ = 0;
};

// Messages held while the hash is not yet known.
class TranscriptBuffer {
 public:
  void update(crypto::ByteView message) {
    buf_.insert(buf_.end(), message.begin(), message.end());
    ++messages_;
  }

  // Fixes the hash (the suite's, from the ServerHello or HelloRetryRequest)
  // and hashes what was buffered.
  Transcript start(const crypto::Hash& hash) &&;

  // The messages held, in order, headers included.
  crypto::ByteView messages() const { return buf_; }

 private:
  std::vector<uint8_t> buf_;
  size_t messages_ = 0;
};

}  // namespace parley::tls::handshake
