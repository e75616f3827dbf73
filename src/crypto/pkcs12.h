// PKCS#12 (RFC 7292) key stores: a private key and its certificate chain in
// one password-protected file that Java, browsers and OS key chains import
// (`parley ca export` writes one; credentials.h reads them). Kept behind the crypto layer: it is a key-store
// serialization, built by libcrypto.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/provider.h"

namespace parley::crypto {

// PBKDF2 iterations for the key and certificate bags, and iterations of the
// PKCS#12 MAC key derivation. Far above OpenSSL's 2048 default, low enough
// that importing takes well under a second.
inline constexpr int kPkcs12Iterations = 200'000;

// A PFX with: the key in a shrouded key bag and the certificates in an
// encrypted safe, both PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC; RFC 8018), and
// an HMAC-SHA-256 integrity MAC, all explicitly chosen rather than libcrypto
// 3.0's legacy RC2/3DES and SHA-1 defaults. chain[0] is the key's
// certificate (it must match the key), then its issuers. friendly_name labels
// the entry (the "alias" Java shows). An empty passphrase is allowed (the
// file is then protected by the empty password, as `openssl pkcs12
// -passout pass:` does).
Result<Bytes> make_pkcs12(const PrivateKey& key, std::span<const ByteView> chain, std::string_view passphrase,
                          std::string_view friendly_name);

// What a PFX holds: its private key (if any) as unencrypted PKCS#8 DER, its
// key's certificate first (when it has a key), then the other certificates.
struct Pkcs12Contents {
  std::optional<SecretBuffer> key_pkcs8;
  std::vector<Bytes> certificates;
};
// Checks the MAC with the passphrase and decrypts the bags. A wrong
// passphrase and a malformed file are Crypto and Decode errors.
Result<Pkcs12Contents> read_pkcs12(ByteView der, std::string_view passphrase);

}  // namespace parley::crypto
