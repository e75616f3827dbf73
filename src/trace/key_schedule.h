// The TLS 1.3 key schedule (RFC 8446 §7.1) as a list of derivations, marked
// with what this connection reached, for the page's diagram.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace parley::trace {

// What a connection's events say about its key schedule.
struct ScheduleReached {
  bool psk = false;          // a pre_shared_key was accepted (resumption)
  bool handshake = false;    // handshake traffic keys installed
  bool application = false;  // application traffic keys installed
  int key_updates = 0;       // application secrets after the first, in both directions
};

// [{"id", "name", "from": [ids], "how", "use", "section", "reached": bool, "secret": hex (only when given)}]
// secrets: SSLKEYLOGFILE labels ("CLIENT_HANDSHAKE_TRAFFIC_SECRET") to hex.
nlohmann::json key_schedule_json(const ScheduleReached& reached, const std::map<std::string, std::string>& secrets);

}  // namespace parley::trace
