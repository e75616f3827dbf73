#include "x509/report.h"

#include <array>

namespace parley::x509 {

namespace {
struct RuleInfo {
  Rule rule;
  std::string_view id;
  Alert alert;
};
// Alerts per RFC 8446 §6.2: certificate_expired for validity, certificate_revoked,
// unknown_ca when no anchor is reachable, unsupported_certificate for what
// parley does not or will not process (algorithms, keys, name forms, purposes),
// bad_certificate for a certificate that breaks the rules.
constexpr std::array kRules = {
    RuleInfo{Rule::malformed_certificate, "malformed_certificate", Alert::bad_certificate},
    RuleInfo{Rule::unsupported_version, "unsupported_version", Alert::unsupported_certificate},
    RuleInfo{Rule::malformed_extension, "malformed_extension", Alert::bad_certificate},
    RuleInfo{Rule::no_issuer, "no_issuer", Alert::unknown_ca},
    RuleInfo{Rule::signature_invalid, "signature_invalid", Alert::bad_certificate},
    RuleInfo{Rule::signature_algorithm_unsupported, "signature_algorithm_unsupported",
             Alert::unsupported_certificate},
    RuleInfo{Rule::signature_algorithm_weak, "signature_algorithm_weak", Alert::unsupported_certificate},
    RuleInfo{Rule::public_key_unsupported, "public_key_unsupported", Alert::unsupported_certificate},
    RuleInfo{Rule::public_key_too_small, "public_key_too_small", Alert::unsupported_certificate},
    RuleInfo{Rule::not_yet_valid, "not_yet_valid", Alert::certificate_expired},
    RuleInfo{Rule::expired, "expired", Alert::certificate_expired},
    RuleInfo{Rule::not_a_ca, "not_a_ca", Alert::bad_certificate},
    RuleInfo{Rule::path_length_exceeded, "path_length_exceeded", Alert::bad_certificate},
    RuleInfo{Rule::max_depth_exceeded, "max_depth_exceeded", Alert::unknown_ca},
    RuleInfo{Rule::key_usage_no_cert_sign, "key_usage_no_cert_sign", Alert::bad_certificate},
    RuleInfo{Rule::key_usage_no_digital_signature, "key_usage_no_digital_signature",
             Alert::unsupported_certificate},
    RuleInfo{Rule::key_usage_inconsistent, "key_usage_inconsistent", Alert::bad_certificate},
    RuleInfo{Rule::extended_key_usage_mismatch, "extended_key_usage_mismatch", Alert::unsupported_certificate},
    RuleInfo{Rule::ca_used_as_leaf, "ca_used_as_leaf", Alert::bad_certificate},
    RuleInfo{Rule::name_constraint_violation, "name_constraint_violation", Alert::bad_certificate},
    RuleInfo{Rule::name_constraint_invalid, "name_constraint_invalid", Alert::bad_certificate},
    RuleInfo{Rule::name_constraint_unsupported, "name_constraint_unsupported", Alert::unsupported_certificate},
    RuleInfo{Rule::hostname_mismatch, "hostname_mismatch", Alert::bad_certificate},
    RuleInfo{Rule::ip_mismatch, "ip_mismatch", Alert::bad_certificate},
    RuleInfo{Rule::invalid_subject_alt_name, "invalid_subject_alt_name", Alert::bad_certificate},
    RuleInfo{Rule::revoked, "revoked", Alert::certificate_revoked},
    RuleInfo{Rule::revocation_unknown, "revocation_unknown", Alert::certificate_unknown},
    RuleInfo{Rule::crl_invalid, "crl_invalid", Alert::certificate_unknown},
    RuleInfo{Rule::crl_stale, "crl_stale", Alert::certificate_unknown},
    RuleInfo{Rule::crl_unsupported, "crl_unsupported", Alert::certificate_unknown},
    // RFC 6066 §8: an unacceptable status response is bad_certificate_status_response.
    RuleInfo{Rule::ocsp_invalid, "ocsp_invalid", Alert::bad_certificate_status_response},
    RuleInfo{Rule::ocsp_stale, "ocsp_stale", Alert::bad_certificate_status_response},
    RuleInfo{Rule::ocsp_wrong_certificate, "ocsp_wrong_certificate", Alert::bad_certificate_status_response},
    RuleInfo{Rule::ocsp_unknown, "ocsp_unknown", Alert::certificate_unknown},
    RuleInfo{Rule::staple_required, "staple_required", Alert::bad_certificate_status_response},
    RuleInfo{Rule::loop, "loop", Alert::unknown_ca},
    RuleInfo{Rule::budget_exhausted, "budget_exhausted", Alert::certificate_unknown},
};

const RuleInfo* info(Rule r) {
  for (const auto& i : kRules) {
    if (i.rule == r) return &i;
  }
  return nullptr;
}

std::string plural(int64_t n, std::string_view unit) {
  std::string s = std::to_string(n) + " " + std::string(unit);
  if (n != 1) s += "s";
  return s;
}
}  // namespace

std::string_view rule_id(Rule r) {
  const RuleInfo* i = info(r);
  return i ? i->id : "unknown_rule";
}

Alert rule_alert(Rule r) {
  const RuleInfo* i = info(r);
  return i ? i->alert : Alert::certificate_unknown;
}

std::string humanize_duration(int64_t s) {
  if (s < 0) s = -s;
  constexpr int64_t kMinute = 60, kHour = 3600, kDay = 86400, kYear = 365 * kDay;
  if (s >= kYear) return plural(s / kYear, "year");
  if (s >= kDay) return plural(s / kDay, "day");
  if (s >= kHour) return plural(s / kHour, "hour");
  if (s >= kMinute) return plural(s / kMinute, "minute");
  return plural(s, "second");
}

std::string relative_time(int64_t when, int64_t now) {
  if (when == now) return "now";
  if (when < now) return humanize_duration(now - when) + " ago";
  return "in " + humanize_duration(when - now);
}

const Finding* VerifyReport::primary() const {
  const CandidatePath* b = best();
  if (!b || b->findings.empty()) return nullptr;
  return &b->findings.front();
}

Alert VerifyReport::alert() const {
  const Finding* f = primary();
  return f ? rule_alert(f->rule) : Alert::certificate_unknown;
}

std::string VerifyReport::summary() const {
  const Finding* f = primary();
  return f ? f->message : std::string("certificate path rejected");
}

std::string VerifyReport::to_text() const {
  std::string out;
  for (size_t i = 0; i < paths.size(); ++i) {
    const CandidatePath& p = paths[i];
    out += i == 0 ? "best candidate path" : "other path tried";
    out += p.reaches_anchor ? " (reaches a trust anchor):\n" : " (no trust anchor reached):\n";
    for (size_t c = 0; c < p.certificates.size(); ++c) {
      out += "  [" + std::to_string(c) + "] " + p.certificates[c]->label();
      if (p.reaches_anchor && c + 1 == p.certificates.size()) out += " (trust anchor)";
      out += "\n";
    }
    for (const Finding& f : p.findings) {
      out += "  - " + f.message + "\n";
      if (!f.expected.empty() || !f.found.empty()) {
        out += "      expected: " + f.expected + "\n      found:    " + f.found + "\n";
      }
      if (!f.hint.empty()) out += "      hint: " + f.hint + "\n";
    }
  }
  if (paths_not_kept > 0) out += "(" + std::to_string(paths_not_kept) + " more paths tried, not shown)\n";
  return out;
}

Error VerifyReport::to_error() const {
  Error e;
  e.kind = Error::Kind::Certificate;
  e.alert = alert();
  e.what = "certificate verification failed";
  e.detail = summary();
  return e;
}

}  // namespace parley::x509
