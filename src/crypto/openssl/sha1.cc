// crypto::sha1 over libcrypto's one-shot digest.
#include "crypto/sha1.h"

#include <openssl/evp.h>

#include "crypto/openssl/backend.h"

namespace parley::crypto {

Sha1Digest sha1(ByteView data) {
  Sha1Digest out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha1(), nullptr) != 1 || len != out.size()) {
    ossl::fatal("EVP_Digest(SHA-1) failed");
  }
  return out;
}

}  // namespace parley::crypto
