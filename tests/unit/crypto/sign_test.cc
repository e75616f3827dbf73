// Signatures: Ed25519 (RFC 8032 §7.1), ECDSA P-256/P-384, RSA-PSS and PKCS#1 v1.5.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "test_keys.h"
#include "test_util.h"

namespace parley::crypto {
namespace {

using test::bytes;
using test::hex;
using test::P;
using test::to_hex;

// PKCS#8 PrivateKeyInfo for an Ed25519 seed (RFC 8410 §7) and its SPKI.
Bytes ed25519_pkcs8(std::string_view seed_hex) {
  Bytes der = hex("302e020100300506032b657004220420");
  Bytes seed = hex(seed_hex);
  der.insert(der.end(), seed.begin(), seed.end());
  return der;
}
Bytes ed25519_spki(std::string_view pub_hex) {
  Bytes der = hex("302a300506032b6570032100");
  Bytes pub = hex(pub_hex);
  der.insert(der.end(), pub.begin(), pub.end());
  return der;
}

struct EdCase {
  const char *secret, *pub, *msg, *sig;
};

const EdCase kEd[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465"
     "5141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb0"
     "0d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc0"
     "27beceea1ec40a"},
};

TEST(Ed25519, SignaturesMatchRfc8032ByteForByte) {
  for (const EdCase& c : kEd) {
    SCOPED_TRACE(c.pub);
    auto key = P().keys->load_private(ed25519_pkcs8(c.secret), PrivateKeyFormat::pkcs8, std::nullopt);
    ASSERT_TRUE(key) << key.error().message();
    EXPECT_EQ((*key)->type(), KeyType::ed25519);
    EXPECT_EQ((*key)->bits(), 256u);
    EXPECT_EQ(to_hex((*key)->public_key().spki_der()), to_hex(ed25519_spki(c.pub)));
    auto sig = (*key)->sign(SigAlg::ed25519, hex(c.msg));
    ASSERT_TRUE(sig);
    EXPECT_EQ(to_hex(*sig), c.sig);

    auto pub = P().keys->load_public(ed25519_spki(c.pub));
    ASSERT_TRUE(pub);
    EXPECT_TRUE((*pub)->verify(SigAlg::ed25519, hex(c.msg), hex(c.sig)));
    Bytes bad_sig = hex(c.sig);
    bad_sig[63] ^= 0x10;
    EXPECT_FALSE((*pub)->verify(SigAlg::ed25519, hex(c.msg), bad_sig));
    Bytes other_msg = hex(c.msg);
    other_msg.push_back(0);
    EXPECT_FALSE((*pub)->verify(SigAlg::ed25519, other_msg, hex(c.sig)));
    EXPECT_FALSE((*pub)->verify(SigAlg::ecdsa_sha256, hex(c.msg), hex(c.sig)));
  }
}

struct SignCase {
  const char* name;
  SigAlg alg;
  std::vector<SigAlg> wrong_algs;  // same key, other algorithm: must not verify
};

std::unique_ptr<PrivateKey> rsa2048() {
  auto k = P().keys->load_private(hex(test_keys::kRsa2048Pkcs1), PrivateKeyFormat::pkcs1, std::nullopt);
  if (!k) std::abort();
  return std::move(*k);
}

void sign_then_verify(const PrivateKey& key, SigAlg alg, std::initializer_list<SigAlg> wrong) {
  Bytes msg = bytes("TLS 1.3, server CertificateVerify");
  auto sig = key.sign(alg, msg);
  ASSERT_TRUE(sig) << sig.error().message();
  const PublicKey& pub = key.public_key();
  EXPECT_TRUE(pub.verify(alg, msg, *sig));

  Bytes msg2 = msg;
  msg2[0] ^= 1;
  auto r = pub.verify(alg, msg2, *sig);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Error::Kind::Crypto);

  Bytes sig2 = *sig;
  sig2[sig2.size() / 2] ^= 0x04;
  EXPECT_FALSE(pub.verify(alg, msg, sig2));
  EXPECT_FALSE(pub.verify(alg, msg, {}));
  Bytes longer = *sig;
  longer.push_back(0);
  EXPECT_FALSE(pub.verify(alg, msg, longer));

  for (SigAlg w : wrong) EXPECT_FALSE(pub.verify(w, msg, *sig)) << static_cast<int>(w);
}

TEST(Ecdsa, P256SignThenVerify) {
  auto key = P().keys->generate(KeySpec::ec_p256);
  ASSERT_TRUE(key);
  EXPECT_EQ((*key)->type(), KeyType::ec_p256);
  EXPECT_EQ((*key)->bits(), 256u);
  sign_then_verify(**key, SigAlg::ecdsa_sha256, {SigAlg::ecdsa_sha384, SigAlg::rsa_pss_sha256, SigAlg::ed25519});
}

TEST(Ecdsa, P384SignThenVerify) {
  auto key = P().keys->generate(KeySpec::ec_p384);
  ASSERT_TRUE(key);
  EXPECT_EQ((*key)->type(), KeyType::ec_p384);
  EXPECT_EQ((*key)->bits(), 384u);
  sign_then_verify(**key, SigAlg::ecdsa_sha384, {SigAlg::ecdsa_sha256, SigAlg::rsa_pkcs1_sha384});
  // X.509 lets any named curve use any of the hashes.
  sign_then_verify(**key, SigAlg::ecdsa_sha512, {SigAlg::ecdsa_sha384});
}

TEST(Ecdsa, VerifiesAgainstTheRightKeyOnly) {
  auto a = P().keys->generate(KeySpec::ec_p256);
  auto b = P().keys->generate(KeySpec::ec_p256);
  ASSERT_TRUE(a && b);
  Bytes msg = bytes("m");
  auto sig = (*a)->sign(SigAlg::ecdsa_sha256, msg);
  ASSERT_TRUE(sig);
  EXPECT_TRUE((*a)->public_key().verify(SigAlg::ecdsa_sha256, msg, *sig));
  EXPECT_FALSE((*b)->public_key().verify(SigAlg::ecdsa_sha256, msg, *sig));
}

TEST(Rsa, PssSignThenVerify) {
  auto key = rsa2048();
  EXPECT_EQ(key->type(), KeyType::rsa);
  EXPECT_EQ(key->bits(), 2048u);
  sign_then_verify(*key, SigAlg::rsa_pss_sha256,
                   {SigAlg::rsa_pss_sha384, SigAlg::rsa_pkcs1_sha256, SigAlg::ecdsa_sha256, SigAlg::ed25519});
  sign_then_verify(*key, SigAlg::rsa_pss_sha384, {SigAlg::rsa_pss_sha256});
  sign_then_verify(*key, SigAlg::rsa_pss_sha512, {SigAlg::rsa_pss_sha256});
}

TEST(Rsa, PssSignaturesAreRandomisedButBothVerify) {
  auto key = rsa2048();
  Bytes msg = bytes("m");
  auto s1 = key->sign(SigAlg::rsa_pss_sha256, msg);
  auto s2 = key->sign(SigAlg::rsa_pss_sha256, msg);
  ASSERT_TRUE(s1 && s2);
  EXPECT_NE(*s1, *s2);  // a fresh salt each time
  EXPECT_TRUE(key->public_key().verify(SigAlg::rsa_pss_sha256, msg, *s1));
}

TEST(Rsa, Pkcs1SignThenVerify) {
  auto key = rsa2048();
  sign_then_verify(*key, SigAlg::rsa_pkcs1_sha256, {SigAlg::rsa_pkcs1_sha384, SigAlg::rsa_pss_sha256});
  sign_then_verify(*key, SigAlg::rsa_pkcs1_sha384, {SigAlg::rsa_pkcs1_sha512});
  sign_then_verify(*key, SigAlg::rsa_pkcs1_sha512, {SigAlg::rsa_pkcs1_sha256});
  // PKCS#1 v1.5 is deterministic.
  auto s1 = key->sign(SigAlg::rsa_pkcs1_sha256, bytes("m"));
  auto s2 = key->sign(SigAlg::rsa_pkcs1_sha256, bytes("m"));
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(*s1, *s2);
}

TEST(Rsa, PssVerifyEnforcesSaltLengthEqualToHashLength) {
  // A PSS signature with a 20-byte salt, made with libcrypto directly, must be
  // refused by a verifier that insists on salt = 32 (RFC 8446 §4.2.3).
  auto key = rsa2048();
  Bytes msg = bytes("salted");
  auto der = key->to_pkcs8(std::nullopt);
  ASSERT_TRUE(der);
  const unsigned char* p = der->view().data();
  EVP_PKEY* raw = d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der->size()));
  ASSERT_NE(raw, nullptr);
  EVP_MD_CTX* mctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  ASSERT_EQ(EVP_DigestSignInit(mctx, &pctx, EVP_sha256(), nullptr, raw), 1);
  ASSERT_EQ(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING), 1);
  ASSERT_EQ(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 20), 1);
  Bytes sig(256);
  size_t len = sig.size();
  ASSERT_EQ(EVP_DigestSign(mctx, sig.data(), &len, msg.data(), msg.size()), 1);
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_free(raw);
  EXPECT_FALSE(key->public_key().verify(SigAlg::rsa_pss_sha256, msg, sig));
}

TEST(Signatures, SigningWithAMismatchedAlgorithmIsRefused) {
  auto ec = P().keys->generate(KeySpec::ec_p256);
  ASSERT_TRUE(ec);
  EXPECT_FALSE((*ec)->sign(SigAlg::rsa_pss_sha256, bytes("m")));
  EXPECT_FALSE((*ec)->sign(SigAlg::ed25519, bytes("m")));
  auto rsa = rsa2048();
  EXPECT_FALSE(rsa->sign(SigAlg::ecdsa_sha256, bytes("m")));
}

}  // namespace
}  // namespace parley::crypto
