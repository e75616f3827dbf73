// openssl_provider(): the table over libcrypto, built once per process.
#include <openssl/crypto.h>

#include <array>

#include "crypto/openssl/backend.h"

namespace parley::crypto {
namespace {

// libcrypto is started here, before anything else of it is used, with two
// choices a short-lived `parley connect` feels (docs/PERFORMANCE.md):
// - openssl.cnf is not read: parley names every algorithm it uses and fetches
//   it from the default provider, so the system configuration has nothing to
//   choose, and reading it is a sixth of a client process's start-up;
// - no OPENSSL_cleanup at exit: these tables are never destroyed (below), and
//   libcrypto's cleanup would free what they hold under code that still runs
//   during static destruction. The operating system takes the memory back.
// The legacy algorithm-name tables stay: leaving them out
// (OPENSSL_INIT_NO_ADD_ALL_*) saves 3 M instructions of a `parley connect`,
// but libcrypto's PBES2 and PKCS#12 code finds its ciphers and digests there,
// and encrypted keys and key stores then fail to open.
// A program that started libcrypto itself keeps its own choices (the first
// initialisation decides).
bool start_libcrypto() {
  if (OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ATEXIT, nullptr) != 1) {
    ossl::fatal("OPENSSL_init_crypto failed");
  }
  return true;
}

struct OpensslTables {
  bool started = start_libcrypto();
  std::unique_ptr<Hash> sha256 = ossl::make_hash(HashAlg::sha256);
  std::unique_ptr<Hash> sha384 = ossl::make_hash(HashAlg::sha384);
  std::unique_ptr<Hash> sha512 = ossl::make_hash(HashAlg::sha512);
  std::unique_ptr<Aead> aes128 = ossl::make_aead(AeadAlg::aes_128_gcm);
  std::unique_ptr<Aead> aes256 = ossl::make_aead(AeadAlg::aes_256_gcm);
  std::unique_ptr<Aead> chacha = ossl::make_aead(AeadAlg::chacha20_poly1305);
  std::unique_ptr<KxGroup> x25519 = ossl::make_kx_group(Group::x25519);
  std::unique_ptr<KxGroup> p256 = ossl::make_kx_group(Group::secp256r1);
  std::unique_ptr<KxGroup> p384 = ossl::make_kx_group(Group::secp384r1);
  std::unique_ptr<KeyFactory> keys = ossl::make_key_factory();
  std::unique_ptr<Rng> rng = ossl::make_system_rng();
  std::unique_ptr<Clock> clock = ossl::make_system_clock();

  // RFC 8446 §9.1 asks for AES-128-GCM; ChaCha20 last as it is slower where AES-NI exists.
  std::array<CipherSuite, 3> suites{{
      {Suite::aes_128_gcm_sha256, "TLS_AES_128_GCM_SHA256", aes128.get(), sha256.get()},
      {Suite::aes_256_gcm_sha384, "TLS_AES_256_GCM_SHA384", aes256.get(), sha384.get()},
      {Suite::chacha20_poly1305_sha256, "TLS_CHACHA20_POLY1305_SHA256", chacha.get(), sha256.get()},
  }};
  std::array<const KxGroup*, 3> groups{{x25519.get(), p256.get(), p384.get()}};

  Provider provider{suites, groups, sha256.get(), sha384.get(), sha512.get(), keys.get(), rng.get(), clock.get()};
};

}  // namespace

const Provider& openssl_provider() {
  // Built on first use (thread-safe initialisation) and never destroyed, so
  // code running during static destruction or in detached threads can still use it.
  static const OpensslTables* const tables = new OpensslTables();
  return tables->provider;
}

}  // namespace parley::crypto
