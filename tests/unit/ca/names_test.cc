#include <gtest/gtest.h>

#include "ca/names.h"
#include "x509/name.h"

namespace parley::ca {
namespace {

using x509::GeneralNameType;

TEST(SanSpec, ParsesTheFourForms) {
  auto dns = parse_san("dns:Orders.Example.Internal");
  ASSERT_TRUE(dns);
  EXPECT_EQ(dns->type, GeneralNameType::dns);
  EXPECT_EQ(dns->text(), "orders.example.internal");  // lowercased
  auto ip4 = parse_san("ip:10.0.0.7");
  ASSERT_TRUE(ip4);
  EXPECT_EQ(ip4->value.size(), 4u);
  EXPECT_EQ(ip4->to_string(), "IP:10.0.0.7");
  auto ip6 = parse_san("IP:fd00::7");
  ASSERT_TRUE(ip6);
  EXPECT_EQ(ip6->value.size(), 16u);
  auto uri = parse_san("uri:spiffe://example.internal/ns/prod/sa/orders");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->type, GeneralNameType::uri);
  auto email = parse_san("email:alice@example.internal");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->type, GeneralNameType::rfc822);
  EXPECT_TRUE(parse_san("dns:*.example.internal"));
}

TEST(SanSpec, RejectsMalformedNames) {
  for (const char* bad : {"orders.internal", "dns:", "dns:-a.b", "dns:a..b", "dns:a.b.", "dns:a_b.c", "dns:a.*.b",
                          "ip:10.0.0", "ip:10.0.0.256", "ip:fd00:::1", "uri:no-scheme", "uri:https://a b",
                          "email:nobody", "email:a@b@c", "email:a@-b", "rid:1.2.3"}) {
    EXPECT_FALSE(parse_san(bad)) << bad;
  }
}

TEST(IpRanges, ParseAndContain) {
  auto r = parse_ip_range("10.0.0.0/8");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->contains(*parse_ip("10.200.1.1")));
  EXPECT_FALSE(r->contains(*parse_ip("11.0.0.1")));
  EXPECT_FALSE(r->contains(*parse_ip("::ffff:10.0.0.1")));
  EXPECT_EQ(r->to_string(), "10.0.0.0/8");
  auto v6 = parse_ip_range("fd00::/8");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->contains(*parse_ip("fd12::1")));
  auto single = parse_ip_range("192.0.2.1");
  ASSERT_TRUE(single);
  EXPECT_TRUE(single->contains(*parse_ip("192.0.2.1")));
  EXPECT_FALSE(single->contains(*parse_ip("192.0.2.2")));
  EXPECT_FALSE(parse_ip_range("10.0.0.1/8"));  // host bits set
  EXPECT_FALSE(parse_ip_range("10.0.0.0/33"));
  EXPECT_FALSE(parse_ip_range("10.0.0.0/"));
}

TEST(Names, BuildsACommonNameAndTheEmptyName) {
  auto name = build_cn_name("orders.example.internal");
  ASSERT_TRUE(name);
  EXPECT_EQ(x509::to_string(x509::Name{*name}), "CN=orders.example.internal");
  auto empty = build_cn_name("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, (std::vector<uint8_t>{0x30, 0x00}));
  EXPECT_FALSE(build_cn_name(std::string(65, 'a')));
}

}  // namespace
}  // namespace parley::ca
