// Revocation policy in x509::verify (verify.h, revocation.cc): soft and hard,
// OCSP evidence by source, must-staple (RFC 7633), a revoked intermediate.
#include <gtest/gtest.h>

#include "pki_fixture.h"
#include "x509/verify.h"

namespace parley::x509 {
namespace {

using testing::kInterExt;
using testing::kRootExt;
using testing::leaf_ext;
using testing::now;
using testing::Pki;

Pki& pki() { return Pki::get(); }
CertificatePtr root() { return pki().cert({"root", "/CN=Test Root", "", kRootExt}); }
CertificatePtr inter() {
  root();
  return pki().cert({"inter", "/CN=Test Inter", "root", kInterExt});
}
CertificatePtr leaf() {
  inter();
  return pki().cert({"leaf", "/CN=orders.internal", "inter", leaf_ext("DNS:orders.internal")});
}
CertificatePtr stapled_leaf() {
  inter();
  return pki().cert({"must-staple", "/CN=orders.internal", "inter",
                     leaf_ext("DNS:orders.internal", "tlsfeature=status_request\n")});
}

class SharedPki : public ::testing::Environment {
 public:
  void SetUp() override {
    leaf();
    stapled_leaf();
  }
};
[[maybe_unused]] ::testing::Environment* const kSharedPki = ::testing::AddGlobalTestEnvironment(new SharedPki);

OcspEvidence evidence(const std::vector<uint8_t>& der, EvidenceSource source) {
  auto r = ocsp::Response::parse(der);
  EXPECT_TRUE(r) << r.error().message();
  return OcspEvidence{r ? *r : nullptr, source, std::nullopt, {}};
}

VerifyOptions opts(RevocationPolicy policy) {
  VerifyOptions o;
  o.time = now() + 60;
  o.hostname = "orders.internal";
  o.revocation = policy;
  return o;
}

std::expected<VerifiedPath, VerifyReport> run(const CertificatePtr& l, const VerifyOptions& o) {
  std::vector<CertificatePtr> inters = {inter()};
  return verify(l, inters, *TrustStore::from_certificates({root()}), o);
}

Rule primary_rule(const std::expected<VerifiedPath, VerifyReport>& r) {
  EXPECT_FALSE(r.has_value());
  if (r || !r.error().primary()) return Rule::loop;
  return r.error().primary()->rule;
}

TEST(Revocation, SoftAcceptsWithoutEvidenceAndSaysSo) {
  auto r = run(leaf(), opts(RevocationPolicy::soft));
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->revocation.size(), 2u);
  EXPECT_FALSE(r->revocation[0].source);
  EXPECT_EQ(r->revocation[0].text, "no evidence");
}

TEST(Revocation, OffChecksNothing) {
  auto o = opts(RevocationPolicy::off);
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "revoked", "inter"), EvidenceSource::staple)};
  auto r = run(leaf(), o);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_TRUE(r->revocation.empty());
}

TEST(Revocation, SoftRejectsAStapleThatSaysRevoked) {
  auto o = opts(RevocationPolicy::soft);
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "revoked", "inter"), EvidenceSource::staple)};
  auto r = run(leaf(), o);
  EXPECT_EQ(primary_rule(r), Rule::revoked);
  EXPECT_EQ(r.error().alert(), Alert::certificate_revoked);
  EXPECT_NE(r.error().summary().find("says the stapled OCSP response"), std::string::npos) << r.error().summary();
}

TEST(Revocation, SoftRejectsAStapleForAnotherCertificate) {
  pki().cert({"other", "/CN=other.internal", "inter", leaf_ext("DNS:other.internal")});
  auto o = opts(RevocationPolicy::soft);
  o.ocsp = {evidence(pki().ocsp("inter", "other", "good", "inter"), EvidenceSource::staple)};
  auto r = run(leaf(), o);
  EXPECT_EQ(primary_rule(r), Rule::ocsp_wrong_certificate);
  EXPECT_EQ(r.error().alert(), Alert::bad_certificate_status_response);
}

TEST(Revocation, TheAnswerNamesItsSource) {
  auto o = opts(RevocationPolicy::hard);
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "good", "inter"), EvidenceSource::staple)};
  o.fetched_crls = {{pki().crl("root", {}), "http://crl.example/root.crl"}};
  auto r = run(leaf(), o);
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->revocation.size(), 2u);
  EXPECT_EQ(r->revocation[0].source, EvidenceSource::staple);
  EXPECT_NE(r->revocation[0].text.find("good"), std::string::npos);
  EXPECT_EQ(r->revocation[1].source, EvidenceSource::crl_fetched);
  EXPECT_EQ(evidence_source_name(*r->revocation[1].source), "fetched CRL");
}

// A fetcher that answers from memory and counts what it is asked.
class FakeFetcher final : public RevocationFetcher {
 public:
  Evidence fetch(const Certificate& cert, const Certificate& /*issuer*/) const override {
    ++calls;
    Evidence e;
    if (cert.label().find("orders") != std::string::npos) {
      auto o = evidence(pki().ocsp("inter", "leaf", leaf_status, "inter"), EvidenceSource::ocsp_fetched);
      o.origin = "http://ocsp.example/";
      e.ocsp.push_back(std::move(o));
    } else {
      e.crls.push_back({pki().crl("root", {}), "http://crl.example/root.crl"});
    }
    return e;
  }
  std::string leaf_status = "good";
  mutable int calls = 0;
};

TEST(Revocation, AFetcherIsAskedForWhatTheEvidenceGivenDoesNotCover) {
  FakeFetcher fetcher;
  auto o = opts(RevocationPolicy::hard);
  o.fetcher = &fetcher;
  auto r = run(leaf(), o);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(fetcher.calls, 2);
  ASSERT_EQ(r->revocation.size(), 2u);
  EXPECT_EQ(r->revocation[0].source, EvidenceSource::ocsp_fetched);
  EXPECT_EQ(source_text(r->revocation[0]), "fetched OCSP response from http://ocsp.example/");
  EXPECT_EQ(source_text(r->revocation[1]), "fetched CRL from http://crl.example/root.crl");
  const RevocationAnswer a = revocation_answer(r->revocation[1]);
  EXPECT_EQ(a.position, 1);
  EXPECT_EQ(a.source, "fetched CRL");
  EXPECT_EQ(a.origin, "http://crl.example/root.crl");
  EXPECT_NE(a.status.find("not on the CRL"), std::string::npos);
}

TEST(Revocation, AFetcherIsNotAskedAboutACoveredCertificate) {
  FakeFetcher fetcher;
  auto o = opts(RevocationPolicy::hard);
  o.fetcher = &fetcher;
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "good", "inter"), EvidenceSource::staple)};
  auto r = run(leaf(), o);
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(fetcher.calls, 1);  // the intermediate only
  EXPECT_EQ(source_text(r->revocation[0]), "stapled OCSP response");
}

TEST(Revocation, ARevocationFetchedNamesTheUrl) {
  FakeFetcher fetcher;
  fetcher.leaf_status = "revoked";
  auto o = opts(RevocationPolicy::soft);
  o.fetcher = &fetcher;
  auto r = run(leaf(), o);
  EXPECT_EQ(primary_rule(r), Rule::revoked);
  EXPECT_EQ(r.error().alert(), Alert::certificate_revoked);
  EXPECT_NE(r.error().primary()->message.find("says the fetched OCSP response from http://ocsp.example/"),
            std::string::npos)
      << r.error().primary()->message;
}

TEST(Revocation, HardNeedsEvidenceForTheIntermediateToo) {
  auto o = opts(RevocationPolicy::hard);
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "good", "inter"), EvidenceSource::staple)};
  auto r = run(leaf(), o);
  EXPECT_EQ(primary_rule(r), Rule::revocation_unknown);
  EXPECT_EQ(r.error().primary()->position, 1);
}

TEST(Revocation, HardRejectsARevokedIntermediate) {
  auto o = opts(RevocationPolicy::hard);
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "good", "inter"), EvidenceSource::staple),
            evidence(pki().ocsp("root", "inter", "revoked", "root"), EvidenceSource::ocsp_fetched)};
  auto r = run(leaf(), o);
  EXPECT_EQ(primary_rule(r), Rule::revoked);
  EXPECT_EQ(r.error().primary()->position, 1);
  EXPECT_NE(r.error().summary().find("fetched OCSP response"), std::string::npos) << r.error().summary();
}

TEST(Revocation, HardRefusesAnUnknownAnswer) {
  auto o = opts(RevocationPolicy::hard);
  o.ocsp = {evidence(pki().ocsp("inter", "leaf", "unknown", "inter"), EvidenceSource::ocsp_fetched)};
  o.crls = {pki().crl("root", {})};
  EXPECT_EQ(primary_rule(run(leaf(), o)), Rule::ocsp_unknown);
  o.revocation = RevocationPolicy::soft;
  EXPECT_TRUE(run(leaf(), o));
}

TEST(Revocation, MustStapleFailsWithoutAGoodStaple) {
  auto o = opts(RevocationPolicy::soft);
  auto r = run(stapled_leaf(), o);
  EXPECT_EQ(primary_rule(r), Rule::staple_required);
  EXPECT_EQ(r.error().alert(), Alert::bad_certificate_status_response);
  // A fetched response is not a staple.
  o.ocsp = {evidence(pki().ocsp("inter", "must-staple", "good", "inter"), EvidenceSource::ocsp_fetched)};
  EXPECT_EQ(primary_rule(run(stapled_leaf(), o)), Rule::staple_required);
  o.ocsp = {evidence(pki().ocsp("inter", "must-staple", "good", "inter"), EvidenceSource::staple)};
  EXPECT_TRUE(run(stapled_leaf(), o));
  o.revocation = RevocationPolicy::off;
  o.ocsp.clear();
  EXPECT_TRUE(run(stapled_leaf(), o));
}

}  // namespace
}  // namespace parley::x509
