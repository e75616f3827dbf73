// The pieces of the OpenSSL backend, built once by openssl_provider().
// Each factory fetches its libcrypto algorithms when called and aborts if
// libcrypto lacks one: without them parley cannot run at all.
#pragma once

#include <memory>

#include "crypto/provider.h"

namespace parley::crypto::ossl {

std::unique_ptr<Hash> make_hash(HashAlg alg);
std::unique_ptr<Aead> make_aead(AeadAlg alg);
std::unique_ptr<KxGroup> make_kx_group(Group group);
std::unique_ptr<KeyFactory> make_key_factory();
std::unique_ptr<Rng> make_system_rng();
std::unique_ptr<Clock> make_system_clock();

// Prints "parley: <what>" and the OpenSSL error to stderr, then aborts.
[[noreturn]] void fatal(const char* what);

}  // namespace parley::crypto::ossl
