// The server's side of a PSK offered after a HelloRetryRequest (RFC 8446
// §4.1.4, §4.2.11): the client's key share is for a group the server does
// not take, so the server asks again, and the second ClientHello offers the
// ticket with a binder over message_hash(ClientHello1), the
// HelloRetryRequest and the Truncated ClientHello2. The server resumes only
// from a PSK whose hash is the suite's it named, and checks the binder over
// that transcript.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "resumption_world.h"
#include "tls/connection.h"
#include "tls/handshake/psk.h"
#include "tls/handshake/transcript.h"
#include "tls/session/session_state.h"

namespace parley::pairtest {
namespace {

using Bytes = std::vector<uint8_t>;
namespace wire = tls::wire;
namespace hs = tls::handshake;

// The server takes only P-256 key shares; the clients lead with X25519.
std::shared_ptr<ServerConfig> server_config() {
  auto s = resuming_server();
  s->groups = {crypto::Group::secp256r1};
  return s;
}

std::shared_ptr<ClientConfig> client_config(std::shared_ptr<ClientSessionCache> cache = nullptr) {
  auto c = resuming_client(std::move(cache));
  c->groups = {crypto::Group::x25519, crypto::Group::secp256r1};
  return c;
}

// The messages the server sent, by name.
struct Sent final : HandshakeObserver {
  std::vector<std::string> names;
  void on_event(const HandshakeEvent& e) override {
    if (e.kind == HandshakeEvent::Kind::message_sent) names.emplace_back(message::name(*e.message()));
  }
  size_t count(std::string_view n) const { return static_cast<size_t>(std::count(names.begin(), names.end(), n)); }
};

TEST(PskAfterHelloRetry, ParleysClientResumesAfterTheRetryAndItsEarlyDataFollowsTheHandshake) {
  auto cache = std::make_shared<ClientSessionCache>();
  auto first = connect(client_config(cache), server_config());
  pump(first.client, first.server);
  ASSERT_FALSE(first.server.is_handshaking());
  EXPECT_TRUE(first.server.negotiated()->hello_retry);
  ASSERT_EQ(cache->size(), 2u);

  const Bytes early = {'G', 'E', 'T', ' ', '/'};
  ConnectionPair p{Connection::client(client_config(cache), ServerName::parse("server.test").value(), early).value(),
                   Connection::server(server_config()).value()};
  Sent sent;
  p.server.set_observer(&sent);
  pump(p.client, p.server);
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  ASSERT_FALSE(p.server.is_handshaking());
  const Negotiated& n = *p.server.negotiated();
  EXPECT_TRUE(n.hello_retry);
  EXPECT_TRUE(n.resumed);
  EXPECT_EQ(n.group, crypto::Group::secp256r1);
  EXPECT_EQ(n.early_data, EarlyDataStatus::hello_retry);  // §4.2.10: no 0-RTT after a HelloRetryRequest
  EXPECT_EQ(sent.count("HelloRetryRequest"), 1u);
  EXPECT_EQ(sent.count("Certificate"), 0u);
  EXPECT_EQ(sent.count("NewSessionTicket"), 2u);
  EXPECT_TRUE(p.client.negotiated()->resumed);
  Bytes got(p.server.readable());
  got.resize(p.server.read(got));
  EXPECT_EQ(got, early);  // sent again after the handshake, as ordinary data
}

// A client whose ClientHellos carry a ticket of `state`, sealed under the
// server's keys, with psk_dhe_ke; the second's binder over the transcript
// with the HelloRetryRequest (as §4.2.11.2 says) or, with `binder_without_hrr`,
// over the Truncated ClientHello2 alone, as if it came first.
struct RetryOffer {
  tls::session::SessionState state;
  bool binder_without_hrr = false;
};

// The client's ClientHello1 and the server's HelloRetryRequest, as the
// second binder's transcript needs them.
struct Flight final : HandshakeObserver {
  Bytes client_hello1, hello_retry;
  void on_event(const HandshakeEvent& e) override {
    const auto* m = e.get<MessageEvent>();
    if (!m) return;
    if (e.kind == HandshakeEvent::Kind::message_sent && client_hello1.empty()) client_hello1 = m->bytes;
    if (e.kind == HandshakeEvent::Kind::message_received && hello_retry.empty()) hello_retry = m->bytes;
  }
};

tls::session::SessionState ticket_state(uint16_t suite, size_t psk_len) {
  tls::session::SessionState s;
  s.suite = suite;
  s.issued_at = P().clock->unix_seconds();
  s.lifetime = 3600;
  s.age_add = 1000;
  s.resumption_secret = SecretBytes(Bytes(psk_len, 0x42));
  s.sni = "server.test";
  return s;
}

struct RetryPair {
  ConnectionPair pair;
  std::shared_ptr<Flight> flight;
};

RetryPair retry_offering(const RetryOffer& offer, std::shared_ptr<const ServerConfig> scfg,
                         std::shared_ptr<ClientConfig> ccfg = client_config()) {
  auto client = tls::ConnectionInternals::unstarted_client(std::move(ccfg), ServerName::parse("server.test").value()).value();
  auto flight = std::make_shared<Flight>();
  client.set_observer(flight.get());
  auto plain = tls::session::encode_session_state(offer.state).value();
  const Bytes ticket = resumption_world().keys->seal(plain.view(), offer.state.issued_at).value();
  const auto* suite = P().suite(static_cast<crypto::Suite>(offer.state.suite));
  // §4.6.1: the ticket's PSK, as its client derives it.
  const uint8_t nonce[1] = {offer.state.ticket_nonce};
  const SecretBytes secret = hs::resumption_psk(*suite->hash, offer.state.resumption_secret.view(), nonce).value();
  const Bytes psk(secret.view().begin(), secret.view().end());
  auto binder = std::make_shared<Bytes>(suite->hash->len(), 0);
  tls::ConnectionInternals::set_client_hello_edit(client, [flight, ticket, suite, binder, psk,
                                                            without_hrr = offer.binder_without_hrr](wire::ClientHello& ch) {
    ch.extensions.psk_key_exchange_modes = std::vector<uint8_t>{1};  // psk_dhe_ke
    ch.extensions.pre_shared_key = wire::OfferedPsks{{{ticket, 1000 + 2000}}, {*binder}};
    if (flight->hello_retry.empty()) return;  // ClientHello1: the server asks again before it looks at the PSK
    Writer w;
    wire::encode_handshake(ch, w);
    const Bytes framed = std::move(w).finish().value();
    const auto truncated = std::span(framed).first(framed.size() - ch.extensions.pre_shared_key->binders_size());
    hs::Transcript before(*suite->hash);
    before.update(flight->client_hello1);
    EXPECT_TRUE(before.replace_client_hello_with_message_hash());
    before.update(flight->hello_retry);
    const SecretBytes hash = without_hrr ? hs::binder_hash(*suite->hash, truncated) : hs::binder_hash(before, truncated);
    auto early = hs::EarlySecret::with_psk(*suite, psk).value();
    const SecretBytes b = hs::psk_binder(early, hs::PskKind::resumption, hash.view()).value();
    std::copy(b.view().begin(), b.view().end(), binder->begin());
  });
  EXPECT_TRUE(tls::ConnectionInternals::start(client));
  return RetryPair{ConnectionPair{std::move(client), Connection::server(std::move(scfg)).value()}, flight};
}

TEST(PskAfterHelloRetry, TheSecondBinderCoversTheHelloRetryRequest) {
  RetryOffer o{ticket_state(0x1301, 32)};
  auto r = retry_offering(o, server_config());
  auto& p = r.pair;
  Sent sent;
  p.server.set_observer(&sent);
  pump(p.client, p.server);
  ASSERT_FALSE(r.flight->hello_retry.empty());
  // This client cannot resume, so it stops at our Finished; our flight is a
  // resumed one (§2.2): no Certificate.
  EXPECT_EQ(sent.count("HelloRetryRequest"), 1u);
  EXPECT_EQ(sent.count("Certificate"), 0u);
  EXPECT_EQ(sent.count("Finished"), 1u);
}

TEST(PskAfterHelloRetry, ABinderThatLeavesOutTheHelloRetryRequestIsDecryptError) {
  RetryOffer o{ticket_state(0x1301, 32), true};
  auto r = retry_offering(o, server_config());
  pump(r.pair.client, r.pair.server);
  ASSERT_FALSE(r.flight->hello_retry.empty());
  EXPECT_EQ(alert_of(r.pair.server), Alert::decrypt_error);
}

// §4.1.2 lets the client keep a PSK whose hash is not the HelloRetryRequest
// suite's ("optionally removing" it); §4.2.11 has the server not select it:
// a full handshake, the binder not even read.
TEST(PskAfterHelloRetry, APskWithAnotherHashThanTheRetrysSuiteIsNotSelected) {
  auto scfg = server_config();
  scfg->suites = {crypto::Suite::aes_256_gcm_sha384};
  auto ccfg = client_config();
  ccfg->suites = {crypto::Suite::aes_128_gcm_sha256, crypto::Suite::aes_256_gcm_sha384};
  RetryOffer o{ticket_state(0x1301, 32)};
  auto r = retry_offering(o, scfg, ccfg);
  auto& p = r.pair;
  Sent sent;
  p.server.set_observer(&sent);
  pump(p.client, p.server);
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  ASSERT_FALSE(p.server.is_handshaking());
  EXPECT_TRUE(p.server.negotiated()->hello_retry);
  EXPECT_FALSE(p.server.negotiated()->resumed);
  EXPECT_EQ(p.server.negotiated()->suite, crypto::Suite::aes_256_gcm_sha384);
  EXPECT_EQ(sent.count("Certificate"), 1u);
}

}  // namespace
}  // namespace parley::pairtest
