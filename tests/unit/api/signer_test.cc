// An embedder's own Signer, written against the public headers only (an HSM
// or remote key would sit where the wrapped key is): it completes an mTLS
// handshake after answering later once, through Connection::resume().
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include <parley/ca.h>
#include <parley/config.h>
#include <parley/connection.h>
#include <parley/signer.h>

#include "api_test_util.h"

namespace parley {
namespace {

using crypto::SignatureScheme;

// Signs with the key it wraps, but the first poll() finds nothing yet: the
// handshake has to wait for it and pick it up with resume().
class LateSigner final : public crypto::Signer {
 public:
  explicit LateSigner(std::shared_ptr<const crypto::Signer> key) : key_(std::move(key)) {}

  crypto::KeyType type() const override { return key_->type(); }
  Result<crypto::SignatureJob> start_signing(SignatureScheme scheme, std::span<const uint8_t> content) const override {
    schemes.push_back(scheme);
    auto job = key_->start_signing(scheme, content);
    if (!job) return job;
    auto* signature = std::get_if<std::vector<uint8_t>>(&*job);
    if (signature == nullptr) return job;
    return crypto::SignatureJob(std::make_unique<Late>(std::move(*signature), &polls));
  }

  mutable std::vector<SignatureScheme> schemes;
  mutable int polls = 0;

 private:
  class Late final : public crypto::PendingSignature {
   public:
    Late(std::vector<uint8_t> signature, int* polls) : signature_(std::move(signature)), polls_(polls) {}
    Result<std::optional<std::vector<uint8_t>>> poll() override {
      if ((*polls_)++ == 0) return std::optional<std::vector<uint8_t>>();  // not yet
      return std::optional<std::vector<uint8_t>>(std::move(signature_));
    }

   private:
    std::vector<uint8_t> signature_;
    int* polls_;
  };

  std::shared_ptr<const crypto::Signer> key_;
};

TEST(PublicSigner, CompletesMutualTlsAfterAnsweringLaterOnce) {
  auto ca = api_testing::make_authority();
  auto server_cert = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  auto client_cert = api_testing::issue(ca, Profile::client, {"dns:billing.internal"});
  auto signer = std::make_shared<LateSigner>(client_cert.identity.key);

  auto scfg = std::make_shared<ServerConfig>();
  scfg->identities = {server_cert.identity};
  scfg->client_auth = ClientAuth::required;
  scfg->client_ca = ca.trust_store();
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->trust_store = ca.trust_store();
  ccfg->identity = Identity{client_cert.identity.chain, signer};

  auto client = Connection::client(ccfg, ServerName::parse("orders.internal").value()).value();
  auto server = Connection::server(scfg).value();
  api_testing::pump(client, server);
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  // The client asked for its signature and waits, its Certificate sent.
  ASSERT_EQ(signer->schemes.size(), 1u);
  EXPECT_TRUE(client.awaiting_signature());
  EXPECT_TRUE(client.is_handshaking());

  ASSERT_TRUE(client.resume());  // the first poll: not there yet
  EXPECT_TRUE(client.awaiting_signature());
  ASSERT_TRUE(client.resume());  // now it is: CertificateVerify and Finished go out
  EXPECT_FALSE(client.awaiting_signature());
  api_testing::pump(client, server);

  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  EXPECT_FALSE(client.is_handshaking());
  EXPECT_FALSE(server.is_handshaking());
  EXPECT_EQ(signer->polls, 2);
  ASSERT_NE(server.negotiated(), nullptr);
  EXPECT_TRUE(server.negotiated()->client_authenticated);
  EXPECT_EQ(server.negotiated()->peer_signature_scheme, signer->schemes.front());
  // The scheme the Signer was asked for fits its key (RFC 8446 §4.2.3: the curve is in the scheme).
  ASSERT_EQ(signer->type(), crypto::KeyType::ec_p256);  // IssueRequest's default key
  EXPECT_EQ(signer->schemes.front(), SignatureScheme::ecdsa_secp256r1_sha256);
}

// A Signer's error ends the handshake with internal_error, as feed() would.
TEST(PublicSigner, AnErrorFromTheSignerFailsTheConnection) {
  struct Broken final : crypto::Signer {
    crypto::KeyType type() const override { return crypto::KeyType::ec_p256; }
    Result<crypto::SignatureJob> start_signing(SignatureScheme, std::span<const uint8_t>) const override {
      return err::internal("the token is unplugged");
    }
  };
  auto ca = api_testing::make_authority();
  auto server_cert = api_testing::issue(ca, Profile::server, {"dns:orders.internal"});
  auto scfg = std::make_shared<ServerConfig>();
  scfg->identities = {Identity{server_cert.identity.chain, std::make_shared<Broken>()}};
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->trust_store = ca.trust_store();
  auto client = Connection::client(ccfg, ServerName::parse("orders.internal").value()).value();
  auto server = Connection::server(scfg).value();
  api_testing::pump(client, server);
  ASSERT_NE(server.error(), nullptr);
  EXPECT_EQ(server.error()->alert, Alert::internal_error);
  ASSERT_NE(client.error(), nullptr);
  EXPECT_EQ(client.error()->alert, Alert::internal_error);
}

}  // namespace
}  // namespace parley
