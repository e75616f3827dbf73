// Identity rules in the handshake, through the public headers: a peer whose
// chain verifies but whom the rules do not allow is refused with
// access_denied, each way; an allowed one sees the admitting rule in peer().
#include <gtest/gtest.h>

#include <memory>
#include <utility>

#include <parley/authz.h>
#include <parley/ca.h>
#include <parley/config.h>
#include <parley/connection.h>

#include "api_test_util.h"

namespace parley {
namespace {

struct Pair {
  Authority ca = api_testing::make_authority();
  Issued server = api_testing::issue(ca, Profile::server, {"dns:orders.internal", "uri:spiffe://example.internal/ns/shop/sa/orders"});
  Issued client = api_testing::issue(ca, Profile::client, {"uri:spiffe://example.internal/ns/shop/sa/payments"});
  std::shared_ptr<ServerConfig> scfg = std::make_shared<ServerConfig>();
  std::shared_ptr<ClientConfig> ccfg = std::make_shared<ClientConfig>();

  Pair() {
    scfg->identities = {server.identity};
    scfg->client_auth = ClientAuth::required;
    scfg->client_ca = ca.trust_store();
    ccfg->trust_store = ca.trust_store();
    ccfg->identity = client.identity;
  }
  // Both ends after the handshake (or its failure).
  std::pair<Connection, Connection> handshake() {
    auto c = Connection::client(ccfg, ServerName::parse("orders.internal").value()).value();
    auto s = Connection::server(scfg).value();
    api_testing::pump(c, s);
    return {std::move(c), std::move(s)};
  }
  static std::shared_ptr<authz::RuleSet> allowing_uri(std::string_view pattern) {
    auto rules = std::make_shared<authz::RuleSet>("test rules");
    EXPECT_TRUE(rules->allow_uri(pattern));
    return rules;
  }
};

TEST(AuthzHandshake, ServerAdmitsAnAllowedClientAndNamesTheRule) {
  Pair p;
  p.scfg->authorizer = Pair::allowing_uri("spiffe://example.internal/ns/shop/sa/*");
  auto [client, server] = p.handshake();
  ASSERT_EQ(server.error(), nullptr) << server.error()->message();
  ASSERT_NE(server.peer(), nullptr);
  EXPECT_EQ(server.peer()->authorized_by, "uri spiffe://example.internal/ns/shop/sa/*");
  EXPECT_NE(server.peer()->issuer.find("CN="), std::string::npos) << server.peer()->issuer;
}

TEST(AuthzHandshake, ServerRefusesAVerifiedClientTheRulesDoNotAllow) {
  Pair p;
  p.scfg->authorizer = Pair::allowing_uri("spiffe://example.internal/ns/pay/sa/*");
  auto [client, server] = p.handshake();
  ASSERT_NE(server.error(), nullptr);
  EXPECT_EQ(server.error()->alert, Alert::access_denied);
  EXPECT_NE(server.error()->message().find("test rules"), std::string::npos) << server.error()->message();
  EXPECT_EQ(server.peer(), nullptr);
  // The client learns it from the alert (TLS 1.3: its handshake ended with its Finished).
  char buf[16];
  EXPECT_EQ(client.read({reinterpret_cast<uint8_t*>(buf), sizeof buf}), 0u);
  ASSERT_NE(client.error(), nullptr);
  EXPECT_EQ(client.error()->kind, Error::Kind::AlertReceived);
  EXPECT_EQ(client.error()->alert, Alert::access_denied);
}

TEST(AuthzHandshake, ClientRefusesAVerifiedServerTheRulesDoNotAllow) {
  Pair p;
  p.ccfg->authorizer = Pair::allowing_uri("spiffe://example.internal/ns/shop/sa/billing");
  auto [client, server] = p.handshake();
  ASSERT_NE(client.error(), nullptr);
  EXPECT_EQ(client.error()->alert, Alert::access_denied);
  ASSERT_NE(server.error(), nullptr);  // refused before the client sent its certificate
  EXPECT_EQ(server.error()->alert, Alert::access_denied);
}

TEST(AuthzHandshake, ClientAdmitsAnAllowedServer) {
  Pair p;
  p.ccfg->authorizer = Pair::allowing_uri("spiffe://example.internal/ns/shop/sa/orders");
  auto [client, server] = p.handshake();
  ASSERT_EQ(client.error(), nullptr) << client.error()->message();
  ASSERT_NE(client.peer(), nullptr);
  EXPECT_EQ(client.peer()->authorized_by, "uri spiffe://example.internal/ns/shop/sa/orders");
}

TEST(AuthzHandshake, WithoutAnAuthorizerNoRuleIsNamed) {
  Pair p;
  auto [client, server] = p.handshake();
  ASSERT_NE(server.peer(), nullptr);
  EXPECT_TRUE(server.peer()->authorized_by.empty());
}

}  // namespace
}  // namespace parley
