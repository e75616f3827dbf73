// What the server handshake uses of TicketKeys (include/parley/session.h)
// beyond its public API: sealing with a nonce the caller drew, so that one
// RNG call serves every ticket of a handshake (libcrypto's RNG costs twice
// the AES-GCM seal per call).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parley/error.h"
#include "parley/session.h"

namespace parley::tls::session {

struct TicketSealing {
  static constexpr size_t kNonceLen = 12;
  // TicketKeys::seal with `fresh_nonce`: 12 bytes from the provider's RNG,
  // never used before (random 96-bit GCM nonces, as TicketKeys::seal draws).
  static Result<std::vector<uint8_t>> seal(const TicketKeys& keys, std::span<const uint8_t> state, int64_t now,
                                           std::span<const uint8_t, kNonceLen> fresh_nonce);
};

}  // namespace parley::tls::session
