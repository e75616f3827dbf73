#include <gtest/gtest.h>

#include <parley/credentials.h>

#include "api_test_util.h"
#include "crypto/pkcs12.h"
#include "crypto/provider.h"
#include "der/pem.h"
#include "x509/certificate.h"
#include "x509/trust_store.h"

namespace parley {
namespace {

using api_testing::TempDir;

// The in-memory key behind an identity the tests made (Identity::key is only
// a Signer: the handshake needs no more).
const crypto::PrivateKey& private_key(const Identity& id) { return dynamic_cast<const crypto::PrivateKey&>(*id.key); }

std::string as_string(std::span<const uint8_t> b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

TEST(LoadCertificates, ReadsAPemChainInOrderAndOneDerCertificate) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  TempDir dir;
  auto chain = load_certificates(dir.write("chain.pem", server.chain_pem));
  ASSERT_TRUE(chain) << chain.error().message();
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0], (*chain)[0]);
  EXPECT_TRUE(der::equal((*chain)[0]->der(), server.identity.chain[0]->der()));
  EXPECT_TRUE(der::equal((*chain)[1]->der(), server.identity.chain[1]->der()));

  auto der = load_certificates(dir.write("leaf.der", as_string(server.identity.chain[0]->der())));
  ASSERT_TRUE(der) << der.error().message();
  ASSERT_EQ(der->size(), 1u);
}

TEST(LoadCertificates, NamesTheFileAndWhatWasFound) {
  TempDir dir;
  auto key_only = load_certificates(dir.write("key.pem", der::pem_encode("PRIVATE KEY", std::vector<uint8_t>{0x30, 0x00})));
  ASSERT_FALSE(key_only);
  EXPECT_EQ(key_only.error().kind, Error::Kind::Decode);
  EXPECT_NE(key_only.error().detail.find("key.pem"), std::string::npos);
  EXPECT_NE(key_only.error().detail.find("expected CERTIFICATE, found PRIVATE KEY"), std::string::npos);

  auto text = load_certificates(dir.write("notes.txt", "hello"));
  ASSERT_FALSE(text);
  EXPECT_NE(text.error().message().find("neither PEM nor DER"), std::string::npos);
  EXPECT_FALSE(load_certificates(dir.file("missing.pem")));
}

TEST(LoadPrivateKey, EncryptedKeyNeedsItsPassphrase) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  TempDir dir;
  auto pem = private_key_pem(private_key(server.identity), "s3cret");
  ASSERT_TRUE(pem) << pem.error().message();
  EXPECT_NE(pem->find("BEGIN ENCRYPTED PRIVATE KEY"), std::string::npos);
  auto path = dir.write("key.pem", *pem);

  auto none = load_private_key(path);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, Error::Kind::ApiMisuse);
  EXPECT_FALSE(load_private_key(path, "wrong"));
  auto key = load_private_key(path, "s3cret");
  ASSERT_TRUE(key) << key.error().message();
  EXPECT_TRUE(der::equal((*key)->public_key().spki_der(), private_key(server.identity).public_key().spki_der()));
}

TEST(LoadIdentity, ChainAndKeyFromFiles) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  TempDir dir;
  auto id = load_identity(dir.write("chain.pem", server.chain_pem), dir.write("key.pem", server.key_pem));
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(id->chain.size(), 2u);
  ASSERT_NE(id->key, nullptr);
  EXPECT_TRUE(der::equal(private_key(*id).public_key().spki_der(), id->chain[0]->public_key->spki_der()));
}

TEST(Pkcs12, IdentityAndTrustStoreFromAKeyStore) {
  auto ca = api_testing::make_authority();
  auto server = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  auto roots = ca.trust_store();
  std::vector<crypto::ByteView> chain = {server.identity.chain[0]->der(), server.identity.chain[1]->der()};
  auto p12 = crypto::make_pkcs12(private_key(server.identity), chain, "pw", "orders");
  ASSERT_TRUE(p12) << p12.error().message();
  TempDir dir;
  auto path = dir.write("server.p12", as_string(*p12));

  auto id = load_pkcs12_identity(path, "pw");
  ASSERT_TRUE(id) << id.error().message();
  ASSERT_EQ(id->chain.size(), 2u);
  EXPECT_TRUE(der::equal(id->chain[0]->der(), server.identity.chain[0]->der()));
  EXPECT_TRUE(der::equal(private_key(*id).public_key().spki_der(), private_key(server.identity).public_key().spki_der()));

  auto wrong = load_pkcs12_identity(path, "nope");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("wrong passphrase"), std::string::npos);
  EXPECT_NE(wrong.error().message().find("server.p12"), std::string::npos);

  auto store = load_pkcs12_trust_store(path, "pw");
  ASSERT_TRUE(store) << store.error().message();
  EXPECT_EQ((*store)->size(), 2u);
  EXPECT_FALSE(load_pkcs12_identity(dir.write("junk.p12", "not a pfx"), "pw"));
}

TEST(LoadTrustStore, BundleFileAndEmptyFile) {
  auto ca = api_testing::make_authority();
  TempDir dir;
  auto store = load_trust_store(dir.write("ca.pem", ca.root_pem()));
  ASSERT_TRUE(store) << store.error().message();
  EXPECT_EQ((*store)->size(), 1u);
  auto empty = load_trust_store(dir.write("empty.pem", "no certificates here\n"));
  EXPECT_FALSE(empty);
}

TEST(LoadCrls, EveryCrlOfEveryFile) {
  auto ca = api_testing::make_authority();
  auto crl = ca.crl_pem();
  ASSERT_TRUE(crl) << crl.error().message();
  TempDir dir;
  auto crls = load_crls({dir.write("a.crl", *crl), dir.write("b.crl", *crl)});
  ASSERT_TRUE(crls) << crls.error().message();
  EXPECT_EQ(crls->size(), 4u);  // each file: the intermediate's CRL and the root's
  auto wrong = load_crls({dir.write("cert.pem", ca.root_pem())});
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().detail.find("expected X509 CRL"), std::string::npos);
}

}  // namespace
}  // namespace parley
