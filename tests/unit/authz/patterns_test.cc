// The matchers behind the identity rules, one behaviour per test, the tricky
// cases included (segment wildcards, case, trailing dots, percent-encoding).
#include <gtest/gtest.h>

#include "authz/patterns.h"

namespace parley::authz {
namespace {

UriPattern uri(std::string_view p) {
  auto r = UriPattern::parse(p);
  EXPECT_TRUE(r) << p << ": " << r.error().message();
  return *r;
}
DnsPattern dns(std::string_view p) {
  auto r = DnsPattern::parse(p);
  EXPECT_TRUE(r) << p << ": " << r.error().message();
  return *r;
}
NamePattern name(std::string_view p) {
  auto r = NamePattern::parse(p);
  EXPECT_TRUE(r) << p << ": " << r.error().message();
  return *r;
}

// --- URI / SPIFFE ---

TEST(UriPattern, ExactSpiffeIdMatchesItselfOnly) {
  auto p = uri("spiffe://example.internal/ns/shop/sa/orders");
  EXPECT_TRUE(p.matches("spiffe://example.internal/ns/shop/sa/orders"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/orders2"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/orders/x"));
  EXPECT_FALSE(p.matches("spiffe://other.internal/ns/shop/sa/orders"));
}

TEST(UriPattern, StarMatchesExactlyOneSegment) {
  auto p = uri("spiffe://example.internal/ns/shop/sa/*");
  EXPECT_TRUE(p.matches("spiffe://example.internal/ns/shop/sa/orders"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/orders/extra"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/"));  // an empty segment is not a segment
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/other/sa/orders"));
}

TEST(UriPattern, StarInTheMiddleMatchesOneSegment) {
  auto p = uri("spiffe://example.internal/ns/*/sa/orders");
  EXPECT_TRUE(p.matches("spiffe://example.internal/ns/shop/sa/orders"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/a/b/sa/orders"));
}

TEST(UriPattern, DoubleStarMatchesOneOrMoreTrailingSegments) {
  auto p = uri("spiffe://example.internal/ns/shop/**");
  EXPECT_TRUE(p.matches("spiffe://example.internal/ns/shop/sa/orders"));
  EXPECT_TRUE(p.matches("spiffe://example.internal/ns/shop/x"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shopping/x"));
}

TEST(UriPattern, SchemeAndTrustDomainAreCaseInsensitivePathIsNot) {
  auto p = uri("spiffe://Example.Internal/ns/shop/sa/orders");
  EXPECT_TRUE(p.matches("SPIFFE://example.internal/ns/shop/sa/orders"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/Orders"));
}

TEST(UriPattern, NothingIsPercentDecoded) {
  auto p = uri("spiffe://example.internal/ns/shop/sa/*");
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/a%2Fb"));  // never one segment standing for two
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/sa/%6Frders"));
  EXPECT_FALSE(uri("spiffe://example.internal/ns/shop/sa/orders").matches("spiffe://example.internal/ns/shop/sa/%6Frders"));
}

TEST(UriPattern, DotSegmentsQueriesAndFragmentsNeverMatch) {
  auto p = uri("spiffe://example.internal/ns/shop/**");
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/../admin"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/./x"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/x?y=1"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop/x#f"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/ns/shop//x"));
}

TEST(UriPattern, UserinfoAndNonUrisNeverMatch) {
  auto p = uri("spiffe://example.internal/**");
  EXPECT_FALSE(p.matches("spiffe://evil@example.internal/x"));
  EXPECT_FALSE(p.matches("example.internal/x"));
  EXPECT_FALSE(p.matches(""));
}

TEST(UriPattern, TrustDomainAloneMatchesOnlyThePathlessId) {
  auto p = uri("spiffe://example.internal");
  EXPECT_TRUE(p.matches("spiffe://example.internal"));
  EXPECT_FALSE(p.matches("spiffe://example.internal/x"));
}

TEST(UriPattern, RefusesMalformedPatterns) {
  for (const char* bad : {"example.internal/ns/*", "spiffe://*.internal/ns", "spiffe://example.internal/ns/**/sa",
                          "spiffe://example.internal/sa/web-*", "spiffe://example.internal/ns//sa",
                          "spiffe://example.internal/ns/%2F", "spiffe://example.internal/ns/../sa",
                          "spiffe://example.internal/ns/", "spiffe://", "://x/y", "spiffe://u@example.internal/x"}) {
    EXPECT_FALSE(UriPattern::parse(bad)) << bad;
  }
}

// --- DNS ---

TEST(DnsPattern, ExactNameIgnoresCaseAndOneTrailingDot) {
  auto p = dns("Orders.Shop.Internal.");
  EXPECT_TRUE(p.matches("orders.shop.internal"));
  EXPECT_TRUE(p.matches("ORDERS.shop.internal."));
  EXPECT_FALSE(p.matches("orders.shop.internal.."));
  EXPECT_FALSE(p.matches("xorders.shop.internal"));
}

TEST(DnsPattern, WildcardIsExactlyOneLeftmostLabel) {
  auto p = dns("*.shop.internal");
  EXPECT_TRUE(p.matches("orders.shop.internal"));
  EXPECT_TRUE(p.matches("orders.shop.internal."));
  EXPECT_FALSE(p.matches("shop.internal"));
  EXPECT_FALSE(p.matches("a.b.shop.internal"));
  EXPECT_FALSE(p.matches("orders.shopx.internal"));
  EXPECT_FALSE(p.matches("ordersshop.internal"));
}

TEST(DnsPattern, AWildcardSanInTheCertificateMatchesNothing) {
  EXPECT_FALSE(dns("*.shop.internal").matches("*.shop.internal"));
  EXPECT_FALSE(dns("orders.shop.internal").matches("*.shop.internal"));
}

TEST(DnsPattern, RefusesMalformedPatterns) {
  for (const char* bad : {"", "*", "*.internal", "o*.shop.internal", "orders.*.internal", "-a.internal",
                          "a..internal", "a_b.internal", "*.", ".internal"}) {
    EXPECT_FALSE(DnsPattern::parse(bad)) << bad;
  }
}

// --- subject and issuer names ---

TEST(NamePattern, EveryListedAttributeMustBePresentWithThatValue) {
  auto p = name("CN=payments,O=Example");
  EXPECT_TRUE(p.matches("CN=payments,O=Example"));
  EXPECT_TRUE(p.matches("C=DE,O=Example,OU=Shop,CN=payments"));  // order and extra attributes do not matter
  EXPECT_FALSE(p.matches("CN=payments"));
  EXPECT_FALSE(p.matches("CN=payments,O=Examples"));
}

TEST(NamePattern, TypesIgnoreCaseValuesDoNot) {
  EXPECT_TRUE(name("cn=payments, o=Example").matches("CN=payments,O=Example"));
  EXPECT_FALSE(name("CN=Payments").matches("CN=payments"));
}

TEST(NamePattern, EscapedSeparatorsStayInTheValue) {
  auto p = name("O=Example\\, Inc.");
  EXPECT_TRUE(p.matches("CN=a,O=Example\\, Inc."));
  EXPECT_FALSE(p.matches("CN=a,O=Example, Inc."));  // there: O=Example and a broken attribute
  EXPECT_TRUE(name("CN=a\\2Bb").matches("CN=a\\+b"));  // a hex escape and a character escape, the same byte
}

TEST(NamePattern, MultiValuedRdnAttributesMatchOneByOne) {
  EXPECT_TRUE(name("CN=payments").matches("CN=payments+UID=7,O=Example"));
}

TEST(NamePattern, RefusesMalformedPatterns) {
  for (const char* bad : {"", "CN", "=x", "CN=a,", "CN=a\\", "C N=a"}) EXPECT_FALSE(NamePattern::parse(bad)) << bad;
}

}  // namespace
}  // namespace parley::authz
