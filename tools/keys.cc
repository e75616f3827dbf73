#include "keys.h"

#include "der/pem.h"
#include "files.h"

namespace parley::tools {

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
  std::string pem = PARLEY_TRY(private_key_pem(key, passphrase));
  auto written = write_file(path, pem, FileMode::secret);
  secure_wipe(pem.data(), pem.size());
  return written;
}

std::string public_key_pem(const crypto::PublicKey& key) { return der::pem_encode("PUBLIC KEY", key.spki_der()); }

}  // namespace parley::tools
