// Client and server in memory (after rustls-test's transfer_altered): every
// suite x group x signature scheme, mTLS modes, HRR, ALPN, SNI, KeyUpdate,
// close_notify, exporters, and tampering with each alert the peer receives.
#include <gtest/gtest.h>

#include <cstring>

#include "pair_util.h"
#include "x509/report.h"

namespace parley::pairtest {
namespace {

using crypto::Group;
using crypto::KeySpec;
using crypto::SignatureScheme;
using crypto::Suite;
namespace wire = tls::wire;

struct World {
  Ca server_ca = make_ca("Server CA");
  Ca client_ca = make_ca("Client CA");

  std::shared_ptr<ServerConfig> server(KeySpec spec = KeySpec::ec_p256) {
    auto cfg = std::make_shared<ServerConfig>();
    cfg->identities.push_back(make_leaf(server_ca, key_for(spec)));
    return cfg;
  }
  std::shared_ptr<ClientConfig> client() {
    auto cfg = std::make_shared<ClientConfig>();
    cfg->trust_store = server_ca.store();
    return cfg;
  }
  Identity client_identity(KeySpec spec = KeySpec::ec_p256) {
    LeafSpec s;
    s.cn = "orders";
    s.sans = {"uri:spiffe://example.org/ns/default/sa/orders"};
    s.profile = ca::Profile::client;
    return make_leaf(client_ca, key_for(spec), s);
  }
};

World& world() {
  static World w;
  return w;
}

using Pair = ConnectionPair;

void expect_data_both_ways(Pair& p) {
  const std::string ping = "ping", pong = "pong";
  ASSERT_TRUE(p.client.write({reinterpret_cast<const uint8_t*>(ping.data()), ping.size()}));
  ASSERT_TRUE(p.server.write({reinterpret_cast<const uint8_t*>(pong.data()), pong.size()}));
  pump(p.client, p.server);
  uint8_t buf[16];
  ASSERT_EQ(p.server.read(buf), 4u);
  EXPECT_EQ(std::memcmp(buf, "ping", 4), 0);
  ASSERT_EQ(p.client.read(buf), 4u);
  EXPECT_EQ(std::memcmp(buf, "pong", 4), 0);
}

void expect_done(Pair& p) {
  ASSERT_EQ(p.client.error(), nullptr) << p.client.error()->message();
  ASSERT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  ASSERT_FALSE(p.client.is_handshaking());
  ASSERT_FALSE(p.server.is_handshaking());
}

TEST(Pair, HandshakeEcdsaX25519Aes128) {
  auto p = connect(world().client(), world().server());
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(p.client.negotiated()->suite, Suite::aes_128_gcm_sha256);
  EXPECT_EQ(p.client.negotiated()->group, Group::x25519);
  EXPECT_FALSE(p.client.negotiated()->hello_retry);
  EXPECT_EQ(p.server.negotiated()->sni, "server.test");
  ASSERT_NE(p.client.peer(), nullptr);
  EXPECT_EQ(p.client.peer()->subject, "CN=leaf");
  EXPECT_EQ(p.client.peer()->dns_names, std::vector<std::string>{"server.test"});
  EXPECT_EQ(p.server.peer(), nullptr);
  auto ev = p.client.next_event();
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->kind, Event::Kind::handshake_done);
  expect_data_both_ways(p);
}

struct MatrixCase {
  Suite suite;
  Group group;
  SignatureScheme scheme;
  KeySpec key;
};

class PairMatrix : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(PairMatrix, HandshakesAndExchangesData) {
  const auto m = GetParam();
  auto s = world().server(m.key);
  s->suites = {m.suite};
  s->groups = {m.group};
  auto c = world().client();
  c->groups = {m.group};
  c->signature_schemes = {m.scheme};
  auto p = connect(c, s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(p.client.negotiated()->suite, m.suite);
  EXPECT_EQ(p.server.negotiated()->group, m.group);
  EXPECT_EQ(p.client.negotiated()->peer_signature_scheme, m.scheme);
  expect_data_both_ways(p);
}

std::vector<MatrixCase> matrix() {
  std::vector<MatrixCase> out;
  const std::pair<SignatureScheme, KeySpec> schemes[] = {
      {SignatureScheme::ecdsa_secp256r1_sha256, KeySpec::ec_p256}, {SignatureScheme::ecdsa_secp384r1_sha384, KeySpec::ec_p384},
      {SignatureScheme::ed25519, KeySpec::ed25519},                {SignatureScheme::rsa_pss_rsae_sha256, KeySpec::rsa_2048},
      {SignatureScheme::rsa_pss_rsae_sha384, KeySpec::rsa_2048},   {SignatureScheme::rsa_pss_rsae_sha512, KeySpec::rsa_2048}};
  for (auto suite : {Suite::aes_128_gcm_sha256, Suite::aes_256_gcm_sha384, Suite::chacha20_poly1305_sha256}) {
    for (auto group : {Group::x25519, Group::secp256r1, Group::secp384r1}) {
      for (auto [scheme, key] : schemes) out.push_back({suite, group, scheme, key});
    }
  }
  return out;
}
INSTANTIATE_TEST_SUITE_P(All, PairMatrix, ::testing::ValuesIn(matrix()));

// ------------------------------------------------------------------ mTLS

TEST(Pair, MutualTlsRequiredAuthenticatesClient) {
  auto s = world().server();
  s->client_auth = ClientAuth::required;
  s->client_ca = world().client_ca.store();
  auto c = world().client();
  c->identity = world().client_identity();
  auto p = connect(c, s);
  pump(p.client, p.server);
  expect_done(p);
  ASSERT_NE(p.server.peer(), nullptr);
  EXPECT_EQ(p.server.peer()->subject, "CN=orders");
  EXPECT_EQ(p.server.peer()->uris, std::vector<std::string>{"spiffe://example.org/ns/default/sa/orders"});
  EXPECT_TRUE(p.server.negotiated()->client_authenticated);
  EXPECT_TRUE(p.client.negotiated()->client_authenticated);
  expect_data_both_ways(p);
}

TEST(Pair, MutualTlsRequiredWithoutCertificateGetsCertificateRequired) {
  auto s = world().server();
  s->client_auth = ClientAuth::required;
  s->client_ca = world().client_ca.store();
  auto p = connect(world().client(), s);
  pump(p.client, p.server);
  ASSERT_NE(p.server.error(), nullptr);
  EXPECT_EQ(alert_of(p.server), Alert::certificate_required);
  ASSERT_NE(p.client.error(), nullptr);
  EXPECT_EQ(p.client.error()->kind, Error::Kind::AlertReceived);
  EXPECT_EQ(alert_of(p.client), Alert::certificate_required);
}

TEST(Pair, MutualTlsOptionalLetsAnonymousClientIn) {
  auto s = world().server();
  s->client_auth = ClientAuth::optional;
  s->client_ca = world().client_ca.store();
  auto p = connect(world().client(), s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(p.server.peer(), nullptr);
  EXPECT_FALSE(p.server.negotiated()->client_authenticated);
}

TEST(Pair, MutualTlsOptionalWithRsaClientCertificate) {
  auto s = world().server();
  s->client_auth = ClientAuth::optional;
  s->client_ca = world().client_ca.store();
  auto c = world().client();
  c->identity = world().client_identity(KeySpec::rsa_2048);
  auto p = connect(c, s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_TRUE(p.server.negotiated()->client_authenticated);
}

TEST(Pair, ClientCertificateFromUntrustedCaGetsUnknownCa) {
  auto s = world().server();
  s->client_auth = ClientAuth::required;
  s->client_ca = world().client_ca.store();
  auto other = make_ca("Other CA");
  LeafSpec ls;
  ls.profile = ca::Profile::client;
  ls.sans = {"email:a@example.org"};
  auto c = world().client();
  c->identity = make_leaf(other, key_for(KeySpec::ec_p256), ls);
  auto p = connect(c, s);
  // The hints name Client CA only: our client sends an empty Certificate.
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::certificate_required);
}

// ------------------------------------------------------------------ server certificate negatives

TEST(Pair, ExpiredServerCertificateGetsCertificateExpired) {
  auto s = std::make_shared<ServerConfig>();
  LeafSpec ls;
  ls.not_before = kNow - 100 * 86400;
  ls.not_after = kNow - 86400;
  s->identities.push_back(make_leaf(world().server_ca, key_for(KeySpec::ec_p256), ls));
  auto p = connect(world().client(), s);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.client), Alert::certificate_expired);
  ASSERT_NE(p.client.error()->cert_detail, nullptr);
  EXPECT_EQ(p.client.error()->cert_detail->primary()->rule, x509::Rule::expired);
  EXPECT_EQ(alert_of(p.server), Alert::certificate_expired);
}

TEST(Pair, WrongServerNameIsRejectedWithTheReportsAlert) {
  auto p = connect(world().client(), world().server(), "other.test");
  pump(p.client, p.server);
  ASSERT_NE(p.client.error(), nullptr);
  ASSERT_NE(p.client.error()->cert_detail, nullptr);
  EXPECT_EQ(p.client.error()->cert_detail->primary()->rule, x509::Rule::hostname_mismatch);
  EXPECT_EQ(alert_of(p.client), p.client.error()->cert_detail->alert());
  EXPECT_EQ(alert_of(p.server), alert_of(p.client));
}

TEST(Pair, UntrustedServerCaGetsUnknownCa) {
  auto c = world().client();
  c->trust_store = make_ca("Somebody Else").store();
  auto p = connect(c, world().server());
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.client), Alert::unknown_ca);
  EXPECT_EQ(alert_of(p.server), Alert::unknown_ca);
}

// ------------------------------------------------------------------ negotiation

TEST(Pair, HelloRetryRequestWhenServerWantsAnotherGroup) {
  auto s = world().server();
  s->groups = {Group::secp384r1};
  auto c = world().client();
  c->groups = {Group::x25519, Group::secp384r1};
  auto p = connect(c, s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_TRUE(p.client.negotiated()->hello_retry);
  EXPECT_TRUE(p.server.negotiated()->hello_retry);
  EXPECT_EQ(p.client.negotiated()->group, Group::secp384r1);
  expect_data_both_ways(p);
}

TEST(Pair, HelloRetryRequestWithMutualTlsAndNoCompat) {
  auto s = world().server();
  s->groups = {Group::secp256r1};
  s->client_auth = ClientAuth::required;
  s->client_ca = world().client_ca.store();
  auto c = world().client();
  c->middlebox_compat = false;
  c->identity = world().client_identity();
  auto p = connect(c, s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_TRUE(p.client.negotiated()->hello_retry);
  EXPECT_TRUE(p.server.negotiated()->client_authenticated);
}

TEST(Pair, NoCommonGroupIsHandshakeFailure) {
  auto s = world().server();
  s->groups = {Group::secp384r1};
  auto c = world().client();
  c->groups = {Group::x25519};
  auto p = connect(c, s);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::handshake_failure);
  EXPECT_EQ(alert_of(p.client), Alert::handshake_failure);
}

TEST(Pair, AlpnPicksServerPreference) {
  auto s = world().server();
  s->alpn = {"h2", "http/1.1"};
  auto c = world().client();
  c->alpn = {"http/1.1", "h2"};
  auto p = connect(c, s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(p.client.negotiated()->alpn, "h2");
  EXPECT_EQ(p.server.negotiated()->alpn, "h2");
}

// RFC 7301 §3.2: a client offering only protocols the server does not speak
// gets no_application_protocol even when ALPN is optional on the server.
TEST(Pair, AlpnMismatchWithoutRequirementIsNoApplicationProtocol) {
  auto s = world().server();
  s->alpn = {"h2"};
  auto c = world().client();
  c->alpn = {"http/1.1"};
  auto p = connect(c, s);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::no_application_protocol);
  EXPECT_EQ(alert_of(p.client), Alert::no_application_protocol);
}

// Optional ALPN lets a client that offers none in; a server without ALPN
// ignores the client's offer.
TEST(Pair, AlpnOptionalAcceptsClientWithoutAlpnAndServerWithoutAlpnIgnoresIt) {
  auto s = world().server();
  s->alpn = {"h2"};
  auto p = connect(world().client(), s);
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(p.server.negotiated()->alpn, "");
  auto c = world().client();
  c->alpn = {"http/1.1"};
  auto q = connect(c, world().server());
  pump(q.client, q.server);
  expect_done(q);
  EXPECT_EQ(q.client.negotiated()->alpn, "");
}

TEST(Pair, AlpnRequiredAndClientOffersNoneIsNoApplicationProtocol) {
  auto s = world().server();
  s->alpn = {"h2"};
  s->alpn_required = true;
  auto p = connect(world().client(), s);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::no_application_protocol);
}

TEST(Pair, AlpnRequiredMismatchIsNoApplicationProtocol) {
  auto s = world().server();
  s->alpn = {"h2"};
  s->alpn_required = true;
  auto c = world().client();
  c->alpn = {"http/1.1"};
  auto p = connect(c, s);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::no_application_protocol);
  EXPECT_EQ(alert_of(p.client), Alert::no_application_protocol);
}

TEST(Pair, SniSelectsBetweenEcdsaAndRsaIdentities) {
  auto s = std::make_shared<ServerConfig>();
  LeafSpec ec, rsa;
  ec.cn = "ec";
  ec.sans = {"dns:ec.test"};
  rsa.cn = "rsa";
  rsa.sans = {"dns:rsa.test"};
  s->identities.push_back(make_leaf(world().server_ca, key_for(KeySpec::ec_p256), ec));
  s->identities.push_back(make_leaf(world().server_ca, key_for(KeySpec::rsa_2048), rsa));
  for (const char* name : {"ec.test", "rsa.test"}) {
    auto p = connect(world().client(), s, name);
    pump(p.client, p.server);
    expect_done(p);
    EXPECT_EQ(p.client.peer()->subject, std::string("CN=") + std::string(name).substr(0, std::strlen(name) - 5));
  }
  // A client that cannot verify ECDSA gets the RSA identity even for ec.test's name... and then a name mismatch.
  auto c = world().client();
  c->signature_schemes = {SignatureScheme::rsa_pss_rsae_sha256};
  auto p = connect(c, s, "rsa.test");
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(p.client.negotiated()->peer_signature_scheme, SignatureScheme::rsa_pss_rsae_sha256);
}

// ------------------------------------------------------------------ after the handshake

TEST(Pair, KeyUpdateBothWaysWithUpdateRequested) {
  auto p = connect(world().client(), world().server());
  pump(p.client, p.server);
  expect_done(p);
  while (p.client.next_event()) {}
  while (p.server.next_event()) {}
  ASSERT_TRUE(p.client.key_update(true));
  pump(p.client, p.server);
  auto ev = p.server.next_event();
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->kind, Event::Kind::keys_updated);
  ev = p.client.next_event();
  ASSERT_TRUE(ev);  // the server's answering KeyUpdate
  EXPECT_EQ(ev->kind, Event::Kind::keys_updated);
  expect_data_both_ways(p);
  ASSERT_TRUE(p.server.key_update(false));
  expect_data_both_ways(p);
}

// RFC 8446 §6.1: close_notify closes the sender's direction only. The server
// still answers (a request followed at once by close_notify gets its
// response), then closes its own direction.
TEST(Pair, CloseNotifyClosesOnlyTheSendersDirection) {
  auto p = connect(world().client(), world().server());
  pump(p.client, p.server);
  expect_done(p);
  p.client.close();
  pump(p.client, p.server);
  EXPECT_TRUE(p.server.peer_closed());
  EXPECT_FALSE(p.client.peer_closed());
  const std::string reply = "still answered after close_notify";
  ASSERT_TRUE(p.server.write(std::span(reinterpret_cast<const uint8_t*>(reply.data()), reply.size())));
  p.server.close();
  pump(p.client, p.server);
  std::array<uint8_t, 64> buf{};
  size_t n = p.client.read(buf);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf.data()), n), reply);
  EXPECT_TRUE(p.client.peer_closed());
  EXPECT_EQ(p.server.error(), nullptr);
  EXPECT_EQ(p.client.error(), nullptr);
  EXPECT_FALSE(p.client.write(std::span(reinterpret_cast<const uint8_t*>(reply.data()), reply.size())));
}

TEST(Pair, ExportersAgree) {
  auto p = connect(world().client(), world().server());
  pump(p.client, p.server);
  expect_done(p);
  uint8_t a[32], b[32];
  const uint8_t context[] = {1, 2, 3};
  ASSERT_TRUE(p.client.export_keying_material(a, "EXPERIMENTAL test", context));
  ASSERT_TRUE(p.server.export_keying_material(b, "EXPERIMENTAL test", context));
  EXPECT_EQ(std::memcmp(a, b, 32), 0);
}

struct Collect : KeyLog {
  std::vector<std::string> labels;
  void log(std::string_view label, std::span<const uint8_t>, std::span<const uint8_t>) override {
    labels.emplace_back(label);
  }
};

TEST(Pair, KeyLogGetsTheNssLabels) {
  auto sink = std::make_shared<Collect>();
  auto c = world().client();
  c->keylog = sink;
  auto p = connect(c, world().server());
  pump(p.client, p.server);
  expect_done(p);
  EXPECT_EQ(sink->labels.size(), 5u);
}

struct Recorder : HandshakeObserver {
  std::vector<HandshakeEvent> events;
  void on_event(const HandshakeEvent& e) override { events.push_back(e); }
};

TEST(Pair, ObserverSeesEveryStep) {
  Recorder rec;
  auto p = connect(world().client(), world().server());
  p.client.set_observer(&rec);
  pump(p.client, p.server);
  expect_done(p);
  std::vector<std::string> received;
  for (const auto& e : rec.events) {
    if (e.kind == HandshakeEvent::Kind::message_received) received.emplace_back(message::name(*e.message()));
  }
  // The server's two NewSessionTickets (ServerConfig::tickets) follow the handshake.
  EXPECT_EQ(received, (std::vector<std::string>{"ServerHello", "ChangeCipherSpec", "EncryptedExtensions", "Certificate",
                                                "CertificateVerify", "Finished", "NewSessionTicket",
                                                "NewSessionTicket"}));
  const auto done_at = std::find_if(rec.events.begin(), rec.events.end(),
                                    [](const auto& e) { return e.kind == HandshakeEvent::Kind::handshake_done; });
  ASSERT_NE(done_at, rec.events.end());
  ASSERT_EQ(rec.events.front().kind, HandshakeEvent::Kind::message_sent);
  const auto* hello = std::get_if<message::ClientHello>(rec.events.front().message());
  ASSERT_NE(hello, nullptr);
  EXPECT_EQ(hello->sni, "server.test");
  EXPECT_EQ(hello->cipher_suites.front(), crypto::Suite::aes_128_gcm_sha256);
  EXPECT_EQ(hello->key_share_groups, std::vector<crypto::Group>{crypto::Group::x25519});
  // The server's choice and the keys it leads to, typed.
  const message::ServerHello* chosen = nullptr;
  std::vector<KeysInstalled> keys;
  for (const auto& e : rec.events) {
    if (const auto* m = e.message(); m && !chosen) chosen = std::get_if<message::ServerHello>(m);
    if (const auto* k = e.get<KeysInstalled>()) keys.push_back(*k);
  }
  ASSERT_NE(chosen, nullptr);
  EXPECT_EQ(chosen->key_share_group, crypto::Group::x25519);
  ASSERT_EQ(keys.size(), 4u);
  EXPECT_EQ(keys[0].stage, KeysInstalled::Stage::handshake);
  EXPECT_EQ(keys[0].direction, KeysInstalled::Direction::read);
  EXPECT_EQ(keys[0].secret, Party::server);
  EXPECT_EQ(keys[3].stage, KeysInstalled::Stage::application);
  const auto* done = done_at->get<HandshakeDone>();
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->suite, chosen->cipher_suite);
  EXPECT_EQ(done->group, crypto::Group::x25519);
}

// ------------------------------------------------------------------ tampering

TEST(Pair, ReflectedRecordIsRejected) {
  auto p = connect(world().client(), world().server());
  pump(p.client, p.server);
  expect_done(p);
  const uint8_t data[] = {'h', 'i'};
  ASSERT_TRUE(p.client.write(data));
  std::vector<uint8_t> own(p.client.pending_output().begin(), p.client.pending_output().end());
  p.client.consume_output(own.size());
  EXPECT_FALSE(p.client.feed(own));
  EXPECT_EQ(alert_of(p.client), Alert::bad_record_mac);
}

TEST(Pair, OversizedRecordIsRecordOverflow) {
  auto p = connect(world().client(), world().server());
  pump(p.client, p.server);
  expect_done(p);
  std::vector<uint8_t> rec = {23, 3, 3, 0x48, 0x01};  // 2^14 + 256 + 1
  rec.resize(5 + 0x4801);
  EXPECT_FALSE(p.server.feed(rec));
  EXPECT_EQ(alert_of(p.server), Alert::record_overflow);
  transfer(p.server, p.client);
  EXPECT_EQ(alert_of(p.client), Alert::record_overflow);
}

void flip_last(std::vector<uint8_t>& m) { m.back() ^= 0x01; }

// Tamper with one outgoing server message; the client must fail with `want`
// and the server must receive that alert.
void tamper_server(wire::HandshakeType type, std::function<void(std::vector<uint8_t>&)> f, Alert want,
                   bool per_record = false) {
  auto p = connect(world().client(), world().server());
  tls::ConnectionInternals::set_one_message_per_record(p.server, per_record);
  tls::ConnectionInternals::set_tamper(p.server, [&](wire::HandshakeType t, std::vector<uint8_t>& m) {
    if (t == type) f(m);
  });
  pump(p.client, p.server);
  ASSERT_NE(p.client.error(), nullptr);
  EXPECT_EQ(alert_of(p.client), want) << p.client.error()->message();
  EXPECT_EQ(alert_of(p.server), want);
}

TEST(Tamper, WrongServerFinishedIsDecryptError) {
  tamper_server(wire::HandshakeType::finished, flip_last, Alert::decrypt_error);
}

TEST(Tamper, FlippedCertificateVerifySignatureIsDecryptError) {
  tamper_server(wire::HandshakeType::certificate_verify, flip_last, Alert::decrypt_error);
}

TEST(Tamper, FlippedServerHelloRandomBreaksTheKeys) {
  tamper_server(wire::HandshakeType::server_hello, [](std::vector<uint8_t>& m) { m[10] ^= 1; }, Alert::bad_record_mac);
}

TEST(Tamper, DroppedCertificateIsUnexpectedMessage) {
  tamper_server(wire::HandshakeType::certificate, [](std::vector<uint8_t>& m) { m.clear(); }, Alert::unexpected_message);
}

TEST(Tamper, DowngradeSentinelWithoutTls13IsIllegalParameter) {
  tamper_server(wire::HandshakeType::server_hello, [](std::vector<uint8_t>& m) {
    // Stamp "DOWNGRD\x01" into the random and rename supported_versions to an
    // unknown extension (keeping the length), as a TLS 1.2 server would look.
    static const uint8_t kSentinel[] = {'D', 'O', 'W', 'N', 'G', 'R', 'D', 1};
    std::copy(std::begin(kSentinel), std::end(kSentinel), m.begin() + 4 + 2 + 24);
    for (size_t i = 0; i + 1 < m.size(); ++i) {
      if (m[i] == 0x00 && m[i + 1] == 0x2b && i + 3 < m.size() && m[i + 3] == 0x02) { m[i + 1] = 0x2b; m[i] = 0xfa; break; }
    }
  }, Alert::illegal_parameter);
}

TEST(Tamper, ClientCertificateVerifyWithServerContextIsDecryptError) {
  // A signer that signs the server's context string instead of the client's.
  struct WrongContextKey : crypto::Signer {
    std::shared_ptr<const crypto::Signer> inner;
    crypto::KeyType type() const override { return inner->type(); }
    Result<crypto::SignatureJob> start_signing(crypto::SignatureScheme scheme, crypto::ByteView msg) const override {
      std::vector<uint8_t> m(msg.begin(), msg.end());
      std::memcpy(m.data() + 64 + 9, "server", 6);  // "TLS 1.3, client ..." -> "TLS 1.3, server ..."
      return inner->start_signing(scheme, m);
    }
  };
  auto s = world().server();
  s->client_auth = ClientAuth::required;
  s->client_ca = world().client_ca.store();
  auto c = world().client();
  auto id = world().client_identity();
  auto wrong = std::make_shared<WrongContextKey>();
  wrong->inner = id.key;
  id.key = wrong;
  c->identity = id;
  auto p = connect(c, s);
  pump(p.client, p.server);
  EXPECT_EQ(alert_of(p.server), Alert::decrypt_error);
  EXPECT_EQ(alert_of(p.client), Alert::decrypt_error);
}

TEST(Tamper, ReorderedCertificateAndCertificateVerifyIsUnexpectedMessage) {
  auto p = connect(world().client(), world().server());
  tls::ConnectionInternals::set_one_message_per_record(p.server, true);
  transfer(p.client, p.server);  // ClientHello
  // Server flight as records: SH, CCS, EE, Cert, CV, Fin. Swap Cert and CV.
  std::vector<uint8_t> out(p.server.pending_output().begin(), p.server.pending_output().end());
  p.server.consume_output(out.size());
  std::vector<std::vector<uint8_t>> records;
  for (size_t i = 0; i + 5 <= out.size();) {
    size_t len = static_cast<size_t>(out[i + 3] << 8 | out[i + 4]);
    records.emplace_back(out.begin() + static_cast<ptrdiff_t>(i), out.begin() + static_cast<ptrdiff_t>(i + 5 + len));
    i += 5 + len;
  }
  ASSERT_EQ(records.size(), 6u);
  std::swap(records[3], records[4]);
  for (auto& r : records) (void)p.client.feed(r);
  EXPECT_EQ(alert_of(p.client), Alert::bad_record_mac);  // the sequence numbers no longer line up
}

TEST(Tamper, FlippingAnyServerMessageFailsTheHandshake) {
  for (auto t : {wire::HandshakeType::server_hello, wire::HandshakeType::encrypted_extensions,
                 wire::HandshakeType::certificate, wire::HandshakeType::certificate_verify,
                 wire::HandshakeType::finished}) {
    for (size_t at : {size_t{0}, size_t{5}, size_t{40}}) {
      auto p = connect(world().client(), world().server());
      tls::ConnectionInternals::set_tamper(p.server, [&](wire::HandshakeType type, std::vector<uint8_t>& m) {
        if (type == t) m[std::min(at, m.size() - 1)] ^= 0x40;
      });
      pump(p.client, p.server);
      ASSERT_NE(p.client.error(), nullptr) << int(t) << " at " << at;
      EXPECT_TRUE(alert_of(p.client).has_value());
      if (p.client.error()->kind != Error::Kind::AlertReceived) {
        EXPECT_EQ(alert_of(p.server), alert_of(p.client));
      }
    }
  }
}

TEST(Tamper, ServerAlwaysAnswersGarbageWithAnAlert) {
  auto s = Connection::server(world().server()).value();
  const uint8_t garbage[] = {22, 3, 1, 0, 5, 1, 0, 0, 1, 0};
  EXPECT_FALSE(s.feed(garbage));
  EXPECT_EQ(alert_of(s), Alert::decode_error);
  EXPECT_FALSE(s.pending_output().empty());
}

}  // namespace
}  // namespace parley::pairtest
