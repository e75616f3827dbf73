// The chain a deployment has: a root (the trust anchor), an intermediate, and
// server and client leaves issued by the intermediate, minted in-process by
// ca::Authority. Servers and clients send leaf and intermediate.
#pragma once

#include <memory>
#include <optional>

#include "ca/authority.h"
#include "pair_util.h"

namespace parley::pairtest {

struct CaChain {
  std::optional<ca::Authority> ca;
  Identity server;  // dns:server.test
  Identity client;  // uri:spiffe://example.org/ns/default/sa/orders

  CaChain() {
    ca::InitOptions io;
    io.name = "Chain Root CA";
    ca.emplace(ca::Authority::ephemeral(io, P()).value());
    server = issue(ca::Profile::server, "dns:server.test");
    client = issue(ca::Profile::client, "uri:spiffe://example.org/ns/default/sa/orders");
  }

  Identity issue(ca::Profile profile, const char* san) {
    ca::IssueOptions o;
    o.profile = profile;
    o.sans = {ca::parse_san(san).value()};
    auto issued = ca->issue(o).value();
    return Identity{{issued.certificate, ca->intermediate()}, std::move(issued.key)};
  }
  std::shared_ptr<const x509::TrustStore> store() const { return x509::TrustStore::from_certificates({ca->root()}); }

  // Configs for server.test over this chain; `mutual` adds required client authentication.
  std::shared_ptr<ClientConfig> client_config(bool mutual) const {
    auto c = std::make_shared<ClientConfig>();
    c->trust_store = store();
    if (mutual) c->identity = client;
    return c;
  }
  std::shared_ptr<ServerConfig> server_config(bool mutual) const {
    auto s = std::make_shared<ServerConfig>();
    s->identities.push_back(server);
    if (mutual) {
      s->client_auth = ClientAuth::required;
      s->client_ca = store();
    }
    return s;
  }
};

inline const CaChain& ca_chain() {
  static const CaChain c;
  return c;
}

}  // namespace parley::pairtest
