#include <gtest/gtest.h>

#include "ca/crl_builder.h"
#include "ca/serial.h"
#include "test_util.h"
#include "x509/crl.h"

namespace parley::ca {
namespace {

using testing::provider;

TEST(CrlBuilder, RoundTripsThroughTheParser) {
  auto key = *provider().keys->generate(crypto::KeySpec::ec_p256);
  IssuerIdentity id{*build_cn_name("Issuing CA"), std::vector<uint8_t>(20, 0xab), key.get()};
  CrlTemplate t;
  t.number = 42;
  t.this_update = 1'800'000'000;
  t.next_update = t.this_update + 7 * 86400;
  t.entries.push_back({{0x7f, 0x01, 0x02}, 1'799'000'000, x509::CrlReason::key_compromise});
  t.entries.push_back({{0x80, 0x00}, 1'799'500'000, x509::CrlReason::unspecified});  // needs a 00 pad
  t.entries.push_back({{0x05}, 1'799'600'000, x509::CrlReason::cessation_of_operation});
  auto der = build_crl(t, id);
  ASSERT_TRUE(der) << der.error().message();
  auto crl = x509::Crl::parse(*der);
  ASSERT_TRUE(crl) << crl.error().message();
  const x509::Crl& c = **crl;
  EXPECT_EQ(c.version, 2);
  EXPECT_EQ(x509::to_string(c.issuer), "CN=Issuing CA");
  EXPECT_EQ(c.this_update, t.this_update);
  EXPECT_EQ(c.next_update, t.next_update);
  ASSERT_TRUE(c.crl_number);
  EXPECT_EQ(*der::parse_uint64(*c.crl_number), 42u);
  ASSERT_TRUE(c.authority_key_id && c.authority_key_id->key_id);
  EXPECT_TRUE(der::equal(*c.authority_key_id->key_id, id.key_id));
  ASSERT_EQ(c.revoked.size(), 3u);
  const auto* first = c.find(std::vector<uint8_t>{0x7f, 0x01, 0x02});
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->reason, x509::CrlReason::key_compromise);
  EXPECT_EQ(first->revocation_date, 1'799'000'000);
  const auto* second = c.find(std::vector<uint8_t>{0x00, 0x80, 0x00});
  ASSERT_NE(second, nullptr);
  EXPECT_FALSE(second->reason) << "unspecified is written as no reasonCode (RFC 5280 §5.3.1)";
  EXPECT_EQ(c.find(std::vector<uint8_t>{0x05})->reason, x509::CrlReason::cessation_of_operation);
  EXPECT_EQ(c.find(std::vector<uint8_t>{0x06}), nullptr);
  EXPECT_TRUE(key->public_key().verify(*c.signature_algorithm.alg, c.tbs, c.signature));
}

TEST(CrlBuilder, EmptyCrlOmitsRevokedCertificates) {
  auto key = *provider().keys->generate(crypto::KeySpec::ed25519);
  IssuerIdentity id{*build_cn_name("Root"), std::vector<uint8_t>(20, 1), key.get()};
  auto der = build_crl({1, 1'800'000'000, 1'800'086'400, {}}, id);
  ASSERT_TRUE(der);
  auto crl = x509::Crl::parse(*der);
  ASSERT_TRUE(crl) << crl.error().message();
  EXPECT_TRUE((*crl)->revoked.empty());
  EXPECT_FALSE(build_crl({1, 10, 10, {}}, id)) << "nextUpdate must follow thisUpdate";
}

TEST(CrlBuilder, AuthorityRevocationShowsInItsCrl) {
  auto ca = testing::make_ca();
  IssueOptions o;
  o.sans = testing::sans({"dns:a.example"});
  auto a = ca.issue(o);
  auto b = ca.issue(o);
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(ca.revoke(a->record.serial, x509::CrlReason::superseded));
  auto set = ca.crl(86400);
  ASSERT_TRUE(set) << set.error().message();
  auto crl = x509::Crl::parse(set->intermediate_crl);
  ASSERT_TRUE(crl);
  ASSERT_NE((*crl)->find(a->certificate->serial), nullptr);
  EXPECT_EQ((*crl)->find(a->certificate->serial)->reason, x509::CrlReason::superseded);
  EXPECT_EQ((*crl)->find(b->certificate->serial), nullptr);
  EXPECT_TRUE(x509::names_match((*crl)->issuer, ca.intermediate()->subject));
  ASSERT_TRUE(set->root_crl);
  auto root_crl = x509::Crl::parse(*set->root_crl);
  ASSERT_TRUE(root_crl);
  EXPECT_TRUE(x509::names_match((*root_crl)->issuer, ca.root()->subject));
  // CRL numbers increase.
  auto again = ca.crl(86400);
  ASSERT_TRUE(again);
  auto n1 = der::parse_uint64(*(*crl)->crl_number), n2 = der::parse_uint64(*(*x509::Crl::parse(again->intermediate_crl))->crl_number);
  EXPECT_LT(*n1, *n2);
}

}  // namespace
}  // namespace parley::ca
