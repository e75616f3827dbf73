// The verified-signature cache (signature_cache.h): on its own with test
// keys, then inside verify() through a trust store, where keys that count
// their verify() calls show which signatures were skipped.
#include "x509/signature_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "pki_fixture.h"
#include "test_keys.h"
#include "x509/verify.h"

namespace parley::x509 {
namespace {

using testing::bytes;
using testing::ecdsa;
using testing::FakeKey;
using testing::kInterExt;
using testing::kRootExt;
using testing::leaf_ext;
using testing::now;
using testing::Pki;

const crypto::Hash& sha256() { return *crypto::openssl_provider().sha256; }

TEST(SignatureCache, EveryInputIsPartOfTheKey) {
  SignatureCache cache(64, sha256());
  FakeKey key("spki A"), other_key("spki B");
  const SignatureAlgorithm sha256_alg = ecdsa(), sha384_alg = ecdsa(true);
  ASSERT_TRUE(cache.verify(key, sha256_alg, bytes("signed"), bytes("sig")));
  ASSERT_TRUE(cache.verify(key, sha256_alg, bytes("signed"), bytes("sig")));
  EXPECT_EQ(key.calls, 1) << "the same inputs again: a hit";
  EXPECT_EQ(cache.stats().hits, 1u);

  // Each differs from the remembered check in one input only: each must ask its key.
  ASSERT_TRUE(cache.verify(other_key, sha256_alg, bytes("signed"), bytes("sig")));
  EXPECT_EQ(other_key.calls, 1) << "another issuer key";
  ASSERT_TRUE(cache.verify(key, sha384_alg, bytes("signed"), bytes("sig")));
  ASSERT_TRUE(cache.verify(key, sha256_alg, bytes("signeD"), bytes("sig")));
  ASSERT_TRUE(cache.verify(key, sha256_alg, bytes("signed"), bytes("siG")));
  ASSERT_TRUE(cache.verify(key, sha256_alg, bytes("signe"), bytes("dsig"))) << "a byte moved across fields";
  EXPECT_EQ(key.calls, 5);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 6u);
}

TEST(SignatureCache, InputsLargerThanTheStackFrameMatchExactlyToo) {
  SignatureCache cache(64, sha256());
  FakeKey key("spki A");
  std::string big(3 * SignatureCache::kFramedOnStack, 'x');
  ASSERT_TRUE(cache.verify(key, ecdsa(), bytes(big), bytes("sig")));
  ASSERT_TRUE(cache.verify(key, ecdsa(), bytes(big), bytes("sig")));
  EXPECT_EQ(key.calls, 1);
  big.back() = 'y';
  ASSERT_TRUE(cache.verify(key, ecdsa(), bytes(big), bytes("sig")));
  EXPECT_EQ(key.calls, 2);
}

TEST(SignatureCache, FailuresAreNeverRemembered) {
  SignatureCache cache(64, sha256());
  FakeKey bad("spki A", false);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(cache.verify(bad, ecdsa(), bytes("m"), bytes("s")));
  EXPECT_EQ(bad.calls, 3);
  EXPECT_EQ(cache.stats().entries, 0u);
  // The same inputs under a key that accepts them (same SPKI bytes, as a test
  // double may claim): now they are remembered.
  FakeKey good("spki A");
  EXPECT_TRUE(cache.verify(good, ecdsa(), bytes("m"), bytes("s")));
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(SignatureCache, TheTableNeverHoldsMoreThanItsCapacity) {
  SignatureCache cache(16, sha256());
  FakeKey key("spki A");
  const SignatureAlgorithm alg = ecdsa();
  const int n = 1000;
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE(cache.verify(key, alg, bytes("message " + std::to_string(i)), bytes("sig")));
    ASSERT_LE(cache.stats().entries, 16u) << "after " << i + 1 << " distinct signatures";
  }
  EXPECT_EQ(cache.capacity(), 16u);
  auto s = cache.stats();
  EXPECT_EQ(s.entries + s.evictions, static_cast<uint64_t>(n));
  // The most recent one is still there.
  ASSERT_TRUE(cache.verify(key, alg, bytes("message " + std::to_string(n - 1)), bytes("sig")));
  EXPECT_EQ(key.calls, n);
}

TEST(SignatureCache, CapacityZeroTurnsItOff) {
  SignatureCache cache(0, sha256());
  FakeKey key("spki A");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(cache.verify(key, ecdsa(), bytes("m"), bytes("s")));
  EXPECT_EQ(key.calls, 3);
  auto s = cache.stats();
  EXPECT_EQ(s.hits + s.misses + s.entries, 0u);
}

// ---------------------------------------------------------------- inside verify(), through a trust store

// The OpenSSL provider's keys, each public key wrapped so that it counts its
// verify() calls into one counter (safe from several threads).
class CountingKeys final : public crypto::KeyFactory {
 public:
  Result<std::unique_ptr<crypto::PrivateKey>> generate(crypto::KeySpec spec) const override {
    return real().generate(spec);
  }
  Result<std::unique_ptr<crypto::PrivateKey>> load_private(crypto::ByteView der, crypto::PrivateKeyFormat format,
                                                           std::optional<std::string_view> pass) const override {
    return real().load_private(der, format, pass);
  }
  Result<std::unique_ptr<crypto::PublicKey>> load_public(crypto::ByteView spki) const override {
    auto key = PARLEY_TRY(real().load_public(spki));
    return std::make_unique<Counting>(std::move(key), verifies);
  }
  int count() const { return verifies->load(); }

 private:
  class Counting final : public crypto::PublicKey {
   public:
    Counting(std::unique_ptr<crypto::PublicKey> key, std::shared_ptr<std::atomic<int>> n)
        : key_(std::move(key)), n_(std::move(n)) {}
    crypto::KeyType type() const override { return key_->type(); }
    size_t bits() const override { return key_->bits(); }
    crypto::ByteView spki_der() const override { return key_->spki_der(); }
    Result<void> verify(crypto::SigAlg alg, crypto::ByteView msg, crypto::ByteView sig) const override {
      ++*n_;
      return key_->verify(alg, msg, sig);
    }

   private:
    std::unique_ptr<crypto::PublicKey> key_;
    std::shared_ptr<std::atomic<int>> n_;
  };
  static const crypto::KeyFactory& real() { return *crypto::openssl_provider().keys; }
  std::shared_ptr<std::atomic<int>> verifies = std::make_shared<std::atomic<int>>(0);
};

Pki& pki() { return Pki::get(); }
CertificatePtr make_root() { return pki().cert({"sc-root", "/CN=SC Root", "", kRootExt}); }
CertificatePtr make_inter() {
  make_root();
  return pki().cert({"sc-inter", "/CN=SC Inter", "sc-root", kInterExt});
}
CertificatePtr make_leaf() {
  make_inter();
  return pki().cert({"sc-leaf", "/CN=orders.internal", "sc-inter", leaf_ext("DNS:orders.internal")});
}

// A chain whose keys count into keys; every call parses anew, as a new connection would.
struct Chain {
  CountingKeys keys;
  CertificatePtr parse(const CertificatePtr& c) const { return *Certificate::parse(c->der(), keys); }
  CertificatePtr root() const { return parse(make_root()); }
  CertificatePtr inter() const { return parse(make_inter()); }
  CertificatePtr leaf() const { return parse(make_leaf()); }
  // The leaf with the last byte of its signature value flipped (still well-formed DER).
  CertificatePtr tampered_leaf() const {
    CertificatePtr l = make_leaf();
    std::vector<uint8_t> der(l->der().begin(), l->der().end());
    der[static_cast<size_t>(l->signature.data() - l->der().data()) + l->signature.size() - 1] ^= 0x01;
    return *Certificate::parse(der, keys);
  }
  std::shared_ptr<const TrustStore> store(TrustStore::Options o = {}) const {
    return TrustStore::from_certificates({root()}, o);
  }
};

VerifyOptions opts() {
  VerifyOptions o;
  o.time = now() + 60;
  o.hostname = "orders.internal";
  return o;
}

using Outcome = std::expected<VerifiedPath, VerifyReport>;
Outcome run(const Chain& c, const TrustStore& store, const CertificatePtr& leaf, const VerifyOptions& o = opts()) {
  std::vector<CertificatePtr> inters{c.inter()};
  return verify(leaf, inters, store, o);
}
bool rejected_for(const Outcome& r, Rule rule) { return !r && r.error().primary() && r.error().primary()->rule == rule; }

TEST(SignatureCacheInVerify, ARepeatedChainIsVerifiedWithoutItsPublicKeys) {
  Chain c;
  auto store = c.store();
  auto first = run(c, *store, c.leaf());
  ASSERT_TRUE(first) << first.error().to_text();
  EXPECT_EQ(c.keys.count(), 2) << "leaf by the intermediate, intermediate by the root";
  auto again = run(c, *store, c.leaf());
  ASSERT_TRUE(again) << again.error().to_text();
  EXPECT_EQ(c.keys.count(), 2) << "both signatures came from the cache";
  auto s = store->signature_cache().stats();
  EXPECT_EQ(s.hits, 2u);
  EXPECT_EQ(s.misses, 2u);
  EXPECT_EQ(s.entries, 2u);
  EXPECT_EQ(again->used.signatures, 2u) << "hits are signature checks for the budget";
}

TEST(SignatureCacheInVerify, ATamperedSignatureFailsEveryTimeEvenRightAfterTheGenuineOne) {
  Chain c;
  auto store = c.store();
  ASSERT_TRUE(run(c, *store, c.leaf()));
  for (int i = 0; i < 3; ++i) {
    auto r = run(c, *store, c.tampered_leaf());
    EXPECT_TRUE(rejected_for(r, Rule::signature_invalid)) << (r ? "accepted" : r.error().to_text());
  }
  EXPECT_EQ(c.keys.count(), 2 + 3) << "the tampered signature went to the key every time";
  EXPECT_EQ(store->signature_cache().stats().entries, 2u) << "no failure was stored";
  ASSERT_TRUE(run(c, *store, c.leaf()));
  EXPECT_EQ(c.keys.count(), 5);
}

TEST(SignatureCacheInVerify, TheSameSignatureUnderAnotherIssuerKeyDoesNotHit) {
  Chain c;
  make_root();
  // Same subject as the real intermediate, valid, but another key.
  auto impostor = c.parse(pki().cert({"sc-inter-other-key", "/CN=SC Inter", "sc-root", kInterExt}));
  auto store = c.store();
  ASSERT_TRUE(run(c, *store, c.leaf()));
  const int before = c.keys.count();
  std::vector<CertificatePtr> inters{impostor};
  auto r = verify(c.leaf(), inters, *store, opts());
  EXPECT_TRUE(rejected_for(r, Rule::signature_invalid)) << (r ? "accepted" : r.error().to_text());
  EXPECT_EQ(c.keys.count(), before + 1) << "the impostor's key was asked";
}

TEST(SignatureCacheInVerify, CrlSignaturesAreRememberedToo) {
  Chain c;
  make_leaf();  // the CAs' key files, before their CRLs are made
  auto o = opts();
  o.crls = {pki().crl("sc-inter", {}), pki().crl("sc-root", {})};
  auto store = c.store();
  auto first = run(c, *store, c.leaf(), o);
  ASSERT_TRUE(first) << first.error().to_text();
  EXPECT_EQ(c.keys.count(), 4) << "two certificates and two CRLs";
  ASSERT_TRUE(run(c, *store, c.leaf(), o));
  EXPECT_EQ(c.keys.count(), 4);
  EXPECT_EQ(store->signature_cache().stats().hits, 4u);
}

TEST(SignatureCacheInVerify, HitsStillCountAgainstTheSignatureBudget) {
  Chain c;
  auto store = c.store();
  ASSERT_TRUE(run(c, *store, c.leaf()));
  auto o = opts();
  o.budget.signatures = 1;  // the chain needs two checks, cached or not
  EXPECT_TRUE(rejected_for(run(c, *store, c.leaf(), o), Rule::budget_exhausted));
}

TEST(SignatureCacheInVerify, AStoreBuiltWithoutACacheVerifiesEverySignature) {
  Chain c;
  auto store = c.store({.signature_cache_entries = 0});
  EXPECT_EQ(store->signature_cache().capacity(), 0u);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(run(c, *store, c.leaf()));
  EXPECT_EQ(c.keys.count(), 6);
  EXPECT_EQ(c.store()->signature_cache().capacity(), SignatureCache::kDefaultEntries);
  auto pem = TrustStore::from_pem(std::string(reinterpret_cast<const char*>(make_root()->der().data()),
                                              make_root()->der().size()),
                                  {.signature_cache_entries = 7});
  ASSERT_TRUE(pem);
  EXPECT_EQ((*pem)->signature_cache().capacity(), 7u);
}

TEST(SignatureCacheInVerify, ConcurrentVerificationsAreAllCorrect) {
  Chain c;
  // The default cache, and one slot that every insertion fights over.
  for (size_t entries : {SignatureCache::kDefaultEntries, size_t{1}}) {
    auto store = c.store({.signature_cache_entries = entries});
    const CertificatePtr genuine = c.leaf(), tampered = c.tampered_leaf();
    constexpr int kThreads = 4, kRounds = 25;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < kRounds; ++i) {
          if (!run(c, *store, genuine)) ++wrong;
          if (!rejected_for(run(c, *store, tampered), Rule::signature_invalid)) ++wrong;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0) << entries << " entries";
    // Each genuine chain is two lookups, each tampered one a single lookup.
    auto s = store->signature_cache().stats();
    EXPECT_EQ(s.hits + s.misses, uint64_t{kThreads} * kRounds * 3) << entries << " entries";
    EXPECT_LE(s.entries, entries);
  }
}

}  // namespace
}  // namespace parley::x509
