// Internal to the OpenSSL backend: key objects and the signature primitives
// they share (keys.cc loads and generates, sign.cc signs and verifies).
#pragma once

#include <openssl/evp.h>

#include "crypto/openssl/ossl_ptr.h"
#include "crypto/provider.h"

namespace parley::crypto::ossl {

// Whether a key of `type` can make or check `alg` (ECDSA on any supported
// curve: X.509 does not bind the curve to the hash; TLS 1.3 does, in scheme.cc).
bool key_fits(KeyType type, SigAlg alg);

Result<void> verify_with(EVP_PKEY* pkey, KeyType type, SigAlg alg, ByteView msg, ByteView sig);
Result<Bytes> sign_with(EVP_PKEY* pkey, KeyType type, SigAlg alg, ByteView msg);

// A key holding only the domain parameters of a named curve ("P-256"): the
// template that EC keys of that curve are generated from or imported into,
// so no key is looked up by name per operation. Aborts if libcrypto lacks the curve.
OsslPtr<EVP_PKEY> ec_parameters(const char* group);

}  // namespace parley::crypto::ossl
