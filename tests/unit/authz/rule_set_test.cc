// RuleSet: deny by default, the first matching rule admits and is named, a
// refusal says what the peer showed, and malformed rules are refused.
#include <gtest/gtest.h>

#include <parley/authz.h>

namespace parley::authz {
namespace {

PeerIdentity peer() {
  PeerIdentity p;
  p.subject = "CN=orders,O=Example";
  p.issuer = "CN=Example Issuing CA,O=Example";
  p.uris = {"spiffe://example.internal/ns/shop/sa/orders"};
  p.dns_names = {"orders.shop.internal"};
  return p;
}

TEST(RuleSet, DeniesByDefault) {
  RuleSet rules("test");
  EXPECT_TRUE(rules.empty());
  auto d = rules.decide(peer());
  EXPECT_FALSE(d.allowed);
  EXPECT_NE(d.reason.find("none of the 0 allow rule(s) of test"), std::string::npos) << d.reason;
}

TEST(RuleSet, TheFirstMatchingRuleAdmitsAndIsNamed) {
  RuleSet rules;
  ASSERT_TRUE(rules.allow_dns("billing.internal"));
  ASSERT_TRUE(rules.allow_uri("spiffe://example.internal/ns/shop/sa/*"));
  ASSERT_TRUE(rules.allow_dns("*.shop.internal"));
  auto d = rules.decide(peer());
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.rule, "uri spiffe://example.internal/ns/shop/sa/*");
  EXPECT_EQ(rules.authorize(peer()).value(), d.rule);
}

TEST(RuleSet, EachKindOfRuleLooksAtItsOwnNames) {
  auto admits = [](auto add) {
    RuleSet rules;
    EXPECT_TRUE(add(rules));
    return rules.decide(peer()).allowed;
  };
  EXPECT_TRUE(admits([](RuleSet& r) { return r.allow_subject("O=Example,CN=orders"); }));
  EXPECT_TRUE(admits([](RuleSet& r) { return r.allow_issuer("CN=Example Issuing CA"); }));
  EXPECT_FALSE(admits([](RuleSet& r) { return r.allow_issuer("CN=orders"); }));  // the issuer, not the subject
  EXPECT_FALSE(admits([](RuleSet& r) { return r.allow_subject("CN=Example Issuing CA"); }));
  EXPECT_FALSE(admits([](RuleSet& r) { return r.allow_dns("spiffe.example.internal"); }));
  EXPECT_FALSE(admits([](RuleSet& r) { return r.allow_uri("spiffe://example.internal/ns/pay/sa/*"); }));
}

TEST(RuleSet, AnyAdmitsEveryVerifiedPeer) {
  RuleSet rules;
  rules.allow_any();
  EXPECT_EQ(rules.authorize(PeerIdentity{}).value(), "any");
}

TEST(RuleSet, ARefusalIsAccessDeniedAndSaysWhatThePeerShowed) {
  RuleSet rules("tunnel server");
  ASSERT_TRUE(rules.allow_uri("spiffe://example.internal/ns/pay/sa/*"));
  auto r = rules.authorize(peer());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, Error::Kind::Certificate);
  EXPECT_EQ(r.error().alert, Alert::access_denied);
  EXPECT_NE(r.error().detail.find("spiffe://example.internal/ns/shop/sa/orders"), std::string::npos);
  EXPECT_NE(r.error().detail.find("none of the 1 allow rule(s) of tunnel server"), std::string::npos);
}

TEST(RuleSet, AMalformedRuleIsRefusedAndNotAdded) {
  RuleSet rules;
  auto r = rules.allow_uri("spiffe://example.internal/sa/web-*");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("web-*"), std::string::npos) << r.error().message();
  EXPECT_TRUE(rules.empty());
  EXPECT_FALSE(rules.allow_dns("*"));
  EXPECT_FALSE(rules.allow_subject("CN"));
  EXPECT_TRUE(rules.empty());
}

TEST(RuleSet, DescribesItsRulesAsWritten) {
  RuleSet rules;
  ASSERT_TRUE(rules.allow_dns("*.shop.internal"));
  rules.allow_any();
  EXPECT_EQ(rules.describe(), (std::vector<std::string>{"dns *.shop.internal", "any"}));
}

}  // namespace
}  // namespace parley::authz
