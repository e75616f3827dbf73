#include "trace/doctor.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "crypto/provider.h"
#include "der/time.h"
#include "io/revocation_fetch.h"
#include "x509/name.h"

namespace parley::trace {
namespace {

using json = nlohmann::json;

constexpr int64_t kExpirySoon = 30 * 24 * 3600;
// A revocation fetch is one probe among many: short, and never longer than the connection timeout.
constexpr std::chrono::milliseconds kFetchTimeout{3000};
constexpr crypto::Suite kSuites[] = {crypto::Suite::aes_128_gcm_sha256, crypto::Suite::aes_256_gcm_sha384,
                                     crypto::Suite::chacha20_poly1305_sha256};
constexpr crypto::Group kGroups[] = {crypto::Group::x25519, crypto::Group::secp256r1, crypto::Group::secp384r1};
constexpr const char* kAlpn[] = {"h2", "http/1.1"};

std::string subject(const x509::Certificate& c) {
  auto s = x509::to_string(c.subject);
  return s.empty() ? "(no subject)" : s;
}

std::string joined(const std::vector<std::string>& list, std::string_view none, std::string_view comma = ", ") {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : std::string(comma)) + s;
  return out.empty() ? std::string(none) : out;
}

// The first bytes of a non-TLS answer, printable.
std::string printable(std::span<const uint8_t> bytes) {
  std::string out;
  for (uint8_t b : bytes.first(std::min<size_t>(bytes.size(), 40))) {
    out += std::isprint(b) ? static_cast<char>(b) : '.';
  }
  return out;
}

// An HTTP server answers a ClientHello with a status line, or (HTTP/0.9 style) with an error page.
bool looks_like_http(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.starts_with("http/") || text.starts_with("<!doctype html") || text.starts_with("<html");
}

class Doctor {
 public:
  explicit Doctor(const DoctorOptions& o)
      : o_(o),
        fetcher_(std::make_shared<const io::HttpRevocationFetcher>(
            io::FetchLimits{std::min(o.target.timeout, kFetchTimeout)}, *crypto::openssl_provider().rng)) {}

  DoctorReport run() {
    if (probe_protocol() && probe_main()) probe_capabilities();
    std::ranges::stable_sort(report_.findings, {}, &Finding::severity);
    return std::move(report_);
  }

 private:
  std::shared_ptr<ClientConfig> config(bool with_identity) const {
    auto cfg = std::make_shared<ClientConfig>();
    cfg->trust_store = o_.trust_store;
    cfg->crls = o_.crls;
    cfg->alpn = o_.alpn;
    if (with_identity) cfg->identity = o_.identity;
    return cfg;
  }

  void add(Severity s, std::string id, std::string title, std::string detail = "", std::string fix = "") {
    report_.findings.push_back({s, std::move(id), std::move(title), std::move(detail), std::move(fix)});
  }

  void unreachable(const std::string& why) {
    const bool timeout = why.find("timed out") != std::string::npos;
    add(Severity::error, timeout ? "reachability.timeout" : "reachability.refused",
        fmt::format("cannot connect to {}:{}: {}", o_.target.host, o_.target.port, why), "",
        timeout ? "check the address, the port and any firewall between here and the server"
                : "check that the server runs and listens on this address and port");
  }

  // Is anyone there, and does it speak TLS 1.3? (The ClientHello of a client as configured.)
  bool probe_protocol() {
    auto conn = Connection::client(config(false), o_.target.name);
    if (!conn) {
      add(Severity::error, "client.config", conn.error().message());
      return false;
    }
    std::string error;
    const auto raw = raw_probe(o_.target, conn->pending_output(), error);
    if (!error.empty()) {
      unreachable(error);
      return false;
    }
    switch (raw.kind) {
      case RawAnswer::Kind::closed:
        add(Severity::error, "protocol.no_answer", "the server did not answer our ClientHello",
            fmt::format("it closed the connection or stayed silent for {} ms", o_.target.timeout.count()),
            "check that this port serves TLS, and the server's log for why it dropped the handshake");
        return false;
      case RawAnswer::Kind::not_tls: {
        const bool http = looks_like_http(printable(raw.bytes));
        add(Severity::error, http ? "protocol.plain_http" : "protocol.not_tls",
            http ? "the port speaks plain HTTP, not TLS" : "the server does not speak TLS on this port",
            fmt::format("it answered our ClientHello with \"{}\"", printable(raw.bytes)),
            http ? "use the server's HTTPS port, or put TLS in front of it (parley serve, a TLS proxy)"
                 : "check the port: another protocol listens there");
        return false;
      }
      case RawAnswer::Kind::tls_alert: {
        const auto a = static_cast<Alert>(raw.alert_description.value_or(0));
        report_.findings.push_back(alert_finding(a, true, Role::client));
        report_.server["tls13"] = a != Alert::protocol_version;
        return false;
      }
      case RawAnswer::Kind::tls_handshake:
        report_.server["version"] = version_name(raw.server_version);
        report_.server["tls13"] = raw.server_version == 0x0304;
        if (raw.server_version != 0x0304) {
          add(Severity::error, "protocol.no_tls13",
              fmt::format("the server does not offer TLS 1.3: it chose {}", version_name(raw.server_version)),
              "its ServerHello has no supported_versions extension (RFC 8446 §4.2.1)",
              "enable TLS 1.3 on the server (OpenSSL: drop -tls1_2 / MaxProtocol; nginx: ssl_protocols TLSv1.3)");
          return false;
        }
        return true;
    }
    return false;
  }

  // A handshake as the client would do it, the certificate judged by the
  // real verifier but accepted, so we also learn what comes after it.
  // The server's certificates are checked for revocation too: the staple
  // (status_request is sent), the CRLs given, else OCSP or the CRL fetched
  // from the URLs in them.
  bool probe_main() {
    auto cfg = config(true);
    cfg->verifier = io::fetching_server_verifier(*cfg, fetcher_);
    auto p = handshake_probe(o_.target, cfg, true);
    if (!p.connect_error.empty()) {
      unreachable(p.connect_error);
      return false;
    }
    certificate(p);
    client_auth(p);
    if (p.error && p.error->kind != Error::Kind::AlertReceived && !p.rejected) {
      add(Severity::error, "handshake.failed", "the handshake failed: " + p.error->message());
    }
    if (p.completed) resumption(p);
    report_.would_connect = p.completed && !p.rejected && !p.error;
    return p.completed || p.negotiated.has_value();
  }

  void certificate(const HandshakeProbe& p) {
    json chain = json::array();
    for (const auto& c : p.chain) chain.push_back(subject(*c));
    report_.server["chain"] = chain;
    if (p.rejected) {
      report_.findings.push_back(certificate_finding(*p.rejected, p.chain, Party::server));
    } else if (p.verified) {
      const int64_t left = p.verified->not_after - o_.now;
      if (left < kExpirySoon) {
        add(Severity::warning, "certificate.expires_soon",
            fmt::format("the server's certificate chain expires in {}", x509::humanize_duration(left)),
            "on " + der::format_rfc3339(p.verified->not_after), "renew it soon (parley ca issue)");
      }
      add(Severity::info, "certificate.ok",
          fmt::format("the server's certificate is trusted and names {}", p.verified->name_matched),
          "path: " + joined(chain.get<std::vector<std::string>>(), "", " → "));
    }
    if (p.verified) revocation(p.verified->revocation);
  }

  // A revoked certificate is a rejection (certificate.revoked, above); here
  // what the others' answers were, and where they came from.
  void revocation(const std::vector<x509::RevocationStatus>& statuses) {
    json answers = json::array();
    std::vector<std::string> good, unknown, why;
    const auto log = fetcher_->log();
    for (const auto& st : statuses) {
      answers.push_back({{"position", st.position},
                         {"certificate", st.label},
                         {"source", st.source ? std::string(x509::evidence_source_name(*st.source)) : "none"},
                         {"origin", st.origin},
                         {"status", st.text}});
      if (st.source && st.text.starts_with("unknown")) {
        unknown.push_back(st.label);
        why.push_back(st.text + " (" + x509::source_text(st) + ")");
      } else if (st.source) {
        good.push_back(st.label + ": " + x509::source_text(st));
      } else {
        unknown.push_back(st.label);
        for (const auto& line : log) {
          if (line.find("'" + st.label + "'") != std::string::npos) why.push_back(line);
        }
      }
    }
    report_.server["revocation"] = answers;
    if (!good.empty()) {
      add(Severity::info, "revocation.good", "not revoked: " + joined(good, "", "; "));
    }
    if (!unknown.empty()) {
      add(Severity::info, "revocation.unknown", "revocation status unknown for " + joined(unknown, "", ", "),
          joined(why, "no staple, no CRL given, and no OCSP or CRL URL in the certificate", "; "));
    }
  }

  void client_auth(const HandshakeProbe& p) {
    const bool asked = p.certificate_request.has_value();
    std::vector<std::string> cas;
    if (asked) cas = p.certificate_request->certificate_authorities;
    const bool alerted = p.error && p.error->kind == Error::Kind::AlertReceived && p.error->alert;
    std::string mode = !asked ? "none" : "optional";
    if (alerted) {
      auto f = alert_finding(p.error->alert.value_or(Alert::handshake_failure), true, Role::client);
      if (f.id == "client_auth.required") {
        mode = "required";
        // RFC 8446 §4.4.2.3: a client sends a certificate only if it fits the request.
        if (o_.identity) f.title += ", and ours was not sent: it does not fit the server's request";
      }
      if (f.id.starts_with("client_auth.")) f.detail += "; the server accepts certificates from: " + joined(cas, "any CA");
      report_.findings.push_back(std::move(f));
    } else if (asked && o_.identity) {
      add(Severity::info, "client_auth.accepted", "the server asked for a client certificate and accepted ours");
    } else if (asked) {
      add(Severity::info, "client_auth.optional", "the server asks for a client certificate but lets us in without",
          "it accepts certificates from: " + joined(cas, "any CA"));
    } else if (o_.identity) {
      add(Severity::info, "client_auth.not_requested", "the server does not ask for a client certificate",
          "--cert is not used");
    }
    if (asked && o_.identity && !cas.empty()) issuer_hint(cas);
    if (o_.identity && !o_.identity->chain.empty()) {
      const auto& leaf = *o_.identity->chain.front();
      if (leaf.validity.not_after - o_.now < kExpirySoon) {
        add(Severity::warning, "client_auth.expires_soon",
            fmt::format("our client certificate {} expires on {}", subject(leaf),
                        der::format_rfc3339(leaf.validity.not_after)),
            "", "renew it (parley ca issue --profile client)");
      }
    }
    report_.server["client_auth"] = mode;
    report_.server["certificate_authorities"] = cas;
  }

  // §4.2.4: the server names the CAs it accepts; a chain that reaches none of them will be refused.
  void issuer_hint(const std::vector<std::string>& cas) {
    for (const auto& c : o_.identity->chain) {
      const std::string issuer = x509::to_string(c->issuer), self = subject(*c);
      if (std::ranges::find(cas, issuer) != cas.end() || std::ranges::find(cas, self) != cas.end()) return;
    }
    add(Severity::warning, "client_auth.unknown_issuer", "our client certificate is not from a CA the server names",
        "the server accepts: " + joined(cas, "") + "; ours is issued by " +
            x509::to_string(o_.identity->chain.back()->issuer),
        "use a client certificate issued by one of those CAs");
  }

  void resumption(const HandshakeProbe& p) {
    const auto& n = *p.negotiated;
    report_.server["negotiated"] = {{"cipher_suite", code_point_name(n.suite)}, {"group", code_point_name(n.group)},
                                    {"alpn", n.alpn}, {"hello_retry", n.hello_retry}};
    report_.server["tickets"] = !p.tickets.empty();
    report_.server["early_data"] = p.early_data_in_ticket;
    if (p.tickets.empty()) {
      add(Severity::info, "resumption.none", "the server sends no session tickets: every connection is a full "
                                             "handshake");
      return;
    }
    add(Severity::info, "resumption.supported",
        fmt::format("the server sends session tickets (lifetime {} s): clients can resume",
                    p.tickets.front().lifetime_seconds),
        p.early_data_in_ticket ? "its tickets allow 0-RTT early data" : "its tickets do not allow 0-RTT early data");
  }

  // Which suites, groups and ALPN protocols the server takes, one handshake each.
  void probe_capabilities() {
    std::vector<std::string> suites, groups, alpn;
    for (auto s : kSuites) {
      auto cfg = config(false);
      cfg->suites = {s};
      if (handshake_probe(o_.target, cfg, false).negotiated) suites.push_back(code_point_name(s));
    }
    for (auto g : kGroups) {
      auto cfg = config(false);
      cfg->groups = {g};
      if (handshake_probe(o_.target, cfg, false).negotiated) groups.push_back(code_point_name(g));
    }
    for (const char* a : kAlpn) {
      auto cfg = config(false);
      cfg->alpn = {a};
      auto p = handshake_probe(o_.target, cfg, false);
      if (p.negotiated && p.negotiated->alpn == a) alpn.push_back(a);
    }
    report_.server["suites"] = suites;
    report_.server["groups"] = groups;
    report_.server["alpn"] = alpn;
    add(Severity::info, "protocol.tls13", "the server speaks TLS 1.3",
        fmt::format("suites: {}; groups: {}; ALPN: {}", joined(suites, "none of ours"), joined(groups, "none of ours"),
                    joined(alpn, "none (h2 and http/1.1 tried)")));
  }

  const DoctorOptions& o_;
  std::shared_ptr<const io::HttpRevocationFetcher> fetcher_;  // the main probe's, for its log
  DoctorReport report_;
};

}  // namespace

DoctorReport run_doctor(const DoctorOptions& options) { return Doctor(options).run(); }

json to_json(const DoctorReport& r, const DoctorOptions& o) {
  json findings = json::array();
  for (const auto& f : r.findings) findings.push_back(to_json(f));
  return {{"target", o.target.host + ":" + o.target.port},
          {"server_name", o.target.name.text},
          {"would_connect", r.would_connect},
          {"findings", findings},
          {"server", r.server}};
}

std::string to_text(const DoctorReport& r, const DoctorOptions& o) {
  std::string out = fmt::format("parley doctor {}:{} (server name {})\n", o.target.host, o.target.port,
                                o.target.name.text);
  for (const auto& f : r.findings) {
    static constexpr std::string_view kMark[] = {"ERROR  ", "WARNING", "ok     "};
    out += fmt::format("{} {}  [{}]\n", kMark[static_cast<size_t>(f.severity)], f.title, f.id);
    if (!f.detail.empty()) out += "        " + f.detail + "\n";
    if (!f.fix.empty()) out += "        fix: " + f.fix + "\n";
  }
  out += r.would_connect ? "verdict: a client configured like this connects.\n"
                         : "verdict: a client configured like this cannot connect.\n";
  return out;
}

}  // namespace parley::trace
