// Private and public key loading (src/crypto): the DER shape checks and the
// named-curve SubjectPublicKeyInfo fast path written here, then libcrypto's
// decoders. Every private key format is tried on the input (an encrypted
// PKCS#8 one with a fixed passphrase); what loads must round-trip:
// a private key through PKCS#8, a public key to its exact DER (RFC 5280
// SubjectPublicKeyInfo is DER, so an accepted encoding has one form).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "crypto/provider.h"

namespace {

using parley::crypto::PrivateKeyFormat;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool same_bytes(parley::crypto::ByteView a, parley::crypto::ByteView b) { return std::ranges::equal(a, b); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& keys = *parley::crypto::openssl_provider().keys;
  const parley::crypto::ByteView der(data, size);

  if (auto pub = keys.load_public(der)) check(same_bytes((*pub)->spki_der(), der));

  for (auto format : {PrivateKeyFormat::pkcs8, PrivateKeyFormat::pkcs8_encrypted, PrivateKeyFormat::sec1,
                      PrivateKeyFormat::pkcs1}) {
    const std::optional<std::string_view> passphrase =
        format == PrivateKeyFormat::pkcs8_encrypted ? std::optional<std::string_view>("fuzz") : std::nullopt;
    auto key = keys.load_private(der, format, passphrase);
    if (!key) continue;
    auto pkcs8 = (*key)->to_pkcs8(std::nullopt);
    check(pkcs8.has_value());
    auto again = keys.load_private(pkcs8->view(), PrivateKeyFormat::pkcs8, std::nullopt);
    check(again.has_value() && same_bytes((*again)->public_key().spki_der(), (*key)->public_key().spki_der()));
    auto pub = keys.load_public((*key)->public_key().spki_der());
    check(pub.has_value());
  }
  return 0;
}
