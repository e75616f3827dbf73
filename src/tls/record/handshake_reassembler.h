// Reassembles handshake messages from handshake records (RFC 8446 §5.1):
// a message may span records and a record may carry several messages, but
// no message may span a key change or be interleaved with other records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "crypto/provider.h"
#include "tls/record/deframer.h"
#include "tls/wire/enums.h"

namespace parley::tls::record {

struct HandshakeMessageView {
  wire::HandshakeType type;        // may be a value the enum does not name
  crypto::ByteView body;           // after the 4-byte header
  crypto::ByteView message;        // header and body: what the transcript hashes
};

class HandshakeReassembler {
 public:
  // The largest handshake body we accept. The RFC allows 2^24 - 1; we
  // follow OpenSSL's and BoringSSL's default certificate-list bound
  // (max_cert_list, 100 KiB): the Certificate message is the only large one
  // (a few KiB per certificate, more with SCTs and OCSP), a ClientHello is
  // bounded near 2^17 by its own length fields and is a few KiB in practice,
  // and peers tested against those libraries stay within it. Configurable
  // per connection.
  static constexpr size_t kDefaultMaxMessage = 100 * 1024;

  explicit HandshakeReassembler(size_t max_message = kDefaultMaxMessage) : max_message_(max_message) {}

  // Appends one handshake record's content. Fails when a message header
  // announces a body above the limit.
  Result<void> add(crypto::ByteView fragment);

  // The next complete message, or nullopt when it needs more records. The
  // views stay valid until the next add().
  std::optional<HandshakeMessageView> next();

  // True when no handshake bytes are buffered.
  bool empty() const { return pos_ == buf_.size(); }
  // Frees the buffer's storage if it holds nothing (after the handshake,
  // messages are rare: KeyUpdate, NewSessionTicket).
  void release();

  // §5.1: keys change only when no message is partially received and no
  // further message waits in the last record (unexpected_message otherwise).
  Result<KeyChangeBoundary> at_key_change_boundary() const;

  // §5.1: a record of another type must not arrive inside a fragmented
  // handshake message (unexpected_message).
  Result<void> check_other_record_allowed() const;

 private:
  std::vector<uint8_t> buf_;  // keeps its capacity: no allocation per message once warm
  size_t pos_ = 0;            // first byte not yet yielded
  size_t max_message_;
};

}  // namespace parley::tls::record
