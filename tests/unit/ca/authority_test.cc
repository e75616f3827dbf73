// ca::Authority end to end in memory: what tests elsewhere use to mint certificates.
#include <gtest/gtest.h>

#include <filesystem>

#include "ca/serial.h"
#include "test_util.h"
#include "der/oid.h"
#include "x509/name.h"
#include "x509/ocsp/response.h"

namespace parley::ca {
namespace {

using testing::make_ca;
using testing::provider;
using testing::sans;

TEST(Authority, IssueRecordsEveryCertificate) {
  auto ca = make_ca();
  IssueOptions o;
  o.profile = Profile::client;
  o.sans = sans({"email:alice@example.org"});
  o.common_name = "Alice";
  auto issued = ca.issue(o);
  ASSERT_TRUE(issued) << issued.error().message();
  ASSERT_TRUE(issued->key);
  EXPECT_TRUE(der::equal(issued->key->public_key().spki_der(), issued->certificate->spki));
  EXPECT_EQ(x509::to_string(issued->certificate->subject), "CN=Alice");
  auto found = ca.ledger().find(issued->record.serial);
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->der, std::vector<uint8_t>(issued->certificate->der().begin(), issued->certificate->der().end()));
  EXPECT_EQ((*found)->profile, "client");
  EXPECT_EQ((*found)->sans, "email:alice@example.org");
  EXPECT_EQ(serial_to_hex(issued->certificate->serial), issued->record.serial);
  // root + intermediate + this one
  EXPECT_EQ(ca.list()->size(), 3u);
  EXPECT_NE(issued->chain_pem().find("BEGIN CERTIFICATE"), std::string::npos);
}

TEST(Authority, SignKeepsTheCsrSubjectAndHashesTheRequest) {
  auto ca = make_ca();
  auto k = *provider().keys->generate(crypto::KeySpec::ec_p256);
  auto der = build_csr(*k, *build_cn_name("orders.example"), sans({"dns:orders.example"}));
  ASSERT_TRUE(der);
  auto csr = CertificationRequest::parse(*der, *provider().keys);
  ASSERT_TRUE(csr);
  auto issued = ca.sign(**csr, Profile::server, 30 * 86400);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(x509::to_string(issued->certificate->subject), "CN=orders.example");
  ASSERT_TRUE(issued->record.csr_sha256);
  EXPECT_EQ(issued->record.csr_sha256->size(), 64u);
  EXPECT_EQ(issued->certificate->validity.not_after - issued->certificate->validity.not_before, 30 * 86400 + 60);
}

// What `openssl req -subj /CN=payments -addext subjectAltName=DNS:payments...` sends.
CsrPtr label_csr(const char* cn, std::initializer_list<const char*> san_specs) {
  auto k = *provider().keys->generate(crypto::KeySpec::ec_p256);
  auto der = build_csr(*k, *build_cn_name(cn), sans(san_specs));
  EXPECT_TRUE(der);
  return *CertificationRequest::parse(*der, *provider().keys);
}

std::vector<std::string> san_texts(const x509::Certificate& cert) {
  std::vector<std::string> out;
  for (const auto& gn : cert.subject_alt_names.value_or(std::vector<x509::GeneralName>{})) {
    out.push_back(x509::to_string(gn));
  }
  return out;
}

TEST(Authority, SignAddsALabelCnAsSanWhenThePolicyAllowsIt) {
  auto ca = make_ca();
  auto issued = ca.sign(*label_csr("payments", {"dns:payments.internal"}), Profile::server, std::nullopt);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(x509::to_string(issued->certificate->subject), "CN=payments");
  EXPECT_EQ(san_texts(*issued->certificate), (std::vector<std::string>{"DNS:payments.internal", "DNS:payments"}));
  ASSERT_EQ(issued->notes.size(), 1u);
  EXPECT_NE(issued->notes[0].find("added as SAN DNS:payments"), std::string::npos) << issued->notes[0];
}

TEST(Authority, SignDropsACnThePolicyDoesNotAllow) {
  InitOptions init;
  init.permit_dns = {"example.internal"};
  auto ca = make_ca(init);
  auto issued = ca.sign(*label_csr("payments", {"dns:payments.example.internal"}), Profile::server, std::nullopt);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(x509::to_string(issued->certificate->subject), "");
  EXPECT_EQ(san_texts(*issued->certificate), (std::vector<std::string>{"DNS:payments.example.internal"}));
  ASSERT_EQ(issued->notes.size(), 1u);
  EXPECT_NE(issued->notes[0].find("left out of the subject"), std::string::npos) << issued->notes[0];
  // A CN that is no DNS name at all leaves too.
  auto spaced = ca.sign(*label_csr("Payments Team", {"dns:payments.example.internal"}), Profile::server, std::nullopt);
  ASSERT_TRUE(spaced) << spaced.error().message();
  EXPECT_NE(spaced->notes.at(0).find("not a DNS name"), std::string::npos) << spaced->notes[0];
}

TEST(Authority, SignKeepsTheCnOfClientsAndOfCnsAlreadyAmongTheSans) {
  auto ca = make_ca();
  auto client = ca.sign(*label_csr("payments", {"dns:payments.internal"}), Profile::client, std::nullopt);
  ASSERT_TRUE(client) << client.error().message();
  EXPECT_EQ(x509::to_string(client->certificate->subject), "CN=payments");
  EXPECT_EQ(san_texts(*client->certificate), (std::vector<std::string>{"DNS:payments.internal"}));
  EXPECT_TRUE(client->notes.empty());
  auto upper = ca.sign(*label_csr("Payments.Internal", {"dns:payments.internal"}), Profile::server, std::nullopt);
  ASSERT_TRUE(upper) << upper.error().message();
  EXPECT_TRUE(upper->notes.empty()) << "DNS names compare without case";
}

TEST(Authority, SignStillRefusesSansOutsideThePolicy) {
  InitOptions init;
  init.permit_dns = {"example.internal"};
  auto ca = make_ca(init);
  auto refused = ca.sign(*label_csr("payments", {"dns:payments.example.com"}), Profile::server, std::nullopt);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("DNS:payments.example.com"), std::string::npos)
      << refused.error().message();
}

TEST(Authority, MustStapleSetsTheTlsFeatureStatusRequest) {
  auto ca = make_ca();
  IssueOptions o;
  o.sans = sans({"dns:staple.example"});
  auto plain = ca.issue(o);
  ASSERT_TRUE(plain) << plain.error().message();
  EXPECT_FALSE(plain->certificate->must_staple());
  o.must_staple = true;
  auto stapled = ca.issue(o);
  ASSERT_TRUE(stapled) << stapled.error().message();
  EXPECT_TRUE(stapled->certificate->must_staple());
  EXPECT_EQ(stapled->certificate->tls_features, (std::vector<uint16_t>{5}));
}

TEST(Authority, IssuesADelegatedOcspSignerThatNeverOutlivesTheIntermediate) {
  auto ca = make_ca();
  auto signer = ca.issue_ocsp_signer();
  ASSERT_TRUE(signer) << signer.error().message();
  const auto& c = *signer->certificate;
  EXPECT_TRUE(x509::ocsp::has_ocsp_nocheck(c));
  ASSERT_TRUE(c.extended_key_usage);
  ASSERT_EQ(c.extended_key_usage->size(), 1u);
  EXPECT_TRUE(der::equal(c.extended_key_usage->at(0), der::kOcspSigning));
  EXPECT_FALSE(c.subject_alt_names.has_value());
  EXPECT_EQ(signer->record.profile, "ocsp-signing");
  EXPECT_LE(c.validity.not_after - c.validity.not_before, 4 * 86400 + 60);
  EXPECT_FALSE(ca.issue_ocsp_signer(31 * 86400)) << "a delegate lives days, not months";
  EXPECT_TRUE(der::equal(signer->key->public_key().spki_der(), c.spki));
}

TEST(Authority, RefusalsRecordNothing) {
  InitOptions init;
  init.permit_dns = {"example.internal"};
  auto ca = make_ca(init);
  const size_t before = ca.list()->size();
  IssueOptions o;
  o.sans = sans({"dns:evil.example.com"});
  EXPECT_FALSE(ca.issue(o));
  o.sans = sans({"ip:10.0.0.1"});
  EXPECT_FALSE(ca.issue(o));
  o.sans = sans({"dns:ok.example.internal"});
  o.validity = 3 * 365 * 86400;
  EXPECT_FALSE(ca.issue(o));
  o.validity.reset();
  o.profile = Profile::intermediate;
  EXPECT_FALSE(ca.issue(o));
  EXPECT_FALSE(ca.revoke("0123", x509::CrlReason::unspecified));
  EXPECT_FALSE(ca.revoke(serial_to_hex(ca.intermediate()->serial), x509::CrlReason::unspecified))
      << "the intermediate is not revoked by itself";
  EXPECT_EQ(ca.list()->size(), before);
}

TEST(Authority, OpensADirectoryAndNeedsItsPassphrase) {
  auto dir = std::filesystem::temp_directory_path() / ("parley-ca-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  InitOptions init;
  init.name = "Dir Root CA";
  auto m = init_ca_dir(dir.string(), init, "secret", provider());
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_FALSE(init_ca_dir(dir.string(), init, std::nullopt, provider())) << "init refuses a non-empty directory";
  auto ca = Authority::open(dir.string(), provider());
  ASSERT_TRUE(ca) << ca.error().message();
  EXPECT_FALSE(ca->unlock(std::nullopt));
  auto wrong = ca->unlock("not the secret");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("wrong passphrase"), std::string::npos);
  IssueOptions o;
  o.sans = sans({"dns:a.example"});
  EXPECT_FALSE(ca->issue(o)) << "locked CA";
  ASSERT_TRUE(ca->unlock("secret"));
  auto issued = ca->issue(o);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(ca->list()->size(), 3u);
  EXPECT_EQ(std::filesystem::status(dir / "root.key").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove_all(dir);
}

// Under hard revocation policy a verifier needs evidence for the
// intermediate too: it names the root's CRL where `ca serve` publishes it.
TEST(Init, TheIntermediateNamesTheRootsCrlBesideTheLeavesOne) {
  auto points = [](const InitOptions& o) {
    auto m = make_ca_material(o, provider());
    EXPECT_TRUE(m) << m.error().message();
    auto inter = x509::Certificate::parse(m->intermediate_der, *provider().keys);
    EXPECT_TRUE(inter);
    return (*inter)->crl_distribution_points;
  };
  InitOptions o;
  EXPECT_TRUE(points(o).empty());
  o.crl_url = "http://ca.internal:8080/crl/intermediate.crl";
  EXPECT_EQ(points(o), std::vector<std::string>{"http://ca.internal:8080/crl/root.crl"});
  o.crl_url = "http://ca.internal/leaves.crl";  // not ca serve's layout: nothing to guess
  EXPECT_TRUE(points(o).empty());
  o.root_crl_url = "http://ca.internal/root.crl";
  EXPECT_EQ(points(o), std::vector<std::string>{"http://ca.internal/root.crl"});
  o.root_crl_url = "not a url";
  EXPECT_FALSE(make_ca_material(o, provider()));
}

TEST(Config, RoundTripsAndRefusesUnknownSettings) {
  CaConfig c;
  c.name = "X";
  c.crl_url = "http://x/crl";
  c.policy.dns_suffixes = std::vector<std::string>{"example.internal"};
  c.policy.ip_ranges = std::vector<IpRange>{*parse_ip_range("10.0.0.0/8")};
  auto back = parse_config(config_to_json(c));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->name, "X");
  EXPECT_EQ(back->crl_url, "http://x/crl");
  EXPECT_EQ(back->policy.dns_suffixes, c.policy.dns_suffixes);
  ASSERT_TRUE(back->policy.ip_ranges);
  EXPECT_EQ((*back->policy.ip_ranges)[0].to_string(), "10.0.0.0/8");
  EXPECT_FALSE(back->policy.uri_prefixes);
  EXPECT_FALSE(parse_config(R"({"format": 1, "polcy": {}})"));
  EXPECT_FALSE(parse_config(R"({"format": 2})"));
  EXPECT_FALSE(parse_config(R"({"format": 1, "policy": {"ip_ranges": ["10.0.0.1/8"]}})"));
  EXPECT_FALSE(parse_config("not json"));
}

}  // namespace
}  // namespace parley::ca
