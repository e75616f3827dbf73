// The extensions each profile puts in a certificate, read back with our own
// X.509 parser.
#include <gtest/gtest.h>

#include "ca/signing.h"
#include "der/oid.h"
#include "test_util.h"
#include "x509/certificate.h"
#include "x509/name.h"

namespace parley::ca {
namespace {

using namespace x509;
using testing::make_ca;
using testing::provider;
using testing::sans;

const Extension* find_ext(const Certificate& c, der::Input oid) {
  for (const auto& e : c.extensions) {
    if (der::equal(e.oid, oid)) return &e;
  }
  return nullptr;
}

bool has_eku(const Certificate& c, der::Input oid) {
  if (!c.extended_key_usage) return false;
  for (auto e : *c.extended_key_usage) {
    if (der::equal(e, oid)) return true;
  }
  return false;
}

TEST(Profile, ServerClientAndBoth) {
  auto ca = make_ca();
  struct Case {
    Profile p;
    bool server, client;
  };
  for (auto [profile, server, client] : {Case{Profile::server, true, false}, Case{Profile::client, false, true},
                                          Case{Profile::server_client, true, true}}) {
    IssueOptions o;
    o.profile = profile;
    o.sans = sans({"dns:a.example", "ip:10.0.0.1"});
    auto issued = ca.issue(o);
    ASSERT_TRUE(issued) << issued.error().message();
    const Certificate& c = *issued->certificate;
    EXPECT_EQ(c.version, 3);
    ASSERT_EQ(c.serial.size(), 16u);
    EXPECT_EQ(c.serial[0] & 0x80, 0);
    ASSERT_TRUE(c.basic_constraints);
    EXPECT_FALSE(c.basic_constraints->ca);
    EXPECT_TRUE(find_ext(c, der::kBasicConstraints)->critical);
    ASSERT_TRUE(c.key_usage);
    EXPECT_EQ(*c.key_usage, kDigitalSignature) << "no keyEncipherment: TLS 1.3 never needs it";
    EXPECT_TRUE(find_ext(c, der::kKeyUsage)->critical);
    EXPECT_EQ(has_eku(c, der::kServerAuth), server);
    EXPECT_EQ(has_eku(c, der::kClientAuth), client);
    EXPECT_FALSE(find_ext(c, der::kExtKeyUsage)->critical);
    ASSERT_TRUE(c.subject_alt_names);
    ASSERT_EQ(c.subject_alt_names->size(), 2u);
    EXPECT_EQ(to_string((*c.subject_alt_names)[0]), "DNS:a.example");
    EXPECT_EQ(to_string((*c.subject_alt_names)[1]), "IP:10.0.0.1");
    EXPECT_FALSE(find_ext(c, der::kSubjectAltName)->critical) << "the subject (CN) is not empty";
    EXPECT_EQ(to_string(c.subject), "CN=a.example");
    // SKI by RFC 7093 method 1; AKI is the intermediate's SKI.
    ASSERT_TRUE(c.subject_key_id);
    auto ski = key_identifier(*provider().sha256, c.spki);
    ASSERT_TRUE(ski);
    EXPECT_TRUE(der::equal(*c.subject_key_id, *ski));
    ASSERT_TRUE(c.authority_key_id && c.authority_key_id->key_id);
    EXPECT_TRUE(der::equal(*c.authority_key_id->key_id, *ca.intermediate()->subject_key_id));
    EXPECT_TRUE(names_match(c.issuer, ca.intermediate()->subject));
    // Signed by the intermediate.
    EXPECT_TRUE(ca.intermediate()->public_key->verify(*c.signature_algorithm.alg, c.tbs, c.signature));
    EXPECT_TRUE(c.crl_distribution_points.empty());
    EXPECT_TRUE(c.ocsp_urls.empty());
  }
}

TEST(Profile, EmptySubjectMakesTheSanCritical) {
  auto ca = make_ca();
  auto k = provider().keys->generate(crypto::KeySpec::ec_p256);
  ASSERT_TRUE(k);
  IssueOptions o;
  o.sans = sans({"ip:10.0.0.1"});
  auto issued = ca.issue_for((*k)->public_key(), std::vector<uint8_t>{0x30, 0x00}, o, std::nullopt);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_TRUE(issued->certificate->subject.empty());
  EXPECT_TRUE(find_ext(*issued->certificate, der::kSubjectAltName)->critical);
}

TEST(Profile, CrlAndOcspUrlsWhenConfigured) {
  InitOptions init;
  init.crl_url = "http://ca.example/crl.pem";
  init.ocsp_url = "http://ocsp.example";
  auto ca = make_ca(init);
  IssueOptions o;
  o.sans = sans({"dns:a.example"});
  auto issued = ca.issue(o);
  ASSERT_TRUE(issued);
  EXPECT_EQ(issued->certificate->crl_distribution_points, std::vector<std::string>{"http://ca.example/crl.pem"});
  EXPECT_EQ(issued->certificate->ocsp_urls, std::vector<std::string>{"http://ocsp.example"});
}

TEST(Profile, RootAndIntermediate) {
  InitOptions init;
  init.name = "Example Root CA";
  init.permit_dns = {"example.internal"};
  auto ca = make_ca(init);
  const Certificate& root = *ca.root();
  const Certificate& inter = *ca.intermediate();
  EXPECT_EQ(common_name(root.subject), "Example Root CA");
  EXPECT_EQ(common_name(inter.subject), "Example Intermediate CA");
  ASSERT_TRUE(root.basic_constraints && inter.basic_constraints);
  EXPECT_TRUE(root.basic_constraints->ca);
  EXPECT_FALSE(root.basic_constraints->path_len);
  EXPECT_TRUE(inter.basic_constraints->ca);
  EXPECT_EQ(inter.basic_constraints->path_len, 0u);
  EXPECT_EQ(*root.key_usage, kKeyCertSign | kCrlSign);
  EXPECT_EQ(*inter.key_usage, kKeyCertSign | kCrlSign);
  EXPECT_FALSE(root.extended_key_usage);
  EXPECT_FALSE(inter.extended_key_usage);
  EXPECT_TRUE(root.self_issued());
  EXPECT_TRUE(der::equal(*inter.authority_key_id->key_id, *root.subject_key_id));
  EXPECT_TRUE(root.public_key->verify(*inter.signature_algorithm.alg, inter.tbs, inter.signature));
  EXPECT_TRUE(root.public_key->verify(*root.signature_algorithm.alg, root.tbs, root.signature));
  EXPECT_FALSE(root.name_constraints);
  // Name constraints: DNS, URI and e-mail within the domain; every IP excluded.
  ASSERT_TRUE(inter.name_constraints);
  EXPECT_TRUE(find_ext(inter, der::kNameConstraints)->critical);
  std::vector<std::string> permitted, excluded;
  for (const auto& g : inter.name_constraints->permitted) permitted.push_back(to_string(g));
  for (const auto& g : inter.name_constraints->excluded) excluded.push_back(to_string(g));
  EXPECT_EQ(permitted, (std::vector<std::string>{"DNS:example.internal", "URI:example.internal",
                                                 "URI:.example.internal", "email:example.internal",
                                                 "email:.example.internal"}));
  EXPECT_EQ(excluded, (std::vector<std::string>{"IP:0.0.0.0/0", "IP:::/0"}));
}

TEST(Profile, EveryCaKeyTypeSignsWithItsNaturalAlgorithm) {
  struct Case {
    crypto::KeySpec spec;
    crypto::SigAlg alg;
  };
  for (auto [spec, alg] : {Case{crypto::KeySpec::ec_p384, crypto::SigAlg::ecdsa_sha384},
                           Case{crypto::KeySpec::ed25519, crypto::SigAlg::ed25519},
                           Case{crypto::KeySpec::rsa_2048, crypto::SigAlg::rsa_pkcs1_sha256}}) {
    InitOptions init;
    init.key_spec = spec;
    auto ca = make_ca(init);
    IssueOptions o;
    o.sans = sans({"dns:a.example"});
    auto issued = ca.issue(o);
    ASSERT_TRUE(issued) << issued.error().message();
    EXPECT_EQ(issued->certificate->signature_algorithm.alg, alg);
    EXPECT_EQ(ca.root()->signature_algorithm.alg, alg);
  }
}

}  // namespace
}  // namespace parley::ca
