#include <gtest/gtest.h>

#include "ca/duration.h"
#include "ca/policy.h"
#include "test_util.h"

namespace parley::ca {
namespace {

using testing::FakePublicKey;
using testing::sans;

IssuancePolicy dns_only() {
  IssuancePolicy p;
  p.dns_suffixes = std::vector<std::string>{"example.internal"};
  p.ip_ranges.emplace();
  return p;
}

bool allowed(const IssuancePolicy& p, const char* spec) { return check_name(p, *parse_san(spec)).has_value(); }

TEST(Policy, DnsSuffixesAreSubtreesOnLabelBoundaries) {
  auto p = dns_only();
  EXPECT_TRUE(allowed(p, "dns:example.internal"));
  EXPECT_TRUE(allowed(p, "dns:a.b.example.internal"));
  EXPECT_TRUE(allowed(p, "dns:*.example.internal"));
  EXPECT_FALSE(allowed(p, "dns:badexample.internal"));
  EXPECT_FALSE(allowed(p, "dns:example.internal.evil.com"));
  EXPECT_FALSE(allowed(p, "dns:internal"));
  auto e = check_name(p, *parse_san("dns:evil.com"));
  ASSERT_FALSE(e);
  // One line that names the value, the rule and what to do.
  const std::string msg = e.error().message();
  EXPECT_NE(msg.find("DNS:evil.com"), std::string::npos);
  EXPECT_NE(msg.find("example.internal"), std::string::npos);
  EXPECT_NE(msg.find("ca.json"), std::string::npos);
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(Policy, AbsentListsAllowEverythingEmptyListsNothing) {
  IssuancePolicy open;
  EXPECT_TRUE(allowed(open, "dns:anything.example"));
  EXPECT_TRUE(allowed(open, "ip:192.0.2.1"));
  EXPECT_TRUE(allowed(open, "uri:urn:uuid:1234"));
  EXPECT_TRUE(allowed(open, "email:a@b.example"));
  auto p = dns_only();
  EXPECT_FALSE(allowed(p, "ip:10.0.0.1"));
  EXPECT_FALSE(allowed(p, "ip:::1"));
}

TEST(Policy, IpRanges) {
  IssuancePolicy p;
  p.ip_ranges = std::vector<IpRange>{*parse_ip_range("10.0.0.0/8"), *parse_ip_range("fd00::/8")};
  EXPECT_TRUE(allowed(p, "ip:10.1.2.3"));
  EXPECT_TRUE(allowed(p, "ip:fd00::1"));
  EXPECT_FALSE(allowed(p, "ip:192.168.0.1"));
  EXPECT_FALSE(allowed(p, "ip:fe80::1"));
}

TEST(Policy, UrisFollowPrefixesOrTheDnsSuffixes) {
  auto p = dns_only();
  EXPECT_TRUE(allowed(p, "uri:spiffe://example.internal/ns/a"));
  EXPECT_TRUE(allowed(p, "uri:https://api.example.internal:8443/x"));
  EXPECT_FALSE(allowed(p, "uri:https://evil.com/example.internal"));
  EXPECT_FALSE(allowed(p, "uri:https://user@evil.com/"));
  EXPECT_FALSE(allowed(p, "uri:urn:uuid:1234"));  // no host
  p.uri_prefixes = std::vector<std::string>{"spiffe://example.internal/"};
  EXPECT_TRUE(allowed(p, "uri:spiffe://example.internal/ns/a"));
  EXPECT_FALSE(allowed(p, "uri:https://api.example.internal/"));
}

TEST(Policy, EmailDomains) {
  auto p = dns_only();
  EXPECT_TRUE(allowed(p, "email:alice@example.internal"));
  EXPECT_TRUE(allowed(p, "email:bob@eu.example.internal"));
  EXPECT_FALSE(allowed(p, "email:eve@example.com"));
  p.email_domains = std::vector<std::string>{"example.com"};
  EXPECT_TRUE(allowed(p, "email:eve@example.com"));
  EXPECT_FALSE(allowed(p, "email:alice@example.internal"));
}

TEST(Policy, KeyTypesAndSizes) {
  IssuancePolicy p;
  EXPECT_TRUE(check_key(p, FakePublicKey(crypto::KeyType::ec_p256, 256)));
  EXPECT_TRUE(check_key(p, FakePublicKey(crypto::KeyType::rsa, 2048)));
  EXPECT_FALSE(check_key(p, FakePublicKey(crypto::KeyType::rsa, 1024)));
  EXPECT_FALSE(check_key(p, FakePublicKey(crypto::KeyType::rsa, 16384)));
  p.key_types = {"ed25519"};
  auto e = check_key(p, FakePublicKey(crypto::KeyType::ec_p256, 256));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("ecdsa-p256"), std::string::npos);
  EXPECT_TRUE(check_key(p, FakePublicKey(crypto::KeyType::ed25519, 256)));
}

TEST(Policy, WholeRequest) {
  auto p = dns_only();
  FakePublicKey k(crypto::KeyType::ec_p256, 256);
  auto good = sans({"dns:a.example.internal"});
  IssuanceRequest req{Profile::server, &k, good, std::string("a.example.internal"), 90 * kDay};
  EXPECT_TRUE(check_request(p, req));

  auto none = std::vector<SanEntry>{};
  EXPECT_FALSE(check_request(p, {Profile::server, &k, none, std::nullopt, 90 * kDay}));
  auto dup = sans({"dns:a.example.internal", "dns:a.example.internal"});
  EXPECT_FALSE(check_request(p, {Profile::server, &k, dup, std::nullopt, 90 * kDay}));
  // A server's CN must be one of its SANs; a client's may be a person's name.
  EXPECT_FALSE(check_request(p, {Profile::server, &k, good, std::string("other.example.internal"), 90 * kDay}));
  EXPECT_TRUE(check_request(p, {Profile::client, &k, good, std::string("Alice"), 90 * kDay}));
  // Validity: the policy's max (397d by default), and the profile's hard cap.
  EXPECT_TRUE(check_request(p, {Profile::server, &k, good, std::nullopt, 397 * kDay}));
  EXPECT_FALSE(check_request(p, {Profile::server, &k, good, std::nullopt, 398 * kDay}));
  p.max_validity = 5 * kYear;
  EXPECT_FALSE(check_request(p, {Profile::server, &k, good, std::nullopt, 826 * kDay}));
  EXPECT_FALSE(check_request(p, {Profile::server, &k, good, std::nullopt, 0}));
}

TEST(Durations, ParseAndFormat) {
  EXPECT_EQ(*parse_duration("90d"), 90 * kDay);
  EXPECT_EQ(*parse_duration("3y"), 3 * kYear);
  EXPECT_EQ(*parse_duration("12h"), 12 * kHour);
  EXPECT_EQ(*parse_duration("30m"), 30 * kMinute);
  for (const char* bad : {"", "d", "0d", "-1d", "1w", "1.5d", "d1", "101y", "1dd"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
  EXPECT_EQ(format_duration(397 * kDay), "397d");
  EXPECT_EQ(format_duration(2 * kYear), "2y");
  EXPECT_EQ(describe_remaining(1000 + 42 * kDay + 5, 1000), "in 42 days");
  EXPECT_EQ(describe_remaining(999, 1000), "expired");
}

}  // namespace
}  // namespace parley::ca
