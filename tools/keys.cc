#include "keys.h"

#include <array>
#include <utility>

#include "der/pem.h"
#include "files.h"

namespace parley::tools {
namespace {

using crypto::KeySpec;
using crypto::PrivateKeyFormat;

struct SpecName {
  std::string_view name;
  KeySpec spec;
};
constexpr std::array<SpecName, 6> kSpecNames = {{
    {"ecdsa-p256", KeySpec::ec_p256},
    {"ecdsa-p384", KeySpec::ec_p384},
    {"ed25519", KeySpec::ed25519},
    {"rsa-2048", KeySpec::rsa_2048},
    {"rsa-3072", KeySpec::rsa_3072},
    {"rsa-4096", KeySpec::rsa_4096},
}};

struct LabelFormat {
  std::string_view label;
  PrivateKeyFormat format;
};
// RFC 7468 §10-11 labels, and the legacy OpenSSL ones for SEC1 and PKCS#1.
constexpr std::array<LabelFormat, 4> kKeyLabels = {{
    {"PRIVATE KEY", PrivateKeyFormat::pkcs8},
    {"ENCRYPTED PRIVATE KEY", PrivateKeyFormat::pkcs8_encrypted},
    {"EC PRIVATE KEY", PrivateKeyFormat::sec1},
    {"RSA PRIVATE KEY", PrivateKeyFormat::pkcs1},
}};

Result<std::unique_ptr<crypto::PrivateKey>> load_der(const crypto::KeyFactory& keys, crypto::ByteView der,
                                                     std::optional<std::string_view> passphrase,
                                                     const std::string& path) {
  // A bare DER file does not say its format: try them in order of likelihood.
  for (auto format : {PrivateKeyFormat::pkcs8, PrivateKeyFormat::sec1, PrivateKeyFormat::pkcs1}) {
    if (auto key = keys.load_private(der, format, std::nullopt)) return key;
  }
  // Only an encrypted key is left; its error (a wrong passphrase) is worth reporting as is.
  if (passphrase) return keys.load_private(der, PrivateKeyFormat::pkcs8_encrypted, passphrase);
  return err::decode("not a private key in a form parley reads (PKCS#8, SEC1 or PKCS#1; PEM or DER)", path);
}

}  // namespace

std::optional<KeySpec> parse_key_spec(std::string_view name) {
  for (const auto& s : kSpecNames) {
    if (s.name == name) return s.spec;
  }
  return std::nullopt;
}

std::string_view key_type_name(crypto::KeyType type) {
  switch (type) {
    case crypto::KeyType::ec_p256: return "ECDSA P-256";
    case crypto::KeyType::ec_p384: return "ECDSA P-384";
    case crypto::KeyType::ec_p521: return "ECDSA P-521";
    case crypto::KeyType::ed25519: return "Ed25519";
    case crypto::KeyType::rsa: return "RSA";
  }
  return "unknown";
}

Result<std::unique_ptr<crypto::PrivateKey>> load_private_key(const std::string& path,
                                                             std::optional<std::string_view> passphrase) {
  const auto& keys = *crypto::openssl_provider().keys;
  SecretBuffer file(PARLEY_TRY(read_file(path)));
  if (!der::looks_like_pem(file.view())) return load_der(keys, file.view(), passphrase, path);

  std::string_view text(reinterpret_cast<const char*>(file.view().data()), file.size());
  auto blocks = PARLEY_TRY(der::pem_decode_all(text));
  std::string labels;
  for (auto& block : blocks) {
    SecretBuffer der(std::move(block.data));
    for (const auto& k : kKeyLabels) {
      if (block.label != k.label) continue;
      if (k.format == PrivateKeyFormat::pkcs8_encrypted && !passphrase) {
        return err::api("the key is encrypted: give its passphrase with --passphrase-file", path);
      }
      return keys.load_private(der.view(), k.format, passphrase);
    }
    labels += (labels.empty() ? "" : ", ") + block.label;
  }
  return err::decode("no private key in file", path + " has: " + labels);
}

Result<std::unique_ptr<crypto::PublicKey>> load_public_key(const std::string& path,
                                                           std::optional<std::string_view> passphrase) {
  const auto& keys = *crypto::openssl_provider().keys;
  auto file = PARLEY_TRY(read_file(path));
  if (der::looks_like_pem(file)) {
    std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
    auto blocks = PARLEY_TRY(der::pem_decode_all(text));
    for (const auto& block : blocks) {
      if (block.label == "PUBLIC KEY") return keys.load_public(block.data);
    }
  } else if (auto key = keys.load_public(file)) {
    return key;
  }
  auto priv = PARLEY_TRY(load_private_key(path, passphrase));
  return keys.load_public(priv->public_key().spki_der());
}

Result<void> save_private_key(const std::string& path, const crypto::PrivateKey& key,
                              std::optional<std::string_view> passphrase) {
  auto der = PARLEY_TRY(key.to_pkcs8(passphrase));
  std::string pem = der::pem_encode(passphrase ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY", der.view());
  auto written = write_file(path, pem, FileMode::secret);
  secure_wipe(pem.data(), pem.size());
  return written;
}

std::string public_key_pem(const crypto::PublicKey& key) { return der::pem_encode("PUBLIC KEY", key.spki_der()); }

}  // namespace parley::tools
