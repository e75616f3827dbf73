// crypto::sha1 over libcrypto's one-shot digest (OCSP CertIDs, RFC 6960 §4.1.1).
#include "crypto/sha1.h"

#include <openssl/evp.h>

#include "crypto/openssl/backend.h"

namespace parley::crypto {

Sha1Digest sha1(ByteView data) {
  // Fetched once: EVP_sha1() is a legacy handle that libcrypto 3 fetches
  // again by name on every use. Never freed, like the provider's tables.
  static EVP_MD* const md = [] {
    EVP_MD* m = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    if (!m) ossl::fatal("EVP_MD_fetch(SHA1) failed");
    return m;
  }();
  Sha1Digest out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1 || len != out.size()) {
    ossl::fatal("EVP_Digest(SHA-1) failed");
  }
  return out;
}

}  // namespace parley::crypto
