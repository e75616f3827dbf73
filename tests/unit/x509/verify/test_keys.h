// Public-key test doubles for the signature cache tests: keys that answer
// without cryptography and count how often they were asked.
#pragma once

#include <string>

#include "crypto/provider.h"
#include "x509/algorithm.h"

namespace parley::x509::testing {

inline der::Input bytes(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

// A key with the given SubjectPublicKeyInfo bytes that accepts (or rejects)
// every signature.
class FakeKey final : public crypto::PublicKey {
 public:
  explicit FakeKey(std::string spki, bool accepts = true) : spki_(std::move(spki)), accepts_(accepts) {}
  crypto::KeyType type() const override { return crypto::KeyType::ec_p256; }
  size_t bits() const override { return 256; }
  crypto::ByteView spki_der() const override { return bytes(spki_); }
  Result<void> verify(crypto::SigAlg, crypto::ByteView, crypto::ByteView) const override {
    ++calls;
    if (!accepts_) return err::crypto("signature does not verify");
    return {};
  }
  mutable int calls = 0;

 private:
  std::string spki_;
  bool accepts_;
};

// ecdsa-with-SHA256 or, with sha384, ecdsa-with-SHA384 (RFC 5758 §3.2); raw
// views static bytes.
inline SignatureAlgorithm ecdsa(bool sha384 = false) {
  static constexpr uint8_t kSha256[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
  static constexpr uint8_t kSha384[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03};
  return *parse_signature_algorithm(sha384 ? der::Input(kSha384) : der::Input(kSha256));
}

}  // namespace parley::x509::testing
