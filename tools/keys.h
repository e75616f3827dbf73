// Loading and saving keys in the files people have: PEM (PKCS#8, encrypted
// PKCS#8, SEC1 "EC PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY", SPKI "PUBLIC KEY") or DER.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/provider.h"

namespace parley::tools {

// "ecdsa-p256" -> KeySpec; the names parley's commands accept for --key-type.
std::optional<crypto::KeySpec> parse_key_spec(std::string_view name);
std::string_view key_type_name(crypto::KeyType type);

Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(const std::string& path,
                                                             std::optional<std::string_view> passphrase);
// A public key from a "PUBLIC KEY" file, or the public half of a private key file.
Result<std::unique_ptr<crypto::PublicKey>> load_public_key(const std::string& path,
                                                           std::optional<std::string_view> passphrase);
Result<void> save_private_key(const std::string& path, const crypto::PrivateKey& key,
                              std::optional<std::string_view> passphrase);
std::string public_key_pem(const crypto::PublicKey& key);

}  // namespace parley::tools
