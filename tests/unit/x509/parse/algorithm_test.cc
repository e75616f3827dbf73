#include "x509/algorithm.h"

#include <gtest/gtest.h>

#include "der/builder.h"
#include "der/oid.h"
#include "unit/x509/parse/test_util.h"

namespace parley::x509 {
namespace {

using crypto::SigAlg;
using testing::Bytes;
using testing::hex;

const char* kSha256Rsa = "06 09 2a 86 48 86 f7 0d 01 01 0b";
const char* kPss = "06 09 2a 86 48 86 f7 0d 01 01 0a";

Bytes seq(const std::string& inner) {
  Bytes body = hex(inner);
  return testing::cat({Bytes{0x30, static_cast<uint8_t>(body.size())}, body});
}

// An RSASSA-PSS AlgorithmIdentifier: hash, MGF1 hash, salt (each omitted when null/negative).
Bytes pss(const uint8_t* hash, const uint8_t* mgf_hash, int64_t salt, bool trailer = false, bool mgf1 = true) {
  der::Builder b;
  {
    auto alg = b.sequence();
    b.oid(der::kRsassaPss);
    auto params = b.sequence();
    if (hash) {
      auto h = b.constructed(der::context_constructed(0));
      auto a = b.sequence();
      b.oid(Input(hash, 9));
    }
    if (mgf_hash) {
      auto m = b.constructed(der::context_constructed(1));
      auto a = b.sequence();
      b.oid(mgf1 ? Input(der::kMgf1) : Input(der::kSha256, 9));
      auto h = b.sequence();
      b.oid(Input(mgf_hash, 9));
      b.null();
    }
    if (salt >= 0) {
      auto s = b.constructed(der::context_constructed(2));
      b.integer(salt);
    }
    if (trailer) {
      auto t = b.constructed(der::context_constructed(3));
      b.integer(1);
    }
  }
  return *std::move(b).finish();
}

SignatureAlgorithm ok(const Bytes& tlv) {
  auto r = parse_signature_algorithm(tlv);
  EXPECT_TRUE(r) << r.error().message();
  return r ? *r : SignatureAlgorithm{};
}

TEST(SignatureAlgorithm, RsaPkcs1NeedsNull) {
  auto a = ok(seq(std::string(kSha256Rsa) + " 05 00"));
  EXPECT_EQ(a.alg, SigAlg::rsa_pkcs1_sha256);
  EXPECT_EQ(a.name, "sha256WithRSAEncryption");
  auto absent = ok(seq(kSha256Rsa));
  EXPECT_FALSE(absent.alg);
  EXPECT_NE(absent.name.find("parameters must be NULL"), std::string_view::npos);
  EXPECT_EQ(ok(seq("06 09 2a 86 48 86 f7 0d 01 01 0c 05 00")).alg, SigAlg::rsa_pkcs1_sha384);
  EXPECT_EQ(ok(seq("06 09 2a 86 48 86 f7 0d 01 01 0d 05 00")).alg, SigAlg::rsa_pkcs1_sha512);
}

TEST(SignatureAlgorithm, EcdsaAndEd25519ForbidParameters) {
  EXPECT_EQ(ok(seq("06 08 2a 86 48 ce 3d 04 03 02")).alg, SigAlg::ecdsa_sha256);
  EXPECT_EQ(ok(seq("06 08 2a 86 48 ce 3d 04 03 03")).alg, SigAlg::ecdsa_sha384);
  EXPECT_EQ(ok(seq("06 08 2a 86 48 ce 3d 04 03 04")).alg, SigAlg::ecdsa_sha512);
  EXPECT_FALSE(ok(seq("06 08 2a 86 48 ce 3d 04 03 02 05 00")).alg);
  EXPECT_EQ(ok(seq("06 03 2b 65 70")).alg, SigAlg::ed25519);
  EXPECT_FALSE(ok(seq("06 03 2b 65 70 05 00")).alg);
}

TEST(SignatureAlgorithm, RsaPssOnlyWithMatchingParameters) {
  EXPECT_EQ(ok(pss(der::kSha256, der::kSha256, 32)).alg, SigAlg::rsa_pss_sha256);
  EXPECT_EQ(ok(pss(der::kSha384, der::kSha384, 48)).alg, SigAlg::rsa_pss_sha384);
  EXPECT_EQ(ok(pss(der::kSha512, der::kSha512, 64)).alg, SigAlg::rsa_pss_sha512);
  auto refused = [](const Bytes& tlv, std::string_view why) {
    auto a = ok(tlv);
    EXPECT_FALSE(a.alg) << a.name;
    EXPECT_NE(a.name.find(why), std::string_view::npos) << a.name;
  };
  refused(pss(der::kSha256, der::kSha256, 20), "salt length");
  refused(pss(der::kSha256, der::kSha256, -1), "salt length");
  refused(pss(der::kSha256, der::kSha384, 32), "MGF1 hash");
  refused(pss(der::kSha256, der::kSha256, 32, false, false), "MGF1");
  refused(pss(der::kSha256, nullptr, 32), "MGF1");
  refused(pss(nullptr, der::kSha256, 32), "SHA-1");
  refused(pss(der::kSha256, der::kSha256, 32, true), "trailerField");
  refused(seq(kPss), "parameters missing");
  refused(seq(std::string(kPss) + " 05 00"), "malformed");
}

TEST(SignatureAlgorithm, WeakAndUnknown) {
  auto sha1 = ok(seq("06 09 2a 86 48 86 f7 0d 01 01 05 05 00"));
  EXPECT_FALSE(sha1.alg);
  EXPECT_TRUE(sha1.weak);
  EXPECT_EQ(sha1.name, "sha1WithRSAEncryption");
  auto md5 = ok(seq("06 09 2a 86 48 86 f7 0d 01 01 04 05 00"));
  EXPECT_TRUE(md5.weak);
  auto ec1 = ok(seq("06 07 2a 86 48 ce 3d 04 01"));
  EXPECT_TRUE(ec1.weak);
  auto unknown = ok(seq("06 03 2a 03 04"));
  EXPECT_FALSE(unknown.alg);
  EXPECT_FALSE(unknown.weak);
  EXPECT_EQ(unknown.name, "1.2.3.4");
}

TEST(SignatureAlgorithm, MalformedIsAnError) {
  EXPECT_FALSE(parse_signature_algorithm(hex("30 00")));
  EXPECT_FALSE(parse_signature_algorithm(hex("30 04 05 00 05 00")));
  EXPECT_FALSE(parse_signature_algorithm(seq("06 03 2b 65 70 05 00 05 00")));
  EXPECT_FALSE(parse_signature_algorithm(hex("30 05 06 03 2b 65 70 00")));
}

}  // namespace
}  // namespace parley::x509
