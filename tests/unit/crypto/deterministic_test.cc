// The deterministic provider and the provider table.
#include "crypto/testing/deterministic.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace parley::crypto {
namespace {

using test::hex;
using test::to_hex;

TEST(Deterministic, SameSeedSameBytesAndShares) {
  testing::DeterministicProvider a(7), b(7), c(8);
  std::vector<uint8_t> x(100), y(100), z(100);
  a.provider().rng->fill(x);
  b.provider().rng->fill(y);
  c.provider().rng->fill(z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
  auto sa = a.provider().group(Group::x25519)->start(*a.provider().rng);
  auto sb = b.provider().group(Group::x25519)->start(*b.provider().rng);
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(to_hex((*sa)->public_key()), to_hex((*sb)->public_key()));
}

TEST(Deterministic, StreamDoesNotDependOnChunking) {
  testing::CounterRng a(1), b(1);
  std::vector<uint8_t> whole(80), p1(5), p2(40), p3(35);
  a.fill(whole);
  b.fill(p1);
  b.fill(p2);
  b.fill(p3);
  std::vector<uint8_t> joined = p1;
  joined.insert(joined.end(), p2.begin(), p2.end());
  joined.insert(joined.end(), p3.begin(), p3.end());
  EXPECT_EQ(whole, joined);
  EXPECT_NE(whole, std::vector<uint8_t>(80, 0));
}

TEST(Deterministic, ScriptedBytesComeFirstInOrder) {
  testing::DeterministicProvider d;
  d.rng().push(hex("0102"));
  d.rng().push(hex("030405"));
  std::vector<uint8_t> a(2), b(3), c(4);
  d.provider().rng->fill(a);
  d.provider().rng->fill(b);
  EXPECT_EQ(to_hex(a), "0102");
  EXPECT_EQ(to_hex(b), "030405");
  EXPECT_EQ(d.rng().pending(), 0u);
  d.provider().rng->fill(c);  // then the seeded stream
  testing::CounterRng fresh(0);
  std::vector<uint8_t> expect(4);
  fresh.fill(expect);
  EXPECT_EQ(c, expect);
}

TEST(Deterministic, ScriptOutOfStepAborts) {
  EXPECT_DEATH(
      {
        testing::ScriptedRng r;
        r.push(hex("01"));
        std::vector<uint8_t> two(2);
        r.fill(two);
      },
      "ScriptedRng");
}

TEST(Deterministic, ClockIsFixedAndControllable) {
  testing::DeterministicProvider d(0, 1234);
  EXPECT_EQ(d.provider().clock->unix_seconds(), 1234);
  EXPECT_EQ(d.provider().clock->monotonic_ns(), 0);
  d.clock().advance_ns(5);
  d.clock().set_unix_seconds(99);
  EXPECT_EQ(d.provider().clock->monotonic_ns(), 5);
  EXPECT_EQ(d.provider().clock->unix_seconds(), 99);
}

TEST(Deterministic, SharesTheOpensslAlgorithms) {
  testing::DeterministicProvider d;
  EXPECT_EQ(d.provider().sha256, openssl_provider().sha256);
  EXPECT_EQ(d.provider().suites.data(), openssl_provider().suites.data());
  EXPECT_NE(d.provider().rng, openssl_provider().rng);
}

TEST(Provider, SuitesInPreferenceOrderWithMatchingHashes) {
  const Provider& p = openssl_provider();
  ASSERT_EQ(p.suites.size(), 3u);
  EXPECT_EQ(p.suites[0].id, Suite::aes_128_gcm_sha256);
  EXPECT_EQ(p.suites[0].name, "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(p.suites[0].aead->key_len(), 16u);
  EXPECT_EQ(p.suites[0].hash, p.sha256);
  EXPECT_EQ(p.suites[1].id, Suite::aes_256_gcm_sha384);
  EXPECT_EQ(p.suites[1].aead->key_len(), 32u);
  EXPECT_EQ(p.suites[1].hash, p.sha384);
  EXPECT_EQ(p.suites[2].id, Suite::chacha20_poly1305_sha256);
  EXPECT_EQ(p.suites[2].aead->alg(), AeadAlg::chacha20_poly1305);
  EXPECT_EQ(p.suite(Suite::aes_256_gcm_sha384), &p.suites[1]);
  EXPECT_EQ(p.suite(static_cast<Suite>(0x1304)), nullptr);
  EXPECT_EQ(&p.hash(HashAlg::sha512), p.sha512);
  EXPECT_EQ(&openssl_provider(), &p);  // built once
}

TEST(Provider, SystemRngAndClockWork) {
  const Provider& p = openssl_provider();
  std::vector<uint8_t> a(32), b(32);
  p.rng->fill(a);
  p.rng->fill(b);
  EXPECT_NE(a, b);
  EXPECT_GT(p.clock->unix_seconds(), 1'600'000'000);
  int64_t t0 = p.clock->monotonic_ns();
  EXPECT_GE(p.clock->monotonic_ns(), t0);
}

}  // namespace
}  // namespace parley::crypto
