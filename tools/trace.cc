#include "trace.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "x509/report.h"

namespace parley::tools {
namespace {

using Kind = HandshakeEvent::Kind;
using json = nlohmann::json;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

std::string_view peer_word(Role we) { return we == Role::client ? "the server" : "the client"; }
std::string_view party_name(Party p) { return p == Party::client ? "client" : "server"; }

// "CN=orders,O=Example" -> "CN=orders,O=Example", an empty name -> "(no subject)".
std::string or_none(std::string s, std::string_view none) { return s.empty() ? std::string(none) : s; }

template <class T>
std::vector<std::string> names(const std::vector<T>& list) {
  std::vector<std::string> out;
  for (const auto& x : list) {
    if constexpr (std::is_same_v<T, std::string>) {
      out.push_back(x);
    } else if constexpr (std::is_same_v<T, uint16_t>) {
      out.push_back(version_name(x));
    } else {
      out.push_back(code_point_name(x));
    }
  }
  return out;
}

template <class T>
std::string joined(const std::vector<T>& list) {
  std::string out;
  for (const auto& n : names(list)) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string optional_name(const auto& v) { return v ? code_point_name(*v) : std::string(); }

// ------------------------------------------------------------------ text

std::string client_hello(const message::ClientHello& m) {
  std::string s = "offered " + (m.versions.empty() ? std::string("TLS 1.3") : joined(m.versions));
  s += fmt::format(", {} cipher suites ({})", m.cipher_suites.size(), joined(m.cipher_suites));
  s += ", key share " + or_none(joined(m.key_share_groups), "(none)");
  s += ", groups " + joined(m.groups);
  if (!m.signature_algorithms.empty()) s += fmt::format(", {} signature algorithms", m.signature_algorithms.size());
  if (!m.sni.empty()) s += ", server name " + m.sni;
  if (!m.alpn.empty()) s += ", ALPN " + joined(m.alpn);
  if (m.cookie_length) s += ", echoing the server's cookie";
  return s;
}

std::string subject_of(const message::CertificateSummary& c) {
  return c.parsed ? or_none(c.subject, "(no subject)") : "(unparsable certificate)";
}

std::string certificate(const message::Certificate& m, Role we, bool sent) {
  if (m.certificates.empty()) {
    return sent ? "we have no certificate to offer: an empty Certificate"
                : std::string(peer_word(we)) + " sent no certificate (an empty Certificate)";
  }
  const auto& leaf = m.certificates.front();
  std::string s = fmt::format("{}, issued by {}, valid until {}", subject_of(leaf), leaf.issuer, leaf.not_after);
  for (size_t i = 1; i < m.certificates.size(); ++i) {
    s += fmt::format("; then {} (issued by {})", subject_of(m.certificates[i]), m.certificates[i].issuer);
  }
  return s;
}

std::string certificate_request(const message::CertificateRequest& m, Role we) {
  std::string cas = joined(m.certificate_authorities);
  if (we == Role::client) {
    return "the server asks who we are (accepts certificates from: " + or_none(cas, "any CA") + ")";
  }
  return "we ask the client who it is (accepting certificates from: " + or_none(cas, "any CA, no hints sent") + ")";
}

std::string message_text(const message::Summary& summary, Role we, bool sent) {
  const std::string peer(peer_word(we));
  return std::visit(
      Overloaded{
          [&](const message::ClientHello& m) { return client_hello(m); },
          [&](const message::ServerHello& m) {
            return fmt::format("{} {} with {}", sent ? "we chose" : "the server chose", code_point_name(m.cipher_suite),
                               optional_name(m.key_share_group));
          },
          [&](const message::HelloRetryRequest& m) {
            return fmt::format("{} a key share for {} instead (HelloRetryRequest), suite {}",
                               sent ? "we ask the client for" : "the server asks for", optional_name(m.selected_group),
                               code_point_name(m.cipher_suite));
          },
          [&](const message::EncryptedExtensions& m) {
            return "from here on the handshake is encrypted; ALPN: " + m.alpn.value_or("none");
          },
          [&](const message::CertificateRequest& m) { return certificate_request(m, we); },
          [&](const message::Certificate& m) { return certificate(m, we, sent); },
          [&](const message::CertificateVerify& m) {
            return fmt::format("{} the private key of that certificate: a signature over the handshake so far ({})",
                               sent ? "we prove we hold" : peer + " proves it holds", code_point_name(m.scheme));
          },
          [&](const message::Finished&) {
            return sent ? std::string("our MAC over the whole handshake: nothing in it was changed on the way")
                        : peer + "'s MAC over the whole handshake checks out";
          },
          [&](const message::NewSessionTicket& m) {
            return fmt::format("a session ticket (lifetime {} s{})", m.lifetime_seconds,
                               m.max_early_data_size ? fmt::format(", 0-RTT up to {} bytes", *m.max_early_data_size)
                                                     : std::string());
          },
          [&](const message::KeyUpdate& m) {
            return fmt::format("{} switch{} to new write keys (update_requested: {})", sent ? "we" : peer,
                               sent ? "" : "es", m.update_requested ? "yes" : "no");
          },
          [&](const message::ChangeCipherSpec&) {
            return std::string("a dummy message for middlebox compatibility (RFC 8446 §D.4); it changes nothing");
          },
          [&](const message::EndOfEarlyData&) { return std::string("the end of the 0-RTT data"); },
      },
      summary);
}

std::string_view secret_name(Party p) { return p == Party::client ? "client-write" : "server-write"; }

std::string keys_text(const KeysInstalled& k) {
  const bool write = k.direction == KeysInstalled::Direction::write;
  if (k.stage == KeysInstalled::Stage::handshake) {
    return fmt::format("handshake messages {} now encrypted with {} keys", write ? "we send are" : "we receive are",
                       secret_name(k.secret));
  }
  if (k.stage == KeysInstalled::Stage::early) {
    return fmt::format("0-RTT data {} now encrypted with {} early keys", write ? "we send is" : "we receive is",
                       secret_name(k.secret));
  }
  return fmt::format("application data {} now encrypted with {} keys{}", write ? "we send is" : "we receive is",
                     secret_name(k.secret), k.stage == KeysInstalled::Stage::key_update ? " (after a KeyUpdate)" : "");
}

std::string verified_text(const CertificateCheck& c) {
  std::string path;
  for (size_t i = 0; i < c.chain.size(); ++i) {
    std::string who = or_none(to_string(c.chain[i]->subject), "(no subject)");
    if (i + 1 == c.chain.size() && c.chain.size() > 1) who += " (trusted root)";
    path += (i ? " → " : "") + who;
  }
  std::string s = fmt::format("verified the {}'s chain: {}", party_name(c.peer), path);
  if (!c.valid_until.empty()) s += ", valid until " + c.valid_until;
  if (!c.name_matched.empty()) s += ", name matches " + c.name_matched;
  return s;
}

std::string rejected_text(const CertificateCheck& c) {
  std::string s = fmt::format("REJECTED the {}'s certificate", party_name(c.peer));
  if (c.report) s += ": " + c.report->summary();
  if (c.alert) s += fmt::format(" (alert {})", alert_name(*c.alert));
  return s;
}

std::string done_text(const HandshakeDone& d) {
  std::string s = fmt::format("handshake complete: {}, {}, {}", version_name(d.version), code_point_name(d.suite),
                              code_point_name(d.group));
  s += ", ALPN " + or_none(d.alpn, "none");
  if (d.hello_retry) s += ", after a HelloRetryRequest";
  if (!d.peer_subject.empty()) s += ", peer " + d.peer_subject;
  s += fmt::format(", client authentication: {}", d.client_authenticated ? "yes" : "no");
  if (d.resumed) s += fmt::format(", resumed ({})", d.psk_mode == PskMode::psk_ke ? "psk_ke" : "psk_dhe_ke");
  if (d.early_data != EarlyDataStatus::not_offered) s += fmt::format(", 0-RTT: {}", early_data_status_name(d.early_data));
  if (d.tickets_sent > 0) s += fmt::format(", {} session tickets sent", d.tickets_sent);
  return s;
}

// ------------------------------------------------------------------ JSON

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

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string title(const HandshakeEvent& e) {
  switch (e.kind) {
    case Kind::message_sent:
    case Kind::message_received: {
      const auto* m = e.message();
      return fmt::format("{} {}", m ? message::name(*m) : "?", e.kind == Kind::message_sent ? "→" : "←");
    }
    case Kind::keys_installed: return "Keys";
    case Kind::certificate_verified:
    case Kind::certificate_rejected: return "Check";
    case Kind::alert_sent: return "Alert →";
    case Kind::alert_received: return "Alert ←";
    case Kind::handshake_done: return "Done";
  }
  return "?";
}

}  // namespace

std::optional<TraceFormat> parse_trace_format(std::string_view text) {
  if (text.empty() || text == "text") return TraceFormat::text;
  if (text == "json") return TraceFormat::json;
  return std::nullopt;
}

TraceObserver::TraceObserver(Role role, TraceFormat format, std::FILE* out, std::optional<uint64_t> connection,
                             std::mutex* lock)
    : role_(role),
      format_(format),
      out_(out),
      connection_(connection),
      prefix_(connection ? fmt::format("[conn {}] ", *connection) : std::string()),
      lock_(lock) {}

std::string TraceObserver::describe(const HandshakeEvent& e) const {
  const bool sent = e.kind == Kind::message_sent;
  return std::visit(Overloaded{
                        [&](const MessageEvent& m) { return message_text(m.message, role_, sent); },
                        [&](const KeysInstalled& k) { return keys_text(k); },
                        [&](const CertificateCheck& c) {
                          return e.kind == Kind::certificate_rejected ? rejected_text(c) : verified_text(c);
                        },
                        [&](const AlertEvent& a) {
                          return e.kind == Kind::alert_sent
                                     ? fmt::format("we send the alert {}", alert_name(a.alert))
                                     : fmt::format("{} sent the alert {}", peer_word(role_), alert_name(a.alert));
                        },
                        [&](const HandshakeDone& d) { return done_text(d); },
                    },
                    e.payload);
}

void TraceObserver::on_event(const HandshakeEvent& e) {
  if (first_ns_ < 0) first_ns_ = last_ns_ = e.monotonic_ns;
  double at_ms = static_cast<double>(e.monotonic_ns - first_ns_) / 1e6;
  double step_ms = static_cast<double>(e.monotonic_ns - last_ns_) / 1e6;
  last_ns_ = e.monotonic_ns;
  std::string line;
  if (format_ == TraceFormat::json) {
    json j{{"t_ms", at_ms}, {"step_ms", step_ms}, {"kind", std::string(event_kind_name(e.kind))},
           {"role", role_ == Role::client ? "client" : "server"}};
    payload_json(e.payload, j);
    j["text"] = describe(e);
    if (connection_) j["connection"] = *connection_;
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    line = fmt::format("{}[{:8.2f} ms] (+{:.2f}) {} {}\n", prefix_, at_ms, step_ms, title(e), describe(e));
    if (const auto* check = e.get<CertificateCheck>(); check && check->report) {
      for (const auto& l : split_lines(check->report->to_text())) line += prefix_ + "      " + l + "\n";
    }
  }
  std::unique_lock<std::mutex> guard;
  if (lock_ != nullptr) guard = std::unique_lock(*lock_);
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

}  // namespace parley::tools
