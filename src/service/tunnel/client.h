// `parley tunnel client`: accepts plain TCP (or unix-socket) connections
// locally and originates mTLS to the target for each, verifying the server's
// chain and name and, when given, its identity rules (parley/authz.h). One
// audit line per connection; SIGHUP or a changed file reloads certificate,
// key, CA, CRLs and rules; SIGTERM stops accepting and lets open connections
// finish within the drain timeout.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "parley/error.h"
#include "service/tunnel/metrics.h"
#include "service/tunnel/settings.h"

namespace parley::tunnel {

class TunnelClient {
 public:
  using LogSink = std::function<void(std::string)>;
  static Result<std::unique_ptr<TunnelClient>> start(Settings settings, LogSink log);
  ~TunnelClient();

  uint16_t port() const;  // the TCP port listened on (0 for a unix socket)
  Metrics& metrics();
  // Serves until drained (SIGTERM/SIGINT; SIGHUP reloads).
  void run();
  void reload();

 private:
  struct Impl;
  explicit TunnelClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::tunnel
