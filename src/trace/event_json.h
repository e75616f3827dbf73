// The JSON form of the event stream (`--trace=json`, and the data of the
// page): one object per event. events.h documents the members every event
// has; this renderer adds, for a message, its bytes ("bytes", hex), its
// fields ("layout": dissect.h) and the keys that protect it ("protection"),
// and for a certificate check the checks one by one ("checks": checks.h).
// docs/TRACE.md lists the whole shape.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

#include "parley/events.h"
#include "trace/words.h"

namespace parley::trace {

class EventJson {
 public:
  // now: Unix seconds, the time certificates are checked against (the checks' "values").
  EventJson(Role role, int64_t now, std::optional<uint64_t> connection = std::nullopt)
      : role_(role), now_(now), connection_(connection) {}

  // Events in order: the protection of a message follows the keys installed before it.
  nlohmann::json operator()(const HandshakeEvent& e);

 private:
  struct Keys {
    std::string_view stage = "none";  // "none", "early" (0-RTT), "handshake", "application"
    std::optional<Party> writer;
    int generation = 0;  // application keys: 0, then one more per KeyUpdate (§4.6.3)
  };
  nlohmann::json protection(const Keys& k) const;

  Role role_;
  int64_t now_;
  std::optional<uint64_t> connection_;
  Keys read_, write_;
  StepTimer timer_;
};

// Bytes as lower-case hex without separators.
std::string hex(std::span<const uint8_t> bytes);

}  // namespace parley::trace
