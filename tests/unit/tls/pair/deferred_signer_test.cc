// A Signer whose signatures arrive later (an HSM, a remote key service): each
// side waits in AwaitingSignature with its flight up to Certificate sent, and
// Connection::resume() sends the rest once the signature is there.
#include <gtest/gtest.h>

#include <cstring>

#include "ca_chain.h"
#include "pair_util.h"

namespace parley::pairtest {
namespace {

// Signs with an ordinary key but hands the signature out only after
// release(); fail() makes the pending signature an error instead.
class DeferredSigner final : public crypto::Signer {
 public:
  explicit DeferredSigner(std::shared_ptr<const crypto::Signer> key)
      : key_(std::dynamic_pointer_cast<const crypto::PrivateKey>(std::move(key))), shared_(std::make_shared<Shared>()) {}

  crypto::KeyType type() const override { return key_->type(); }
  Result<crypto::SignatureJob> start_signing(crypto::SignatureScheme scheme, crypto::ByteView msg) const override {
    ++shared_->started;
    shared_->signature = std::get<crypto::Bytes>(PARLEY_TRY(key_->start_signing(scheme, msg)));
    return crypto::SignatureJob(std::make_unique<Pending>(shared_));
  }

  void release() { shared_->released = true; }
  void fail() { shared_->failed = true; }
  int started() const { return shared_->started; }

 private:
  struct Shared {
    crypto::Bytes signature;
    bool released = false;
    bool failed = false;
    int started = 0;
  };
  class Pending final : public crypto::PendingSignature {
   public:
    explicit Pending(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
    Result<std::optional<crypto::Bytes>> poll() override {
      if (s_->failed) return err::internal("test: the signer failed");
      if (!s_->released) return std::optional<crypto::Bytes>{};
      return std::optional<crypto::Bytes>(s_->signature);
    }

   private:
    std::shared_ptr<Shared> s_;
  };

  std::shared_ptr<const crypto::PrivateKey> key_;
  std::shared_ptr<Shared> shared_;
};

struct DeferredPair {
  std::shared_ptr<DeferredSigner> server_signer, client_signer;
  Connection client, server;
};

DeferredPair mutual_pair_with_deferred_signers() {
  const auto& chain = ca_chain();
  auto server_signer = std::make_shared<DeferredSigner>(chain.server.key);
  auto client_signer = std::make_shared<DeferredSigner>(chain.client.key);
  auto scfg = chain.server_config(true);
  scfg->identities.front().key = server_signer;
  auto ccfg = chain.client_config(true);
  ccfg->identity->key = client_signer;
  return DeferredPair{server_signer, client_signer,
                      Connection::client(ccfg, ServerName::parse("server.test").value()).value(),
                      Connection::server(scfg).value()};
}

TEST(DeferredSigner, MutualTlsWaitsForEachSidesSignatureThenCompletes) {
  auto p = mutual_pair_with_deferred_signers();
  pump(p.client, p.server);
  // The server signed nothing yet: it waits, with ServerHello..Certificate sent.
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  ASSERT_EQ(p.client.error(), nullptr) << p.client.error()->message();
  EXPECT_EQ(p.server_signer->started(), 1);
  EXPECT_TRUE(p.server.awaiting_signature());
  EXPECT_TRUE(p.client.is_handshaking());
  ASSERT_TRUE(p.server.resume());  // not ready: nothing changes
  EXPECT_TRUE(p.server.awaiting_signature());
  EXPECT_TRUE(p.server.pending_output().empty());

  p.server_signer->release();
  ASSERT_TRUE(p.server.resume());
  EXPECT_FALSE(p.server.awaiting_signature());
  EXPECT_FALSE(p.server.pending_output().empty());
  pump(p.client, p.server);
  // Now the client waits for its own CertificateVerify.
  ASSERT_EQ(p.client.error(), nullptr) << p.client.error()->message();
  EXPECT_EQ(p.client_signer->started(), 1);
  EXPECT_TRUE(p.client.awaiting_signature());
  EXPECT_TRUE(p.server.is_handshaking());

  p.client_signer->release();
  ASSERT_TRUE(p.client.resume());
  pump(p.client, p.server);
  ASSERT_EQ(p.client.error(), nullptr) << p.client.error()->message();
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  ASSERT_FALSE(p.client.is_handshaking());
  ASSERT_FALSE(p.server.is_handshaking());
  ASSERT_NE(p.server.peer(), nullptr);
  EXPECT_EQ(p.server.peer()->uris, std::vector<std::string>{"spiffe://example.org/ns/default/sa/orders"});
  EXPECT_TRUE(p.server.negotiated()->client_authenticated);

  const uint8_t ping[4] = {'p', 'i', 'n', 'g'};
  ASSERT_TRUE(p.client.write(ping));
  pump(p.client, p.server);
  uint8_t buf[8];
  ASSERT_EQ(p.server.read(buf), 4u);
  EXPECT_EQ(std::memcmp(buf, ping, 4), 0);
}

TEST(DeferredSigner, SignerErrorFailsTheConnectionWithItsAlert) {
  auto p = mutual_pair_with_deferred_signers();
  pump(p.client, p.server);
  ASSERT_TRUE(p.server.awaiting_signature());
  p.server_signer->fail();
  auto r = p.server.resume();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(alert_of(p.server), Alert::internal_error);
  EXPECT_FALSE(p.server.awaiting_signature());
  pump(p.client, p.server);
  ASSERT_NE(p.client.error(), nullptr);
  EXPECT_EQ(p.client.error()->kind, Error::Kind::AlertReceived);
  EXPECT_EQ(alert_of(p.client), Alert::internal_error);
}

}  // namespace
}  // namespace parley::pairtest
