#include "trace/findings.h"

#include <fmt/core.h>

#include "der/time.h"

namespace parley::trace {
namespace {

using x509::Rule;

std::string subject(const x509::Certificate& c) {
  auto s = x509::to_string(c.subject);
  return s.empty() ? "(no subject)" : s;
}

std::string names_of(const x509::Certificate& c) {
  if (!c.subject_alt_names || c.subject_alt_names->empty()) return "none (no subjectAltName)";
  std::string out;
  for (const auto& n : *c.subject_alt_names) out += (out.empty() ? "" : ", ") + x509::to_string(n);
  return out;
}

// No path reached a trusted root. Peers send their chain without the root
// (RFC 8446 §4.4.2 lets them leave it out): a chain that ends with a CA, or
// with a self-issued certificate, ends where an untrusted root takes over; one
// that ends with a leaf lacks its intermediate.
Finding issuer_finding(std::span<const x509::CertificatePtr> sent, std::string_view whose) {
  if (sent.empty()) return {Severity::error, "certificate.untrusted", "no trusted root", "", ""};
  const auto& top = *sent.back();
  if (top.self_issued() || top.is_ca()) {
    const std::string root = top.self_issued() ? subject(top) : x509::to_string(top.issuer);
    return {Severity::error, "certificate.untrusted",
            fmt::format("{}'s certificate is issued by a CA we do not trust: {}", whose, root),
            fmt::format("the chain as sent ends with {}; {} is not in the trust store", subject(top), root),
            "pass --ca with that CA's certificate if you trust it, or get a certificate from a CA you trust"};
  }
  const std::string issuer = x509::to_string(top.issuer);
  return {Severity::error, "certificate.incomplete_chain",
          fmt::format("incomplete chain: the issuer {} of {} was not sent and is not trusted", issuer, subject(top)),
          fmt::format("{} certificate(s) sent, leaf first; the last one is {}, issued by {}", sent.size(),
                      subject(top), issuer),
          fmt::format("configure {} to send its whole chain (leaf, then {}); if {} is a root you trust, pass "
                      "--ca with it", whose, issuer, issuer)};
}

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

nlohmann::json to_json(const Finding& f) {
  return {{"severity", severity_name(f.severity)}, {"id", f.id}, {"title", f.title}, {"detail", f.detail},
          {"fix", f.fix}};
}

Finding certificate_finding(const x509::VerifyReport& report, std::span<const x509::CertificatePtr> sent,
                            Party peer) {
  const std::string whose = peer == Party::server ? "the server" : "the client";
  const auto* f = report.primary();
  if (f == nullptr) return {Severity::error, "certificate.invalid", report.summary(), report.to_text(), ""};
  const auto& best = *report.best();
  const x509::Certificate* cert = static_cast<size_t>(f->position) < best.certificates.size()
                                      ? best.certificates[static_cast<size_t>(f->position)].get()
                                      : nullptr;
  const std::string dates =
      cert ? fmt::format("valid from {} to {}", der::format_rfc3339(cert->validity.not_before),
                         der::format_rfc3339(cert->validity.not_after))
           : f->found;
  const std::string renew = "renew it (parley ca issue) and install the new certificate";
  switch (f->rule) {
    case Rule::expired:
      return {Severity::error, "certificate.expired", fmt::format("{}'s certificate {} has expired", whose, f->label),
              dates, renew};
    case Rule::not_yet_valid:
      return {Severity::error, "certificate.not_yet_valid",
              fmt::format("{}'s certificate {} is not valid yet", whose, f->label), dates,
              "check the clocks of both machines, or " + renew};
    case Rule::hostname_mismatch:
    case Rule::ip_mismatch:
      return {Severity::error, "certificate.name_mismatch",
              fmt::format("the name we connect to is not in {}'s certificate", whose),
              fmt::format("{} The certificate names: {}", f->message, cert ? names_of(*cert) : std::string("?")),
              "connect with one of the names it has (--servername), or reissue the certificate with "
              "--san dns:NAME (parley ca issue)"};
    case Rule::no_issuer:
      return issuer_finding(sent, whose);
    case Rule::public_key_too_small:
    case Rule::signature_algorithm_weak:
      return {Severity::error, "certificate.weak_key", fmt::format("{}'s certificate uses a weak key or signature", whose),
              f->message, "reissue it with an ECDSA P-256 or RSA 2048+ key and SHA-256 (parley ca issue)"};
    case Rule::extended_key_usage_mismatch:
    case Rule::key_usage_no_digital_signature:
    case Rule::ca_used_as_leaf:
      return {Severity::error, "certificate.wrong_usage",
              fmt::format("{}'s certificate is not for this use", whose), f->message,
              fmt::format("reissue it with --profile {} (parley ca issue)", peer == Party::server ? "server" : "client")};
    case Rule::revoked:
      return {Severity::error, "certificate.revoked",
              fmt::format("{}'s {} '{}' is revoked", whose, f->position == 0 ? "certificate" : "intermediate",
                          cert ? x509::to_string(cert->subject) : f->label),
              f->message, "issue a new one with `parley ca issue` and install it"};
    default:
      return {Severity::error, "certificate.invalid", f->message,
              f->expected.empty() ? std::string() : fmt::format("expected {}; found {}", f->expected, f->found),
              f->hint};
  }
}

Finding alert_finding(Alert alert, bool received, Role we) {
  const std::string peer = we == Role::client ? "the server" : "the client";
  const std::string name(alert_name(alert));
  if (!received) {
    return {Severity::error, "handshake.alert_sent", fmt::format("we ended the handshake with the alert {}", name),
            "", ""};
  }
  switch (alert) {
    case Alert::certificate_required:
      return {Severity::error, "client_auth.required", peer + " requires a client certificate", "alert " + name,
              "pass --cert and --key with a certificate from a CA the server accepts"};
    case Alert::bad_certificate:
    case Alert::unknown_ca:
    case Alert::certificate_expired:
    case Alert::certificate_unknown:
    case Alert::unsupported_certificate:
    case Alert::access_denied:
      return {Severity::error, we == Role::client ? "client_auth.rejected" : "certificate.rejected_by_peer",
              peer + " rejected our certificate", "alert " + name,
              we == Role::client ? "use a client certificate issued by a CA the server accepts (see its "
                                   "certificate_authorities), valid now, with the clientAuth usage"
                                 : "check the certificate and its chain with parley verify"};
    case Alert::protocol_version:
      return {Severity::error, "protocol.no_tls13", peer + " does not speak TLS 1.3", "alert " + name,
              "enable TLS 1.3 on the server"};
    case Alert::handshake_failure:
    case Alert::insufficient_security:
      return {Severity::error, "protocol.no_common_parameters",
              peer + " found nothing in common with our offer (suites, groups or signature schemes)",
              "alert " + name, "compare the suites and groups (--ciphers, --groups) with the server's"};
    case Alert::no_application_protocol:
      return {Severity::error, "protocol.alpn", peer + " accepts none of our ALPN protocols", "alert " + name,
              "offer a protocol the server accepts (--alpn)"};
    default:
      return {Severity::error, "handshake.alert_received", fmt::format("{} sent the alert {}", peer, name), "", ""};
  }
}

}  // namespace parley::trace
