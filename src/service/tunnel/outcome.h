// What one tunneled connection came to, both modes alike: the audit record
// and the metrics, from the Connection, its HandshakeCapture and its relay.
#pragma once

#include <string>

#include "parley/connection.h"
#include "service/tunnel/audit.h"
#include "service/tunnel/capture.h"
#include "service/tunnel/metrics.h"
#include "service/tunnel/relay.h"

namespace parley::tunnel {

struct ConnectionFacts {
  std::string mode;  // "server" | "client"
  uint64_t id = 0;
  std::string peer_address, target;
  std::string rule_set;  // the name of the rules in force
  std::string outcome;   // the runtime's account when the handshake did not finish (a timeout, a reset)
};

// The record for the audit log. decision: "allow" after a handshake; "deny"
// when the peer's certificate was refused (the rules: access_denied; the
// chain: expired, revoked, unknown CA, none sent); "refused" otherwise.
AuditRecord audit_record(const ConnectionFacts& facts, const Connection& conn, const HandshakeCapture& capture,
                         const RelayStats& relay);

// Counts the handshake and decision (once, when the connection ends).
void count(Metrics& metrics, const AuditRecord& record, const Connection& conn, const HandshakeCapture& capture);

}  // namespace parley::tunnel
