// Keys in the files people have, for the `parley key|csr|ca` commands. Private
// keys load through the library (parley/credentials.h: PKCS#8, encrypted
// PKCS#8, SEC1, PKCS#1; PEM or DER); this adds public keys and saving.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/provider.h"
#include "parley/credentials.h"

namespace parley::tools {

// A public key from a "PUBLIC KEY" file, or the public half of a private key file.
Result<std::unique_ptr<crypto::PublicKey>> load_public_key(const std::string& path,
                                                           std::optional<std::string_view> passphrase);
// PKCS#8 PEM (encrypted when a passphrase is given), mode 0600.
Result<void> save_private_key(const std::string& path, const crypto::PrivateKey& key,
                              std::optional<std::string_view> passphrase);
std::string public_key_pem(const crypto::PublicKey& key);

}  // namespace parley::tools
