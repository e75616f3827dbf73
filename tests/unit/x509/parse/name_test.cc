#include "x509/name.h"

#include <gtest/gtest.h>

#include "der/builder.h"
#include "der/oid.h"
#include "unit/x509/parse/test_util.h"

namespace parley::x509 {
namespace {

using testing::Bytes;
using testing::hex;

struct Atv {
  Input type;
  der::Tag tag;
  std::string value;
};

// A Name from RDNs of attributes, values given as raw contents under their tag.
Bytes make_name(const std::vector<std::vector<Atv>>& rdns) {
  der::Builder b;
  {
    auto seq = b.sequence();
    for (const auto& rdn : rdns) {
      auto set = b.set();
      for (const auto& a : rdn) {
        auto atv = b.sequence();
        b.oid(a.type);
        b.implicit(a.tag, Input(reinterpret_cast<const uint8_t*>(a.value.data()), a.value.size()));
      }
    }
  }
  return *std::move(b).finish();
}

std::string render(const Bytes& der) { return to_string(Name{der}); }

TEST(NameRender, Rfc4514OrderAndMultiValued) {
  Bytes n = make_name({{{der::kCountryName, der::kPrintableString, "DE"}},
                       {{der::kOrganizationName, der::kUtf8String, "Example"}},
                       {{der::kCommonName, der::kUtf8String, "orders"}, {der::kUserId, der::kUtf8String, "u1"}}});
  EXPECT_EQ(render(n), "CN=orders+UID=u1,O=Example,C=DE");
  EXPECT_EQ(render(hex("30 00")), "");
}

TEST(NameRender, EscapesSpecialCharacters) {
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kUtf8String, "a,b+c\"d\\e<f>g;h"}}})),
            "CN=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h");
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kUtf8String, "#lead"}}})), "CN=\\#lead");
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kUtf8String, " both "}}})), "CN=\\ both\\ ");
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kUtf8String, std::string("nul\0x", 5)}}})), "CN=nul\\00x");
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kUtf8String, "mid#dle"}}})), "CN=mid#dle");
}

TEST(NameRender, UnicodeAndBmpAndUnknownTypes) {
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kUtf8String, "Gr\xc3\xbc\xc3\x9f" "e"}}})),
            "CN=Gr\xc3\xbc\xc3\x9f" "e");
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kBmpString, std::string("\x00G\x00\xfc", 4)}}})),
            "CN=G\xc3\xbc");
  // An unknown attribute type is dotted; a non-string value is #hex of its TLV.
  Bytes oid = *der::oid_from_string("1.2.3.4");
  EXPECT_EQ(render(make_name({{{oid, der::kOctetString, "\x01\x02"}}})), "1.2.3.4=#04020102");
  // A PrintableString with a forbidden character is shown as hex, not dropped.
  EXPECT_EQ(render(make_name({{{der::kCommonName, der::kPrintableString, "a*b"}}})), "CN=#1303612a62");
}

TEST(NameParse, RejectsMalformedNames) {
  EXPECT_FALSE(parse_name(hex("30 02 31 00")));           // empty RDN
  EXPECT_FALSE(parse_name(hex("30 04 31 02 30 00")));     // ATV without type
  EXPECT_FALSE(parse_name(hex("30 07 31 05 30 03 06 01 55")));  // ATV without value
  EXPECT_FALSE(parse_name(hex("31 00")));
  EXPECT_TRUE(parse_name(hex("30 00")));
}

TEST(NamesMatch, CaseAndWhitespaceAndStringTypes) {
  Bytes a = make_name({{{der::kOrganizationName, der::kPrintableString, "Example  Corp"}},
                       {{der::kCommonName, der::kPrintableString, "Orders"}}});
  Bytes b = make_name({{{der::kOrganizationName, der::kUtf8String, " example corp "}},
                       {{der::kCommonName, der::kUtf8String, "ORDERS"}}});
  EXPECT_TRUE(names_match(Name{a}, Name{b}));
  EXPECT_TRUE(names_match(Name{a}, Name{a}));
  Bytes bmp = make_name({{{der::kOrganizationName, der::kBmpString, std::string("\0E\0x\0a\0m\0p\0l\0e\0 \0C\0o\0r\0p", 24)}},
                         {{der::kCommonName, der::kUtf8String, "orders"}}});
  EXPECT_TRUE(names_match(Name{a}, Name{bmp}));
}

TEST(NamesMatch, DifferencesThatMatter) {
  Bytes a = make_name({{{der::kOrganizationName, der::kUtf8String, "Example"}}, {{der::kCommonName, der::kUtf8String, "x"}}});
  Bytes swapped = make_name({{{der::kCommonName, der::kUtf8String, "x"}}, {{der::kOrganizationName, der::kUtf8String, "Example"}}});
  EXPECT_FALSE(names_match(Name{a}, Name{swapped}));
  Bytes other = make_name({{{der::kOrganizationName, der::kUtf8String, "Example"}}, {{der::kCommonName, der::kUtf8String, "y"}}});
  EXPECT_FALSE(names_match(Name{a}, Name{other}));
  Bytes shorter = make_name({{{der::kOrganizationName, der::kUtf8String, "Example"}}});
  EXPECT_FALSE(names_match(Name{a}, Name{shorter}));
  Bytes type = make_name({{{der::kOrganizationalUnitName, der::kUtf8String, "Example"}}, {{der::kCommonName, der::kUtf8String, "x"}}});
  EXPECT_FALSE(names_match(Name{a}, Name{type}));
  // Inner spaces matter as a run, not as a count; but a missing space matters.
  Bytes nospace = make_name({{{der::kOrganizationName, der::kUtf8String, "Exam ple"}}, {{der::kCommonName, der::kUtf8String, "x"}}});
  EXPECT_FALSE(names_match(Name{a}, Name{nospace}));
}

TEST(NamesMatch, MultiValuedRdnIsASet) {
  Bytes a = make_name({{{der::kCommonName, der::kUtf8String, "x"}, {der::kUserId, der::kUtf8String, "u"}}});
  Bytes b = make_name({{{der::kUserId, der::kUtf8String, "U"}, {der::kCommonName, der::kUtf8String, "X"}}});
  EXPECT_TRUE(names_match(Name{a}, Name{b}));
  // Each attribute matches a distinct one: {x, x} is not {x, y}, and counts must agree.
  Bytes twice = make_name({{{der::kCommonName, der::kUtf8String, "x"}, {der::kCommonName, der::kUtf8String, "x"}}});
  Bytes pair = make_name({{{der::kCommonName, der::kUtf8String, "x"}, {der::kCommonName, der::kUtf8String, "y"}}});
  EXPECT_FALSE(names_match(Name{twice}, Name{pair}));
  EXPECT_FALSE(names_match(Name{pair}, Name{twice}));
  Bytes one = make_name({{{der::kCommonName, der::kUtf8String, "x"}}});
  EXPECT_FALSE(names_match(Name{a}, Name{one}));
  EXPECT_FALSE(names_match(Name{one}, Name{a}));
}

TEST(NamesMatch, InvalidValuesAndMalformedNamesNeverMatch) {
  // A PrintableString with a character its type forbids is not the UTF8String of the same bytes.
  Bytes bad = make_name({{{der::kCommonName, der::kPrintableString, "a*b"}}});
  Bytes good = make_name({{{der::kCommonName, der::kUtf8String, "A*B"}}});
  EXPECT_FALSE(names_match(Name{bad}, Name{good}));
  EXPECT_FALSE(names_match(Name{good}, Name{bad}));
  // Non-ASCII values still compare through UTF-8 (case folding is ASCII only).
  Bytes latin = make_name({{{der::kCommonName, der::kUtf8String, "Gr\xc3\xbc  n"}}});
  Bytes bmp = make_name({{{der::kCommonName, der::kBmpString, std::string("\0g\0r\0\xfc\0 \0n", 10)}}});
  EXPECT_TRUE(names_match(Name{latin}, Name{bmp}));
  // The same first RDN, then a truncated second one: no match, whichever side is broken.
  Bytes ok = make_name({{{der::kCommonName, der::kUtf8String, "x"}}, {{der::kUserId, der::kUtf8String, "u"}}});
  Bytes broken = ok;
  broken[1] = static_cast<uint8_t>(broken[1] - 2);
  broken.resize(broken.size() - 2);
  EXPECT_FALSE(names_match(Name{ok}, Name{broken}));
  EXPECT_FALSE(names_match(Name{broken}, Name{ok}));
}

TEST(CommonName, FirstCnAsUtf8) {
  Bytes n = make_name({{{der::kOrganizationName, der::kUtf8String, "O"}},
                       {{der::kCommonName, der::kBmpString, std::string("\0A", 2)}},
                       {{der::kCommonName, der::kUtf8String, "second"}}});
  EXPECT_EQ(common_name(Name{n}), "A");
  EXPECT_FALSE(common_name(Name{make_name({{{der::kOrganizationName, der::kUtf8String, "O"}}})}));
}

}  // namespace
}  // namespace parley::x509
