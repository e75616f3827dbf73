// The loaders of parley/credentials.h: files in PEM, DER or PKCS#12 turned
// into certificates, keys, trust stores and CRLs. The parley command and
// embedders share this one copy.
#include "parley/credentials.h"

#include <array>
#include <filesystem>

#include "base/file_io.h"
#include "base/secret.h"
#include "crypto/pkcs12.h"
#include "crypto/provider.h"
#include "der/pem.h"
#include "x509/certificate.h"
#include "x509/crl.h"
#include "x509/trust_store.h"

namespace parley {
namespace {

using crypto::PrivateKeyFormat;

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

// Adds the path to an error from a loader that does not know it.
Unexpected in_file(const char* what, const std::string& path, const Error& e) {
  return err::make(e.kind == Error::Kind::Io ? Error::Kind::Io : Error::Kind::Decode, std::nullopt, what,
                   path + ": " + e.message());
}

Result<std::vector<x509::CertificatePtr>> certificates_from(std::span<const std::vector<uint8_t>> ders) {
  std::vector<x509::CertificatePtr> out;
  for (const auto& der : ders) out.push_back(PARLEY_TRY(x509::Certificate::parse(der)));
  return out;
}

Result<std::shared_ptr<const crypto::PrivateKey>> key_from_der(const crypto::KeyFactory& keys, crypto::ByteView der,
                                                               std::optional<std::string_view> passphrase) {
  // A bare DER file does not say its format: try them in order of likelihood.
  for (auto format : {PrivateKeyFormat::pkcs8, PrivateKeyFormat::sec1, PrivateKeyFormat::pkcs1}) {
    if (auto key = keys.load_private(der, format, std::nullopt)) return std::move(*key);
  }
  // Only an encrypted key is left; its error (a wrong passphrase) is worth reporting as is.
  if (passphrase) return PARLEY_TRY(keys.load_private(der, PrivateKeyFormat::pkcs8_encrypted, passphrase));
  return err::decode("not a private key in a form parley reads (PKCS#8, SEC1 or PKCS#1; PEM or DER)");
}

Result<std::shared_ptr<const crypto::PrivateKey>> key_from_file(const SecretBuffer& file,
                                                                std::optional<std::string_view> passphrase) {
  const auto& keys = *crypto::openssl_provider().keys;
  if (!der::looks_like_pem(file.view())) return key_from_der(keys, file.view(), passphrase);
  std::string_view text(reinterpret_cast<const char*>(file.view().data()), file.size());
  auto blocks = PARLEY_TRY(der::pem_decode_all(text));
  std::string labels;
  for (auto& block : blocks) {
    SecretBuffer der(std::move(block.data));
    for (const auto& k : kKeyLabels) {
      if (block.label != k.label) continue;
      if (k.format == PrivateKeyFormat::pkcs8_encrypted && !passphrase) {
        return err::api("the key is encrypted: give its passphrase");
      }
      return PARLEY_TRY(keys.load_private(der.view(), k.format, passphrase));
    }
    labels += (labels.empty() ? "" : ", ") + block.label;
  }
  return err::decode("no private key in the file", "it has: " + labels);
}

Result<crypto::Pkcs12Contents> read_pkcs12_file(const std::string& path, std::string_view passphrase) {
  auto data = PARLEY_TRY(read_file(path));
  auto contents = crypto::read_pkcs12(data, passphrase);
  if (!contents) return in_file("cannot read the PKCS#12 file", path, contents.error());
  return contents;
}

}  // namespace

Result<std::vector<x509::CertificatePtr>> parse_certificates(std::span<const uint8_t> pem_or_der) {
  auto ders = PARLEY_TRY(der::pem_or_der_objects(pem_or_der, {"CERTIFICATE"}));
  return certificates_from(ders);
}

Result<std::vector<x509::CertificatePtr>> load_certificates(const std::string& path) {
  auto data = PARLEY_TRY(read_file(path));
  auto certs = parse_certificates(data);
  if (!certs) return in_file("cannot load certificates", path, certs.error());
  return certs;
}

Result<std::shared_ptr<const crypto::PrivateKey>> load_private_key(const std::string& path,
                                                                   std::optional<std::string_view> passphrase) {
  SecretBuffer file(PARLEY_TRY(read_file(path)));
  auto key = key_from_file(file, passphrase);
  if (!key) return Unexpected(Error{key.error().kind, key.error().alert, key.error().what,
                                    path + (key.error().detail.empty() ? "" : ": " + key.error().detail), nullptr});
  return key;
}

Result<std::string> private_key_pem(const crypto::PrivateKey& key, std::optional<std::string_view> passphrase) {
  auto der = PARLEY_TRY(key.to_pkcs8(passphrase));
  return der::pem_encode(passphrase ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY", der.view());
}

Result<Identity> load_identity(const std::string& chain_path, const std::string& key_path,
                               std::optional<std::string_view> passphrase) {
  Identity id;
  id.chain = PARLEY_TRY(load_certificates(chain_path));
  id.key = PARLEY_TRY(load_private_key(key_path, passphrase));
  return id;
}

Result<Identity> load_pkcs12_identity(const std::string& path, std::string_view passphrase) {
  auto contents = PARLEY_TRY(read_pkcs12_file(path, passphrase));
  if (!contents.key_pkcs8) return err::decode("no private key in the PKCS#12 file", path);
  Identity id;
  id.chain = PARLEY_TRY(certificates_from(contents.certificates));
  id.key = PARLEY_TRY(crypto::openssl_provider().keys->load_private(contents.key_pkcs8->view(),
                                                                    PrivateKeyFormat::pkcs8, std::nullopt));
  return id;
}

Result<std::shared_ptr<const x509::TrustStore>> load_trust_store(const std::string& path) {
  if (path.empty()) {
    auto store = x509::TrustStore::system();
    if (!store) return err::io("cannot load the system trust store", store.error().message());
    return store;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    auto store = x509::TrustStore::from_directory(path);
    if (!store) return in_file("cannot load trust anchors", path, store.error());
    return store;
  }
  auto data = PARLEY_TRY(read_file(path));
  auto store = x509::TrustStore::from_pem({reinterpret_cast<const char*>(data.data()), data.size()});
  if (!store) return in_file("cannot load trust anchors", path, store.error());
  if ((*store)->size() == 0) return err::decode("no usable CA certificate", path);
  return store;
}

Result<std::shared_ptr<const x509::TrustStore>> load_pkcs12_trust_store(const std::string& path,
                                                                       std::string_view passphrase) {
  auto contents = PARLEY_TRY(read_pkcs12_file(path, passphrase));
  return trust_store_of(PARLEY_TRY(certificates_from(contents.certificates)));
}

std::shared_ptr<const x509::TrustStore> trust_store_of(std::vector<x509::CertificatePtr> anchors) {
  return x509::TrustStore::from_certificates(std::move(anchors));
}

Result<std::vector<x509::CrlPtr>> load_crls(const std::vector<std::string>& paths) {
  std::vector<x509::CrlPtr> crls;
  for (const auto& path : paths) {
    auto data = PARLEY_TRY(read_file(path));
    auto ders = der::pem_or_der_objects(data, {"X509 CRL"});
    if (!ders) return in_file("cannot load CRLs", path, ders.error());
    for (const auto& der : *ders) {
      auto crl = x509::Crl::parse(der);
      if (!crl) return in_file("cannot parse CRL", path, crl.error());
      crls.push_back(std::move(*crl));
    }
  }
  return crls;
}

}  // namespace parley
