// `--trace`: the handshake step by step, for people learning TLS 1.3 (text)
// or for machines (`--trace=json`, one JSON object per line, event_json.h).
//
//   [   0.41 ms] (+0.41) ClientHello → offered TLS 1.3, 3 cipher suites (…), key share x25519, …
//   [   2.10 ms] (+1.69) ServerHello ← the server chose TLS_AES_128_GCM_SHA256 with x25519
//
// "→" is a message we send, "←" one we receive.
#pragma once

#include <cstdio>
#include <mutex>
#include <optional>
#include <initializer_list>
#include <string>
#include <vector>

#include "parley/events.h"
#include "trace/event_json.h"
#include "trace/words.h"

namespace parley::trace {

enum class TraceFormat : uint8_t { text, json };

class TraceObserver final : public HandshakeObserver {
 public:
  // connection: the server's connection number ("[conn 3] " before each
  // text line, "connection": 3 in JSON); lock: serialises output shared by
  // several connections (may be null).
  TraceObserver(Role role, TraceFormat format, std::FILE* out, std::optional<uint64_t> connection = std::nullopt,
                std::mutex* lock = nullptr);

  void on_event(const HandshakeEvent& event) override;

 private:
  Role role_;
  TraceFormat format_;
  std::FILE* out_;
  std::string prefix_;
  std::mutex* lock_;
  EventJson json_;
  StepTimer timer_;
};

// Passes each event to every observer given (the null ones skipped), in order.
class ObserverList final : public HandshakeObserver {
 public:
  explicit ObserverList(std::initializer_list<HandshakeObserver*> observers) {
    for (auto* o : observers) {
      if (o != nullptr) observers_.push_back(o);
    }
  }
  void on_event(const HandshakeEvent& e) override {
    for (auto* o : observers_) o->on_event(e);
  }

 private:
  std::vector<HandshakeObserver*> observers_;
};

// "text" or "json"; nullopt for anything else.
std::optional<TraceFormat> parse_trace_format(std::string_view text);

}  // namespace parley::trace
