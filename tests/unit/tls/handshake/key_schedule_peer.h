// Reads the key schedule's internal secrets for the RFC 8448 comparisons
// (the stages keep them private; this friend exists only in tests).
#pragma once

#include "tls/handshake/key_schedule.h"

namespace parley::tls::handshake {

struct KeyScheduleTestPeer {
  static crypto::ByteView secret(const EarlySecret& s) { return s.secret_.view(); }
  static crypto::ByteView secret(const HandshakeSecret& s) { return s.secret_.view(); }
  static crypto::ByteView secret(const MainSecret& s) { return s.secret_.view(); }
  static crypto::ByteView finished_key(const HandshakeSecret& s, Side side) {
    return (side == Side::client ? s.client_finished_key_ : s.server_finished_key_).view();
  }
  static crypto::ByteView secret(const Exporter& e) { return e.secret_.view(); }
  static Exporter exporter(const crypto::Hash& hash, crypto::ByteView secret) {
    return Exporter(hash, SecretBytes(secret));
  }
};

}  // namespace parley::tls::handshake
