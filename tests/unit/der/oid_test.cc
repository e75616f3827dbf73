#include "der/oid.h"

#include <gtest/gtest.h>

#include "unit/der/test_util.h"

namespace parley::der {
namespace {

using testing::Bytes;
using testing::hex;

TEST(DerOid, ValidatesEncoding) {
  EXPECT_TRUE(parse_oid(hex("2a 86 48 86 f7 0d 01 01 0b")));
  EXPECT_TRUE(parse_oid(hex("00")));
  EXPECT_ERROR(parse_oid(hex("")), "DER: empty OBJECT IDENTIFIER");
  EXPECT_ERROR(parse_oid(hex("2a 80 01")), "DER: non-minimal OID arc");
  EXPECT_ERROR(parse_oid(hex("80 2a")), "DER: non-minimal OID arc");
  EXPECT_ERROR(parse_oid(hex("2a 86")), "DER: truncated OID arc");
  EXPECT_ERROR(parse_oid(hex("2a 86 48 86")), "DER: truncated OID arc");
}

TEST(DerOid, ToStringKnownEncodings) {
  // RFC 4055 / RFC 8017: sha256WithRSAEncryption.
  EXPECT_EQ(oid_to_string(hex("2a 86 48 86 f7 0d 01 01 0b")).value(), "1.2.840.113549.1.1.11");
  // X.690 §8.19.5: {2 999 3}.
  EXPECT_EQ(oid_to_string(hex("88 37 03")).value(), "2.999.3");
  EXPECT_EQ(oid_to_string(hex("00")).value(), "0.0");
  EXPECT_EQ(oid_to_string(hex("27")).value(), "0.39");
  EXPECT_EQ(oid_to_string(hex("28")).value(), "1.0");
  EXPECT_EQ(oid_to_string(hex("4f")).value(), "1.39");
  EXPECT_EQ(oid_to_string(hex("50")).value(), "2.0");
  EXPECT_ERROR(oid_to_string(hex("2a 86")), "DER: truncated OID arc");
}

TEST(DerOid, FromStringKnownEncodings) {
  EXPECT_EQ(oid_from_string("1.2.840.113549.1.1.11").value(), hex("2a 86 48 86 f7 0d 01 01 0b"));
  EXPECT_EQ(oid_from_string("2.999.3").value(), hex("88 37 03"));
  EXPECT_EQ(oid_from_string("2.5.29.19").value(), hex("55 1d 13"));
  EXPECT_EQ(oid_from_string("1.2.18446744073709551615").value(), hex("2a 81 ff ff ff ff ff ff ff ff 7f"));
}

TEST(DerOid, DottedRoundTrips) {
  for (const char* dotted : {"1.2.840.113549.1.1.11", "2.999.3", "0.9.2342.19200300.100.1.25", "1.3.6.1.5.5.7.3.1",
                             "2.25.329800735698586629295641978511506172918", "2.100000000000000000000.7", "0.0",
                             "1.39.0", "2.18446744073709551535"}) {
    SCOPED_TRACE(dotted);
    // Arcs beyond 64 bits can be displayed but not built by oid_from_string.
    auto enc = oid_from_string(dotted);
    if (!enc) {
      EXPECT_STREQ(enc.error().what, "OID: arc too large");
      continue;
    }
    EXPECT_EQ(oid_to_string(*enc).value(), dotted);
  }
}

TEST(DerOid, DisplaysArcsOfAnySize) {
  // 2.25.<UUID> (X.667): the first subidentifier is 80 + 25 = 105 = 0x69.
  // 329800735698586629295641978511506172918 in base 128.
  Bytes enc = {0x69};
  Bytes big;
  {
    // Repeated division of the decimal string by 128.
    std::string n = "329800735698586629295641978511506172918";
    std::vector<uint8_t> digits;
    while (n != "0") {
      std::string q;
      unsigned rem = 0;
      for (char c : n) {
        rem = rem * 10 + static_cast<unsigned>(c - '0');
        if (!q.empty() || rem / 128 != 0) q += static_cast<char>('0' + rem / 128);
        rem %= 128;
      }
      digits.push_back(static_cast<uint8_t>(rem));
      n = q.empty() ? "0" : q;
    }
    for (size_t i = digits.size(); i-- > 0;) big.push_back(static_cast<uint8_t>(digits[i] | (i > 0 ? 0x80 : 0)));
  }
  enc.insert(enc.end(), big.begin(), big.end());
  EXPECT_EQ(oid_to_string(enc).value(), "2.25.329800735698586629295641978511506172918");
  // A first subidentifier too large for 64 bits still splits as 2.(X-80).
  EXPECT_EQ(oid_to_string(hex("82 80 80 80 80 80 80 80 80 50")).value(), "2.18446744073709551616");
}

TEST(DerOid, FromStringRejectsMalformedText) {
  EXPECT_ERROR(oid_from_string("1"), "OID: needs at least two arcs");
  EXPECT_ERROR(oid_from_string(""), "OID: empty arc");
  EXPECT_ERROR(oid_from_string("1..2"), "OID: empty arc");
  EXPECT_ERROR(oid_from_string("1.2."), "OID: empty arc");
  EXPECT_ERROR(oid_from_string("1.a"), "OID: non-digit in arc");
  EXPECT_ERROR(oid_from_string("1.-2"), "OID: non-digit in arc");
  EXPECT_ERROR(oid_from_string("1.02"), "OID: arc with leading zero");
  EXPECT_ERROR(oid_from_string("3.1"), "OID: first arc must be 0, 1 or 2");
  EXPECT_ERROR(oid_from_string("1.40"), "OID: second arc must be below 40");
  EXPECT_ERROR(oid_from_string("0.40"), "OID: second arc must be below 40");
  EXPECT_ERROR(oid_from_string("1.2.18446744073709551616"), "OID: arc too large");
  EXPECT_ERROR(oid_from_string("2.18446744073709551536"), "OID: arc too large");
}

struct Named {
  Input oid;
  const char* dotted;
};

// Every named constant checked against its dotted form.
const Named kNamed[] = {
    {kRsaEncryption, "1.2.840.113549.1.1.1"},
    {kMd5WithRsa, "1.2.840.113549.1.1.4"},
    {kSha1WithRsa, "1.2.840.113549.1.1.5"},
    {kMgf1, "1.2.840.113549.1.1.8"},
    {kRsassaPss, "1.2.840.113549.1.1.10"},
    {kSha256WithRsa, "1.2.840.113549.1.1.11"},
    {kSha384WithRsa, "1.2.840.113549.1.1.12"},
    {kSha512WithRsa, "1.2.840.113549.1.1.13"},
    {kEcPublicKey, "1.2.840.10045.2.1"},
    {kPrime256v1, "1.2.840.10045.3.1.7"},
    {kSecp384r1, "1.3.132.0.34"},
    {kSecp521r1, "1.3.132.0.35"},
    {kEcdsaWithSha1, "1.2.840.10045.4.1"},
    {kEcdsaWithSha256, "1.2.840.10045.4.3.2"},
    {kEcdsaWithSha384, "1.2.840.10045.4.3.3"},
    {kEcdsaWithSha512, "1.2.840.10045.4.3.4"},
    {kEd25519, "1.3.101.112"},
    {kSha1, "1.3.14.3.2.26"},
    {kSha256, "2.16.840.1.101.3.4.2.1"},
    {kSha384, "2.16.840.1.101.3.4.2.2"},
    {kSha512, "2.16.840.1.101.3.4.2.3"},
    {kCommonName, "2.5.4.3"},
    {kSurname, "2.5.4.4"},
    {kSerialNumber, "2.5.4.5"},
    {kCountryName, "2.5.4.6"},
    {kLocalityName, "2.5.4.7"},
    {kStateOrProvinceName, "2.5.4.8"},
    {kStreetAddress, "2.5.4.9"},
    {kOrganizationName, "2.5.4.10"},
    {kOrganizationalUnitName, "2.5.4.11"},
    {kTitle, "2.5.4.12"},
    {kGivenName, "2.5.4.42"},
    {kEmailAddress, "1.2.840.113549.1.9.1"},
    {kDomainComponent, "0.9.2342.19200300.100.1.25"},
    {kUserId, "0.9.2342.19200300.100.1.1"},
    {kSubjectKeyIdentifier, "2.5.29.14"},
    {kKeyUsage, "2.5.29.15"},
    {kSubjectAltName, "2.5.29.17"},
    {kIssuerAltName, "2.5.29.18"},
    {kBasicConstraints, "2.5.29.19"},
    {kCrlNumber, "2.5.29.20"},
    {kReasonCode, "2.5.29.21"},
    {kInvalidityDate, "2.5.29.24"},
    {kDeltaCrlIndicator, "2.5.29.27"},
    {kIssuingDistributionPoint, "2.5.29.28"},
    {kNameConstraints, "2.5.29.30"},
    {kCrlDistributionPoints, "2.5.29.31"},
    {kCertificatePolicies, "2.5.29.32"},
    {kAnyPolicy, "2.5.29.32.0"},
    {kPolicyMappings, "2.5.29.33"},
    {kAuthorityKeyIdentifier, "2.5.29.35"},
    {kPolicyConstraints, "2.5.29.36"},
    {kExtKeyUsage, "2.5.29.37"},
    {kInhibitAnyPolicy, "2.5.29.54"},
    {kAuthorityInfoAccess, "1.3.6.1.5.5.7.1.1"},
    {kAnyExtendedKeyUsage, "2.5.29.37.0"},
    {kServerAuth, "1.3.6.1.5.5.7.3.1"},
    {kClientAuth, "1.3.6.1.5.5.7.3.2"},
    {kCodeSigning, "1.3.6.1.5.5.7.3.3"},
    {kEmailProtection, "1.3.6.1.5.5.7.3.4"},
    {kTimeStamping, "1.3.6.1.5.5.7.3.8"},
    {kOcspSigning, "1.3.6.1.5.5.7.3.9"},
    {kAdOcsp, "1.3.6.1.5.5.7.48.1"},
    {kAdCaIssuers, "1.3.6.1.5.5.7.48.2"},
    {kOcspBasic, "1.3.6.1.5.5.7.48.1.1"},
    {kOcspNonce, "1.3.6.1.5.5.7.48.1.2"},
    {kExtensionRequest, "1.2.840.113549.1.9.14"},
};

TEST(DerOid, NamedConstantsMatchTheirDottedForms) {
  for (const auto& n : kNamed) {
    EXPECT_TRUE(parse_oid(n.oid)) << n.dotted;
    EXPECT_EQ(oid_to_string(n.oid).value(), n.dotted);
    EXPECT_EQ(testing::to_bytes(n.oid), oid_from_string(n.dotted).value()) << n.dotted;
    EXPECT_FALSE(known_oid_name(n.oid).empty()) << n.dotted << " has no name";
  }
}

TEST(DerOid, Names) {
  EXPECT_EQ(oid_name(kBasicConstraints), "basicConstraints");
  EXPECT_EQ(oid_name(kSha256WithRsa), "sha256WithRSAEncryption");
  EXPECT_EQ(oid_name(kServerAuth), "serverAuth");
  EXPECT_EQ(oid_name(kEd25519), "Ed25519");
  EXPECT_EQ(oid_name(hex("55 1d 63")), "2.5.29.99");
  EXPECT_EQ(oid_name(hex("55 1d 80")), "<invalid OID>");
  EXPECT_EQ(known_oid_name(hex("55 1d 63")), "");
  EXPECT_EQ(attribute_short_name(kCommonName), "CN");
  EXPECT_EQ(attribute_short_name(kDomainComponent), "DC");
  EXPECT_EQ(attribute_short_name(kOrganizationalUnitName), "OU");
  EXPECT_EQ(attribute_short_name(kKeyUsage), "");
}

TEST(DerOid, ConstantsAreDistinct) {
  for (size_t i = 0; i < std::size(kNamed); ++i) {
    for (size_t j = i + 1; j < std::size(kNamed); ++j) {
      EXPECT_FALSE(equal(kNamed[i].oid, kNamed[j].oid)) << kNamed[i].dotted;
    }
  }
}

}  // namespace
}  // namespace parley::der
