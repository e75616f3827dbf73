#include <gtest/gtest.h>

#include "ca/csr.h"
#include "ca/signing.h"
#include "der/oid.h"
#include "test_util.h"
#include "x509/name.h"

namespace parley::ca {
namespace {

using testing::provider;
using testing::sans;

std::unique_ptr<crypto::PrivateKey> key(crypto::KeySpec spec = crypto::KeySpec::ec_p256) {
  auto k = provider().keys->generate(spec);
  EXPECT_TRUE(k);
  return std::move(*k);
}

// A CSR by hand, so each test can break one field.
struct CsrSpec {
  int64_t version = 0;
  bool attributes = true;
  bool extension_request = true;
  bool two_extension_values = false;
};
std::vector<uint8_t> handmade(const crypto::PrivateKey& k, const CsrSpec& spec) {
  der::Builder b;
  {
    auto info = b.sequence();
    b.integer(spec.version);
    b.raw(*build_cn_name("a.example"));
    b.raw(k.public_key().spki_der());
    if (spec.attributes) {
      auto attrs = b.constructed(der::context_constructed(0));
      if (spec.extension_request) {
        auto attr = b.sequence();
        b.oid(der::kExtensionRequest);
        auto values = b.set();
        for (int i = 0; i < (spec.two_extension_values ? 2 : 1); ++i) {
          auto exts = b.sequence();
          auto ext = b.sequence();
          b.oid(der::kSubjectAltName);
          auto v = b.octet_string_scope();
          write_general_names(b, sans({"dns:a.example"}));
        }
      }
    }
  }
  auto tbs = std::move(b).finish();
  EXPECT_TRUE(tbs);
  auto csr = sign_structure(k, signature_algorithm_for(k.type()), *tbs);
  EXPECT_TRUE(csr);
  return *csr;
}

TEST(Csr, BuiltRequestParsesAndItsSignatureVerifies) {
  for (auto spec : {crypto::KeySpec::ec_p256, crypto::KeySpec::ec_p384, crypto::KeySpec::ed25519,
                    crypto::KeySpec::rsa_2048}) {
    auto k = key(spec);
    auto der = build_csr(*k, *build_cn_name("orders.example"), sans({"dns:orders.example", "ip:10.0.0.1"}));
    ASSERT_TRUE(der);
    auto csr = CertificationRequest::parse(*der, *provider().keys);
    ASSERT_TRUE(csr) << csr.error().message();
    EXPECT_TRUE((*csr)->verify_signature());
    EXPECT_EQ(x509::to_string((*csr)->subject), "CN=orders.example");
    EXPECT_TRUE(der::equal((*csr)->spki, k->public_key().spki_der()));
    ASSERT_TRUE((*csr)->has_extension_request);
    ASSERT_EQ((*csr)->requested_sans.size(), 2u);
    EXPECT_EQ(x509::to_string((*csr)->requested_sans[0]), "DNS:orders.example");
    EXPECT_EQ(x509::to_string((*csr)->requested_sans[1]), "IP:10.0.0.1");
  }
}

TEST(Csr, SanIsCriticalWhenTheSubjectIsEmpty) {
  auto k = key();
  auto der = build_csr(*k, *build_cn_name(""), sans({"dns:a.example"}));
  ASSERT_TRUE(der);
  auto csr = CertificationRequest::parse(*der, *provider().keys);
  ASSERT_TRUE(csr);
  ASSERT_EQ((*csr)->requested_extensions.size(), 1u);
  EXPECT_TRUE((*csr)->requested_extensions[0].critical);
}

TEST(Csr, RejectsABadSignature) {
  auto k = key();
  auto der = *build_csr(*k, *build_cn_name("a.example"), sans({"dns:a.example"}));
  der.back() ^= 0x01;  // inside the signature's last INTEGER
  auto csr = CertificationRequest::parse(der, *provider().keys);
  ASSERT_TRUE(csr) << "still well-formed";
  auto ok = (*csr)->verify_signature();
  ASSERT_FALSE(ok);
  EXPECT_NE(ok.error().message().find("self-signature"), std::string::npos);
}

TEST(Csr, RejectsASignatureByAnotherKey) {
  auto k = key(), other = key();
  auto der = handmade(*k, {});
  // Swap in another key's signature over the same info.
  auto csr = CertificationRequest::parse(der, *provider().keys);
  ASSERT_TRUE(csr);
  auto forged = sign_structure(*other, crypto::SigAlg::ecdsa_sha256, (*csr)->info);
  ASSERT_TRUE(forged);
  auto parsed = CertificationRequest::parse(*forged, *provider().keys);
  ASSERT_TRUE(parsed);
  EXPECT_FALSE((*parsed)->verify_signature());
}

TEST(Csr, RejectsVersionOtherThanZero) {
  auto k = key();
  EXPECT_TRUE(CertificationRequest::parse(handmade(*k, {}), *provider().keys));
  auto bad = CertificationRequest::parse(handmade(*k, {.version = 1}), *provider().keys);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("version"), std::string::npos);
}

TEST(Csr, RejectsTrailingBytes) {
  auto k = key();
  auto der = handmade(*k, {});
  der.push_back(0x00);
  EXPECT_FALSE(CertificationRequest::parse(der, *provider().keys));
  EXPECT_FALSE(CertificationRequest::parse(std::vector<uint8_t>(der.begin(), der.end() - 2), *provider().keys));
}

TEST(Csr, MissingExtensionRequestParsesWithoutSans) {
  auto k = key();
  auto csr = CertificationRequest::parse(handmade(*k, {.extension_request = false}), *provider().keys);
  ASSERT_TRUE(csr);
  EXPECT_FALSE((*csr)->has_extension_request);
  EXPECT_TRUE((*csr)->requested_sans.empty());
  EXPECT_TRUE((*csr)->verify_signature());
}

TEST(Csr, RejectsMissingAttributesField) {
  auto k = key();
  EXPECT_FALSE(CertificationRequest::parse(handmade(*k, {.attributes = false}), *provider().keys));
}

TEST(Csr, RejectsExtensionRequestWithTwoValues) {
  auto k = key();
  EXPECT_FALSE(CertificationRequest::parse(handmade(*k, {.two_extension_values = true}), *provider().keys));
}

TEST(Csr, RejectsEveryTruncation) {
  auto k = key();
  auto der = handmade(*k, {});
  for (size_t n = 0; n < der.size(); ++n) {
    EXPECT_FALSE(CertificationRequest::parse(std::span(der).first(n), *provider().keys)) << n;
  }
}

TEST(Csr, AuthorityRefusesARequestWithoutSans) {
  auto ca = testing::make_ca();
  auto k = key();
  auto csr = CertificationRequest::parse(handmade(*k, {.extension_request = false}), *provider().keys);
  ASSERT_TRUE(csr);
  auto issued = ca.sign(**csr, Profile::server, std::nullopt);
  ASSERT_FALSE(issued);
  EXPECT_NE(issued.error().message().find("no subjectAltName"), std::string::npos);
}

TEST(Csr, AuthorityRefusesABadSignatureAndRecordsNothing) {
  auto ca = testing::make_ca();
  auto k = key();
  auto der = *build_csr(*k, *build_cn_name("a.example"), sans({"dns:a.example"}));
  der.back() ^= 0x01;
  auto csr = CertificationRequest::parse(der, *provider().keys);
  ASSERT_TRUE(csr);
  const size_t before = ca.list()->size();
  EXPECT_FALSE(ca.sign(**csr, Profile::server, std::nullopt));
  EXPECT_EQ(ca.list()->size(), before);
}

}  // namespace
}  // namespace parley::ca
