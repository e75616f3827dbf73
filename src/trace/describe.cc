// The sentences of the text trace, one per event, for people learning TLS 1.3.
#include "trace/describe.h"

#include <fmt/core.h>

#include <string>
#include <variant>

#include "trace/words.h"
#include "x509/report.h"

namespace parley::trace {
namespace {

using Kind = HandshakeEvent::Kind;

std::string_view peer_word(Role we) { return we == Role::client ? "the server" : "the client"; }

// An empty name reads as `none`.
std::string or_none(std::string s, std::string_view none) { return s.empty() ? std::string(none) : s; }

template <class T>
std::string joined(const std::vector<T>& list) {
  std::string out;
  for (const auto& n : names(list)) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string optional_name(const auto& v) { return v ? code_point_name(*v) : std::string(); }

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


}  // namespace

std::string revocation_text(const RevocationAnswer& a) {
  return a.status + " — " + a.source + (a.origin.empty() ? "" : " from " + a.origin);
}

std::string describe(const HandshakeEvent& e, Role we) {
  const bool sent = e.kind == Kind::message_sent;
  return std::visit(Overloaded{
                        [&](const MessageEvent& m) { return message_text(m.message, we, sent); },
                        [&](const KeysInstalled& k) { return keys_text(k); },
                        [&](const CertificateCheck& c) {
                          return e.kind == Kind::certificate_rejected ? rejected_text(c) : verified_text(c);
                        },
                        [&](const AlertEvent& a) {
                          return e.kind == Kind::alert_sent
                                     ? fmt::format("we send the alert {}", alert_name(a.alert))
                                     : fmt::format("{} sent the alert {}", peer_word(we), alert_name(a.alert));
                        },
                        [&](const HandshakeDone& d) { return done_text(d); },
                    },
                    e.payload);
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


}  // namespace parley::trace
