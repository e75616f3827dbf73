// What real peers put in the ClientHello and CertificateRequest: GREASE values (RFC
// 8701) tolerated end to end, and signature_algorithms_cert (RFC 8446 §4.2.3)
// sent by our client and server.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "pair_util.h"
#include "tls/wire/messages.h"

namespace parley::pairtest {
namespace {

namespace wire = tls::wire;

struct World {
  Ca server_ca = make_ca("Hello Server CA");
  Ca client_ca = make_ca("Hello Client CA");
  std::shared_ptr<ServerConfig> server() {
    auto cfg = std::make_shared<ServerConfig>();
    cfg->identities.push_back(make_leaf(server_ca, key_for(crypto::KeySpec::ec_p256)));
    return cfg;
  }
  std::shared_ptr<ClientConfig> client() {
    auto cfg = std::make_shared<ClientConfig>();
    cfg->trust_store = server_ca.store();
    return cfg;
  }
};

World& world() {
  static World w;
  return w;
}

bool has(const std::vector<uint16_t>& list, uint16_t v) { return std::find(list.begin(), list.end(), v) != list.end(); }

// The outgoing handshake message of `type` (header included), recorded
// through the tamper hook without changing it.
void capture(Connection& c, wire::HandshakeType type, std::vector<uint8_t>& into) {
  tls::ConnectionInternals::set_tamper(c, [&into, type](wire::HandshakeType t, std::vector<uint8_t>& m) {
    if (t == type) into = m;
  });
}

template <class M>
M parse_as(wire::HandshakeType type, const std::vector<uint8_t>& msg) {
  EXPECT_GT(msg.size(), 4u);
  auto parsed = wire::parse_handshake(type, std::span<const uint8_t>(msg).subspan(4), 32);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message();
  return std::get<M>(parsed.value());
}

void exchange_data(Connection& client, Connection& server) {
  const uint8_t ping[] = {'p', 'i', 'n', 'g'};
  ASSERT_TRUE(client.write(ping));
  ASSERT_TRUE(server.write(ping));
  pump(client, server);
  uint8_t buf[8];
  ASSERT_EQ(server.read(buf), 4u);
  EXPECT_EQ(std::memcmp(buf, ping, 4), 0);
  ASSERT_EQ(client.read(buf), 4u);
  EXPECT_EQ(std::memcmp(buf, ping, 4), 0);
}

// RFC 8701 §3.1: a client may put GREASE values in cipher_suites,
// supported_groups, key_share, signature_algorithms, supported_versions and
// as extensions of its own; §3.2: the server must ignore them all (and never
// select one).
TEST(Grease, ServerIgnoresGreaseInEveryClientHelloList) {
  auto client = tls::ConnectionInternals::unstarted_client(world().client(), ServerName::parse("server.test").value()).value();
  auto server = Connection::server(world().server()).value();
  static constexpr uint8_t kGreaseShare[] = {0x00};
  static constexpr uint8_t kGreaseBody[] = {0x00};
  tls::ConnectionInternals::set_client_hello_edit(client, [](wire::ClientHello& ch) {
    auto& cs = ch.cipher_suites;
    cs.insert(cs.begin(), 0x0a0a);
    cs.push_back(0xdada);
    auto& e = ch.extensions;
    e.supported_groups->insert(e.supported_groups->begin(), 0x1a1a);
    e.supported_groups->push_back(0xeaea);
    e.signature_algorithms->insert(e.signature_algorithms->begin(), 0x2a2a);
    if (e.signature_algorithms_cert) e.signature_algorithms_cert->push_back(0x6a6a);
    e.supported_versions->insert(e.supported_versions->begin(), 0x3a3a);
    e.key_shares->insert(e.key_shares->begin(), wire::KeyShareEntry{0x1a1a, kGreaseShare});
    e.uninterpreted.push_back(wire::RawExtension{0x4a4a, {}});            // empty GREASE extension
    e.uninterpreted.push_back(wire::RawExtension{0x5a5a, kGreaseBody});  // one-byte GREASE extension
  });
  std::vector<uint8_t> sent;
  capture(client, wire::HandshakeType::client_hello, sent);
  ASSERT_TRUE(tls::ConnectionInternals::start(client));  // the hooks act on the ClientHello
  pump(client, server);
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  ASSERT_FALSE(client.is_handshaking());
  ASSERT_FALSE(server.is_handshaking());

  // The ClientHello on the wire really carried the GREASE values.
  const auto ch = parse_as<wire::ClientHello>(wire::HandshakeType::client_hello, sent);
  EXPECT_EQ(ch.cipher_suites.front(), 0x0a0a);
  EXPECT_EQ(ch.cipher_suites.back(), 0xdada);
  EXPECT_EQ(ch.extensions.supported_groups->front(), 0x1a1a);
  EXPECT_EQ(ch.extensions.signature_algorithms->front(), 0x2a2a);
  EXPECT_EQ(ch.extensions.supported_versions->front(), 0x3a3a);
  ASSERT_EQ(ch.extensions.key_shares->size(), 2u);
  EXPECT_EQ(ch.extensions.key_shares->front().group, 0x1a1a);
  ASSERT_EQ(ch.extensions.uninterpreted.size(), 2u);
  EXPECT_EQ(ch.extensions.uninterpreted[0].type, 0x4a4a);
  EXPECT_EQ(ch.extensions.uninterpreted[1].type, 0x5a5a);

  // Nothing GREASE was selected; the real share was used (no HelloRetryRequest).
  const auto* n = server.negotiated();
  ASSERT_NE(n, nullptr);
  EXPECT_FALSE(wire::is_grease(static_cast<uint16_t>(n->suite)));
  EXPECT_EQ(n->group, crypto::Group::x25519);
  EXPECT_FALSE(n->hello_retry);
  EXPECT_EQ(n->version, 0x0304);
  ASSERT_NO_FATAL_FAILURE(exchange_data(client, server));
}

// The expected signature_algorithms_cert: everything parley accepts in
// certificates, including rsa_pkcs1_sha256/384/512.
void expect_cert_schemes(const std::vector<uint16_t>& list) {
  for (uint16_t code : std::initializer_list<uint16_t>{0x0403, 0x0503, 0x0807, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601}) {
    EXPECT_TRUE(has(list, code)) << std::hex << code;
  }
  EXPECT_EQ(list.size(), default_certificate_signature_schemes().size());
}

struct Recorder final : HandshakeObserver {
  std::vector<HandshakeEvent> events;
  void on_event(const HandshakeEvent& e) override { events.push_back(e); }
};

TEST(SignatureAlgorithmsCert, ClientHelloListsWhatCertificatesMayUse) {
  auto client = tls::ConnectionInternals::unstarted_client(world().client(), ServerName::parse("server.test").value()).value();
  auto server = Connection::server(world().server()).value();
  Recorder seen;
  client.set_observer(&seen);
  std::vector<uint8_t> sent;
  capture(client, wire::HandshakeType::client_hello, sent);
  ASSERT_TRUE(tls::ConnectionInternals::start(client));  // the hooks act on the ClientHello
  pump(client, server);
  // The observer reports it too.
  ASSERT_FALSE(seen.events.empty());
  const auto* hello = std::get_if<message::ClientHello>(seen.events.front().message());
  ASSERT_NE(hello, nullptr);
  EXPECT_FALSE(hello->signature_algorithms_cert.empty());
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  const auto ch = parse_as<wire::ClientHello>(wire::HandshakeType::client_hello, sent);
  ASSERT_TRUE(ch.extensions.signature_algorithms_cert.has_value());
  expect_cert_schemes(*ch.extensions.signature_algorithms_cert);
  // CertificateVerify never uses PKCS#1 v1.5 in TLS 1.3 (§4.2.3).
  ASSERT_TRUE(ch.extensions.signature_algorithms.has_value());
  EXPECT_FALSE(has(*ch.extensions.signature_algorithms, 0x0401));
  EXPECT_TRUE(has(ch.extensions.order, static_cast<uint16_t>(wire::ExtensionType::signature_algorithms_cert)));
}

TEST(SignatureAlgorithmsCert, LeftOutWhenSignatureAlgorithmsAlreadySaysIt) {
  auto cfg = world().client();
  for (auto s : default_certificate_signature_schemes()) cfg->signature_schemes.push_back(s);
  auto client = tls::ConnectionInternals::unstarted_client(cfg, ServerName::parse("server.test").value()).value();
  std::vector<uint8_t> sent;
  capture(client, wire::HandshakeType::client_hello, sent);
  ASSERT_TRUE(tls::ConnectionInternals::start(client));  // the hooks act on the ClientHello
  ASSERT_FALSE(client.pending_output().empty());
  const auto ch = parse_as<wire::ClientHello>(wire::HandshakeType::client_hello, sent);
  EXPECT_FALSE(ch.extensions.signature_algorithms_cert.has_value());
}

TEST(SignatureAlgorithmsCert, CertificateRequestListsWhatClientCertificatesMayUse) {
  auto scfg = world().server();
  scfg->client_auth = ClientAuth::required;
  scfg->client_ca = world().client_ca.store();
  auto ccfg = world().client();
  LeafSpec spec;
  spec.cn = "orders";
  spec.sans = {"uri:spiffe://example.org/ns/default/sa/orders"};
  spec.profile = ca::Profile::client;
  ccfg->identity = make_leaf(world().client_ca, key_for(crypto::KeySpec::ec_p256), spec);
  auto client = Connection::client(ccfg, ServerName::parse("server.test").value()).value();
  auto server = Connection::server(scfg).value();
  std::vector<uint8_t> request;
  capture(server, wire::HandshakeType::certificate_request, request);
  pump(client, server);
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  ASSERT_NE(server.negotiated(), nullptr);
  EXPECT_TRUE(server.negotiated()->client_authenticated);
  const auto cr = parse_as<wire::CertificateRequest>(wire::HandshakeType::certificate_request, request);
  ASSERT_TRUE(cr.extensions.signature_algorithms.has_value());
  ASSERT_TRUE(cr.extensions.signature_algorithms_cert.has_value());
  expect_cert_schemes(*cr.extensions.signature_algorithms_cert);
  EXPECT_FALSE(has(*cr.extensions.signature_algorithms, 0x0401));
}

}  // namespace
}  // namespace parley::pairtest
