// The Connection's invariants: write() and key_update() fail the connection
// through the one fail() path (alert sent, error final), pending_output() has
// no side effect, and feed() stops taking bytes while received application
// data waits unread (backpressure).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "pair_util.h"

namespace parley::pairtest {
namespace {

namespace wire = tls::wire;

// The OpenSSL provider whose AEADs refuse to seal records of one content type
// once `refuse` names it (the type is the first trailer byte, §5.2), so a
// test can make write() or key_update() fail after a good handshake.
struct RefusingAeads {
  uint8_t refuse = 0;  // a wire::ContentType; 0: seal everything

  class Ctx final : public crypto::AeadCtx {
   public:
    Ctx(std::unique_ptr<crypto::AeadCtx> inner, const uint8_t* refuse) : inner_(std::move(inner)), refuse_(refuse) {}
    Result<void> seal(crypto::ByteView nonce, crypto::ByteView aad, crypto::ByteView in, crypto::ByteView trailer,
                      std::span<uint8_t> out, std::span<uint8_t> tag) override {
      if (*refuse_ != 0 && !trailer.empty() && trailer[0] == *refuse_) return err::internal("test: seal refused");
      return inner_->seal(nonce, aad, in, trailer, out, tag);
    }
    Result<void> open(crypto::ByteView nonce, crypto::ByteView aad, crypto::ByteView in, crypto::ByteView tag,
                      std::span<uint8_t> out) override {
      return inner_->open(nonce, aad, in, tag, out);
    }

   private:
    std::unique_ptr<crypto::AeadCtx> inner_;
    const uint8_t* refuse_;
  };
  class Aead final : public crypto::Aead {
   public:
    Aead(const crypto::Aead* inner, const uint8_t* refuse) : inner_(inner), refuse_(refuse) {}
    crypto::AeadAlg alg() const override { return inner_->alg(); }
    size_t key_len() const override { return inner_->key_len(); }
    size_t iv_len() const override { return inner_->iv_len(); }
    size_t tag_len() const override { return inner_->tag_len(); }
    Result<std::unique_ptr<crypto::AeadCtx>> make(crypto::ByteView key) const override {
      auto ctx = PARLEY_TRY(inner_->make(key));
      return std::unique_ptr<crypto::AeadCtx>(std::make_unique<Ctx>(std::move(ctx), refuse_));
    }

   private:
    const crypto::Aead* inner_;
    const uint8_t* refuse_;
  };

  std::vector<Aead> aeads;
  std::vector<crypto::CipherSuite> suites;
  crypto::Provider provider = P();

  RefusingAeads() {
    aeads.reserve(P().suites.size());
    for (const auto& s : P().suites) {
      aeads.emplace_back(s.aead, &refuse);
      suites.push_back({s.id, s.name, &aeads.back(), s.hash});
    }
    provider.suites = suites;
  }
};

struct Established {
  Connection client;
  Connection server;
};

Established establish(const crypto::Provider& client_provider) {
  const Ca ca = make_ca("Invariants CA");
  auto scfg = std::make_shared<ServerConfig>();
  scfg->identities.push_back(make_leaf(ca, key_for(crypto::KeySpec::ec_p256)));
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->trust_store = ca.store();
  ccfg->provider = &client_provider;
  Established e{Connection::client(ccfg, ServerName::parse("server.test").value()).value(),
                Connection::server(scfg).value()};
  pump(e.client, e.server);
  return e;
}

void expect_failed_with_internal_error_sent(Established& e, const Result<void>& r) {
  ASSERT_FALSE(r.has_value());
  // The connection is poisoned: the error is kept and returned again.
  ASSERT_NE(e.client.error(), nullptr);
  EXPECT_EQ(alert_of(e.client), Alert::internal_error);
  const uint8_t byte[1] = {'x'};
  EXPECT_FALSE(e.client.write(byte).has_value());
  EXPECT_FALSE(e.client.key_update(false).has_value());
  EXPECT_FALSE(e.client.wants_read());
  // The alert went out: the server fails with the client's alert.
  pump(e.client, e.server);
  ASSERT_NE(e.server.error(), nullptr);
  EXPECT_EQ(e.server.error()->kind, Error::Kind::AlertReceived);
  EXPECT_EQ(alert_of(e.server), Alert::internal_error);
}

// After a good handshake the client's AEAD refuses records of type
// `refused`; `act` then fails on the client.
template <class Act>
void expect_refusal_fails_the_connection(wire::ContentType refused, Act act, bool key_update_due = false) {
  RefusingAeads crypto;
  auto e = establish(crypto.provider);
  ASSERT_FALSE(e.client.is_handshaking());
  ASSERT_EQ(e.client.error(), nullptr);
  if (key_update_due) {
    ASSERT_TRUE(tls::ConnectionInternals::set_write_usage_limits(e.client, {.key_update_at = 0}));
  }
  crypto.refuse = static_cast<uint8_t>(refused);
  expect_failed_with_internal_error_sent(e, act(e.client));
}

const uint8_t kPing[4] = {'p', 'i', 'n', 'g'};

TEST(ConnectionInvariants, WriteErrorFailsTheConnectionAndSendsTheAlert) {
  expect_refusal_fails_the_connection(wire::ContentType::application_data, [](Connection& c) { return c.write(kPing); });
}

// §5.5: at the usage limit write() sends a KeyUpdate first; its failure
// fails the connection too.
TEST(ConnectionInvariants, WriteKeyUpdateErrorFailsTheConnectionAndSendsTheAlert) {
  expect_refusal_fails_the_connection(wire::ContentType::handshake, [](Connection& c) { return c.write(kPing); }, true);
}

TEST(ConnectionInvariants, KeyUpdateErrorFailsTheConnectionAndSendsTheAlert) {
  expect_refusal_fails_the_connection(wire::ContentType::handshake, [](Connection& c) { return c.key_update(true); });
}

// Misuse is the caller's mistake, not the peer's: nothing is sent and the
// connection carries on.
TEST(ConnectionInvariants, WriteBeforeTheHandshakeIsApiMisuseAndLeavesTheConnectionUsable) {
  const Ca ca = make_ca("Misuse CA");
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->trust_store = ca.store();
  auto client = Connection::client(ccfg, ServerName::parse("server.test").value()).value();
  const uint8_t byte[1] = {'x'};
  auto r = client.write(byte);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, Error::Kind::ApiMisuse);
  EXPECT_EQ(client.error(), nullptr);
  EXPECT_TRUE(client.is_handshaking());
}

// The ClientHello is built by client(); reading the output only reads it.
TEST(ConnectionInvariants, PendingOutputHasNoSideEffect) {
  const Ca ca = make_ca("Output CA");
  auto ccfg = std::make_shared<ClientConfig>();
  ccfg->trust_store = ca.store();
  auto unstarted = tls::ConnectionInternals::unstarted_client(ccfg, ServerName::parse("server.test").value()).value();
  EXPECT_TRUE(unstarted.pending_output().empty());
  EXPECT_TRUE(unstarted.pending_output().empty());
  ASSERT_TRUE(tls::ConnectionInternals::start(unstarted));
  EXPECT_FALSE(unstarted.pending_output().empty());
  EXPECT_FALSE(tls::ConnectionInternals::start(unstarted).has_value());  // one ClientHello only

  auto client = Connection::client(ccfg, ServerName::parse("server.test").value()).value();
  const auto first = client.pending_output();
  ASSERT_FALSE(first.empty());
  const std::vector<uint8_t> copy(first.begin(), first.end());
  const auto again = client.pending_output();
  EXPECT_TRUE(std::ranges::equal(again, copy));
}

// feed() takes records until kMaxUnreadPlaintext bytes wait for read(), then
// leaves the rest to the caller; wants_read() says when to feed again.
TEST(ConnectionInvariants, FeedStopsTakingBytesWhileUnreadPlaintextIsOverTheLimit) {
  auto p = established_pair("Backpressure CA");
  ASSERT_FALSE(p.client.is_handshaking());
  constexpr size_t kLimit = Connection::kMaxUnreadPlaintext;
  std::vector<uint8_t> sent(3 * kLimit);
  for (size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<uint8_t>(i * 7);
  ASSERT_TRUE(p.server.write(sent));
  const std::vector<uint8_t> wire(p.server.pending_output().begin(), p.server.pending_output().end());
  p.server.consume_output(wire.size());

  std::vector<uint8_t> received;
  std::span<const uint8_t> left(wire);
  for (int round = 0; round < 16 && !left.empty(); ++round) {
    ASSERT_TRUE(p.client.wants_read());
    auto n = p.client.feed(left);
    ASSERT_TRUE(n.has_value()) << n.error().message();
    left = left.subspan(*n);
    // Never more than the limit plus the record that crossed it.
    EXPECT_LE(p.client.readable(), kLimit + (1u << 14));
    if (!left.empty()) {
      EXPECT_GE(p.client.readable(), kLimit);
      EXPECT_FALSE(p.client.wants_read());
    }
    std::vector<uint8_t> buf(p.client.readable());
    received.insert(received.end(), buf.begin(), buf.begin() + static_cast<ptrdiff_t>(p.client.read(buf)));
  }
  EXPECT_TRUE(left.empty());
  EXPECT_TRUE(p.client.wants_read());
  EXPECT_EQ(received, sent);
}

}  // namespace
}  // namespace parley::pairtest
