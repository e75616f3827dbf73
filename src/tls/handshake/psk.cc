#include "tls/handshake/psk.h"

#include "base/ct.h"
#include "tls/wire/messages.h"

namespace parley::tls::handshake {

crypto::ByteView truncated_client_hello(crypto::ByteView client_hello_message, size_t binders_offset) {
  return client_hello_message.first(wire::kHandshakeHeaderLen + binders_offset);
}

SecretBytes binder_hash(const crypto::Hash& hash, crypto::ByteView truncated) { return hash.digest(truncated); }

SecretBytes binder_hash(const Transcript& before, crypto::ByteView truncated) { return before.current_with(truncated); }

Result<SecretBytes> psk_binder(const EarlySecret& early, PskKind kind, crypto::ByteView hash_of_truncated) {
  const crypto::Hash& hash = *early.suite().hash;
  const SecretBytes binder_key = PARLEY_TRY(early.binder_key(kind));
  const SecretBytes key = PARLEY_TRY(finished_key(hash, binder_key.view()));
  return hash.hmac(key.view(), hash_of_truncated);
}

Result<void> verify_psk_binder(const EarlySecret& early, PskKind kind, crypto::ByteView hash_of_truncated,
                               crypto::ByteView binder) {
  const SecretBytes expected = PARLEY_TRY(psk_binder(early, kind, hash_of_truncated));
  if (!ct::equal(expected.view(), binder)) {
    return err::make(Error::Kind::PeerMisbehaved, Alert::decrypt_error, "pre_shared_key: binder does not verify",
                     "§4.2.11.2: the binder is an HMAC over the Truncated ClientHello with the PSK's binder key");
  }
  return {};
}

}  // namespace parley::tls::handshake
