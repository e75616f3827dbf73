#include "service/tunnel/outcome.h"

#include <chrono>

#include "parley/events.h"

namespace parley::tunnel {
namespace {

std::string alert_text(const Error& e) {
  if (!e.alert) return e.message();
  return "alert " + std::string(alert_name(*e.alert)) + (e.kind == Error::Kind::AlertReceived ? " received" : " sent");
}

}  // namespace

AuditRecord audit_record(const ConnectionFacts& facts, const Connection& conn, const HandshakeCapture& capture,
                         const RelayStats& relay) {
  AuditRecord r;
  r.mode = facts.mode;
  r.connection = facts.id;
  r.peer_address = facts.peer_address;
  r.target = facts.target;
  r.rule_set = facts.rule_set;
  r.identity = capture.identity();
  r.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - capture.started()).count();
  if (const Negotiated* n = conn.negotiated()) {
    r.decision = "allow";
    if (const PeerIdentity* p = conn.peer()) r.rule = p->authorized_by;
    r.suite = code_point_name(n->suite);
    r.group = code_point_name(n->group);
    r.resumed = n->resumed;
    r.bytes_from_peer = relay.from_tls;
    r.bytes_to_peer = relay.to_tls;
    r.end = relay.end.empty() ? (conn.error() ? alert_text(*conn.error()) : "closed") : relay.end;
    return r;
  }
  const Error* e = conn.error();
  r.decision = e && e->kind == Error::Kind::Certificate ? "deny" : "refused";
  if (e && e->alert != Alert::access_denied) r.rule_set.clear();  // the chain, not the rules, refused it
  r.reason = e ? e->message() : facts.outcome;
  r.end = e ? alert_text(*e) : facts.outcome;
  return r;
}

void count(Metrics& metrics, const AuditRecord& record, const Connection& conn, const HandshakeCapture& capture) {
  const Error* e = conn.error();
  const std::string alert = e && e->alert ? std::string(alert_name(*e->alert)) : std::string{};
  if (record.decision == "allow") {
    metrics.handshake(true, {}, capture.handshake_seconds());
    if (!record.rule.empty()) metrics.admitted(record.rule);
    return;
  }
  metrics.handshake(false, alert, capture.handshake_seconds());
  if (record.decision == "deny") metrics.denied(record.rule_set.empty() ? "certificate" : record.rule_set, alert);
}

}  // namespace parley::tunnel
