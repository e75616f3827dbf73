#include <gtest/gtest.h>

#include <parley/credentials.h>
#include <parley/x509.h>

#include "api_test_util.h"
#include "x509/trust_store.h"

namespace parley {
namespace {

TEST(VerifyChain, AcceptsTheIssuedChainForItsNames) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal", "ip:10.0.0.7"});
  auto roots = ca.trust_store();
  for (const char* name : {"orders.internal", "10.0.0.7", ""}) {
    auto r = verify_chain(server.identity.chain, *roots, api_testing::for_name(name));
    EXPECT_TRUE(r.verified) << name << ": " << r.text;
    EXPECT_EQ(r.path.size(), 3u);
    EXPECT_FALSE(r.alert);
    EXPECT_TRUE(r.findings.empty());
  }
}

TEST(VerifyChain, WrongNameIsAFindingWithItsAlert) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  auto r = verify_chain(server.identity.chain, *ca.trust_store(), api_testing::for_name("billing.internal"));
  EXPECT_FALSE(r.verified);
  EXPECT_EQ(r.alert, Alert::bad_certificate);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].rule, "hostname_mismatch");
  EXPECT_EQ(r.findings[0].position, 0);
  EXPECT_NE(r.text.find("billing.internal"), std::string::npos);

  auto ip = verify_chain(server.identity.chain, *ca.trust_store(), api_testing::for_name("10.0.0.8"));
  ASSERT_FALSE(ip.findings.empty());
  EXPECT_EQ(ip.findings[0].rule, "ip_mismatch");
}

TEST(VerifyChain, PurposeAndTimeApply) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  ChainOptions client_purpose;
  client_purpose.purpose = Purpose::client;
  auto as_client = verify_chain(server.identity.chain, *ca.trust_store(), client_purpose);
  ASSERT_FALSE(as_client.findings.empty());
  EXPECT_EQ(as_client.findings[0].rule, "extended_key_usage_mismatch");

  ChainOptions in_2096;
  in_2096.at = int64_t{4'000'000'000};
  auto later = verify_chain(server.identity.chain, *ca.trust_store(), in_2096);
  ASSERT_FALSE(later.findings.empty());
  EXPECT_EQ(later.findings[0].rule, "expired");
  EXPECT_EQ(later.alert, Alert::certificate_expired);
}

TEST(VerifyChain, RevokedByACrl) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  ASSERT_TRUE(ca.revoke(server.serial, "keyCompromise"));
  auto crl = ca.crl_pem();
  ASSERT_TRUE(crl);
  api_testing::TempDir dir;
  auto crls = load_crls({dir.write("ca.crl", *crl)});
  ASSERT_TRUE(crls) << crls.error().message();
  // The leaf's finding is what matters here (the report lists every path).
  ChainOptions with_crls;
  with_crls.crls = *crls;
  auto r = verify_chain(server.identity.chain, *ca.trust_store(), with_crls);
  EXPECT_FALSE(r.verified);
  bool revoked = false;
  for (const auto& f : r.findings) revoked = revoked || (f.rule == "revoked" && f.position == 0);
  EXPECT_TRUE(revoked) << r.text;
}

TEST(VerifyChain, NoCertificateIsRejected) {
  auto ca = api_testing::make_authority();
  auto r = verify_chain({}, *ca.trust_store());
  EXPECT_FALSE(r.verified);
  EXPECT_EQ(r.alert, Alert::certificate_required);
}

}  // namespace
}  // namespace parley
