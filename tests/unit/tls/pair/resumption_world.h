// What the resumption pair tests' servers share, made once per test program:
// a CA, a server.test leaf under it and ticket keys.
#pragma once

#include <memory>

#include "pair_util.h"
#include "parley/session.h"

namespace parley::pairtest {

struct ResumptionWorld {
  Ca ca = make_ca("Resumption pair CA");
  Identity server = make_leaf(ca, key_for(crypto::KeySpec::ec_p256));
  std::shared_ptr<TicketKeys> keys = TicketKeys::generate(P());
};

inline ResumptionWorld& resumption_world() {
  static ResumptionWorld w;
  return w;
}

// A server of `resumption_world()` that sends tickets and takes up to 1 KiB of 0-RTT data.
inline std::shared_ptr<ServerConfig> resuming_server() {
  auto s = std::make_shared<ServerConfig>();
  s->identities.push_back(resumption_world().server);
  s->ticket_keys = resumption_world().keys;
  s->max_early_data = 1024;
  return s;
}

// A client trusting `resumption_world()`'s CA, keeping tickets in `cache` (none: null).
inline std::shared_ptr<ClientConfig> resuming_client(std::shared_ptr<ClientSessionCache> cache) {
  auto c = std::make_shared<ClientConfig>();
  c->trust_store = resumption_world().ca.store();
  c->session_cache = std::move(cache);
  return c;
}

}  // namespace parley::pairtest
