// Lookups over a Provider's table.
#include "crypto/provider.h"

#include <cstdlib>

namespace parley::crypto {

const Hash& Provider::hash(HashAlg alg) const {
  switch (alg) {
    case HashAlg::sha256: return *sha256;
    case HashAlg::sha384: return *sha384;
    case HashAlg::sha512: return *sha512;
  }
  std::abort();  // not a HashAlg value: a caller bug
}

const Aead* Provider::aead(AeadAlg alg) const {
  for (const CipherSuite& s : suites) {
    if (s.aead->alg() == alg) return s.aead;
  }
  return nullptr;
}

const CipherSuite* Provider::suite(Suite id) const {
  for (const CipherSuite& s : suites) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const KxGroup* Provider::group(Group id) const {
  for (const KxGroup* g : groups) {
    if (g->group() == id) return g;
  }
  return nullptr;
}

}  // namespace parley::crypto
