// Watches one connection's handshake (a HandshakeObserver attached before it
// starts, detached after): who the peer presented, verified or refused, and
// how long the handshake took. The audit log names a refused peer by this.
#pragma once

#include <chrono>
#include <optional>

#include "parley/events.h"
#include "service/tunnel/audit.h"

namespace parley::tunnel {

class HandshakeCapture final : public HandshakeObserver {
 public:
  HandshakeCapture() : started_(std::chrono::steady_clock::now()) {}
  void on_event(const HandshakeEvent& event) override;

  const std::optional<AuditIdentity>& identity() const { return identity_; }
  std::chrono::steady_clock::time_point started() const { return started_; }
  // Seconds from creation to handshake_done (or to now, if not done).
  double handshake_seconds() const;

 private:
  std::chrono::steady_clock::time_point started_;
  std::optional<std::chrono::steady_clock::time_point> done_;
  std::optional<AuditIdentity> identity_;
};

}  // namespace parley::tunnel
