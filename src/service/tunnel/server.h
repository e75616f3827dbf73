// `parley tunnel server`: terminates mTLS on the server core
// (parley/server.h) and forwards each admitted connection's bytes to a TCP or
// unix-socket target, optionally after a PROXY v2 header. Identity rules
// (parley/authz.h) refuse other peers in the handshake; one audit line per
// connection; SIGHUP or a changed file reloads certificates, key, client CA,
// CRLs and rules for new handshakes (open connections keep theirs); SIGTERM
// drains.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "parley/error.h"
#include "service/tunnel/metrics.h"
#include "service/tunnel/settings.h"

namespace parley::tunnel {

class TunnelServer {
 public:
  using LogSink = std::function<void(std::string)>;
  // Loads everything and binds; refuses to start without identity rules.
  static Result<std::unique_ptr<TunnelServer>> start(Settings settings, LogSink log);
  ~TunnelServer();

  uint16_t port() const;
  Metrics& metrics();
  // Serves until drained (SIGTERM/SIGINT; SIGHUP reloads).
  void run();
  // Reads the files again; a bad file is refused with a log line and the
  // current configuration stays. Thread-safe.
  void reload();

 private:
  struct Impl;
  explicit TunnelServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parley::tunnel
