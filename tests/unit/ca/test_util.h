// Helpers for the CA tests: an in-memory CA, SAN lists, and a PublicKey stub
// for policy checks on key sizes no one wants to generate.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ca/authority.h"
#include "ca/names.h"
#include "crypto/provider.h"

namespace parley::ca::testing {

inline const crypto::Provider& provider() { return crypto::openssl_provider(); }

inline std::vector<SanEntry> sans(std::initializer_list<const char*> specs) {
  std::vector<SanEntry> out;
  for (const char* s : specs) {
    auto e = parse_san(s);
    EXPECT_TRUE(e.has_value()) << s;
    if (e) out.push_back(*e);
  }
  return out;
}

inline Authority make_ca(InitOptions o = {}) {
  auto ca = Authority::ephemeral(o, provider());
  if (!ca) {
    ADD_FAILURE() << ca.error().message();
    std::abort();
  }
  return std::move(*ca);
}

class FakePublicKey final : public crypto::PublicKey {
 public:
  FakePublicKey(crypto::KeyType t, size_t bits) : type_(t), bits_(bits) {}
  crypto::KeyType type() const override { return type_; }
  size_t bits() const override { return bits_; }
  crypto::ByteView spki_der() const override { return {}; }
  Result<void> verify(crypto::SigAlg, crypto::ByteView, crypto::ByteView) const override {
    return err::crypto("fake key");
  }

 private:
  crypto::KeyType type_;
  size_t bits_;
};

}  // namespace parley::ca::testing
