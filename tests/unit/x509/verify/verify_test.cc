// Path building and every validation rule, each both ways, on chains made by
// the openssl command at test time (pki_fixture.h).
#include "x509/verify.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <set>

#include "pki_fixture.h"
#include "x509/path_builder.h"

namespace parley::x509 {
namespace {

using testing::CertSpec;
using testing::kInterExt;
using testing::kRootExt;
using testing::leaf_ext;
using testing::now;
using testing::Pki;

constexpr int64_t kDay = 86400;

Pki& pki() { return Pki::get(); }
CertificatePtr root() { return pki().cert({"root", "/CN=Test Root", "", kRootExt}); }
CertificatePtr inter() {
  root();
  return pki().cert({"inter", "/CN=Test Inter", "root", kInterExt}); }
CertificatePtr leaf() {
  inter();
  return pki().cert({"leaf", "/CN=orders.internal", "inter", leaf_ext("DNS:orders.internal,DNS:*.svc.local,IP:10.0.0.1")}); }
CertificatePtr leaf_of(const std::string& name, const std::string& ext, const std::string& issuer = "inter",
                       const std::string& key = "ec") {
  inter();
  return pki().cert({name, "/CN=" + name, issuer, ext, key});
}

// CTest runs every test in its own process, while certificates name their
// issuer by file: make the shared root, intermediate and leaf before any test.
class SharedPki : public ::testing::Environment {
 public:
  void SetUp() override { leaf(); }
};
[[maybe_unused]] ::testing::Environment* const kSharedPki = ::testing::AddGlobalTestEnvironment(new SharedPki);

VerifyOptions opts(std::optional<std::string> host = "orders.internal") {
  VerifyOptions o;
  o.time = now() + 60;
  o.hostname = std::move(host);
  return o;
}

std::shared_ptr<const TrustStore> store(std::vector<CertificatePtr> anchors) {
  return TrustStore::from_certificates(std::move(anchors));
}

using Outcome = std::expected<VerifiedPath, VerifyReport>;

Outcome run(const CertificatePtr& l, std::vector<CertificatePtr> inters, std::vector<CertificatePtr> anchors,
            const VerifyOptions& o) {
  return verify(l, inters, *store(std::move(anchors)), o);
}
Outcome run(const CertificatePtr& l, const VerifyOptions& o = opts()) { return run(l, {inter()}, {root()}, o); }

std::set<Rule> rules(const VerifyReport& r) {
  std::set<Rule> s;
  for (const auto& p : r.paths) {
    for (const auto& f : p.findings) s.insert(f.rule);
  }
  return s;
}

// The rule that decided the report (the first finding of the best path).
#define EXPECT_REJECTED_FOR(outcome, rule)                                              \
  do {                                                                                  \
    auto&& o_ = (outcome);                                                              \
    ASSERT_FALSE(o_.has_value()) << "accepted";                                         \
    EXPECT_TRUE(rules(o_.error()).count(rule)) << rule_id(rule) << " not in:\n" << o_.error().to_text(); \
  } while (0)
#define EXPECT_ACCEPTED(outcome)                                                  \
  do {                                                                            \
    auto&& o_ = (outcome);                                                        \
    EXPECT_TRUE(o_.has_value()) << (o_.has_value() ? "" : o_.error().to_text()); \
  } while (0)

TEST(Verify, ValidChainReturnsThePathLeafToAnchor) {
  auto r = run(leaf());
  ASSERT_TRUE(r) << r.error().to_text();
  ASSERT_EQ(r->certificates.size(), 3u);
  EXPECT_EQ(r->certificates[0], leaf());
  EXPECT_EQ(r->certificates[1], inter());
  EXPECT_EQ(r->certificates[2], root());
  EXPECT_EQ(r->used.signatures, 2u);
}

// ---------------------------------------------------------------- identity

TEST(Verify, HostnameMustMatchADnsSan) {
  EXPECT_ACCEPTED(run(leaf(), opts("ORDERS.internal.")));
  EXPECT_ACCEPTED(run(leaf(), opts("api.svc.local")));
  auto r = run(leaf(), opts("payments.internal"));
  EXPECT_REJECTED_FOR(r, Rule::hostname_mismatch);
  EXPECT_EQ(r.error().summary(),
            "name mismatch: asked for payments.internal, certificate has DNS:orders.internal, DNS:*.svc.local, "
            "IP:10.0.0.1");
  EXPECT_EQ(r.error().alert(), Alert::bad_certificate);
}

TEST(Verify, NoCommonNameFallback) {
  auto l = leaf_of("cn-only.internal", "basicConstraints=critical,CA:FALSE\nsubjectKeyIdentifier=hash\n"
                                       "authorityKeyIdentifier=keyid\n");
  EXPECT_REJECTED_FOR(run(l, opts("cn-only.internal")), Rule::hostname_mismatch);
  EXPECT_ACCEPTED(run(l, opts(std::nullopt)));
}

TEST(Verify, IpMatchesIpSansOnlyByBytes) {
  auto o = opts(std::nullopt);
  o.ip = *parse_ip_address("10.0.0.1");
  EXPECT_ACCEPTED(run(leaf(), o));
  o.ip = *parse_ip_address("10.0.0.2");
  EXPECT_REJECTED_FOR(run(leaf(), o), Rule::ip_mismatch);
  // A DNS SAN spelling an address is not an IP identity.
  auto l = leaf_of("ip-in-dns", leaf_ext("DNS:10.0.0.9"));
  o.ip = *parse_ip_address("10.0.0.9");
  EXPECT_REJECTED_FOR(run(l, o), Rule::ip_mismatch);
}

// ---------------------------------------------------------------- signatures and keys

TEST(Verify, SignatureMustVerifyWithTheIssuersKey) {
  // Same issuer name, another key: the name matches, the signature does not.
  pki().cert({"impostor", "/CN=Test Inter", "root", kInterExt});
  auto l = leaf_of("signed-by-impostor", leaf_ext("DNS:orders.internal"), "impostor");
  auto r = run(l);
  EXPECT_REJECTED_FOR(r, Rule::signature_invalid);
  EXPECT_ACCEPTED(run(l, {pki().cert({"impostor", "", "", ""})}, {root()}, opts()));
}

TEST(Verify, WeakSignatureAlgorithmsAreRejected) {
  auto l = pki().cert({"sha1-leaf", "/CN=sha1", "inter", leaf_ext("DNS:orders.internal"), "ec", 365, "sha1"});
  EXPECT_REJECTED_FOR(run(l), Rule::signature_algorithm_weak);
  EXPECT_EQ(run(l).error().alert(), Alert::unsupported_certificate);
}

TEST(Verify, SmallRsaKeysAreRejected) {
  auto small = leaf_of("rsa1024-leaf", leaf_ext("DNS:orders.internal"), "inter", "rsa1024");
  EXPECT_REJECTED_FOR(run(small), Rule::public_key_too_small);
  auto o = opts();
  o.policy.min_rsa_bits = 1024;  // the policy knob
  EXPECT_ACCEPTED(run(small, o));
  EXPECT_ACCEPTED(run(leaf_of("rsa2048-leaf", leaf_ext("DNS:orders.internal"), "inter", "rsa2048")));
}

// ---------------------------------------------------------------- validity

TEST(Verify, ExpiredLeaf) {
  auto o = opts();
  o.time = leaf()->validity.not_after + 3 * kDay + 30;
  auto r = run(leaf(), o);
  EXPECT_REJECTED_FOR(r, Rule::expired);
  EXPECT_EQ(r.error().alert(), Alert::certificate_expired);
  EXPECT_NE(r.error().summary().find("expired 3 days ago (not after "), std::string::npos) << r.error().summary();
}

TEST(Verify, NotYetValid) {
  auto o = opts();
  o.time = leaf()->validity.not_before - 2 * 3600 - 30;
  auto r = run(leaf(), o);
  EXPECT_REJECTED_FOR(r, Rule::not_yet_valid);
  EXPECT_NE(r.error().summary().find("in 2 hours"), std::string::npos) << r.error().summary();
}

TEST(Verify, ExpiredIntermediateAndAnchor) {
  auto short_root = pki().cert({"short-root", "/CN=Short Root", "", kRootExt, "ec", 10});
  auto l = leaf_of("under-short-root", leaf_ext("DNS:orders.internal"), "short-root");
  auto o = opts();
  EXPECT_ACCEPTED(run(l, {}, {short_root}, o));
  o.time = now() + 20 * kDay;
  EXPECT_REJECTED_FOR(run(l, {}, {short_root}, o), Rule::expired);  // the anchor's validity counts
  auto short_inter = pki().cert({"short-inter", "/CN=Short Inter", "root", kInterExt, "ec", 10});
  auto l2 = leaf_of("under-short-inter", leaf_ext("DNS:orders.internal"), "short-inter");
  EXPECT_ACCEPTED(run(l2, {short_inter}, {root()}, opts()));
  EXPECT_REJECTED_FOR(run(l2, {short_inter}, {root()}, o), Rule::expired);
}

// ---------------------------------------------------------------- CA rules

TEST(Verify, IssuersMustBeCas) {
  auto not_ca = pki().cert({"not-ca", "/CN=Not A CA", "root",
                            "basicConstraints=critical,CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"});
  auto l = leaf_of("under-not-ca", leaf_ext("DNS:orders.internal"), "not-ca");
  EXPECT_REJECTED_FOR(run(l, {not_ca}, {root()}, opts()), Rule::not_a_ca);
}

TEST(Verify, PathLenConstraint) {
  auto root0 = pki().cert({"root-pathlen0", "/CN=Root PathLen 0",
                           "", "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"});
  auto root1 = pki().cert({"root-pathlen1", "/CN=Root PathLen 1",
                           "", "basicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"});
  auto i0 = pki().cert({"inter-pl0", "/CN=Inter PL0", "root-pathlen0", kInterExt});
  auto i1 = pki().cert({"inter-pl1", "/CN=Inter PL1", "root-pathlen1", kInterExt});
  EXPECT_REJECTED_FOR(run(leaf_of("leaf-pl0", leaf_ext("DNS:orders.internal"), "inter-pl0"), {i0}, {root0}, opts()),
                      Rule::path_length_exceeded);
  EXPECT_ACCEPTED(run(leaf_of("leaf-pl1", leaf_ext("DNS:orders.internal"), "inter-pl1"), {i1}, {root1}, opts()));
  // The leaf is not an intermediate: a pathlen:0 root may issue leaves directly.
  EXPECT_ACCEPTED(run(leaf_of("leaf-direct-pl0", leaf_ext("DNS:orders.internal"), "root-pathlen0"), {}, {root0}, opts()));
}

TEST(Verify, IssuerKeyUsageNeedsKeyCertSign) {
  auto ku = pki().cert({"inter-no-certsign", "/CN=Inter No CertSign", "root",
                        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,cRLSign\n"
                        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"});
  auto l = leaf_of("under-no-certsign", leaf_ext("DNS:orders.internal"), "inter-no-certsign");
  EXPECT_REJECTED_FOR(run(l, {ku}, {root()}, opts()), Rule::key_usage_no_cert_sign);
  auto noku = pki().cert({"inter-no-ku", "/CN=Inter No KU", "root",
                          "basicConstraints=critical,CA:TRUE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"});
  EXPECT_ACCEPTED(run(leaf_of("under-no-ku", leaf_ext("DNS:orders.internal"), "inter-no-ku"), {noku}, {root()}, opts()));
}

TEST(Verify, LeafKeyUsageNeedsDigitalSignature) {
  auto l = leaf_of("leaf-keyenc", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n"
                                  "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nsubjectAltName=DNS:orders.internal\n");
  EXPECT_REJECTED_FOR(run(l), Rule::key_usage_no_digital_signature);
  auto nok = leaf_of("leaf-no-ku", "basicConstraints=critical,CA:FALSE\nsubjectKeyIdentifier=hash\n"
                                   "authorityKeyIdentifier=keyid\nsubjectAltName=DNS:orders.internal\n");
  EXPECT_ACCEPTED(run(nok));
}

TEST(Verify, LeafExtendedKeyUsageByPurpose) {
  std::string base = "basicConstraints=critical,CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                     "subjectAltName=DNS:orders.internal\n";
  auto client = leaf_of("leaf-client-eku", base + "extendedKeyUsage=clientAuth\n");
  EXPECT_REJECTED_FOR(run(client), Rule::extended_key_usage_mismatch);
  auto o = opts(std::nullopt);
  o.purpose = Purpose::client_auth;
  EXPECT_ACCEPTED(run(client, o));
  EXPECT_REJECTED_FOR(run(leaf(), o), Rule::extended_key_usage_mismatch);
  // anyExtendedKeyUsage alone does not make a TLS server certificate.
  EXPECT_REJECTED_FOR(run(leaf_of("leaf-any-eku", base + "extendedKeyUsage=anyExtendedKeyUsage\n")),
                      Rule::extended_key_usage_mismatch);
  EXPECT_ACCEPTED(run(leaf_of("leaf-no-eku", base)));
}

TEST(Verify, IntermediateExtendedKeyUsageConstrainsThePath) {
  auto ci = pki().cert({"inter-client-only", "/CN=Inter Client Only", "root", kInterExt + "extendedKeyUsage=clientAuth\n"});
  auto l = leaf_of("under-client-only", leaf_ext("DNS:orders.internal"), "inter-client-only");
  EXPECT_REJECTED_FOR(run(l, {ci}, {root()}, opts()), Rule::extended_key_usage_mismatch);
  auto si = pki().cert({"inter-server", "/CN=Inter Server", "root", kInterExt + "extendedKeyUsage=serverAuth\n"});
  EXPECT_ACCEPTED(run(leaf_of("under-server", leaf_ext("DNS:orders.internal"), "inter-server"), {si}, {root()}, opts()));
}

TEST(Verify, CaCertificateAsLeafNeedsPinning) {
  auto ca = pki().cert({"ca-leaf", "/CN=CA Leaf", "root",
                        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,digitalSignature\n"
                        "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"});
  auto o = opts(std::nullopt);
  EXPECT_REJECTED_FOR(run(ca, {}, {root()}, o), Rule::ca_used_as_leaf);
  o.policy.allow_ca_leaf = true;
  EXPECT_ACCEPTED(run(ca, {}, {root()}, o));
}

// ---------------------------------------------------------------- name constraints

CertificatePtr nc_root() {
  return pki().cert({"nc-root", "/CN=NC Root", "",
                     kRootExt + "nameConstraints=critical,permitted;DNS:example.com,permitted;IP:10.0.0.0/255.0.0.0,"
                                "excluded;DNS:secret.example.com\n"});
}

TEST(Verify, NameConstraintsPermittedAndExcluded) {
  nc_root();
  auto o = opts("a.example.com");
  EXPECT_ACCEPTED(run(leaf_of("nc-ok", leaf_ext("DNS:a.example.com,IP:10.1.2.3"), "nc-root"), {}, {nc_root()}, o));
  auto r = run(leaf_of("nc-outside", leaf_ext("DNS:a.example.com,DNS:badexample.com"), "nc-root"), {}, {nc_root()}, o);
  EXPECT_REJECTED_FOR(r, Rule::name_constraint_violation);
  EXPECT_NE(r.error().summary().find("DNS:badexample.com"), std::string::npos) << r.error().summary();
  EXPECT_REJECTED_FOR(run(leaf_of("nc-excluded", leaf_ext("DNS:a.example.com,DNS:x.secret.example.com"), "nc-root"), {},
                          {nc_root()}, o),
                      Rule::name_constraint_violation);
  EXPECT_REJECTED_FOR(run(leaf_of("nc-ip-outside", leaf_ext("DNS:a.example.com,IP:192.168.0.1"), "nc-root"), {},
                          {nc_root()}, o),
                      Rule::name_constraint_violation);
  // A wildcard that could stand for an excluded name is rejected.
  EXPECT_REJECTED_FOR(run(leaf_of("nc-wild", leaf_ext("DNS:a.example.com,DNS:*.example.com"), "nc-root"), {},
                          {nc_root()}, o),
                      Rule::name_constraint_violation);
}

TEST(Verify, NameConstraintsOfAnIntermediateApplyBelowIt) {
  auto ci = pki().cert({"nc-inter", "/CN=NC Inter", "root", kInterExt + "nameConstraints=critical,permitted;DNS:svc.local\n"});
  auto o = opts("a.svc.local");
  EXPECT_ACCEPTED(run(leaf_of("nci-ok", leaf_ext("DNS:a.svc.local"), "nc-inter"), {ci}, {root()}, o));
  EXPECT_REJECTED_FOR(run(leaf_of("nci-bad", leaf_ext("DNS:a.svc.local,DNS:evil.com"), "nc-inter"), {ci}, {root()}, o),
                      Rule::name_constraint_violation);
}

TEST(Verify, InvalidNameConstraintsRejectThePath) {
  auto bad = pki().cert({"nc-bad-mask", "/CN=NC Bad Mask", "", kRootExt + "nameConstraints=critical,permitted;IP:10.0.0.0/255.0.255.0\n"});
  auto l = leaf_of("under-bad-mask", leaf_ext("DNS:orders.internal"), "nc-bad-mask");
  EXPECT_REJECTED_FOR(run(l, {}, {bad}, opts()), Rule::name_constraint_invalid);
}

TEST(Verify, UnsupportedConstrainedNameFormsAreRejected) {
  auto on = pki().cert({"nc-othername", "/CN=NC OtherName", "",
                        kRootExt + "nameConstraints=critical,excluded;otherName:1.2.3.4;UTF8:x\n"});
  auto with = leaf_of("leaf-othername", leaf_ext("DNS:orders.internal,otherName:1.2.3.4;UTF8:y"), "nc-othername");
  auto without = leaf_of("leaf-no-othername", leaf_ext("DNS:orders.internal"), "nc-othername");
  EXPECT_REJECTED_FOR(run(with, {}, {on}, opts()), Rule::name_constraint_unsupported);
  EXPECT_ACCEPTED(run(without, {}, {on}, opts()));
}

// ---------------------------------------------------------------- path building

TEST(Verify, IntermediatesInAnyOrderWithExtrasAndDuplicates) {
  auto extra = pki().cert({"extra", "/CN=Unrelated", "root", kInterExt});
  EXPECT_ACCEPTED(run(leaf(), {extra, inter(), extra, inter(), root()}, {root()}, opts()));
}

TEST(Verify, NoIssuerFoundSaysWhatIsMissing) {
  auto r = run(leaf(), {}, {root()}, opts());
  EXPECT_REJECTED_FOR(r, Rule::no_issuer);
  EXPECT_EQ(r.error().alert(), Alert::unknown_ca);
  EXPECT_EQ(r.error().summary(),
            "no issuer found for 'CN=orders.internal': none of the 0 intermediates and 1 trust anchors has that "
            "subject (CN=Test Inter) — is the intermediate missing from the chain?");
}

TEST(Verify, BacktracksFromADeadEndToAnotherIssuer) {
  // Same subject and key as "inter", issued by an untrusted root: a valid
  // signature on the leaf, but a dead end. Tried first, then abandoned.
  pki().cert({"untrusted-root", "/CN=Untrusted Root", "", kRootExt});
  auto dead = pki().cert({"inter-dead-end", "/CN=Test Inter", "untrusted-root", kInterExt, "same:inter"});
  auto r = run(leaf(), {dead, inter()}, {root()}, opts());
  ASSERT_TRUE(r) << r.error().to_text();
  EXPECT_EQ(r->certificates[1], inter());
}

TEST(Verify, CrossSignedRoots) {
  // New root "Test Root" cross-signed by an old root: trusting either works.
  pki().cert({"old-root", "/CN=Old Root", "", kRootExt});
  auto cross = pki().cert({"root-cross", "/CN=Test Root", "old-root", kInterExt, "same:root"});
  auto o = opts();
  auto via_old = run(leaf(), {inter(), cross}, {pki().cert({"old-root", "", "", ""})}, o);
  ASSERT_TRUE(via_old) << via_old.error().to_text();
  EXPECT_EQ(via_old->certificates.size(), 4u);
  auto via_new = run(leaf(), {inter(), cross}, {root()}, o);
  ASSERT_TRUE(via_new);
  EXPECT_EQ(via_new->certificates.size(), 3u);
}

TEST(Verify, LoopsEndWithoutAnAnchor) {
  // A and B sign each other; nothing reaches a trusted root.
  pki().cert({"loop-a-self", "/CN=Loop A", "", kRootExt});
  pki().cert({"loop-b", "/CN=Loop B", "loop-a-self", kInterExt});
  auto a = pki().cert({"loop-a", "/CN=Loop A", "loop-b", kInterExt, "same:loop-a-self"});
  auto b = pki().cert({"loop-b", "", "", ""});
  auto l = leaf_of("under-loop", leaf_ext("DNS:orders.internal"), "loop-a-self");
  auto r = run(l, {a, b}, {root()}, opts());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert(), Alert::unknown_ca);
}

TEST(Verify, MaxDepthCountsIntermediates) {
  auto o = opts();
  o.max_depth = 1;
  EXPECT_ACCEPTED(run(leaf(), o));
  o.max_depth = 0;
  EXPECT_REJECTED_FOR(run(leaf(), o), Rule::max_depth_exceeded);
}

// ---------------------------------------------------------------- revocation

TEST(Verify, RevokedLeafIsRejectedWithReasonAndTime) {
  auto l = leaf_of("revoked-leaf", leaf_ext("DNS:orders.internal"));
  auto o = opts();
  o.crls = {pki().crl("inter", {"revoked-leaf"}), pki().crl("root", {})};
  auto r = run(l, o);
  EXPECT_REJECTED_FOR(r, Rule::revoked);
  EXPECT_EQ(r.error().alert(), Alert::certificate_revoked);
  EXPECT_NE(r.error().summary().find("was revoked on "), std::string::npos);
  EXPECT_NE(r.error().summary().find("(reason keyCompromise)"), std::string::npos) << r.error().summary();
  EXPECT_ACCEPTED(run(leaf(), o));  // not on the CRL
}

TEST(Verify, HardPolicyNeedsACrlForEveryCertificate) {
  auto o = opts();
  o.crls = {pki().crl("root", {})};  // covers the intermediate only
  EXPECT_ACCEPTED(run(leaf(), o));   // soft: no evidence for the leaf is no reason to refuse
  o.revocation = RevocationPolicy::hard;
  EXPECT_REJECTED_FOR(run(leaf(), o), Rule::revocation_unknown);
}

TEST(Verify, StaleCrlsAreNotTrusted) {
  auto o = opts();
  o.crls = {pki().crl("inter", {}, 1), pki().crl("root", {}, 1)};
  EXPECT_ACCEPTED(run(leaf(), o));
  o.time = now() + 3 * kDay;
  EXPECT_REJECTED_FOR(run(leaf(), o), Rule::crl_stale);
}

TEST(Verify, CrlFromAnIssuerWithoutCrlSignIsRejected) {
  pki().cert({"inter-no-crlsign", "/CN=Inter No CRLSign", "root",
              "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\n"
              "authorityKeyIdentifier=keyid\n"});
  auto l = leaf_of("under-no-crlsign", leaf_ext("DNS:orders.internal"), "inter-no-crlsign");
  auto o = opts();
  o.crls = {pki().crl("inter-no-crlsign", {}), pki().crl("root", {})};
  EXPECT_REJECTED_FOR(run(l, {pki().cert({"inter-no-crlsign", "", "", ""})}, {root()}, o), Rule::crl_invalid);
}

// ---------------------------------------------------------------- pathological inputs

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

TEST(VerifyPathological, ManySameSubjectCandidatesExhaustTheSignatureBudget) {
  // 110 intermediates named like the leaf's issuer, none with the right key.
  pki().cert({"decoy-key", "/CN=Decoy", "root", kInterExt});
  std::vector<CertificatePtr> decoys;
  for (int i = 0; i < 110; ++i) {
    decoys.push_back(pki().cert({"decoy" + std::to_string(i), "/CN=Test Inter", "root",
                                 kInterExt, "same:decoy-key"}));
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = run(leaf(), decoys, {root()}, opts());
  EXPECT_LT(seconds_since(t0), 2.0);
  ASSERT_FALSE(r);
  EXPECT_TRUE(rules(r.error()).count(Rule::budget_exhausted)) << r.error().to_text();
  EXPECT_EQ(r.error().primary()->rule, Rule::budget_exhausted);
  EXPECT_LE(r.error().used.signatures, 101u);
}

TEST(VerifyPathological, HugeNameConstraintSetsExhaustTheComparisonBudget) {
  std::string nc = "nameConstraints=critical";
  for (int i = 0; i < 600; ++i) nc += ",permitted;DNS:p" + std::to_string(i) + ".example";
  std::string san;
  for (int i = 0; i < 500; ++i) san += (i ? ",DNS:n" : "DNS:n") + std::to_string(i) + ".p599.example";
  auto big_root = pki().cert({"nc-huge-root", "/CN=NC Huge", "", kRootExt + nc + "\n"});
  auto l = leaf_of("nc-huge-leaf", leaf_ext(san), "nc-huge-root");
  auto t0 = std::chrono::steady_clock::now();
  auto r = run(l, {}, {big_root}, opts("n0.p599.example"));
  EXPECT_LT(seconds_since(t0), 2.0);
  EXPECT_REJECTED_FOR(r, Rule::budget_exhausted);
}

TEST(VerifyPathological, LongChainsStopAtMaxDepth) {
  std::string prev = "root";
  std::vector<CertificatePtr> chain;
  for (int i = 0; i < 12; ++i) {
    std::string n = "long" + std::to_string(i);
    chain.push_back(pki().cert({n, "/CN=Long " + std::to_string(i), prev, kInterExt}));
    prev = n;
  }
  auto l = leaf_of("long-leaf", leaf_ext("DNS:orders.internal"), prev);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_REJECTED_FOR(run(l, chain, {root()}, opts()), Rule::max_depth_exceeded);
  EXPECT_LT(seconds_since(t0), 2.0);
  auto o = opts();
  o.max_depth = 12;
  EXPECT_ACCEPTED(run(l, chain, {root()}, o));
}

// ---------------------------------------------------------------- trust store

TEST(TrustStore, LoadsPemAndSkipsWhatDoesNotParse) {
  std::string pem = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
  std::ifstream in(pki().path("root"));
  std::string root_pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto s = TrustStore::from_pem(pem + root_pem);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->size(), 1u);
  EXPECT_EQ((*s)->skipped().size(), 1u);
  EXPECT_EQ((*s)->find_by_subject(inter()->issuer).size(), 1u);
  EXPECT_TRUE((*s)->contains(*root()));
  EXPECT_FALSE((*s)->contains(*inter()));
  auto dir = TrustStore::from_directory(pki().dir());
  ASSERT_TRUE(dir);
  EXPECT_GE((*dir)->size(), 3u);  // at least the shared root, intermediate and leaf
}

TEST(TrustStore, SystemBundleLoadsWhenPresent) {
  auto s = TrustStore::system();
  if (!s) GTEST_SKIP() << "no system bundle";
  EXPECT_GT((*s)->size(), 10u);
}

}  // namespace
}  // namespace parley::x509
