// One connection's events collected into one JSON document: the data of the
// page (html.h). docs/TRACE.md documents the document's shape:
//   {"format": "parley-trace", "version": 1, "role", "peer", "server_name", "started" (RFC 3339),
//    "secrets_shown": bool, "events": [event_json.h objects], "key_schedule": [key_schedule.h],
//    "outcome": {"ok": bool, "error", "findings": [findings.h]}}
// "ok": the handshake completed and no error alert followed.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "parley/config.h"
#include "parley/events.h"
#include "trace/event_json.h"
#include "trace/findings.h"
#include "trace/key_schedule.h"

namespace parley::trace {

struct SessionInfo {
  Role role = Role::client;
  std::string peer;         // "127.0.0.1:8443"
  std::string server_name;  // the name the client checks (client side), or empty
  int64_t started = 0;      // Unix seconds; certificates are checked against it
  bool show_secrets = false;
};

class Session final : public HandshakeObserver {
 public:
  explicit Session(SessionInfo info) : info_(std::move(info)), json_(info_.role, info_.started) {}

  void on_event(const HandshakeEvent& e) override;

  // With show_secrets, a KeyLog for the config that keeps the secrets for the
  // page and passes them on to `next` (--keylog's file), else `next`.
  std::shared_ptr<KeyLog> key_log(std::shared_ptr<KeyLog> next);

  // Why the connection failed in the program's words (an unreachable peer
  // sends no event); the findings come from the events.
  void set_error(std::string what) { error_ = std::move(what); }

  nlohmann::json document() const;
  // The page (html.h) to path: mode 0600 with the secrets, else 0644.
  Result<void> write_page(const std::string& path) const;

 private:
  class SecretLog;

  SessionInfo info_;
  EventJson json_;
  std::vector<nlohmann::json> events_;
  ScheduleReached reached_;
  std::shared_ptr<std::map<std::string, std::string>> secrets_ = std::make_shared<std::map<std::string, std::string>>();
  std::shared_ptr<std::mutex> secrets_lock_ = std::make_shared<std::mutex>();
  std::optional<Finding> rejected_, alert_;
  std::optional<std::string> error_;
  bool done_ = false;
};

}  // namespace parley::trace
