#include <gtest/gtest.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "crypto/pkcs12.h"
#include "test_util.h"

namespace parley::ca {
namespace {

using testing::make_ca;
using testing::sans;

TEST(Pkcs12, OpensWithThePassphraseAndHoldsKeyAndChain) {
  auto ca = make_ca();
  IssueOptions o;
  o.sans = sans({"dns:a.example"});
  auto issued = ca.issue(o);
  ASSERT_TRUE(issued);
  std::vector<crypto::ByteView> chain = {issued->certificate->der(), ca.intermediate()->der(), ca.root()->der()};
  auto p12 = crypto::make_pkcs12(*issued->key, chain, "pw", "a.example");
  ASSERT_TRUE(p12) << p12.error().message();

  const unsigned char* p = p12->data();
  PKCS12* parsed = d2i_PKCS12(nullptr, &p, static_cast<long>(p12->size()));
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(PKCS12_verify_mac(parsed, "pw", 2), 1);
  EXPECT_NE(PKCS12_verify_mac(parsed, "wrong", 5), 1);
  EVP_PKEY* pkey = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* cas = nullptr;
  ASSERT_EQ(PKCS12_parse(parsed, "pw", &pkey, &cert, &cas), 1);
  EXPECT_NE(pkey, nullptr);
  EXPECT_NE(cert, nullptr);
  EXPECT_EQ(X509_check_private_key(cert, pkey), 1);
  EXPECT_EQ(sk_X509_num(cas), 2);
  EVP_PKEY_free(pkey);
  X509_free(cert);
  sk_X509_pop_free(cas, X509_free);
  PKCS12_free(parsed);
}

TEST(Pkcs12, RefusesAKeyThatIsNotTheCertificates) {
  auto ca = make_ca();
  IssueOptions o;
  o.sans = sans({"dns:a.example"});
  auto a = ca.issue(o), b = ca.issue(o);
  ASSERT_TRUE(a && b);
  std::vector<crypto::ByteView> chain = {a->certificate->der()};
  EXPECT_FALSE(crypto::make_pkcs12(*b->key, chain, "pw", ""));
  EXPECT_FALSE(crypto::make_pkcs12(*a->key, {}, "pw", ""));
}

}  // namespace
}  // namespace parley::ca
