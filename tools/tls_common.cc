#include "tls_common.h"

#include <algorithm>
#include <cctype>

#include "x509/report.h"

namespace parley::tools {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::vector<std::string> split_list(std::string_view list, std::string_view separators) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find_first_of(separators, start);
    if (end == std::string_view::npos) end = list.size();
    std::string item(list.substr(start, end - start));
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(std::move(item));
    start = end + 1;
  }
  return out;
}

Result<std::vector<crypto::Suite>> parse_suites(std::string_view list) {
  std::vector<crypto::Suite> out;
  for (const auto& item : split_list(list, ",:")) {
    std::string n = lower(item);
    if (n == "tls_aes_128_gcm_sha256" || n == "aes128gcm" || n == "aes-128-gcm" || n == "aes_128_gcm_sha256") {
      out.push_back(crypto::Suite::aes_128_gcm_sha256);
    } else if (n == "tls_aes_256_gcm_sha384" || n == "aes256gcm" || n == "aes-256-gcm" || n == "aes_256_gcm_sha384") {
      out.push_back(crypto::Suite::aes_256_gcm_sha384);
    } else if (n == "tls_chacha20_poly1305_sha256" || n == "chacha20" || n == "chacha20-poly1305" ||
               n == "chacha20_poly1305_sha256") {
      out.push_back(crypto::Suite::chacha20_poly1305_sha256);
    } else {
      return err::api("unknown cipher suite (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256)",
                      item);
    }
  }
  if (out.empty()) return err::api("empty cipher suite list");
  return out;
}

Result<std::vector<crypto::Group>> parse_groups(std::string_view list) {
  std::vector<crypto::Group> out;
  for (const auto& item : split_list(list, ",:")) {
    std::string n = lower(item);
    if (n == "x25519") {
      out.push_back(crypto::Group::x25519);
    } else if (n == "secp256r1" || n == "p-256" || n == "p256" || n == "prime256v1") {
      out.push_back(crypto::Group::secp256r1);
    } else if (n == "secp384r1" || n == "p-384" || n == "p384") {
      out.push_back(crypto::Group::secp384r1);
    } else {
      return err::api("unknown group (x25519, secp256r1, secp384r1)", item);
    }
  }
  if (out.empty()) return err::api("empty group list");
  return out;
}

Result<HostPort> parse_host_port(std::string_view text) {
  HostPort hp;
  size_t colon;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return err::api("expected [IPv6]:PORT", std::string(text));
    }
    hp.host = std::string(text.substr(1, close - 1));
    colon = close + 1;
  } else {
    colon = text.rfind(':');
    if (colon == std::string_view::npos) return err::api("expected HOST:PORT", std::string(text));
    hp.host = std::string(text.substr(0, colon));
  }
  hp.port = std::string(text.substr(colon + 1));
  bool digits = !hp.port.empty() && hp.port.size() <= 5 &&
                std::all_of(hp.port.begin(), hp.port.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (hp.host.empty() || !digits || std::stoi(hp.port) > 65535) {
    return err::api("expected HOST:PORT with a port from 0 to 65535", std::string(text));
  }
  return hp;
}

std::vector<std::string> identity_sans(const PeerIdentity& peer) {
  std::vector<std::string> out;
  for (const auto& d : peer.dns_names) out.push_back("DNS:" + d);
  for (const auto& i : peer.ip_addresses) out.push_back("IP:" + i);
  for (const auto& u : peer.uris) out.push_back("URI:" + u);
  for (const auto& e : peer.emails) out.push_back("email:" + e);
  return out;
}

std::string identity_summary(const PeerIdentity* peer) {
  if (peer == nullptr) return "no client certificate";
  std::string out = peer->subject.empty() ? std::string("(empty subject)") : peer->subject;
  auto sans = identity_sans(*peer);
  if (!sans.empty()) {
    out += " (";
    for (size_t i = 0; i < sans.size(); ++i) out += (i ? ", " : "") + sans[i];
    out += ")";
  }
  return out;
}

void HandshakeRecorder::on_event(const HandshakeEvent& e) {
  if (const auto* a = e.get<AlertEvent>()) {
    (e.kind == HandshakeEvent::Kind::alert_sent ? alert_sent : alert_received) = a->alert;
  }
  if (const auto* c = e.get<CertificateCheck>(); c && c->report) rejected_report = c->report;
  if (next_ != nullptr) next_->on_event(e);
}

namespace {

// What an alert from the peer usually means, for someone who has to fix it.
std::string_view alert_hint(Alert a, std::string_view peer) {
  bool server = peer == "the server";
  switch (a) {
    case Alert::certificate_required:
      return server ? "the server requires a client certificate: pass --cert and --key"
                    : "we require a client certificate and the client sent none";
    case Alert::unknown_ca:
      return server ? "the server does not trust the CA that issued our certificate"
                    : "the client does not trust the CA that issued our certificate";
    case Alert::bad_certificate: return "the peer found our certificate unacceptable";
    case Alert::certificate_expired: return "the peer says our certificate has expired";
    case Alert::certificate_revoked: return "the peer says our certificate was revoked";
    case Alert::certificate_unknown: return "the peer could not accept our certificate";
    case Alert::unsupported_certificate: return "the peer cannot use our kind of certificate or key";
    case Alert::handshake_failure: return "no common cipher suite, group or signature algorithm";
    case Alert::protocol_version: return "the peer does not speak TLS 1.3";
    case Alert::no_application_protocol: return "no common ALPN protocol";
    case Alert::unrecognized_name: return "the peer has no certificate for that server name";
    case Alert::decrypt_error: return "a signature or Finished check failed";
    case Alert::illegal_parameter:
    case Alert::decode_error:
    case Alert::unexpected_message: return "the peer did not like what we sent";
    case Alert::internal_error: return "the peer failed internally";
    default: return {};
  }
}

}  // namespace

std::string explain_failure(const Error& e, const HandshakeRecorder& seen, std::string_view peer) {
  std::string out;
  auto report = e.cert_detail ? e.cert_detail : seen.rejected_report;
  if (e.kind == Error::Kind::Certificate || (report && !seen.alert_received)) {
    out = std::string(peer) + "'s certificate was rejected: ";
    if (report) {
      out += report->summary();
      if (seen.alert_sent) out += " (we sent the alert " + std::string(alert_name(*seen.alert_sent)) + ")";
      out += "\n" + report->to_text();
    } else {
      out += e.message();
      std::optional<Alert> sent = seen.alert_sent ? seen.alert_sent : e.alert;
      if (sent) out += " (we sent the alert " + std::string(alert_name(*sent)) + ")";
    }
    return out;
  }
  if (e.kind == Error::Kind::AlertReceived || seen.alert_received) {
    // The Connection puts the received alert in Error::alert (connection.cc on_alert).
    std::optional<Alert> got = seen.alert_received ? seen.alert_received : e.alert;
    if (got) {
      out = std::string(peer) + " ended the connection with the alert " + std::string(alert_name(*got));
      auto hint = alert_hint(*got, peer);
      if (!hint.empty()) out += ": " + std::string(hint);
    } else {
      out = std::string(peer) + " sent a fatal alert: " + e.message();
    }
    return out;
  }
  out = e.message();
  std::optional<Alert> sent = seen.alert_sent ? seen.alert_sent : e.alert;
  if (sent && *sent != Alert::close_notify && e.kind != Error::Kind::Io) {
    out += " (we sent the alert " + std::string(alert_name(*sent)) + ")";
  }
  return out;
}

Result<RevocationPolicy> parse_revocation(std::string_view text) {
  if (text == "off") return RevocationPolicy::off;
  if (text == "soft") return RevocationPolicy::soft;
  if (text == "hard") return RevocationPolicy::hard;
  return err::api("--revocation takes off, soft or hard", std::string(text));
}

Result<io::FetchLimits> parse_fetch_timeout(double seconds) {
  if (!(seconds > 0 && seconds <= 600)) return err::api("--fetch-timeout must be in (0, 600] seconds");
  io::FetchLimits limits;
  limits.timeout = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
  return limits;
}

}  // namespace parley::tools
