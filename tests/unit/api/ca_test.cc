#include <gtest/gtest.h>

#include <algorithm>

#include <parley/ca.h>
#include <parley/credentials.h>
#include <parley/x509.h>

#include "api_test_util.h"
#include "ca/csr.h"
#include "ca/names.h"
#include "crypto/provider.h"
#include "der/pem.h"

namespace parley {
namespace {

TEST(Authority, InitOpenIssueRevokeList) {
  api_testing::TempDir dir;
  const std::string path = dir.file("ca");
  {
    AuthorityOptions options;
    options.name = "Dir Root CA";
    options.passphrase = "pw";
    auto ca = Authority::init(path, options);
    ASSERT_TRUE(ca) << ca.error().message();
    auto client = api_testing::issue(*ca, Profile::client, {"uri:spiffe://example.org/a"});
    EXPECT_NE(client.key_pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  }
  EXPECT_FALSE(Authority::open(path));        // the keys are encrypted
  EXPECT_FALSE(Authority::open(path, "bad"));
  auto ca = Authority::open(path, "pw");
  ASSERT_TRUE(ca) << ca.error().message();
  auto records = ca->list();
  ASSERT_TRUE(records);
  ASSERT_FALSE(records->empty());
  auto leaf = std::find_if(records->begin(), records->end(), [](const IssuedRecord& r) { return r.profile == "client"; });
  ASSERT_NE(leaf, records->end());
  EXPECT_NE(leaf->sans.find("URI:spiffe://example.org/a"), std::string::npos);

  auto revoked = ca->revoke(leaf->serial, "superseded");
  ASSERT_TRUE(revoked) << revoked.error().message();
  EXPECT_TRUE(revoked->revoked);
  EXPECT_FALSE(ca->revoke(leaf->serial, "no-such-reason"));
  auto crl = ca->crl_pem();
  ASSERT_TRUE(crl);
  EXPECT_NE(crl->find("BEGIN X509 CRL"), std::string::npos);
}

TEST(Authority, RefusesNamesOutsideItsConstraints) {
  AuthorityOptions options;
  options.permit_dns = {"example.internal"};
  auto ca = Authority::in_memory(options);
  ASSERT_TRUE(ca) << ca.error().message();
  IssueRequest request;
  request.names = {"dns:a.example.internal"};
  EXPECT_TRUE(ca->issue(request));
  request.names = {"dns:a.example.com"};
  EXPECT_FALSE(ca->issue(request));
  request.names = {"bogus"};
  EXPECT_FALSE(ca->issue(request));
}

TEST(Authority, SignsACsrInPemOrDer) {
  auto ca = api_testing::make_authority();
  auto key = crypto::openssl_provider().keys->generate(crypto::KeySpec::ec_p256);
  ASSERT_TRUE(key);
  auto san = ca::parse_san("dns:csr.internal");
  ASSERT_TRUE(san);
  auto csr = ca::build_csr(**key, *ca::build_cn_name("csr.internal"), std::span(&*san, 1));
  ASSERT_TRUE(csr) << csr.error().message();
  std::string pem = der::pem_encode("CERTIFICATE REQUEST", *csr);
  for (std::span<const uint8_t> input : {std::span<const uint8_t>(*csr),
                                         std::span(reinterpret_cast<const uint8_t*>(pem.data()), pem.size())}) {
    auto issued = ca.sign_csr(input, Profile::server);
    ASSERT_TRUE(issued) << issued.error().message();
    EXPECT_TRUE(issued->key_pem.empty());  // the requester keeps its key
    EXPECT_TRUE(verify_chain(issued->identity.chain, *ca.trust_store(), api_testing::for_name("csr.internal")).verified);
  }
  auto none = ca.sign_csr({}, Profile::server);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, Error::Kind::Decode);
}

}  // namespace
}  // namespace parley
