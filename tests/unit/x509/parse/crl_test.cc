#include "x509/crl.h"

#include <gtest/gtest.h>

#include "der/builder.h"
#include "der/oid.h"
#include "unit/x509/parse/test_util.h"

namespace parley::x509 {
namespace {

using namespace testing;

struct Entry {
  Bytes serial;
  int64_t when = 1767225600;  // 2026-01-01
  std::vector<Ext> extensions;
};

struct CrlSpec {
  std::optional<int64_t> version = 1;  // v2
  Bytes sig_alg = hex("30 0a 06 08 2a 86 48 ce 3d 04 03 02");
  std::optional<Bytes> outer_sig_alg;
  Bytes issuer;
  int64_t this_update = 1767225600;
  std::optional<int64_t> next_update = 1767830400;
  std::optional<std::vector<Entry>> revoked;
  std::vector<Ext> extensions;
};

Bytes build_crl(const CrlSpec& s) {
  der::Builder b;
  auto ext_list = [&](const std::vector<Ext>& exts) {
    auto list = b.sequence();
    for (const auto& e : exts) {
      auto ext = b.sequence();
      b.oid(e.oid);
      if (e.critical) b.boolean(*e.critical);
      b.octet_string(e.value);
    }
  };
  {
    auto crl = b.sequence();
    {
      auto tbs = b.sequence();
      if (s.version) b.integer(*s.version);
      b.raw(s.sig_alg);
      b.raw(s.issuer.empty() ? name_cn("Test CA") : s.issuer);
      b.time(s.this_update);
      if (s.next_update) b.time(*s.next_update);
      if (s.revoked) {
        auto list = b.sequence();
        for (const auto& r : *s.revoked) {
          auto entry = b.sequence();
          b.implicit(der::kInteger, r.serial);
          b.time(r.when);
          if (!r.extensions.empty()) ext_list(r.extensions);
        }
      }
      if (!s.extensions.empty()) {
        auto x = b.constructed(der::context_constructed(0));
        ext_list(s.extensions);
      }
    }
    b.raw(s.outer_sig_alg ? *s.outer_sig_alg : s.sig_alg);
    b.implicit(der::kBitString, hex("00 30 00"));
  }
  return *std::move(b).finish();
}

Ext reason(uint8_t code, std::optional<bool> critical = {}) {
  return {oid_bytes(der::kReasonCode), critical, {0x0a, 0x01, code}};
}

TEST(CrlParse, OpensslCaCrlWithReason) {
  TempDir dir;
  ASSERT_TRUE(dir.sh(R"(
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -subj "/CN=Test CA" -days 30 2>/dev/null
touch index.txt; echo 05 > crlnumber
cat > ca.cnf <<EOT
[ca]
default_ca=d
[d]
database=index.txt
crlnumber=crlnumber
default_md=sha256
default_crl_days=7
crl_extensions=crl_ext
[crl_ext]
authorityKeyIdentifier=keyid:always
EOT
for s in 1234 99; do
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout l$s.key -subj /CN=leaf$s 2>/dev/null |
    openssl x509 -req -CA ca.pem -CAkey ca.key -set_serial 0x$s -out leaf$s.pem -days 5 2>/dev/null
done
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -revoke leaf1234.pem -crl_reason keyCompromise
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -revoke leaf99.pem -crl_reason superseded
openssl ca -config ca.cnf -cert ca.pem -keyfile ca.key -gencrl -out crl.pem
openssl crl -in crl.pem -outform DER -out crl.der
)"));
  auto crl = Crl::parse(dir.read("crl.der"));
  ASSERT_TRUE(crl) << crl.error().message();
  const Crl& c = **crl;
  EXPECT_EQ(c.version, 2);
  EXPECT_EQ(to_string(c.issuer), "CN=Test CA");
  EXPECT_EQ(c.signature_algorithm.alg, crypto::SigAlg::ecdsa_sha256);
  ASSERT_TRUE(c.next_update);
  EXPECT_EQ(*c.next_update - c.this_update, 7 * 86400);
  ASSERT_EQ(c.revoked.size(), 2u);
  ASSERT_TRUE(c.crl_number);
  EXPECT_EQ(Bytes(c.crl_number->begin(), c.crl_number->end()), hex("05"));
  ASSERT_TRUE(c.authority_key_id);
  EXPECT_TRUE(c.authority_key_id->key_id);
  const auto* r = c.find(hex("12 34"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->reason, CrlReason::key_compromise);
  const auto* s = c.find(hex("00 99"));  // the same number with its sign pad
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reason, CrlReason::superseded);
  EXPECT_EQ(c.find(hex("12 35")), nullptr);
  EXPECT_FALSE(c.delta_crl);
  for (size_t n = 0; n < c.der().size(); ++n) {
    Bytes d = dir.read("crl.der");
    d.resize(n);
    EXPECT_FALSE(Crl::parse(d)) << n;
  }
}

TEST(CrlParse, EntriesAndReasons) {
  CrlSpec s;
  s.revoked = std::vector<Entry>{
      {{0x01}, 1767225600, {reason(1)}},
      {{0x02}, 1767225601, {reason(10), {oid_bytes(der::kInvalidityDate), {}, hex("18 0f 32 30 32 35 31 32 33 31 30 30 30 30 30 30 5a")}}},
      {{0x00, 0x80}, 1767225602, {}},
  };
  auto c = Crl::parse(build_crl(s));
  ASSERT_TRUE(c) << c.error().message();
  ASSERT_EQ((*c)->revoked.size(), 3u);
  EXPECT_EQ((*c)->revoked[0].reason, CrlReason::key_compromise);
  EXPECT_EQ((*c)->revoked[1].reason, CrlReason::aa_compromise);
  EXPECT_EQ((*c)->revoked[1].invalidity_date, 1767139200);
  EXPECT_FALSE((*c)->revoked[2].reason);
  EXPECT_EQ((*c)->find(hex("80"))->revocation_date, 1767225602);
  EXPECT_EQ((*c)->find(hex("02"))->revocation_date, 1767225601);
  EXPECT_EQ((*c)->find(hex("03")), nullptr);
  EXPECT_EQ(crl_reason_name(CrlReason::key_compromise), "keyCompromise");
}

TEST(CrlParse, RejectsReasonSevenAndOutOfRange) {
  for (uint8_t code : {uint8_t{7}, uint8_t{11}}) {
    CrlSpec s;
    s.revoked = std::vector<Entry>{{{0x01}, 1767225600, {reason(code)}}};
    EXPECT_ERROR(Crl::parse(build_crl(s)), "CRL entry: invalid reasonCode");
  }
}

TEST(CrlParse, UnknownCriticalExtensionsRejected) {
  Bytes oid = *der::oid_from_string("1.3.6.1.4.1.99999.7");
  CrlSpec s;
  s.revoked = std::vector<Entry>{{{0x01}, 1767225600, {{oid, true, hex("05 00")}}}};
  EXPECT_ERROR(Crl::parse(build_crl(s)), "CRL entry: unknown critical extension");
  s.revoked = std::vector<Entry>{{{0x01}, 1767225600, {{oid, {}, hex("05 00")}}}};
  EXPECT_TRUE(Crl::parse(build_crl(s)));
  CrlSpec t;
  t.extensions = {{oid, true, hex("05 00")}};
  EXPECT_ERROR(Crl::parse(build_crl(t)), "CRL: unknown critical extension");
  t.extensions = {{oid_bytes(der::kCrlNumber), {}, hex("02 01 01")}, {oid_bytes(der::kCrlNumber), {}, hex("02 01 02")}};
  EXPECT_ERROR(Crl::parse(build_crl(t)), "Extensions: duplicate extension");
}

TEST(CrlParse, VersionRules) {
  CrlSpec v1;
  v1.version = std::nullopt;
  v1.revoked = std::vector<Entry>{{{0x01}, 1767225600, {}}};
  auto ok = Crl::parse(build_crl(v1));
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ((*ok)->version, 1);
  v1.extensions = {{oid_bytes(der::kCrlNumber), {}, hex("02 01 01")}};
  EXPECT_ERROR(Crl::parse(build_crl(v1)), "CRL: extensions in a v1 CRL");
  v1.extensions.clear();
  v1.revoked = std::vector<Entry>{{{0x01}, 1767225600, {reason(1)}}};
  EXPECT_ERROR(Crl::parse(build_crl(v1)), "CRL: entry extensions in a v1 CRL");
  CrlSpec v3;
  v3.version = 2;
  EXPECT_ERROR(Crl::parse(build_crl(v3)), "CRL: version must be v2 when present");
  CrlSpec zero;
  zero.version = 0;
  EXPECT_ERROR(Crl::parse(build_crl(zero)), "CRL: version must be v2 when present");
}

TEST(CrlParse, StructureRules) {
  CrlSpec s;
  s.outer_sig_alg = hex("30 0a 06 08 2a 86 48 ce 3d 04 03 03");
  EXPECT_ERROR(Crl::parse(build_crl(s)), "CRL: signatureAlgorithm differs from tbsCertList.signature");
  CrlSpec e;
  e.issuer = hex("30 00");
  EXPECT_ERROR(Crl::parse(build_crl(e)), "CRL: empty issuer name");
  CrlSpec n;
  n.next_update = std::nullopt;
  auto c = Crl::parse(build_crl(n));
  ASSERT_TRUE(c);
  EXPECT_FALSE((*c)->next_update);
  Bytes der = build_crl(CrlSpec{});
  der.push_back(0);
  EXPECT_ERROR(Crl::parse(der), "CRL: trailing data after the CertificateList");
}

TEST(CrlParse, IssuingDistributionPointAndDelta) {
  CrlSpec s;
  // IDP { distributionPoint fullName [URI:h:x], onlyContainsCACerts TRUE, indirectCRL TRUE }
  s.extensions = {{oid_bytes(der::kIssuingDistributionPoint), true, hex("30 0f a0 07 a0 05 86 03 68 3a 78 82 01 ff 84 01 ff")},
                  {oid_bytes(der::kDeltaCrlIndicator), true, hex("02 01 04")}};
  auto c = Crl::parse(build_crl(s));
  ASSERT_TRUE(c) << c.error().message();
  const auto& idp = *(*c)->issuing_distribution_point;
  EXPECT_EQ(idp.uris, std::vector<std::string>{"h:x"});
  EXPECT_TRUE(idp.only_ca_certs);
  EXPECT_FALSE(idp.only_user_certs);
  EXPECT_TRUE(idp.indirect);
  EXPECT_TRUE((*c)->delta_crl);

  s.extensions = {{oid_bytes(der::kIssuingDistributionPoint), true, hex("30 00")}};
  EXPECT_ERROR(Crl::parse(build_crl(s)), "issuingDistributionPoint: empty");
  s.extensions = {{oid_bytes(der::kIssuingDistributionPoint), true, hex("30 03 81 01 00")}};
  EXPECT_ERROR(Crl::parse(build_crl(s)), "issuingDistributionPoint: FALSE is the DEFAULT and must be omitted");
  s.extensions = {{oid_bytes(der::kIssuingDistributionPoint), true, hex("30 06 81 01 ff 82 01 ff")}};
  EXPECT_ERROR(Crl::parse(build_crl(s)), "issuingDistributionPoint: more than one onlyContains flag");
  s.extensions = {{oid_bytes(der::kCrlNumber), {}, hex("02 01 ff")}};
  EXPECT_FALSE(Crl::parse(build_crl(s)));
}

}  // namespace
}  // namespace parley::x509
