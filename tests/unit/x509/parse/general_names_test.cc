#include "x509/general_names.h"

#include <gtest/gtest.h>

#include "unit/x509/parse/test_util.h"

namespace parley::x509 {
namespace {

using testing::Bytes;
using testing::hex;

Result<GeneralName> one(const Bytes& tlv, GeneralNameContext ctx = GeneralNameContext::name) {
  der::Parser p(tlv);
  auto e = p.read_element();
  if (!e) return Unexpected(e.error());
  return parse_general_name(*e, ctx);
}

std::string text(const Bytes& tlv, GeneralNameContext ctx = GeneralNameContext::name) {
  auto gn = one(tlv, ctx);
  return gn ? to_string(*gn) : "error: " + gn.error().message();
}

TEST(GeneralName, Types) {
  EXPECT_EQ(text(hex("82 03 61 2e 62")), "DNS:a.b");
  EXPECT_EQ(text(hex("81 03 61 40 62")), "email:a@b");
  Bytes uri = hex("86 18");
  std::string s = "spiffe://example.org/svc";
  uri.insert(uri.end(), s.begin(), s.end());
  EXPECT_EQ(text(uri), "URI:spiffe://example.org/svc");
  EXPECT_EQ(one(uri)->type, GeneralNameType::uri);
  EXPECT_EQ(one(uri)->text(), s);
  EXPECT_EQ(text(hex("87 04 0a 00 00 01")), "IP:10.0.0.1");
  EXPECT_EQ(text(hex("88 03 2a 03 04")), "RID:1.2.3.4");
  EXPECT_EQ(text(hex("a4 0e 30 0c 31 0a 30 08 06 03 55 04 03 0c 01 58")), "DirName:CN=X");
  EXPECT_EQ(one(hex("a4 0e 30 0c 31 0a 30 08 06 03 55 04 03 0c 01 58"))->value.size(), 14u);
  EXPECT_EQ(text(hex("a0 09 06 02 2a 03 a0 03 0c 01 78")), "othername:1.2.3");
}

TEST(GeneralName, Ipv6Rendering) {
  EXPECT_EQ(text(hex("87 10 fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01")), "IP:fd00::1");
  EXPECT_EQ(text(hex("87 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01")), "IP:::1");
  EXPECT_EQ(text(hex("87 10 20 01 0d b8 00 00 00 01 00 00 00 00 00 00 00 01")), "IP:2001:db8:0:1::1");
  EXPECT_EQ(text(hex("87 10 20 01 0d b8 00 01 00 02 00 03 00 04 00 05 00 06")), "IP:2001:db8:1:2:3:4:5:6");
  EXPECT_EQ(text(hex("87 20 fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
                 GeneralNameContext::constraint),
            "IP:fd00::/16");
  EXPECT_EQ(text(hex("87 08 0a 00 00 00 ff 00 ff 00"), GeneralNameContext::constraint), "IP:10.0.0.0/255.0.255.0");
}

TEST(GeneralName, IpLengthsDependOnContext) {
  EXPECT_FALSE(one(hex("87 05 01 02 03 04 05")));
  EXPECT_FALSE(one(hex("87 08 0a 00 00 00 ff 00 00 00")));
  EXPECT_TRUE(one(hex("87 08 0a 00 00 00 ff 00 00 00"), GeneralNameContext::constraint));
  EXPECT_FALSE(one(hex("87 04 0a 00 00 01"), GeneralNameContext::constraint));
}

TEST(GeneralName, RejectsNonAsciiAndMalformed) {
  EXPECT_ERROR(one(hex("82 02 61 e9")), "GeneralName: IA5String with a non-ASCII octet");
  EXPECT_ERROR(one(hex("86 01 ff")), "GeneralName: IA5String with a non-ASCII octet");
  EXPECT_ERROR(one(hex("89 00")), "GeneralName: unknown tag");
  EXPECT_ERROR(one(hex("04 00")), "GeneralName: not a context tag");
  EXPECT_FALSE(one(hex("a4 02 31 00")));        // directoryName not a Name
  EXPECT_FALSE(one(hex("a0 04 06 02 2a 03")));  // otherName without value
  EXPECT_FALSE(one(hex("88 01 80")));           // bad OID
}

TEST(GeneralNames, NonEmpty) {
  EXPECT_ERROR(parse_general_names({}, GeneralNameContext::name), "GeneralNames: empty");
  auto two = parse_general_names(hex("82 01 61 82 01 62"), GeneralNameContext::name);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->size(), 2u);
}

}  // namespace
}  // namespace parley::x509
