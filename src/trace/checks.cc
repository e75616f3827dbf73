#include "trace/checks.h"

#include <algorithm>
#include <string>
#include <vector>

#include "der/oid.h"
#include "der/time.h"
#include "trace/describe.h"
#include "x509/certificate.h"
#include "x509/report.h"

namespace parley::trace {
namespace {

using json = nlohmann::json;
using x509::Rule;

enum class Group : uint8_t { chain, validity, name, key_usage, revocation };

// Which of the taught checks a verifier rule belongs to.
Group group_of(Rule r) {
  switch (r) {
    case Rule::not_yet_valid:
    case Rule::expired: return Group::validity;
    case Rule::hostname_mismatch:
    case Rule::ip_mismatch:
    case Rule::invalid_subject_alt_name:
    case Rule::name_constraint_violation:
    case Rule::name_constraint_invalid:
    case Rule::name_constraint_unsupported: return Group::name;
    case Rule::key_usage_no_cert_sign:
    case Rule::key_usage_no_digital_signature:
    case Rule::key_usage_inconsistent:
    case Rule::extended_key_usage_mismatch:
    case Rule::ca_used_as_leaf: return Group::key_usage;
    case Rule::revoked:
    case Rule::revocation_unknown:
    case Rule::crl_invalid:
    case Rule::crl_stale:
    case Rule::crl_unsupported:
    case Rule::ocsp_invalid:
    case Rule::ocsp_stale:
    case Rule::ocsp_wrong_certificate:
    case Rule::ocsp_unknown:
    case Rule::staple_required: return Group::revocation;
    default: return Group::chain;
  }
}

std::string subject(const x509::Certificate& c) {
  auto s = x509::to_string(c.subject);
  return s.empty() ? "(no subject)" : s;
}

std::string key_usage_text(const x509::Certificate& c) {
  if (!c.key_usage) return "(no keyUsage extension: any use)";
  static constexpr std::pair<uint16_t, const char*> kBits[] = {
      {x509::kDigitalSignature, "digitalSignature"}, {x509::kKeyEncipherment, "keyEncipherment"},
      {x509::kKeyAgreement, "keyAgreement"}, {x509::kKeyCertSign, "keyCertSign"}, {x509::kCrlSign, "cRLSign"}};
  std::string out;
  for (auto [bit, name] : kBits) {
    if ((*c.key_usage & bit) != 0) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out.empty() ? "(none)" : out;
}

std::string eku_text(const x509::Certificate& c) {
  if (!c.extended_key_usage) return "(no extendedKeyUsage extension: any purpose)";
  std::string out;
  for (const auto& oid : *c.extended_key_usage) out += (out.empty() ? "" : ", ") + der::oid_name(oid);
  return out;
}

std::string sans_text(const x509::Certificate& c) {
  if (!c.subject_alt_names) return "(no subjectAltName extension)";
  std::string out;
  for (const auto& n : *c.subject_alt_names) out += (out.empty() ? "" : ", ") + x509::to_string(n);
  return out;
}

struct Check {
  Group group;
  const char* id;
  const char* title;
  json values = json::array();
};

}  // namespace

json certificate_checks(const CertificateCheck& check, bool rejected, int64_t now) {
  const bool server = check.peer == Party::server;
  std::vector<Check> checks = {{Group::chain, "chain", "Chain to a trusted root"},
                               {Group::validity, "validity", "Validity period"},
                               {Group::name, "name", "Name in the subjectAltName"},
                               {Group::key_usage, "key_usage", "Key usage"},
                               {Group::revocation, "revocation", "Revocation"}};
  if (!server) checks.erase(checks.begin() + 2);
  auto values_of = [&](Group g) -> json& {
    return std::ranges::find(checks, g, &Check::group)->values;
  };
  auto add = [&](Group g, std::string label, std::string value) {
    if (std::ranges::find(checks, g, &Check::group) != checks.end()) {
      values_of(g).push_back(json::array({std::move(label), std::move(value)}));
    }
  };
  const auto& chain = check.chain;
  std::string path;
  for (size_t i = 0; i < chain.size(); ++i) path += (i ? " → " : "") + subject(*chain[i]);
  add(Group::chain, rejected ? "chain as sent" : "verified path (leaf → trusted root)", path.empty() ? "(empty)" : path);
  add(Group::validity, "checked at", der::format_rfc3339(now));
  for (const auto& c : chain) {
    add(Group::validity, subject(*c), der::format_rfc3339(c->validity.not_before) + " … " +
                                          der::format_rfc3339(c->validity.not_after));
  }
  if (!chain.empty()) {
    const auto& leaf = *chain.front();
    add(Group::name, "names in the certificate", sans_text(leaf));
    if (!check.name_matched.empty()) add(Group::name, "matched", check.name_matched);
    add(Group::key_usage, "keyUsage", key_usage_text(leaf));
    add(Group::key_usage, "extendedKeyUsage", eku_text(leaf));
    add(Group::key_usage, "needed", server ? "digitalSignature; serverAuth" : "digitalSignature; clientAuth");
  }
  bool every_answer_has_a_source = !check.revocation.empty();
  for (const auto& a : check.revocation) {
    add(Group::revocation, "[" + std::to_string(a.position) + "] " + a.certificate, revocation_text(a));
    if (a.source == "none") every_answer_has_a_source = false;
  }

  // A rejection's findings say which checks failed and why.
  std::vector<const x509::Finding*> findings;
  if (const auto* best = check.report ? check.report->best() : nullptr) {
    for (const auto& f : best->findings) findings.push_back(&f);
  }
  json out = json::array();
  for (auto& c : checks) {
    std::string result = "pass", detail;
    for (const auto* f : findings) {
      if (group_of(f->rule) != c.group) continue;
      result = "fail";
      detail += (detail.empty() ? "" : " ") + f->message;
      if (!f->expected.empty()) c.values.push_back(json::array({"expected", f->expected}));
      if (!f->found.empty()) c.values.push_back(json::array({"found", f->found}));
      if (!f->hint.empty()) detail += " (" + f->hint + ")";
    }
    if (result == "pass" && rejected) {
      // The verifier stops at the first path's findings: a check it did not fault passed or was not reached.
      result = "not faulted";
    }
    if (result == "pass" && c.group == Group::revocation && !rejected) {
      if (check.revocation.empty()) {
        result = "no finding";
        detail = "revocation was not checked (--revocation off)";
      } else if (!every_answer_has_a_source) {
        result = "no finding";
        detail = "a certificate without a staple, a CRL (--crl) or a fetched answer is accepted under --revocation "
                 "soft; --revocation hard requires one and fetches it from the URLs in the certificate";
      } else {
        detail = "each certificate below the root has a current answer, from the source shown";
      }
    }
    out.push_back({{"check", c.id}, {"title", c.title}, {"result", result}, {"values", c.values},
                   {"detail", detail}});
  }
  return out;
}

}  // namespace parley::trace
