// In-memory handshakes (tests/unit/tls/pair) watched by a trace::Session.
#pragma once

#include <ctime>

#include "trace/session.h"
#include "unit/tls/pair/pair_util.h"

namespace parley::tracetest {

using namespace parley::pairtest;

// A client config trusting `ca`, a server config with one leaf of `ca` (spec), both ends connected and
// pumped with a Session on the client side.
struct TracedPair {
  std::shared_ptr<ClientConfig> client_config = std::make_shared<ClientConfig>();
  std::shared_ptr<ServerConfig> server_config = std::make_shared<ServerConfig>();
  std::unique_ptr<trace::Session> session;
  std::optional<ConnectionPair> pair;

  TracedPair(const Ca& trusted, const Ca& issuer, const LeafSpec& leaf = {}, bool show_secrets = false) {
    client_config->trust_store = trusted.store();
    server_config->identities.push_back(make_leaf(issuer, key_for(crypto::KeySpec::ec_p256), leaf));
    session = std::make_unique<trace::Session>(
        trace::SessionInfo{trace::Role::client, "127.0.0.1:8443", "server.test", std::time(nullptr), show_secrets});
  }
  // Connects and pumps; the session watches the client.
  void run() {
    client_config->keylog = session->key_log(client_config->keylog);
    pair.emplace(connect(client_config, server_config));
    pair->client.set_observer(session.get());
    pump(pair->client, pair->server);
  }
};

}  // namespace parley::tracetest
