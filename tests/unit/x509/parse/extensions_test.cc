#include "x509/extensions.h"

#include <gtest/gtest.h>

#include <deque>

#include "der/oid.h"
#include "unit/x509/parse/test_util.h"

namespace parley::x509 {
namespace {

using testing::Bytes;

// Parsers return views into their input, so test inputs must outlive the results.
Input hex(std::string_view text) {
  static std::deque<Bytes> keep;
  keep.push_back(testing::hex(text));
  return keep.back();
}

TEST(BasicConstraints, ParsesCaAndPathLen) {
  auto bc = parse_basic_constraints(hex("30 06 01 01 ff 02 01 03"));
  ASSERT_TRUE(bc);
  EXPECT_TRUE(bc->ca);
  EXPECT_EQ(bc->path_len, 3u);
  auto leaf = parse_basic_constraints(hex("30 00"));
  ASSERT_TRUE(leaf);
  EXPECT_FALSE(leaf->ca);
  EXPECT_FALSE(leaf->path_len);
  // pathLen without cA is recorded as found.
  auto odd = parse_basic_constraints(hex("30 03 02 01 00"));
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->ca);
  EXPECT_EQ(odd->path_len, 0u);
}

TEST(BasicConstraints, RejectsViolations) {
  EXPECT_ERROR(parse_basic_constraints(hex("30 03 01 01 00")), "basicConstraints: cA FALSE is the DEFAULT and must be omitted");
  EXPECT_ERROR(parse_basic_constraints(hex("30 06 01 01 ff 02 01 ff")), "DER: negative INTEGER where non-negative expected");
  EXPECT_ERROR(parse_basic_constraints(hex("30 03 01 01 ff 00")), "DER: trailing data");
  EXPECT_ERROR(parse_basic_constraints(hex("30 09 01 01 ff 02 04 7f ff ff ff 05 00")), "DER: trailing data");
  EXPECT_ERROR(parse_basic_constraints(hex("30 0a 01 01 ff 02 05 01 00 00 00 00")),
               "basicConstraints: pathLenConstraint too large");
  EXPECT_ERROR(parse_basic_constraints(hex("04 00")), "DER: unexpected tag");
}

TEST(KeyUsage, MapsBits) {
  EXPECT_EQ(parse_key_usage(hex("03 02 01 86")), kDigitalSignature | kKeyCertSign | kCrlSign);
  EXPECT_EQ(parse_key_usage(hex("03 03 07 00 80")), kDecipherOnly);
  EXPECT_EQ(parse_key_usage(hex("03 02 00 80")), kDigitalSignature);  // trailing zero bits tolerated
  EXPECT_EQ(key_usage_names(kDigitalSignature | kCrlSign), (std::vector<std::string>{"digitalSignature", "cRLSign"}));
}

TEST(KeyUsage, RejectsEmptyAndAllZero) {
  EXPECT_ERROR(parse_key_usage(hex("03 01 00")), "keyUsage: empty BIT STRING");
  EXPECT_ERROR(parse_key_usage(hex("03 02 00 00")), "keyUsage: no bit set");
  EXPECT_ERROR(parse_key_usage(hex("03 02 01 87")), "DER: BIT STRING unused bits not zero");
}

TEST(ExtKeyUsage, BothWays) {
  auto eku = parse_ext_key_usage(hex("30 0a 06 08 2b 06 01 05 05 07 03 02"));
  ASSERT_TRUE(eku);
  ASSERT_EQ(eku->size(), 1u);
  EXPECT_TRUE(der::equal((*eku)[0], der::kClientAuth));
  EXPECT_ERROR(parse_ext_key_usage(hex("30 00")), "extKeyUsage: empty");
  EXPECT_ERROR(parse_ext_key_usage(hex("30 03 02 01 01")), "DER: unexpected tag");
}

TEST(SubjectAltName, BothWays) {
  auto san = parse_subject_alt_name(hex("30 0d 82 05 61 2e 63 6f 6d 87 04 7f 00 00 01"));
  ASSERT_TRUE(san);
  ASSERT_EQ(san->size(), 2u);
  EXPECT_EQ(to_string((*san)[0]), "DNS:a.com");
  EXPECT_EQ(to_string((*san)[1]), "IP:127.0.0.1");
  EXPECT_ERROR(parse_subject_alt_name(hex("30 00")), "subjectAltName: invalid GeneralNames");
  EXPECT_ERROR(parse_subject_alt_name(hex("30 05 87 03 7f 00 00")), "subjectAltName: invalid GeneralNames");
}

TEST(NameConstraints, BothWays) {
  auto nc = parse_name_constraints(hex("30 0b a0 09 30 07 82 05 2e 63 6f 72 70"));
  ASSERT_TRUE(nc);
  ASSERT_EQ(nc->permitted.size(), 1u);
  EXPECT_EQ(to_string(nc->permitted[0]), "DNS:.corp");
  EXPECT_TRUE(nc->excluded.empty());
  auto ex = parse_name_constraints(hex("30 0e a1 0c 30 0a 87 08 0a 00 00 00 ff 00 00 00"));
  ASSERT_TRUE(ex);
  EXPECT_EQ(to_string(ex->excluded[0]), "IP:10.0.0.0/8");
  EXPECT_ERROR(parse_name_constraints(hex("30 00")), "nameConstraints: neither permitted nor excluded subtrees");
  EXPECT_ERROR(parse_name_constraints(hex("30 02 a0 00")), "nameConstraints: empty subtrees");
  // minimum 0 spelled out, and a maximum: both must be absent.
  EXPECT_ERROR(parse_name_constraints(hex("30 0e a0 0c 30 0a 82 05 2e 63 6f 72 70 80 01 00")),
               "nameConstraints: minimum and maximum must be absent");
  EXPECT_ERROR(parse_name_constraints(hex("30 0e a0 0c 30 0a 82 05 2e 63 6f 72 70 81 01 02")),
               "nameConstraints: minimum and maximum must be absent");
  // An address without a mask is not a constraint.
  EXPECT_ERROR(parse_name_constraints(hex("30 0a a0 08 30 06 87 04 0a 00 00 00")),
               "GeneralName: iPAddress constraint must be 8 or 32 octets");
}

TEST(AuthorityKeyIdentifier, BothWays) {
  auto aki = parse_authority_key_id(hex("30 1a 80 02 aa bb a1 10 a4 0e 30 0c 31 0a 30 08 06 03 55 04 03 0c 01 58 82 02 01 00"));
  ASSERT_TRUE(aki) << aki.error().message();
  EXPECT_EQ(aki->key_id->size(), 2u);
  ASSERT_EQ(aki->issuer.size(), 1u);
  EXPECT_EQ(to_string(aki->issuer[0]), "DirName:CN=X");
  EXPECT_EQ(aki->serial->size(), 2u);
  EXPECT_TRUE(parse_authority_key_id(hex("30 00")));
  EXPECT_ERROR(parse_authority_key_id(hex("30 04 82 02 00 01")), "DER: non-minimal INTEGER");
  EXPECT_ERROR(parse_authority_key_id(hex("30 04 04 02 aa bb")), "DER: trailing data");
}

TEST(SubjectKeyIdentifier, BothWays) {
  auto ski = parse_subject_key_id(hex("04 02 aa bb"));
  ASSERT_TRUE(ski);
  EXPECT_EQ(ski->size(), 2u);
  EXPECT_ERROR(parse_subject_key_id(hex("04 01 aa 00")), "DER: trailing data");
  EXPECT_ERROR(parse_subject_key_id(hex("03 02 00 aa")), "DER: unexpected tag");
}

TEST(CrlDistributionPoints, CollectsFullNameUris) {
  // [ DP{ fullName [URI http://a, DNS:b] }, DP{ cRLIssuer [DNS:c] } ]
  auto dps = parse_crl_distribution_points(
      hex("30 1a 30 0f a0 0d a0 0b 86 06 68 74 74 70 3a 61 82 01 62 30 07 a2 05 82 03 63 2e 78"));
  ASSERT_TRUE(dps) << dps.error().message();
  EXPECT_EQ(*dps, std::vector<std::string>{"http:a"});
  EXPECT_ERROR(parse_crl_distribution_points(hex("30 00")), "cRLDistributionPoints: empty");
  EXPECT_ERROR(parse_crl_distribution_points(hex("30 06 30 04 81 02 00 80")),
               "cRLDistributionPoints: neither distributionPoint nor cRLIssuer");
}

TEST(AuthorityInfoAccess, SplitsOcspAndCaIssuers) {
  auto aia = parse_authority_info_access(
      hex("30 22 30 0f 06 08 2b 06 01 05 05 07 30 01 86 03 68 3a 6f 30 0f 06 08 2b 06 01 05 05 07 30 02 86 03 68 3a 63"));
  ASSERT_TRUE(aia) << aia.error().message();
  EXPECT_EQ(aia->ocsp, std::vector<std::string>{"h:o"});
  EXPECT_EQ(aia->ca_issuers, std::vector<std::string>{"h:c"});
  EXPECT_ERROR(parse_authority_info_access(hex("30 00")), "authorityInfoAccess: empty");
  EXPECT_ERROR(parse_authority_info_access(hex("30 07 30 05 06 03 2b 06 01")), "DER: unexpected end of input");
}

TEST(CertificatePolicies, OidsWithQualifiersChecked) {
  // policy 2.5.29.32.0 with a CPS qualifier 1.3.6.1.5.5.7.2.1 "x"
  auto p = parse_certificate_policies(hex("30 19 30 17 06 04 55 1d 20 00 30 0f 30 0d 06 08 2b 06 01 05 05 07 02 01 16 01 78"));
  ASSERT_TRUE(p) << p.error().message();
  ASSERT_EQ(p->size(), 1u);
  EXPECT_TRUE(der::equal((*p)[0], der::kAnyPolicy));
  EXPECT_ERROR(parse_certificate_policies(hex("30 00")), "certificatePolicies: empty");
  EXPECT_ERROR(parse_certificate_policies(hex("30 0a 30 08 06 04 55 1d 20 00 30 00")),
               "certificatePolicies: empty policyQualifiers");
  EXPECT_ERROR(parse_certificate_policies(hex("30 0c 30 04 06 02 2a 03 30 04 06 02 2a 03")),
               "certificatePolicies: duplicate policy");
  // A qualifier without its value.
  EXPECT_ERROR(parse_certificate_policies(hex("30 12 30 10 06 02 2a 03 30 0a 30 08 06 06 2b 06 01 05 05 07")),
               "DER: unexpected end of input");
}

TEST(ExtensionList, RejectsEmptyList) {
  EXPECT_ERROR(parse_extension_list(hex("30 00")), "Extensions: empty");
}

}  // namespace
}  // namespace parley::x509
