#include "crypto/testing/fuzzing.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace parley::crypto::testing {
namespace {

// "Encryption" is the identity: the plaintext is moved to the output as is
// (memmove: in-place use is allowed) and the tag is zeros.
class NullAeadCtx final : public AeadCtx {
 public:
  Result<void> seal(ByteView, ByteView, ByteView in, ByteView trailer, std::span<uint8_t> out,
                    std::span<uint8_t> tag) override {
    if (out.size() != in.size() + trailer.size()) return err::api("AEAD seal: bad output length");
    move_to(in, out.first(in.size()));
    move_to(trailer, out.subspan(in.size()));
    std::fill(tag.begin(), tag.end(), uint8_t{0});
    return {};
  }
  Result<void> open(ByteView, ByteView, ByteView in, ByteView, std::span<uint8_t> out) override {
    if (out.size() != in.size()) return err::api("AEAD open: bad output length");
    move_to(in, out);
    return {};
  }

 private:
  static void move_to(ByteView from, std::span<uint8_t> to) {
    if (!from.empty()) std::memmove(to.data(), from.data(), from.size());
  }
};

class NullAead final : public Aead {
 public:
  explicit NullAead(const Aead& real) : real_(real) {}
  AeadAlg alg() const override { return real_.alg(); }
  size_t key_len() const override { return real_.key_len(); }
  size_t iv_len() const override { return real_.iv_len(); }
  size_t tag_len() const override { return real_.tag_len(); }
  Result<std::unique_ptr<AeadCtx>> make(ByteView) const override {
    return std::unique_ptr<AeadCtx>(std::make_unique<NullAeadCtx>());
  }

 private:
  const Aead& real_;
};

// The real hash and HKDF; HMAC (only the Finished MAC uses it) returns zeros.
class ZeroMacHash final : public Hash {
 public:
  explicit ZeroMacHash(const Hash& real) : real_(real) {}
  HashAlg alg() const override { return real_.alg(); }
  size_t len() const override { return real_.len(); }
  std::unique_ptr<HashCtx> start() const override { return real_.start(); }
  SecretBytes digest(ByteView data) const override { return real_.digest(data); }
  SecretBytes hmac(ByteView, ByteView) const override { return SecretBytes::zeroed(real_.len()); }
  SecretBytes hkdf_extract(ByteView salt, ByteView ikm) const override { return real_.hkdf_extract(salt, ikm); }
  Result<void> hkdf_expand(ByteView prk, ByteView info, std::span<uint8_t> out) const override {
    return real_.hkdf_expand(prk, info, out);
  }

 private:
  const Hash& real_;
};

class AcceptingPublicKey final : public PublicKey {
 public:
  explicit AcceptingPublicKey(std::unique_ptr<PublicKey> real) : real_(std::move(real)) {}
  KeyType type() const override { return real_->type(); }
  size_t bits() const override { return real_->bits(); }
  ByteView spki_der() const override { return real_->spki_der(); }
  Result<void> verify(SigAlg, ByteView, ByteView) const override { return {}; }

 private:
  std::unique_ptr<PublicKey> real_;
};

// Real key generation and loading; public keys accept every signature.
class AcceptingKeyFactory final : public KeyFactory {
 public:
  explicit AcceptingKeyFactory(const KeyFactory& real) : real_(real) {}
  Result<std::unique_ptr<PrivateKey>> generate(KeySpec spec) const override { return real_.generate(spec); }
  Result<std::unique_ptr<PrivateKey>> load_private(ByteView der, PrivateKeyFormat format,
                                                   std::optional<std::string_view> passphrase) const override {
    return real_.load_private(der, format, passphrase);
  }
  Result<std::unique_ptr<PublicKey>> load_public(ByteView spki_der) const override {
    auto k = real_.load_public(spki_der);
    if (!k) return Unexpected(std::move(k).error());
    return std::unique_ptr<PublicKey>(std::make_unique<AcceptingPublicKey>(std::move(*k)));
  }

 private:
  const KeyFactory& real_;
};

}  // namespace

struct FuzzingProvider::Parts {
  explicit Parts(const Provider& real)
      : sha256(*real.sha256), sha384(*real.sha384), sha512(*real.sha512), keys(*real.keys) {
    for (const auto& s : real.suites) aeads.push_back(std::make_unique<NullAead>(*s.aead));
    for (size_t i = 0; i < real.suites.size(); ++i) {
      const CipherSuite& s = real.suites[i];
      const Hash* h = s.hash->alg() == HashAlg::sha384 ? static_cast<const Hash*>(&sha384) : &sha256;
      suites.push_back(CipherSuite{s.id, s.name, aeads[i].get(), h});
    }
  }
  ZeroMacHash sha256, sha384, sha512;
  AcceptingKeyFactory keys;
  std::vector<std::unique_ptr<NullAead>> aeads;
  std::vector<CipherSuite> suites;
};

FuzzingProvider::FuzzingProvider(uint64_t seed, int64_t unix_seconds)
    : rng_(seed), clock_(unix_seconds), parts_(std::make_unique<Parts>(openssl_provider())), provider_(openssl_provider()) {
  provider_.suites = parts_->suites;
  provider_.sha256 = &parts_->sha256;
  provider_.sha384 = &parts_->sha384;
  provider_.sha512 = &parts_->sha512;
  provider_.keys = &parts_->keys;
  provider_.rng = &rng_;
  provider_.clock = &clock_;
}

FuzzingProvider::~FuzzingProvider() = default;

}  // namespace parley::crypto::testing
