// RFC 5280 §4.2.1.10 subtree tests, as tables.
#include "x509/name_constraints.h"

#include <gtest/gtest.h>

#include <vector>

namespace parley::x509 {
namespace {

struct Case {
  const char* name;
  const char* constraint;
  bool within;
};

TEST(NameConstraints, DnsSubtrees) {
  const Case cases[] = {
      {"example.com", "example.com", true},   {"sub.example.com", "example.com", true},
      {"a.b.example.com", "example.com", true}, {"badexample.com", "example.com", false},
      {"example.com", "sub.example.com", false}, {"EXAMPLE.com", "example.COM", true},
      {"anything.org", "", true},             {"example.com.", "example.com", true},
      {"*.example.com", "example.com", true},
  };
  for (const auto& c : cases) EXPECT_EQ(dns_in_subtree(c.name, c.constraint), c.within) << c.name << " in " << c.constraint;
}

TEST(NameConstraints, EmailSubtrees) {
  const Case cases[] = {
      {"alice@example.com", "alice@example.com", true},  // a mailbox
      {"bob@example.com", "alice@example.com", false},
      {"alice@EXAMPLE.com", "alice@example.com", true},  // host case-insensitive
      {"Alice@example.com", "alice@example.com", false}, // local part exact
      {"user*@example.com", "user*@example.com", true},  // '*' literal
      {"user1@example.com", "user*@example.com", false},
      {"alice@example.com", "example.com", true},        // a host
      {"alice@mail.example.com", "example.com", false},
      {"alice@mail.example.com", ".example.com", true},  // a domain: subdomains only
      {"alice@example.com", ".example.com", false},
      {"invalid@address@example.com", "example.com", false},  // malformed mailbox
  };
  for (const auto& c : cases) EXPECT_EQ(email_in_subtree(c.name, c.constraint), c.within) << c.name << " in " << c.constraint;
}

TEST(NameConstraints, UriSubtrees) {
  EXPECT_EQ(uri_host("https://user@host.example.com:8443/x?y"), "host.example.com");
  EXPECT_EQ(uri_host("spiffe://trust.example/ns/a"), "trust.example");
  EXPECT_FALSE(uri_host("urn:uuid:1234"));
  EXPECT_TRUE(uri_in_subtree("https://host.example.com/", "host.example.com"));
  EXPECT_FALSE(uri_in_subtree("https://a.host.example.com/", "host.example.com"));
  EXPECT_TRUE(uri_in_subtree("https://a.host.example.com/", ".host.example.com"));
  EXPECT_FALSE(uri_in_subtree("https://host.example.com/", ".host.example.com"));
  EXPECT_FALSE(uri_in_subtree("urn:uuid:1234", "example.com"));
}

TEST(NameConstraints, IpSubtrees) {
  const std::vector<uint8_t> net10 = {10, 0, 0, 0, 255, 0, 0, 0};
  const std::vector<uint8_t> in = {10, 1, 2, 3}, out = {11, 1, 2, 3};
  EXPECT_TRUE(ip_in_subtree(in, net10));
  EXPECT_FALSE(ip_in_subtree(out, net10));
  std::vector<uint8_t> v6(16, 0);
  v6[15] = 1;
  EXPECT_FALSE(ip_in_subtree(v6, net10));  // IPv4 and IPv6 never cross-match
  std::vector<uint8_t> v6net(32, 0);       // ::/0
  EXPECT_TRUE(ip_in_subtree(v6, v6net));
  EXPECT_FALSE(ip_in_subtree(in, v6net));
}

GeneralName gn(GeneralNameType t, const std::vector<uint8_t>& v) { return GeneralName{t, v}; }
GeneralName gn(GeneralNameType t, std::string_view s) {
  return GeneralName{t, Input(reinterpret_cast<const uint8_t*>(s.data()), s.size())};
}

TEST(NameConstraints, InvalidConstraintsAreRejected) {
  static const std::vector<uint8_t> good_mask = {10, 0, 0, 0, 255, 255, 0, 0};
  static const std::vector<uint8_t> holey_mask = {10, 0, 0, 0, 255, 0, 255, 0};
  NameConstraints ok;
  ok.permitted.push_back(gn(GeneralNameType::ip, good_mask));
  ok.permitted.push_back(gn(GeneralNameType::dns, "example.com"));
  EXPECT_FALSE(validate_name_constraints(ok));
  for (auto bad : {gn(GeneralNameType::ip, holey_mask), gn(GeneralNameType::dns, ".example.com"),
                   gn(GeneralNameType::dns, "*.example.com"), gn(GeneralNameType::rfc822, "a@b@c")}) {
    NameConstraints nc;
    nc.excluded.push_back(bad);
    EXPECT_TRUE(validate_name_constraints(nc)) << to_string(bad);
  }
  EXPECT_TRUE(validate_name_constraints(NameConstraints{}));  // neither permitted nor excluded
}

}  // namespace
}  // namespace parley::x509
