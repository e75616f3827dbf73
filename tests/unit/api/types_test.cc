#include <gtest/gtest.h>

#include <parley/types.h>

namespace parley {
namespace {

TEST(IpAddress, ParsesAndPrintsBothFamilies) {
  auto v4 = IpAddress::parse("10.0.0.7");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->len, 4);
  EXPECT_EQ(v4->to_string(), "10.0.0.7");
  auto v6 = IpAddress::parse("fd00:0:0::1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->len, 16);
  EXPECT_EQ(v6->to_string(), "fd00::1");  // RFC 5952 form
  EXPECT_FALSE(IpAddress::parse("10.0.0.256"));
  EXPECT_FALSE(IpAddress::parse("orders.internal"));
}

TEST(AlgorithmNames, ComeFromTheProviderTables) {
  EXPECT_EQ(crypto::suite_name(crypto::Suite::aes_256_gcm_sha384), "TLS_AES_256_GCM_SHA384");
  EXPECT_EQ(crypto::suite_name(static_cast<crypto::Suite>(0x1304)), "unknown");
  EXPECT_EQ(crypto::group_name(crypto::Group::x25519), "x25519");
  EXPECT_EQ(crypto::group_name(crypto::Group::secp384r1), "secp384r1");
  EXPECT_EQ(crypto::scheme_name(crypto::SignatureScheme::ed25519), "ed25519");
}

TEST(KeyNames, SpecNamesRoundTrip) {
  for (auto spec : {crypto::KeySpec::ec_p256, crypto::KeySpec::ec_p384, crypto::KeySpec::ed25519,
                    crypto::KeySpec::rsa_2048, crypto::KeySpec::rsa_3072, crypto::KeySpec::rsa_4096}) {
    EXPECT_EQ(crypto::parse_key_spec(crypto::key_spec_name(spec)), spec);
  }
  EXPECT_EQ(crypto::parse_key_spec("dsa-1024"), std::nullopt);
  EXPECT_EQ(crypto::key_type_name(crypto::KeyType::ec_p256), "ECDSA P-256");
}

}  // namespace
}  // namespace parley
