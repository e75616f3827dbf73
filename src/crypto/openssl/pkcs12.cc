// PKCS#12 export over libcrypto's PKCS12_create_ex, with every algorithm set
// explicitly (see crypto/pkcs12.h).
#include "crypto/pkcs12.h"

#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <climits>
#include <string>

#include "crypto/openssl/error.h"
#include "crypto/openssl/ossl_ptr.h"

namespace parley::crypto {
namespace {

using ossl::OsslPtr;

struct X509Free {
  void operator()(X509* p) const noexcept { X509_free(p); }
};
struct StackFree {
  void operator()(STACK_OF(X509) * p) const noexcept { sk_X509_pop_free(p, X509_free); }
};
struct Pkcs12Free {
  void operator()(PKCS12* p) const noexcept { PKCS12_free(p); }
};

Result<std::unique_ptr<X509, X509Free>> parse_x509(ByteView der) {
  if (der.empty() || der.size() > static_cast<size_t>(LONG_MAX)) return err::api("PKCS#12: empty certificate");
  const unsigned char* p = der.data();
  std::unique_ptr<X509, X509Free> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x || p != der.data() + der.size()) return ossl::crypto_error("PKCS#12: cannot read a certificate");
  return x;
}

}  // namespace

Result<Bytes> make_pkcs12(const PrivateKey& key, std::span<const ByteView> chain, std::string_view passphrase,
                          std::string_view friendly_name) {
  if (chain.empty()) return err::api("PKCS#12: no certificate for the key");
  if (passphrase.size() > 1024) return err::api("PKCS#12: passphrase too long");

  // The key, through its unencrypted PKCS#8 encoding (wiped by SecretBuffer).
  SecretBuffer p8 = PARLEY_TRY(key.to_pkcs8(std::nullopt));
  const unsigned char* kp = p8.view().data();
  OsslPtr<PKCS8_PRIV_KEY_INFO> info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &kp, static_cast<long>(p8.size())));
  if (!info) return ossl::crypto_error("PKCS#12: cannot read the private key");
  OsslPtr<EVP_PKEY> pkey(EVP_PKCS82PKEY(info.get()));
  if (!pkey) return ossl::crypto_error("PKCS#12: cannot read the private key");

  auto leaf = PARLEY_TRY(parse_x509(chain[0]));
  if (X509_check_private_key(leaf.get(), pkey.get()) != 1) {
    ossl::clear_errors();
    return err::api("PKCS#12: the key does not belong to the certificate");
  }
  std::unique_ptr<STACK_OF(X509), StackFree> cas(sk_X509_new_null());
  if (!cas) return ossl::internal_error("PKCS#12: out of memory");
  for (size_t i = 1; i < chain.size(); ++i) {
    auto ca = PARLEY_TRY(parse_x509(chain[i]));
    if (sk_X509_push(cas.get(), ca.get()) <= 0) return ossl::internal_error("PKCS#12: out of memory");
    ca.release();  // now owned by the stack
  }

  const std::string pass(passphrase);
  const std::string name(friendly_name);
  // NID_aes_256_cbc selects PBES2 with PBKDF2 (HMAC-SHA256 PRF) for both bags;
  // mac_iter -1 skips PKCS12_create's SHA-1 MAC so we can set SHA-256 below.
  std::unique_ptr<PKCS12, Pkcs12Free> p12(PKCS12_create_ex(
      pass.c_str(), name.empty() ? nullptr : name.c_str(), pkey.get(), leaf.get(), cas.get(), NID_aes_256_cbc,
      NID_aes_256_cbc, kPkcs12Iterations, -1, 0, nullptr, nullptr));
  if (!p12) return ossl::crypto_error("PKCS#12: cannot build the key store");
  OsslPtr<EVP_MD> sha256(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!sha256) return ossl::internal_error("PKCS#12: SHA-256 unavailable");
  if (PKCS12_set_mac(p12.get(), pass.c_str(), static_cast<int>(pass.size()), nullptr, 0, kPkcs12Iterations,
                     sha256.get()) != 1) {
    return ossl::crypto_error("PKCS#12: cannot compute the MAC");
  }
  int len = i2d_PKCS12(p12.get(), nullptr);
  if (len <= 0) return ossl::crypto_error("PKCS#12: cannot encode");
  Bytes out(static_cast<size_t>(len));
  unsigned char* w = out.data();
  if (i2d_PKCS12(p12.get(), &w) != len) return ossl::crypto_error("PKCS#12: cannot encode");
  return out;
}

namespace {

Result<Bytes> x509_der(X509* x) {
  int len = i2d_X509(x, nullptr);
  if (len <= 0) return ossl::crypto_error("PKCS#12: cannot encode a certificate");
  Bytes out(static_cast<size_t>(len));
  unsigned char* w = out.data();
  if (i2d_X509(x, &w) != len) return ossl::crypto_error("PKCS#12: cannot encode a certificate");
  return out;
}

}  // namespace

Result<Pkcs12Contents> read_pkcs12(ByteView der, std::string_view passphrase) {
  if (der.empty() || der.size() > static_cast<size_t>(LONG_MAX)) return err::decode("PKCS#12: empty file");
  if (passphrase.size() > 1024) return err::api("PKCS#12: passphrase too long");
  const unsigned char* p = der.data();
  std::unique_ptr<PKCS12, Pkcs12Free> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
  if (!p12 || p != der.data() + der.size()) {
    ossl::clear_errors();
    return err::decode("PKCS#12: not a PFX (RFC 7292 §4), or bytes after it");
  }
  const std::string pass(passphrase);
  if (PKCS12_verify_mac(p12.get(), pass.c_str(), static_cast<int>(pass.size())) != 1) {
    ossl::clear_errors();
    return err::crypto("PKCS#12: the MAC does not verify: wrong passphrase, or a damaged file");
  }
  EVP_PKEY* raw_key = nullptr;
  X509* raw_cert = nullptr;
  STACK_OF(X509)* raw_cas = nullptr;
  if (PKCS12_parse(p12.get(), pass.c_str(), &raw_key, &raw_cert, &raw_cas) != 1) {
    return ossl::crypto_error("PKCS#12: cannot decrypt the bags");
  }
  OsslPtr<EVP_PKEY> pkey(raw_key);
  std::unique_ptr<X509, X509Free> cert(raw_cert);
  std::unique_ptr<STACK_OF(X509), StackFree> cas(raw_cas);

  Pkcs12Contents out;
  if (pkey) {
    OsslPtr<PKCS8_PRIV_KEY_INFO> info(EVP_PKEY2PKCS8(pkey.get()));
    if (!info) return ossl::crypto_error("PKCS#12: cannot export the private key");
    int len = i2d_PKCS8_PRIV_KEY_INFO(info.get(), nullptr);
    if (len <= 0) return ossl::crypto_error("PKCS#12: cannot export the private key");
    Bytes p8(static_cast<size_t>(len));
    unsigned char* w = p8.data();
    i2d_PKCS8_PRIV_KEY_INFO(info.get(), &w);
    out.key_pkcs8.emplace(std::move(p8));
  }
  if (cert) out.certificates.push_back(PARLEY_TRY(x509_der(cert.get())));
  for (int i = 0; cas && i < sk_X509_num(cas.get()); ++i) {
    out.certificates.push_back(PARLEY_TRY(x509_der(sk_X509_value(cas.get(), i))));
  }
  if (out.certificates.empty()) return err::decode("PKCS#12: no certificate in the file");
  return out;
}

}  // namespace parley::crypto
