// Resumption between parley's client (its session cache) and parley's server
// (its tickets), end to end in memory: each suite, mTLS keeping the client's
// identity, 0-RTT accepted and replayed, and tickets that do not fit the
// next connection's server name or ALPN list.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "pair_util.h"
#include "parley/session.h"

namespace parley::pairtest {
namespace {

using Bytes = std::vector<uint8_t>;

struct World {
  Ca ca = make_ca("Client Resumption CA");
  Identity server = make_leaf(ca, key_for(crypto::KeySpec::ec_p256));
  Identity client = make_leaf(ca, key_for(crypto::KeySpec::ec_p256), LeafSpec{.cn = "resuming-client", .sans = {"uri:spiffe://example.org/resuming-client"}, .profile = ca::Profile::client});
  std::shared_ptr<TicketKeys> keys = TicketKeys::generate(P());
};
World& world() {
  static World w;
  return w;
}

std::shared_ptr<ServerConfig> server_config(uint32_t max_early_data = 0) {
  auto s = std::make_shared<ServerConfig>();
  s->identities.push_back(world().server);
  s->ticket_keys = world().keys;
  s->max_early_data = max_early_data;
  return s;
}

std::shared_ptr<ClientConfig> client_config(std::shared_ptr<ClientSessionCache> cache) {
  auto c = std::make_shared<ClientConfig>();
  c->trust_store = world().ca.store();
  c->session_cache = std::move(cache);
  return c;
}

// One connection through its handshake and the tickets after it.
ConnectionPair run(std::shared_ptr<const ClientConfig> c, std::shared_ptr<const ServerConfig> s, Bytes early = {},
                   const std::string& name = "server.test") {
  ConnectionPair p{Connection::client(std::move(c), ServerName::parse(name).value(), early).value(),
                   Connection::server(std::move(s)).value()};
  pump(p.client, p.server);
  EXPECT_EQ(p.client.error(), nullptr) << p.client.error()->message();
  EXPECT_EQ(p.server.error(), nullptr) << p.server.error()->message();
  return p;
}

Bytes read_all(Connection& c) {
  Bytes out(c.readable());
  out.resize(c.read(out));
  return out;
}

TEST(ClientResumption, ResumesWithEachSuiteKeepingTheServersIdentity) {
  for (auto suite : {crypto::Suite::aes_128_gcm_sha256, crypto::Suite::aes_256_gcm_sha384,
                     crypto::Suite::chacha20_poly1305_sha256}) {
    auto cache = std::make_shared<ClientSessionCache>();
    auto scfg = server_config();
    scfg->suites = {suite};
    auto first = run(client_config(cache), scfg);
    EXPECT_FALSE(first.client.negotiated()->resumed);
    EXPECT_EQ(cache->size(), 2u);  // the server's two tickets
    auto second = run(client_config(cache), scfg);
    ASSERT_NE(second.client.negotiated(), nullptr);
    EXPECT_TRUE(second.client.negotiated()->resumed) << crypto::suite_name(suite);
    EXPECT_TRUE(second.server.negotiated()->resumed);
    EXPECT_EQ(second.client.negotiated()->suite, suite);
    ASSERT_NE(second.client.peer(), nullptr);
    EXPECT_TRUE(second.client.peer()->resumed);
    EXPECT_EQ(second.client.peer()->subject, first.client.peer()->subject);
    EXPECT_EQ(cache->size(), 3u);  // one used, two new
  }
}

TEST(ClientResumption, MutualTlsResumptionKeepsTheClientsIdentity) {
  auto cache = std::make_shared<ClientSessionCache>();
  auto scfg = server_config();
  scfg->client_auth = ClientAuth::required;
  scfg->client_ca = world().ca.store();
  auto ccfg = client_config(cache);
  ccfg->identity = world().client;
  auto first = run(ccfg, scfg);
  ASSERT_NE(first.server.peer(), nullptr);
  auto second = run(ccfg, scfg);
  EXPECT_TRUE(second.server.negotiated()->resumed);
  ASSERT_NE(second.server.peer(), nullptr);
  EXPECT_TRUE(second.server.peer()->resumed);
  EXPECT_EQ(second.server.peer()->subject, first.server.peer()->subject);
}

TEST(ClientResumption, ZeroRttIsAcceptedAndReachesTheServerOnce) {
  auto cache = std::make_shared<ClientSessionCache>();
  auto scfg = server_config(1024);
  (void)run(client_config(cache), scfg);
  const Bytes request = {'G', 'E', 'T', ' ', '/'};
  auto p = run(client_config(cache), scfg, request);
  EXPECT_EQ(p.client.negotiated()->early_data, EarlyDataStatus::accepted);
  EXPECT_EQ(p.server.negotiated()->early_data, EarlyDataStatus::accepted);
  EXPECT_EQ(read_all(p.server), request);  // once: not resent after the handshake
}

TEST(ClientResumption, ReplayedZeroRttIsRefusedAndResentAsOrdinaryData) {
  auto cache = std::make_shared<ClientSessionCache>();
  auto scfg = server_config(1024);
  auto first = run(client_config(cache), scfg);
  // The same session file loaded twice: the second 0-RTT use is a replay.
  const auto now = P().clock->unix_seconds();
  const auto file = cache->export_newest("server.test", {}, now).value();
  const Bytes request = {'G', 'E', 'T'};
  Bytes seen[2];
  EarlyDataStatus client_status[2], server_status[2];
  for (int i = 0; i < 2; ++i) {
    auto c = std::make_shared<ClientSessionCache>();
    ASSERT_TRUE(c->import(file, now).has_value());
    auto p = run(client_config(c), scfg, request);
    EXPECT_TRUE(p.client.negotiated()->resumed);
    client_status[i] = p.client.negotiated()->early_data;
    server_status[i] = p.server.negotiated()->early_data;
    pump(p.client, p.server);
    seen[i] = read_all(p.server);
  }
  EXPECT_EQ(client_status[0], EarlyDataStatus::accepted);
  EXPECT_EQ(server_status[1], EarlyDataStatus::replayed);
  EXPECT_EQ(client_status[1], EarlyDataStatus::rejected);
  EXPECT_EQ(seen[0], request);
  EXPECT_EQ(seen[1], request);  // resent after the handshake, as ordinary data
}

TEST(ClientResumption, TooMuchEarlyDataForTheTicketGoesAfterTheHandshake) {
  auto cache = std::make_shared<ClientSessionCache>();
  auto scfg = server_config(16);
  (void)run(client_config(cache), scfg);
  const Bytes big(17, 'x');
  auto p = run(client_config(cache), scfg, big);
  EXPECT_EQ(p.client.negotiated()->early_data, EarlyDataStatus::ticket_disallows);
  EXPECT_TRUE(p.client.negotiated()->resumed);
  pump(p.client, p.server);
  EXPECT_EQ(read_all(p.server), big);
}

TEST(ClientResumption, TicketsForAnotherServerNameOrAlpnListAreNotOffered) {
  auto cache = std::make_shared<ClientSessionCache>();
  auto scfg = server_config();
  scfg->alpn = {"h2", "http/1.1"};
  auto ccfg = client_config(cache);
  ccfg->alpn = {"h2"};
  (void)run(ccfg, scfg);
  ASSERT_EQ(cache->size(), 2u);
  auto other_alpn = client_config(cache);
  other_alpn->alpn = {"http/1.1"};
  EXPECT_FALSE(run(other_alpn, scfg).client.negotiated()->resumed);
  EXPECT_EQ(cache->size(), 4u);  // none taken, two more stored (under the other key)
  EXPECT_TRUE(run(ccfg, scfg).client.negotiated()->resumed);
}

}  // namespace
}  // namespace parley::pairtest
