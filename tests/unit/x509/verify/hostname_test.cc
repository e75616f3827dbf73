// RFC 6125 / RFC 9525 reference identity matching, as a table.
#include "x509/hostname.h"

#include <gtest/gtest.h>

namespace parley::x509 {
namespace {

struct DnsCase {
  const char* reference;
  const char* presented;
  bool match;
};

TEST(Hostname, DnsMatchingTable) {
  const DnsCase cases[] = {
      {"example.com", "example.com", true},
      {"example.com", "EXAMPLE.com", true},            // case-insensitive ASCII
      {"example.com", "example.com.", true},           // trailing dot normalised
      {"www.example.com", "*.example.com", true},      // wildcard = one label
      {"WWW.Example.COM", "*.example.com", true},
      {"a.b.example.com", "*.example.com", false},     // never more than one label
      {"example.com", "*.example.com", false},         // never zero labels
      {"foo.example.com", "f*.example.com", false},    // partial-label wildcard
      {"foo.example.com", "*oo.example.com", false},
      {"a.b.example.com", "*.*.example.com", false},   // wildcard only left-most
      {"foo.example.com", "foo.*.com", false},
      {"example.com", "*.com", false},                 // ≥2 labels after the wildcard
      {"com", "*", false},
      {"foo.example.com", "example.com", false},       // no subdomain matching
      {"example.com", "badexample.com", false},
      {"xn--n3h.com", "xn--n3h.com", true},            // A-labels as ASCII
      {"xn--n3h.com", "*.com", false},
      {"foo_bar.example.com", "foo_bar.example.com", false},  // underscore is not LDH
      {"example.com", "", false},
  };
  for (const auto& c : cases) {
    auto ref = normalize_reference_hostname(c.reference);
    bool got = ref && dns_name_matches(*ref, c.presented);
    EXPECT_EQ(got, c.match) << c.reference << " vs " << c.presented;
  }
}

TEST(Hostname, ReferenceNamesAreValidated) {
  EXPECT_EQ(*normalize_reference_hostname("Example.COM."), "example.com");
  EXPECT_FALSE(normalize_reference_hostname(""));
  EXPECT_FALSE(normalize_reference_hostname("a..b"));
  EXPECT_FALSE(normalize_reference_hostname("-a.com"));
  EXPECT_FALSE(normalize_reference_hostname(std::string(64, 'a') + ".com"));
  EXPECT_TRUE(normalize_reference_hostname(std::string(63, 'a') + ".com"));
  EXPECT_FALSE(normalize_reference_hostname(std::string(250, 'a').insert(60, ".").insert(120, ".").insert(180, ".") + ".com"));
  auto u = normalize_reference_hostname("bücher.example");
  ASSERT_FALSE(u);
  EXPECT_NE(u.error().message().find("A-label"), std::string::npos);
}

TEST(Hostname, IpAddressParsing) {
  auto v4 = parse_ip_address("192.0.2.1");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->len, 4);
  EXPECT_EQ(to_string(*v4), "192.0.2.1");
  EXPECT_FALSE(parse_ip_address("192.0.2"));
  EXPECT_FALSE(parse_ip_address("192.0.2.256"));
  EXPECT_FALSE(parse_ip_address("192.0.2.01"));  // leading zero: octal in some parsers
  EXPECT_FALSE(parse_ip_address("0xC0000201"));
  auto v6 = parse_ip_address("2001:DB8:0:0:1:0:0:1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->len, 16);
  EXPECT_EQ(to_string(*v6), "2001:db8::1:0:0:1");  // RFC 5952
  EXPECT_EQ(to_string(*parse_ip_address("::1")), "::1");
  EXPECT_EQ(to_string(*parse_ip_address("::")), "::");
  EXPECT_EQ(to_string(*parse_ip_address("::ffff:192.0.2.1")), "::ffff:c000:201");
  EXPECT_EQ(*parse_ip_address("fe80::1"), *parse_ip_address("fe80:0:0:0:0:0:0:1"));
  EXPECT_FALSE(parse_ip_address("1::2::3"));
  EXPECT_FALSE(parse_ip_address("1:2:3:4:5:6:7:8:9"));
  EXPECT_FALSE(parse_ip_address("12345::1"));
  EXPECT_FALSE(parse_ip_address(":1"));
  EXPECT_FALSE(parse_ip_address("1:"));
}

}  // namespace
}  // namespace parley::x509
