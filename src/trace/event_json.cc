#include "trace/event_json.h"

#include <string>
#include <variant>
#include <vector>

#include "trace/checks.h"
#include "trace/describe.h"
#include "trace/dissect.h"
#include "x509/report.h"

namespace parley::trace {
namespace {

using Kind = HandshakeEvent::Kind;
using json = nlohmann::json;

json optional_json(const auto& v) { return v ? json(code_point_name(*v)) : json(nullptr); }

json message_fields(const message::Summary& summary) {
  return std::visit(
      Overloaded{
          [](const message::ClientHello& m) {
            json j{{"versions", names(m.versions)},
                   {"cipher_suites", names(m.cipher_suites)},
                   {"groups", names(m.groups)},
                   {"key_share_groups", names(m.key_share_groups)},
                   {"signature_algorithms", names(m.signature_algorithms)},
                   {"signature_algorithms_cert", names(m.signature_algorithms_cert)},
                   {"sni", m.sni},
                   {"alpn", m.alpn},
                   {"session_id_length", m.session_id_length}};
            j["cookie_length"] = m.cookie_length ? json(*m.cookie_length) : json(nullptr);
            return j;
          },
          [](const message::ServerHello& m) {
            return json{{"version", version_name(m.version)},
                        {"cipher_suite", code_point_name(m.cipher_suite)},
                        {"key_share_group", optional_json(m.key_share_group)}};
          },
          [](const message::HelloRetryRequest& m) {
            return json{{"cipher_suite", code_point_name(m.cipher_suite)},
                        {"selected_group", optional_json(m.selected_group)},
                        {"cookie_length", m.cookie_length ? json(*m.cookie_length) : json(nullptr)}};
          },
          [](const message::EncryptedExtensions& m) {
            return json{{"alpn", m.alpn ? json(*m.alpn) : json(nullptr)}, {"sni_acknowledged", m.sni_acknowledged}};
          },
          [](const message::CertificateRequest& m) {
            return json{{"signature_algorithms", names(m.signature_algorithms)},
                        {"signature_algorithms_cert", names(m.signature_algorithms_cert)},
                        {"certificate_authorities", m.certificate_authorities}};
          },
          [](const message::Certificate& m) {
            json list = json::array();
            for (const auto& c : m.certificates) {
              list.push_back({{"parsed", c.parsed},
                              {"subject", c.subject},
                              {"issuer", c.issuer},
                              {"not_before", c.not_before},
                              {"not_after", c.not_after}});
            }
            return json{{"certificates", list}};
          },
          [](const message::CertificateVerify& m) {
            return json{{"signature_scheme", code_point_name(m.scheme)}};
          },
          [](const message::NewSessionTicket& m) { return json{{"lifetime_seconds", m.lifetime_seconds}}; },
          [](const message::KeyUpdate& m) { return json{{"update_requested", m.update_requested}}; },
          [](const auto&) { return json::object(); },  // Finished, ChangeCipherSpec: nothing to show
      },
      summary);
}

// Per certificate below the anchor, where its revocation answer came from (docs/REVOCATION.md).
json revocation_json(const std::vector<RevocationAnswer>& answers) {
  json out = json::array();
  for (const auto& a : answers) {
    out.push_back({{"position", a.position},
                   {"certificate", a.certificate},
                   {"source", a.source},
                   {"origin", a.origin},
                   {"status", a.status}});
  }
  return out;
}

json chain_json(const std::vector<x509::CertificatePtr>& chain) {
  json out = json::array();
  for (const auto& c : chain) out.push_back(to_string(c->subject));
  return out;
}

// "name" and "fields" of the JSON form (events.h documents the shape).
void payload_json(const HandshakeEvent::Payload& payload, json& j) {
  std::visit(Overloaded{
                 [&](const MessageEvent& m) {
                   j["name"] = message::name(m.message);
                   j["fields"] = message_fields(m.message);
                 },
                 [&](const KeysInstalled& k) {
                   static constexpr std::string_view kStages[] = {"handshake", "application", "key_update", "early"};
                   j["name"] = kStages[static_cast<size_t>(k.stage)];
                   j["fields"] = {{"direction", k.direction == KeysInstalled::Direction::read ? "read" : "write"},
                                  {"secret", secret_name(k.secret)},
                                  {"suite", code_point_name(k.suite)}};
                 },
                 [&](const CertificateCheck& c) {
                   j["name"] = party_name(c.peer);
                   j["fields"] = {{"valid_until", c.valid_until}, {"name_matched", c.name_matched}};
                   j["chain"] = chain_json(c.chain);
                   j["revocation"] = revocation_json(c.revocation);
                   if (c.alert) j["alert"] = alert_name(*c.alert);
                   if (c.report) j["report"] = {{"summary", c.report->summary()}, {"text", c.report->to_text()}};
                 },
                 [&](const AlertEvent& a) {
                   j["name"] = alert_name(a.alert);
                   j["alert"] = alert_name(a.alert);
                   j["fields"] = {{"reason", a.reason}};
                 },
                 [&](const HandshakeDone& d) {
                   j["name"] = "";
                   j["fields"] = {{"version", version_name(d.version)},
                                  {"cipher_suite", code_point_name(d.suite)},
                                  {"group", code_point_name(d.group)},
                                  {"alpn", d.alpn},
                                  {"hello_retry", d.hello_retry},
                                  {"client_auth", d.client_authenticated},
                                  {"peer_subject", d.peer_subject},
                                  {"resumed", d.resumed},
                                  {"psk_mode", d.psk_mode ? json(d.psk_mode == PskMode::psk_ke ? "psk_ke" : "psk_dhe_ke")
                                                          : json(nullptr)},
                                  {"early_data", early_data_status_name(d.early_data)},
                                  {"tickets_sent", d.tickets_sent}};
                   if (!d.chain.empty()) j["chain"] = chain_json(d.chain);
                 },
             },
             payload);
}

json layout_json(std::span<const uint8_t> bytes) {
  json out = json::array();
  for (const auto& f : dissect(bytes)) {
    out.push_back({{"offset", f.offset}, {"length", f.length}, {"depth", f.depth}, {"label", f.label},
                   {"value", f.value}, {"explain", f.explain}, {"section", f.section}});
  }
  return out;
}

}  // namespace

std::string hex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

json EventJson::protection(const Keys& k) const {
  json j{{"keys", k.stage}, {"secret", k.writer ? json(secret_name(*k.writer)) : json(nullptr)}};
  if (k.stage == "application") j["generation"] = k.generation;
  return j;
}

json EventJson::operator()(const HandshakeEvent& e) {
  const auto t = timer_(e.monotonic_ns);
  json j{{"t_ms", t.at_ms}, {"step_ms", t.step_ms}, {"kind", std::string(event_kind_name(e.kind))},
         {"role", role_name(role_)}};
  payload_json(e.payload, j);
  j["text"] = describe(e, role_);
  if (connection_) j["connection"] = *connection_;
  if (const auto* m = e.get<MessageEvent>()) {
    // §5: the change_cipher_spec record is never protected.
    const bool ccs = std::holds_alternative<message::ChangeCipherSpec>(m->message);
    const Keys& keys = e.kind == Kind::message_sent ? write_ : read_;
    j["protection"] = ccs ? protection(Keys{}) : protection(keys);
    j["bytes"] = hex(m->bytes);
    j["layout"] = layout_json(m->bytes);
  } else if (const auto* k = e.get<KeysInstalled>()) {
    Keys& keys = k->direction == KeysInstalled::Direction::write ? write_ : read_;
    keys.generation = k->stage == KeysInstalled::Stage::key_update ? keys.generation + 1 : 0;
    keys.stage = k->stage == KeysInstalled::Stage::handshake ? "handshake"
                 : k->stage == KeysInstalled::Stage::early   ? "early"
                                                             : "application";
    keys.writer = k->secret;
  } else if (const auto* c = e.get<CertificateCheck>()) {
    j["checks"] = certificate_checks(*c, e.kind == Kind::certificate_rejected, now_);
  }
  return j;
}

}  // namespace parley::trace
