// Key loading, saving and generation.
//
// The embedded keys in test_keys.h were made with the openssl 3.0 CLI:
//   openssl ecparam -name prime256v1 -genkey -noout -outform DER            (kP256Sec1)
//   openssl ec -inform DER -pubout -outform DER                             (kP256Spki)
//   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048; openssl rsa -traditional -outform DER (kRsa2048Pkcs1)
//   openssl rsa -pubout -outform DER                                        (kRsa2048Spki)
//   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:512 -outform DER (kRsa512Pkcs8)
//   openssl ecparam -name secp256k1 -genkey | openssl ec -pubout -outform DER (kSecp256k1Spki)
//   openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:correct-horse -outform DER (kP256EncryptedByOpensslCli)
#include <gtest/gtest.h>

#include "test_keys.h"
#include "test_util.h"

namespace parley::crypto {
namespace {

using test::bytes;
using test::hex;
using test::P;
using test::to_hex;

const KeyFactory& keys() { return *P().keys; }

void expect_same_key(const PrivateKey& a, const PrivateKey& b) {
  EXPECT_EQ(a.type(), b.type());
  EXPECT_EQ(a.bits(), b.bits());
  EXPECT_EQ(to_hex(a.public_key().spki_der()), to_hex(b.public_key().spki_der()));
  // And the loaded key really signs for the original public key.
  SigAlg alg = a.type() == KeyType::rsa       ? SigAlg::rsa_pss_sha256
               : a.type() == KeyType::ed25519 ? SigAlg::ed25519
                                              : SigAlg::ecdsa_sha256;
  auto sig = b.sign(alg, bytes("m"));
  ASSERT_TRUE(sig);
  EXPECT_TRUE(a.public_key().verify(alg, bytes("m"), *sig));
}

TEST(Keys, GeneratesEverySpec) {
  struct {
    KeySpec spec;
    KeyType type;
    size_t bits;
  } cases[] = {{KeySpec::ec_p256, KeyType::ec_p256, 256}, {KeySpec::ec_p384, KeyType::ec_p384, 384},
               {KeySpec::ed25519, KeyType::ed25519, 256}, {KeySpec::rsa_2048, KeyType::rsa, 2048}};
  for (const auto& c : cases) {
    auto k = keys().generate(c.spec);
    ASSERT_TRUE(k);
    EXPECT_EQ((*k)->type(), c.type);
    EXPECT_EQ((*k)->bits(), c.bits);
    EXPECT_EQ((*k)->public_key().type(), c.type);
    EXPECT_EQ((*k)->public_key().bits(), c.bits);
  }
}

TEST(Keys, Pkcs8RoundTrip) {
  for (KeySpec spec : {KeySpec::ec_p256, KeySpec::ec_p384, KeySpec::ed25519}) {
    auto k = keys().generate(spec);
    ASSERT_TRUE(k);
    auto der = (*k)->to_pkcs8(std::nullopt);
    ASSERT_TRUE(der);
    EXPECT_EQ(der->view()[0], 0x30);
    auto back = keys().load_private(der->view(), PrivateKeyFormat::pkcs8, std::nullopt);
    ASSERT_TRUE(back) << back.error().message();
    expect_same_key(**k, **back);
    // PKCS#8 is not a SEC1 key, nor an encrypted one.
    EXPECT_FALSE(keys().load_private(der->view(), PrivateKeyFormat::pkcs8_encrypted, "x"));
  }
}

TEST(Keys, EncryptedPkcs8RoundTripAndWrongPassphrase) {
  auto k = keys().generate(KeySpec::ec_p256);
  ASSERT_TRUE(k);
  auto enc = (*k)->to_pkcs8("correct-horse");
  ASSERT_TRUE(enc);
  auto plain = (*k)->to_pkcs8(std::nullopt);
  ASSERT_TRUE(plain);
  // The private scalar must not appear in the clear.
  EXPECT_EQ(std::search(enc->view().begin(), enc->view().end(), plain->view().end() - 32, plain->view().end() - 1),
            enc->view().end());

  auto back = keys().load_private(enc->view(), PrivateKeyFormat::pkcs8_encrypted, "correct-horse");
  ASSERT_TRUE(back) << back.error().message();
  expect_same_key(**k, **back);

  auto wrong = keys().load_private(enc->view(), PrivateKeyFormat::pkcs8_encrypted, "battery-staple");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, Error::Kind::Crypto);
  EXPECT_STREQ(wrong.error().what, "private key: wrong passphrase or corrupted key");

  auto none = keys().load_private(enc->view(), PrivateKeyFormat::pkcs8_encrypted, std::nullopt);
  EXPECT_FALSE(none);
  EXPECT_FALSE(keys().load_private(enc->view(), PrivateKeyFormat::pkcs8, std::nullopt));
}

TEST(Keys, EncryptedPkcs8UsesPbes2WithAes256Cbc) {
  auto k = keys().generate(KeySpec::ed25519);
  ASSERT_TRUE(k);
  auto enc = (*k)->to_pkcs8("pw");
  ASSERT_TRUE(enc);
  std::string der_hex = to_hex(enc->view());
  EXPECT_NE(der_hex.find("2a864886f70d01050d"), std::string::npos);    // id-PBES2
  EXPECT_NE(der_hex.find("2a864886f70d01050c"), std::string::npos);    // id-PBKDF2
  EXPECT_NE(der_hex.find("2a864886f70d0209"), std::string::npos);      // hmacWithSHA256
  EXPECT_NE(der_hex.find("60864801650304012a"), std::string::npos);    // aes256-CBC
  EXPECT_NE(der_hex.find("02030927c0"), std::string::npos);            // 600000 iterations
}

TEST(Keys, LoadsEncryptedPkcs8FromOpensslCli) {
  auto k = keys().load_private(hex(test_keys::kP256EncryptedByOpensslCli), PrivateKeyFormat::pkcs8_encrypted,
                               "correct-horse");
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_EQ(to_hex((*k)->public_key().spki_der()), test_keys::kP256Spki);
  EXPECT_FALSE(keys().load_private(hex(test_keys::kP256EncryptedByOpensslCli), PrivateKeyFormat::pkcs8_encrypted,
                                   "Correct-horse"));
}

TEST(Keys, LoadsSec1EcKey) {
  auto k = keys().load_private(hex(test_keys::kP256Sec1), PrivateKeyFormat::sec1, std::nullopt);
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_EQ((*k)->type(), KeyType::ec_p256);
  EXPECT_EQ(to_hex((*k)->public_key().spki_der()), test_keys::kP256Spki);
  // Saved as PKCS#8 and loaded again: the same key.
  auto p8 = (*k)->to_pkcs8(std::nullopt);
  ASSERT_TRUE(p8);
  auto back = keys().load_private(p8->view(), PrivateKeyFormat::pkcs8, std::nullopt);
  ASSERT_TRUE(back);
  expect_same_key(**k, **back);
  // A SEC1 key is not PKCS#1 or PKCS#8.
  EXPECT_FALSE(keys().load_private(hex(test_keys::kP256Sec1), PrivateKeyFormat::pkcs1, std::nullopt));
  EXPECT_FALSE(keys().load_private(hex(test_keys::kP256Sec1), PrivateKeyFormat::pkcs8, std::nullopt));
}

TEST(Keys, LoadsPkcs1RsaKey) {
  auto k = keys().load_private(hex(test_keys::kRsa2048Pkcs1), PrivateKeyFormat::pkcs1, std::nullopt);
  ASSERT_TRUE(k) << k.error().message();
  EXPECT_EQ((*k)->type(), KeyType::rsa);
  EXPECT_EQ((*k)->bits(), 2048u);
  EXPECT_EQ(to_hex((*k)->public_key().spki_der()), test_keys::kRsa2048Spki);
  EXPECT_FALSE(keys().load_private(hex(test_keys::kRsa2048Pkcs1), PrivateKeyFormat::sec1, std::nullopt));
  auto p8 = (*k)->to_pkcs8(std::nullopt);
  ASSERT_TRUE(p8);
  auto back = keys().load_private(p8->view(), PrivateKeyFormat::pkcs8, std::nullopt);
  ASSERT_TRUE(back);
  expect_same_key(**k, **back);
}

TEST(Keys, RejectsTrailingBytesAndGarbageInPrivateKeys) {
  Bytes der = hex(test_keys::kP256Sec1);
  der.push_back(0);
  EXPECT_FALSE(keys().load_private(der, PrivateKeyFormat::sec1, std::nullopt));
  Bytes cut = hex(test_keys::kP256Sec1);
  cut.resize(cut.size() - 3);
  EXPECT_FALSE(keys().load_private(cut, PrivateKeyFormat::sec1, std::nullopt));
  EXPECT_FALSE(keys().load_private({}, PrivateKeyFormat::pkcs8, std::nullopt));
  EXPECT_FALSE(keys().load_private(bytes("not a key"), PrivateKeyFormat::pkcs8, std::nullopt));
}

TEST(Keys, RejectsRsaKeysShorterThan1024Bits) {
  auto k = keys().load_private(hex(test_keys::kRsa512Pkcs8), PrivateKeyFormat::pkcs8, std::nullopt);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().kind, Error::Kind::Crypto);
}

TEST(PublicKeys, LoadsSpkiAndExposesTypeBitsAndDer) {
  auto ec = keys().load_public(hex(test_keys::kP256Spki));
  ASSERT_TRUE(ec);
  EXPECT_EQ((*ec)->type(), KeyType::ec_p256);
  EXPECT_EQ((*ec)->bits(), 256u);
  EXPECT_EQ(to_hex((*ec)->spki_der()), test_keys::kP256Spki);
  auto rsa = keys().load_public(hex(test_keys::kRsa2048Spki));
  ASSERT_TRUE(rsa);
  EXPECT_EQ((*rsa)->type(), KeyType::rsa);
  EXPECT_EQ((*rsa)->bits(), 2048u);
}

TEST(PublicKeys, RejectsTrailingGarbage) {
  Bytes spki = hex(test_keys::kP256Spki);
  spki.push_back(0x00);
  auto r = keys().load_public(spki);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Error::Kind::Crypto);
  spki = hex(test_keys::kRsa2048Spki);
  spki.insert(spki.end(), {0x05, 0x00});
  EXPECT_FALSE(keys().load_public(spki));
}

TEST(PublicKeys, RejectsTruncatedOffCurveAndUnsupported) {
  Bytes spki = hex(test_keys::kP256Spki);
  EXPECT_FALSE(keys().load_public(ByteView(spki).first(spki.size() - 1)));
  Bytes off = spki;
  off.back() ^= 0x01;  // last byte of y
  EXPECT_FALSE(keys().load_public(off));
  EXPECT_FALSE(keys().load_public(hex(test_keys::kSecp256k1Spki)));  // a curve TLS 1.3 does not use
  EXPECT_FALSE(keys().load_public({}));
  // Non-minimal length encoding of the outer SEQUENCE (BER, not DER).
  Bytes ber = {0x30, 0x81, static_cast<uint8_t>(spki.size() - 2)};
  ber.insert(ber.end(), spki.begin() + 2, spki.end());
  EXPECT_FALSE(keys().load_public(ber));
}

// RFC 5480 §2.1.1: EC keys name their curve. These explicit parameters are
// P-256's own (openssl ecparam -name prime256v1 -param_enc explicit), which
// libcrypto would otherwise recognise and report as "prime256v1".
TEST(PublicKeys, RejectsExplicitCurveParametersEvenForANamedCurve) {
  Bytes explicit_spki = hex(
      "3082014b3082010306072a8648ce3d02013081f7020101302c06072a8648ce3d0101022100ffffffff00000001000000"
      "000000000000000000ffffffffffffffffffffffff305b0420ffffffff00000001000000000000000000000000ffffff"
      "fffffffffffffffffc04205ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b031500c49d"
      "360886e704936a6678e1139d26b7819f7e900441046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a139"
      "45d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5022100ffffffff00000000"
      "ffffffffffffffffbce6faada7179e84f3b9cac2fc632551020101034200040874fbb65b3ea7e57343265ca0e357e110"
      "a4f272016f7a4dba2d7e28884279318885bd885b30a5502c806070c28276eaf90982bfdd7c17aa689edb00b755ac97");
  auto key = keys().load_public(explicit_spki);
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().message().find("named curve"), std::string::npos);
}

}  // namespace
}  // namespace parley::crypto
