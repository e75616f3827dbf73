// TLS 1.3 SignatureScheme code points and their mapping onto SigAlg (RFC 8446 §4.2.3, §4.4.3).
#include "crypto/scheme.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace parley::crypto {
namespace {

using test::hex;
using test::P;
using S = SignatureScheme;

uint16_t u(S s) { return static_cast<uint16_t>(s); }

std::unique_ptr<PrivateKey> key(KeySpec spec) {
  auto k = P().keys->generate(spec);
  if (!k) std::abort();
  return std::move(*k);
}

TEST(Scheme, CodePointsAndNamesFollowRfc8446) {
  EXPECT_EQ(u(S::ecdsa_secp256r1_sha256), 0x0403);
  EXPECT_EQ(u(S::rsa_pss_rsae_sha256), 0x0804);
  EXPECT_EQ(u(S::rsa_pss_pss_sha512), 0x080b);
  EXPECT_EQ(u(S::ed25519), 0x0807);
  EXPECT_EQ(u(S::rsa_pkcs1_sha1), 0x0201);
  EXPECT_EQ(scheme_name(0x0403), "ecdsa_secp256r1_sha256");
  EXPECT_EQ(scheme_name(0x0805), "rsa_pss_rsae_sha384");
  EXPECT_EQ(scheme_name(0x1234), "unknown");
  EXPECT_EQ(scheme_info(0x1234), nullptr);
}

TEST(Scheme, TlsHandshakeBindsTheEcdsaCurve) {
  EXPECT_EQ(sig_alg_for(0x0403, KeyType::ec_p256, true), SigAlg::ecdsa_sha256);
  EXPECT_EQ(sig_alg_for(0x0403, KeyType::ec_p384, true), std::nullopt);
  EXPECT_EQ(sig_alg_for(0x0503, KeyType::ec_p384, true), SigAlg::ecdsa_sha384);
  // Outside a TLS 1.3 handshake (certificates) any named curve goes with the hash.
  EXPECT_EQ(sig_alg_for(0x0403, KeyType::ec_p384, false), SigAlg::ecdsa_sha256);
}

TEST(Scheme, Pkcs1AndSha1AreNeverHandshakeSignatures) {
  EXPECT_EQ(sig_alg_for(0x0401, KeyType::rsa, true), std::nullopt);
  EXPECT_EQ(sig_alg_for(0x0401, KeyType::rsa, false), SigAlg::rsa_pkcs1_sha256);
  EXPECT_EQ(sig_alg_for(0x0201, KeyType::rsa, false), std::nullopt);
  EXPECT_EQ(sig_alg_for(0x0203, KeyType::ec_p256, false), std::nullopt);
  // rsa_pss_pss needs an id-RSASSA-PSS key, which an rsaEncryption key is not.
  EXPECT_EQ(sig_alg_for(0x0809, KeyType::rsa, true), std::nullopt);
  EXPECT_EQ(sig_alg_for(0x0804, KeyType::rsa, true), SigAlg::rsa_pss_sha256);
}

TEST(Scheme, MappedSigAlgSignsAndVerifies) {
  auto p384 = key(KeySpec::ec_p384);
  auto alg = sig_alg_for(u(S::ecdsa_secp384r1_sha384), p384->type(), true);
  ASSERT_TRUE(alg);
  auto sig = p384->sign(*alg, test::bytes("cv"));
  ASSERT_TRUE(sig);
  EXPECT_TRUE(p384->public_key().verify(*alg, test::bytes("cv"), *sig));
}

}  // namespace
}  // namespace parley::crypto
