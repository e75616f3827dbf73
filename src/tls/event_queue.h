// The Connection's queue of application events (parley::Event, for
// next_event()). The protocol fixes its shape: handshake_done once, then any
// number of keys_updated (RFC 8446 §4.6.3), then at most one peer_closed,
// after which the connection reads no more records (§6.1). A queue of that
// shape is a flag, a count and a flag: no heap, and a peer that sends KeyUpdates
// to an application that never drains its events costs nothing.
#pragma once

#include <cstdint>
#include <optional>

#include "parley/connection.h"

namespace parley::tls {

class EventQueue {
 public:
  void push_back(Event e) {
    switch (e.kind) {
      case Event::Kind::handshake_done: handshake_done_ = true; break;
      case Event::Kind::keys_updated: ++keys_updated_; break;
      case Event::Kind::peer_closed: peer_closed_ = true; break;
    }
  }

  // The oldest event, in the order the protocol allows them to happen.
  std::optional<Event> pop_front() {
    if (handshake_done_) {
      handshake_done_ = false;
      return Event{Event::Kind::handshake_done};
    }
    if (keys_updated_ > 0) {
      --keys_updated_;
      return Event{Event::Kind::keys_updated};
    }
    if (peer_closed_) {
      peer_closed_ = false;
      return Event{Event::Kind::peer_closed};
    }
    return std::nullopt;
  }

 private:
  bool handshake_done_ = false;
  bool peer_closed_ = false;
  uint64_t keys_updated_ = 0;  // at most one per received KeyUpdate message: never wraps
};

}  // namespace parley::tls
