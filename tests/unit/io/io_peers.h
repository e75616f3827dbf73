// A client and a server config under one in-process CA (server.test, ECDSA
// P-256), for the socket driver, stream and server tests.
#pragma once

#include <memory>

#include "unit/tls/pair/pair_util.h"

namespace parley::iotest {

struct Peers {
  pairtest::Ca ca = pairtest::make_ca("io test CA");
  Identity leaf = pairtest::make_leaf(ca, pairtest::key_for(crypto::KeySpec::ec_p256));
  std::shared_ptr<ClientConfig> client = std::make_shared<ClientConfig>();
  std::shared_ptr<ServerConfig> server = std::make_shared<ServerConfig>();
  Peers() {
    client->trust_store = ca.store();
    server->identities.push_back(leaf);
  }
  Connection make_client() const { return Connection::client(client, ServerName::parse("server.test").value()).value(); }
  Connection make_server() const { return Connection::server(server).value(); }
};

}  // namespace parley::iotest
