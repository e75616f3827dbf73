#include "x509/certificate.h"

#include <gtest/gtest.h>

#include "der/oid.h"
#include "der/time.h"
#include "unit/x509/parse/test_util.h"
#include "x509/extensions.h"

namespace parley::x509 {
namespace {

using namespace testing;

std::vector<std::string> strings(const std::vector<GeneralName>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) out.push_back(to_string(n));
  return out;
}

TEST(CertificateParse, OpensslLeafWithEveryExtension) {
  TempDir dir;
  Bytes der = openssl_cert(dir,
                           "basicConstraints=critical,CA:FALSE\n"
                           "keyUsage=critical,digitalSignature,keyEncipherment\n"
                           "extendedKeyUsage=serverAuth,clientAuth\n"
                           "subjectAltName=DNS:orders.internal,IP:10.0.0.1,IP:fd00::1,URI:spiffe://example.org/ns/"
                           "orders,email:ops@example.org\n"
                           "subjectKeyIdentifier=hash\n"
                           "authorityKeyIdentifier=keyid:always\n"
                           "crlDistributionPoints=URI:http://crl.example.org/ca.crl\n"
                           "authorityInfoAccess=OCSP;URI:http://ocsp.example.org,caIssuers;URI:http://ca.example.org/"
                           "ca.der\n"
                           "certificatePolicies=1.2.3.4,2.23.140.1.2.1\n",
                           "-newkey ec -pkeyopt ec_paramgen_curve:P-256", "/C=DE/O=Example/CN=orders");
  auto c = parse(der);
  ASSERT_TRUE(c) << c.error().message();
  const Certificate& cert = **c;
  EXPECT_EQ(cert.version, 3);
  EXPECT_EQ(to_string(cert.subject), "CN=orders,O=Example,C=DE");
  EXPECT_TRUE(cert.self_issued());
  EXPECT_EQ(cert.signature_algorithm.alg, crypto::SigAlg::ecdsa_sha256);
  ASSERT_NE(cert.public_key, nullptr) << cert.public_key_error;
  EXPECT_EQ(cert.public_key->type(), crypto::KeyType::ec_p256);
  EXPECT_EQ(cert.validity.not_after - cert.validity.not_before, 30 * 86400);
  ASSERT_TRUE(cert.basic_constraints);
  EXPECT_FALSE(cert.basic_constraints->ca);
  EXPECT_EQ(cert.key_usage, kDigitalSignature | kKeyEncipherment);
  ASSERT_TRUE(cert.extended_key_usage);
  ASSERT_EQ(cert.extended_key_usage->size(), 2u);
  EXPECT_TRUE(der::equal((*cert.extended_key_usage)[0], der::kServerAuth));
  ASSERT_TRUE(cert.subject_alt_names);
  EXPECT_EQ(strings(*cert.subject_alt_names),
            (std::vector<std::string>{"DNS:orders.internal", "IP:10.0.0.1", "IP:fd00::1",
                                      "URI:spiffe://example.org/ns/orders", "email:ops@example.org"}));
  ASSERT_TRUE(cert.subject_key_id);
  EXPECT_EQ(cert.subject_key_id->size(), 20u);
  ASSERT_TRUE(cert.authority_key_id);
  ASSERT_TRUE(cert.authority_key_id->key_id);
  EXPECT_TRUE(der::equal(*cert.authority_key_id->key_id, *cert.subject_key_id));
  EXPECT_EQ(cert.crl_distribution_points, std::vector<std::string>{"http://crl.example.org/ca.crl"});
  EXPECT_EQ(cert.ocsp_urls, std::vector<std::string>{"http://ocsp.example.org"});
  EXPECT_EQ(cert.ca_issuer_urls, std::vector<std::string>{"http://ca.example.org/ca.der"});
  ASSERT_TRUE(cert.policies);
  EXPECT_EQ(cert.policies->size(), 2u);
  EXPECT_EQ(cert.extensions.size(), 9u);
  EXPECT_TRUE(der::equal(cert.der(), der));
  EXPECT_EQ(cert.label().rfind("CN=orders,O=Example,C=DE (serial ", 0), 0u);
}

TEST(CertificateParse, OpensslCaWithNameConstraintsAndPathLen) {
  TempDir dir;
  Bytes der = openssl_cert(dir,
                           "basicConstraints=critical,CA:TRUE,pathlen:1\n"
                           "keyUsage=critical,keyCertSign,cRLSign\n"
                           "nameConstraints=critical,permitted;DNS:.internal,permitted;IP:10.0.0.0/255.0.0.0,"
                           "excluded;IP:fd00::/ffff::,excluded;email:.bad.example\n",
                           "-newkey rsa:2048");
  auto c = parse(der);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_TRUE((*c)->is_ca());
  EXPECT_EQ((*c)->basic_constraints->path_len, 1u);
  EXPECT_EQ((*c)->key_usage, kKeyCertSign | kCrlSign);
  EXPECT_EQ((*c)->signature_algorithm.alg, crypto::SigAlg::rsa_pkcs1_sha256);
  ASSERT_NE((*c)->public_key, nullptr);
  EXPECT_EQ((*c)->public_key->bits(), 2048u);
  ASSERT_TRUE((*c)->name_constraints);
  EXPECT_EQ(strings((*c)->name_constraints->permitted), (std::vector<std::string>{"DNS:.internal", "IP:10.0.0.0/8"}));
  EXPECT_EQ(strings((*c)->name_constraints->excluded),
            (std::vector<std::string>{"IP:fd00::/16", "email:.bad.example"}));
}

TEST(CertificateParse, Rsa1024AndEd25519AndPssParse) {
  TempDir dir;
  auto small = parse(openssl_cert(dir, "basicConstraints=CA:FALSE", "-newkey rsa:1024"));
  ASSERT_TRUE(small) << small.error().message();
  EXPECT_EQ((*small)->public_key->bits(), 1024u);  // key-size policy is the validator's
  auto ed = parse(openssl_cert(dir, "basicConstraints=CA:FALSE", "-newkey ed25519"));
  ASSERT_TRUE(ed) << ed.error().message();
  EXPECT_EQ((*ed)->signature_algorithm.alg, crypto::SigAlg::ed25519);
  auto pss = parse(openssl_cert(dir, "basicConstraints=CA:FALSE",
                                "-newkey rsa:2048 -sha384 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48"));
  ASSERT_TRUE(pss) << pss.error().message();
  EXPECT_EQ((*pss)->signature_algorithm.alg, crypto::SigAlg::rsa_pss_sha384);
  auto sha1 = parse(openssl_cert(dir, "basicConstraints=CA:FALSE", "-newkey rsa:2048 -sha1"));
  ASSERT_TRUE(sha1) << sha1.error().message();
  EXPECT_FALSE((*sha1)->signature_algorithm.alg);
  EXPECT_TRUE((*sha1)->signature_algorithm.weak);
}

TEST(CertificateParse, ExplicitCurveKeyLeavesPublicKeyNull) {
  TempDir dir;
  ASSERT_TRUE(dir.sh(
      "openssl ecparam -name prime256v1 -param_enc explicit -genkey -noout -out k.pem 2>/dev/null\n"
      "openssl req -x509 -key k.pem -subj /CN=explicit -days 1 -outform DER -out c.der 2>/dev/null"));
  auto c = parse(dir.read("c.der"));
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ((*c)->public_key, nullptr);
  EXPECT_FALSE((*c)->public_key_error.empty());
}

TEST(CertificateParse, BuilderBaselineParses) {
  CertSpec s;
  s.serial = {0x00, 0x80, 0x01};
  auto c = parse(build_cert(s));
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ((*c)->version, 3);
  EXPECT_EQ((*c)->serial_hex(), "80:01");
  EXPECT_EQ((*c)->label(), "CN=subject (serial 80:01)");
  EXPECT_EQ((*c)->signature.size(), 2u);
}

TEST(CertificateParse, RejectsTrailingDataAfterCertificate) {
  CertSpec s;
  s.trailing = {0x00};
  EXPECT_ERROR(parse(build_cert(s)), "DER: trailing data");
}

TEST(CertificateParse, RejectsMismatchedSignatureAlgorithms) {
  CertSpec s;
  s.outer_sig_alg = hex("30 0a 06 08 2a 86 48 ce 3d 04 03 03");
  EXPECT_ERROR(parse(build_cert(s)), "certificate: signatureAlgorithm differs from tbsCertificate.signature");
}

TEST(CertificateParse, Versions) {
  CertSpec s;
  s.version = 0;  // v1 spelled out: DEFAULT must be omitted
  EXPECT_ERROR(parse(build_cert(s)), "certificate: version v1 must be omitted (DEFAULT)");
  s.version = 3;  // v4 does not exist
  EXPECT_ERROR(parse(build_cert(s)), "certificate: unknown version");
  s.version = std::nullopt;
  auto v1 = parse(build_cert(s));
  ASSERT_TRUE(v1) << v1.error().message();
  EXPECT_EQ((*v1)->version, 1);
  s.version = 1;
  auto v2 = parse(build_cert(s));
  ASSERT_TRUE(v2);
  EXPECT_EQ((*v2)->version, 2);
}

TEST(CertificateParse, RejectsExtensionsInV1AndV2) {
  for (std::optional<int64_t> v : {std::optional<int64_t>{}, std::optional<int64_t>{1}}) {
    CertSpec s;
    s.version = v;
    s.extensions = std::vector<Ext>{{oid_bytes(der::kSubjectKeyIdentifier), {}, hex("04 01 aa")}};
    EXPECT_ERROR(parse(build_cert(s)), "certificate: extensions in a v1 or v2 certificate");
  }
}

TEST(CertificateParse, SerialRules) {
  CertSpec s;
  s.serial = {0xff};  // -1
  EXPECT_ERROR(parse(build_cert(s)), "certificate: negative serial number");
  s.serial = {0x00};  // zero: tolerated
  EXPECT_TRUE(parse(build_cert(s)));
  s.serial = Bytes(20, 0x7f);
  EXPECT_TRUE(parse(build_cert(s)));
  s.serial = cat({{0x00}, Bytes(20, 0xff)});  // 20-octet magnitude with its sign pad
  EXPECT_TRUE(parse(build_cert(s)));
  s.serial = Bytes(21, 0x7f);
  EXPECT_ERROR(parse(build_cert(s)), "certificate: serial number longer than 20 octets");
  s.serial = {0x00, 0x01};  // non-minimal INTEGER
  EXPECT_FALSE(parse(build_cert(s)));
}

TEST(CertificateParse, RejectsEmptyIssuerButAcceptsEmptySubject) {
  CertSpec s;
  s.issuer = hex("30 00");
  EXPECT_ERROR(parse(build_cert(s)), "certificate: empty issuer name");
  CertSpec t;
  t.subject = hex("30 00");
  auto c = parse(build_cert(t));
  ASSERT_TRUE(c);
  EXPECT_TRUE((*c)->subject.empty());
  EXPECT_EQ((*c)->label().rfind("<empty subject>", 0), 0u);
}

TEST(CertificateParse, ToleratesGeneralizedTimeBefore2050) {
  CertSpec s;
  der::Builder b;
  {
    auto v = b.sequence();
    b.generalized_time(1735689600);
    b.utc_time(2051222400);
  }
  s.validity = *std::move(b).finish();
  auto c = parse(build_cert(s));
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ((*c)->validity.not_before, 1735689600);
}

TEST(CertificateParse, RejectsDuplicateExtension) {
  CertSpec s;
  s.extensions = std::vector<Ext>{{oid_bytes(der::kSubjectKeyIdentifier), {}, hex("04 01 aa")},
                                  {oid_bytes(der::kSubjectKeyIdentifier), {}, hex("04 01 bb")}};
  EXPECT_ERROR(parse(build_cert(s)), "Extensions: duplicate extension");
}

TEST(CertificateParse, UnknownCriticalExtensionIsRejectedNamingTheOid) {
  CertSpec s;
  Bytes oid = *der::oid_from_string("1.3.6.1.4.1.99999.1");
  s.extensions = std::vector<Ext>{{oid, true, hex("05 00")}};
  auto r = parse(build_cert(s));
  ASSERT_FALSE(r);
  EXPECT_STREQ(r.error().what, "certificate: unknown critical extension");
  EXPECT_NE(r.error().message().find("1.3.6.1.4.1.99999.1"), std::string::npos);
  // The same extension non-critical is kept for display only.
  s.extensions = std::vector<Ext>{{oid, {}, hex("05 00")}};
  auto ok = parse(build_cert(s));
  ASSERT_TRUE(ok);
  ASSERT_EQ((*ok)->extensions.size(), 1u);
  EXPECT_TRUE(der::equal((*ok)->extensions[0].oid, oid));
}

TEST(CertificateParse, RejectsCriticalFalseSpelledOut) {
  CertSpec s;
  s.extensions = std::vector<Ext>{{oid_bytes(der::kSubjectKeyIdentifier), false, hex("04 01 aa")}};
  EXPECT_ERROR(parse(build_cert(s)), "Extension: critical FALSE is the DEFAULT and must be omitted");
}

TEST(CertificateParse, MalformedKnownExtensionIsAnError) {
  CertSpec s;
  s.extensions = std::vector<Ext>{{oid_bytes(der::kKeyUsage), true, hex("03 01 00")}};
  EXPECT_ERROR(parse(build_cert(s)), "keyUsage: empty BIT STRING");
}

TEST(CertificateParse, RejectsNonMinimalLengthAndTrailingTbsData) {
  CertSpec s;
  Bytes der = build_cert(s);
  // Re-encode the outer length in long form with a redundant octet.
  ASSERT_EQ(der[0], 0x30);
  ASSERT_TRUE(der[1] == 0x81 || der[1] == 0x82);
  Bytes bad = cat({{0x30, static_cast<uint8_t>(der[1] + 1), 0x00}, Bytes(der.begin() + 2, der.end())});
  EXPECT_FALSE(parse(bad));
  s.extra_tbs = hex("05 00");
  EXPECT_FALSE(parse(build_cert(s)));
}

TEST(CertificateParse, UniqueIdentifiersOnlyFromV2) {
  CertSpec s;
  s.extensions = std::nullopt;
  s.extra_tbs = hex("81 02 00 aa");  // issuerUniqueID
  EXPECT_TRUE(parse(build_cert(s)));
  s.version = std::nullopt;
  EXPECT_ERROR(parse(build_cert(s)), "certificate: unique identifier in a v1 certificate");
}

TEST(CertificateParse, EveryTruncationFailsCleanly) {
  TempDir dir;
  Bytes der = openssl_cert(dir,
                           "basicConstraints=critical,CA:TRUE\nsubjectAltName=DNS:a.example,IP:::1\n"
                           "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
  ASSERT_TRUE(parse(der));
  for (size_t n = 0; n < der.size(); ++n) {
    Bytes prefix(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(parse(prefix)) << "prefix of " << n << " bytes parsed";
  }
}

}  // namespace
}  // namespace parley::x509
