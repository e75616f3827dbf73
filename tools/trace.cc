#include "trace.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "x509/report.h"

namespace parley::tools {
namespace {

using Kind = HandshakeEvent::Kind;

std::string_view peer_word(Role we) { return we == Role::client ? "the server" : "the client"; }

const EventField* find_field(const HandshakeEvent& e, std::string_view name) {
  for (const auto& f : e.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string joined(const HandshakeEvent& e, std::string_view name) {
  const EventField* f = find_field(e, name);
  return f == nullptr ? std::string() : f->joined();
}

size_t count(const HandshakeEvent& e, std::string_view name) {
  const EventField* f = find_field(e, name);
  return f == nullptr ? 0 : f->values.size();
}

std::string value_at(const HandshakeEvent& e, std::string_view name, size_t i) {
  const EventField* f = find_field(e, name);
  return f == nullptr || i >= f->values.size() ? std::string() : f->values[i];
}

// "CN=orders,O=Example" -> "CN=orders,O=Example", an empty name -> "(no subject)".
std::string or_none(std::string s, std::string_view none) { return s.empty() ? std::string(none) : s; }

std::string client_hello(const HandshakeEvent& e) {
  std::string versions = joined(e, "versions");
  std::string s = "offered " + (versions.empty() ? std::string("TLS 1.3") : versions);
  s += fmt::format(", {} cipher suites ({})", count(e, "cipher_suites"), joined(e, "cipher_suites"));
  s += ", key share " + or_none(joined(e, "key_share_groups"), "(none)");
  s += ", groups " + joined(e, "groups");
  if (size_t n = count(e, "signature_algorithms")) s += fmt::format(", {} signature algorithms", n);
  if (auto sni = joined(e, "sni"); !sni.empty()) s += ", server name " + sni;
  if (auto alpn = joined(e, "alpn"); !alpn.empty()) s += ", ALPN " + alpn;
  if (!joined(e, "cookie").empty()) s += ", echoing the server's cookie";
  return s;
}

std::string certificate(const HandshakeEvent& e, Role we, bool sent) {
  size_t n = count(e, "subjects");
  if (n == 0) {
    return sent ? "we have no certificate to offer: an empty Certificate"
                : std::string(peer_word(we)) + " sent no certificate (an empty Certificate)";
  }
  std::string s = fmt::format("{}, issued by {}, valid until {}", or_none(value_at(e, "subjects", 0), "(no subject)"),
                              value_at(e, "issuers", 0), value_at(e, "not_after", 0));
  for (size_t i = 1; i < n; ++i) {
    s += fmt::format("; then {} (issued by {})", or_none(value_at(e, "subjects", i), "(no subject)"),
                     value_at(e, "issuers", i));
  }
  return s;
}

std::string certificate_request(const HandshakeEvent& e, Role we) {
  std::string cas = joined(e, "certificate_authorities");
  if (we == Role::client) {
    return "the server asks who we are (accepts certificates from: " + or_none(cas, "any CA") + ")";
  }
  return "we ask the client who it is (accepting certificates from: " + or_none(cas, "any CA, no hints sent") + ")";
}

std::string message(const HandshakeEvent& e, Role we, bool sent) {
  const std::string& m = e.name;
  if (m == "ClientHello") return client_hello(e);
  if (m == "ServerHello") {
    return fmt::format("{} {} with {}", sent ? "we chose" : "the server chose", joined(e, "cipher_suite"),
                       joined(e, "key_share_group"));
  }
  if (m == "HelloRetryRequest") {
    return fmt::format("{} a key share for {} instead (HelloRetryRequest), suite {}",
                       sent ? "we ask the client for" : "the server asks for", joined(e, "selected_group"),
                       joined(e, "cipher_suite"));
  }
  if (m == "EncryptedExtensions") {
    std::string alpn = joined(e, "alpn");
    return "from here on the handshake is encrypted; ALPN: " + or_none(alpn, "none");
  }
  if (m == "CertificateRequest") return certificate_request(e, we);
  if (m == "Certificate") return certificate(e, we, sent);
  if (m == "CertificateVerify") {
    return fmt::format("{} the private key of that certificate: a signature over the handshake so far ({})",
                       sent ? "we prove we hold" : std::string(peer_word(we)) + " proves it holds",
                       joined(e, "signature_scheme"));
  }
  if (m == "Finished") {
    return sent ? "our MAC over the whole handshake: nothing in it was changed on the way"
                : std::string(peer_word(we)) + "'s MAC over the whole handshake checks out";
  }
  if (m == "KeyUpdate") {
    return fmt::format("{} switch{} to new write keys (update_requested: {})", sent ? "we" : std::string(peer_word(we)),
                       sent ? "" : "es", joined(e, "update_requested"));
  }
  if (m == "ChangeCipherSpec") return "a dummy message for middlebox compatibility (RFC 8446 §D.4); it changes nothing";
  if (m == "NewSessionTicket") {
    return "a session ticket (lifetime " + joined(e, "lifetime_seconds") + " s); parley does not resume sessions yet";
  }
  std::string s;
  for (const auto& f : e.fields) s += (s.empty() ? "" : ", ") + f.name + "=" + f.joined();
  return s;
}

std::string keys(const HandshakeEvent& e) {
  bool write = joined(e, "direction") == "write";
  std::string secret = joined(e, "secret");
  if (e.name == "handshake") {
    return fmt::format("handshake messages {} now encrypted with {} keys", write ? "we send are" : "we receive are",
                       secret);
  }
  return fmt::format("application data {} now encrypted with {} keys{}", write ? "we send is" : "we receive is",
                     secret, e.name == "application" ? "" : " (after a KeyUpdate)");
}

std::string verified(const HandshakeEvent& e) {
  std::string path;
  for (size_t i = 0; i < e.chain.size(); ++i) {
    std::string who = or_none(to_string(e.chain[i]->subject), "(no subject)");
    if (i + 1 == e.chain.size() && e.chain.size() > 1) who += " (trusted root)";
    path += (i ? " → " : "") + who;
  }
  std::string s = fmt::format("verified the {}'s chain: {}", e.name, path);
  if (auto until = joined(e, "valid_until"); !until.empty()) s += ", valid until " + until;
  std::string matched = joined(e, "name_matched");
  if (!matched.empty() && matched != "no") {
    s += ", name matches " + (matched == "yes" ? std::string("the server name") : matched);
  }
  return s;
}

std::string rejected(const HandshakeEvent& e) {
  std::string s = fmt::format("REJECTED the {}'s certificate", e.name);
  if (e.report) s += ": " + e.report->summary();
  if (e.alert) s += fmt::format(" (alert {})", alert_name(*e.alert));
  return s;
}

std::string done(const HandshakeEvent& e) {
  std::string s = fmt::format("handshake complete: {}, {}, {}", or_none(joined(e, "version"), "TLS 1.3"),
                              joined(e, "cipher_suite"), joined(e, "group"));
  s += ", ALPN " + or_none(joined(e, "alpn"), "none");
  if (joined(e, "hello_retry") == "yes" || joined(e, "hello_retry") == "true") s += ", after a HelloRetryRequest";
  if (auto peer = joined(e, "peer_subject"); !peer.empty()) s += ", peer " + peer;
  if (auto ca = joined(e, "client_auth"); !ca.empty()) s += ", client authentication: " + ca;
  return s;
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
    case Kind::message_sent: return e.name + " →";
    case Kind::message_received: return e.name + " ←";
    case Kind::keys_installed: return "Keys";
    case Kind::certificate_verified: return "Check";
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
  switch (e.kind) {
    case Kind::message_sent: return message(e, role_, true);
    case Kind::message_received: return message(e, role_, false);
    case Kind::keys_installed: return keys(e);
    case Kind::certificate_verified: return verified(e);
    case Kind::certificate_rejected: return rejected(e);
    case Kind::alert_sent:
      return fmt::format("we send the alert {}", e.alert ? alert_name(*e.alert) : std::string_view(e.name));
    case Kind::alert_received:
      return fmt::format("{} sent the alert {}", peer_word(role_),
                         e.alert ? alert_name(*e.alert) : std::string_view(e.name));
    case Kind::handshake_done: return done(e);
  }
  return {};
}

void TraceObserver::on_event(const HandshakeEvent& e) {
  if (first_ns_ < 0) first_ns_ = last_ns_ = e.monotonic_ns;
  double at_ms = static_cast<double>(e.monotonic_ns - first_ns_) / 1e6;
  double step_ms = static_cast<double>(e.monotonic_ns - last_ns_) / 1e6;
  last_ns_ = e.monotonic_ns;
  std::string line;
  if (format_ == TraceFormat::json) {
    nlohmann::json j{{"t_ms", at_ms}, {"step_ms", step_ms}, {"kind", std::string(event_kind_name(e.kind))},
                     {"name", e.name}, {"role", role_ == Role::client ? "client" : "server"}};
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& f : e.fields) fields[f.name] = f.values;
    j["fields"] = fields;
    if (!e.chain.empty()) {
      nlohmann::json chain = nlohmann::json::array();
      for (const auto& c : e.chain) chain.push_back(to_string(c->subject));
      j["chain"] = chain;
    }
    if (e.alert) j["alert"] = std::string(alert_name(*e.alert));
    if (e.report) j["report"] = {{"summary", e.report->summary()}, {"text", e.report->to_text()}};
    j["text"] = describe(e);
    if (connection_) j["connection"] = *connection_;
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } else {
    line = fmt::format("{}[{:8.2f} ms] (+{:.2f}) {} {}\n", prefix_, at_ms, step_ms, title(e), describe(e));
    if (e.kind == Kind::certificate_rejected && e.report) {
      for (const auto& l : split_lines(e.report->to_text())) line += prefix_ + "      " + l + "\n";
    }
  }
  std::unique_lock<std::mutex> guard;
  if (lock_ != nullptr) guard = std::unique_lock(*lock_);
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

}  // namespace parley::tools
