// Pre-shared keys in the handshake (RFC 8446 §4.2.11): the PSK binder over
// the Truncated ClientHello (§4.2.11.2) and the obfuscated ticket age
// (§4.2.11.1). Shared by the client, which computes binders, and the server,
// which verifies them; the key schedule behind them is key_schedule.h.
#pragma once

#include <cstddef>
#include <cstdint>

#include "tls/handshake/key_schedule.h"
#include "tls/handshake/transcript.h"

namespace parley::tls::handshake {

// §4.2.11.2: the part of a ClientHello the binders cover: the whole message,
// handshake header included (with the length of the complete message), up
// to the binders list. `client_hello_message` is the framed message and
// `binders_offset` the body offset wire::ClientHello::binders_offset gives.
crypto::ByteView truncated_client_hello(crypto::ByteView client_hello_message, size_t binders_offset);

// §4.2.11.2: the hash a binder is an HMAC over. For the first ClientHello it
// is Transcript-Hash(Truncated ClientHello) under the PSK's hash; after a
// HelloRetryRequest the transcript so far (message_hash of ClientHello1 and
// the HelloRetryRequest) comes first.
SecretBytes binder_hash(const crypto::Hash& hash, crypto::ByteView truncated);
SecretBytes binder_hash(const Transcript& before, crypto::ByteView truncated);

// §4.2.11.2: binder = HMAC(finished_key(binder_key), binder_hash), the
// finished key derived from the binder key as for Finished (§4.4.4).
Result<SecretBytes> psk_binder(const EarlySecret& early, PskKind kind, crypto::ByteView hash_of_truncated);
// The server's check, in constant time; a wrong binder is decrypt_error
// (§4.2.11: "the server MUST validate the corresponding binder value ... If
// this value is not present or does not validate, the server MUST abort the
// handshake").
Result<void> verify_psk_binder(const EarlySecret& early, PskKind kind, crypto::ByteView hash_of_truncated,
                               crypto::ByteView binder);

// §4.2.11.1: obfuscated_ticket_age = (age in milliseconds + ticket_age_add)
// mod 2^32, and back.
constexpr uint32_t obfuscate_ticket_age(uint32_t age_ms, uint32_t ticket_age_add) { return age_ms + ticket_age_add; }
constexpr uint32_t ticket_age_ms(uint32_t obfuscated_ticket_age, uint32_t ticket_age_add) {
  return obfuscated_ticket_age - ticket_age_add;
}

}  // namespace parley::tls::handshake
