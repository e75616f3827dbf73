// Owning handles for libcrypto objects: std::unique_ptr with the matching
// *_free as deleter, so every early return releases what it holds.
#pragma once

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/x509.h>

#include <memory>

namespace parley::crypto::ossl {

template <class T>
struct Free;

#define PARLEY_OSSL_FREE(T, fn)                          \
  template <>                                            \
  struct Free<T> {                                       \
    void operator()(T* p) const noexcept { fn(p); }      \
  }

PARLEY_OSSL_FREE(EVP_MD, EVP_MD_free);
PARLEY_OSSL_FREE(EVP_MD_CTX, EVP_MD_CTX_free);
PARLEY_OSSL_FREE(EVP_CIPHER, EVP_CIPHER_free);
PARLEY_OSSL_FREE(EVP_CIPHER_CTX, EVP_CIPHER_CTX_free);
PARLEY_OSSL_FREE(EVP_MAC, EVP_MAC_free);
PARLEY_OSSL_FREE(EVP_MAC_CTX, EVP_MAC_CTX_free);
PARLEY_OSSL_FREE(EVP_KDF, EVP_KDF_free);
PARLEY_OSSL_FREE(EVP_KDF_CTX, EVP_KDF_CTX_free);
PARLEY_OSSL_FREE(EVP_PKEY, EVP_PKEY_free);
PARLEY_OSSL_FREE(EVP_PKEY_CTX, EVP_PKEY_CTX_free);
PARLEY_OSSL_FREE(OSSL_DECODER_CTX, OSSL_DECODER_CTX_free);
PARLEY_OSSL_FREE(OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free);
PARLEY_OSSL_FREE(BIO, BIO_free_all);
PARLEY_OSSL_FREE(PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free);
PARLEY_OSSL_FREE(X509_SIG, X509_SIG_free);

#undef PARLEY_OSSL_FREE

template <class T>
using OsslPtr = std::unique_ptr<T, Free<T>>;

}  // namespace parley::crypto::ossl
