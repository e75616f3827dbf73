#include "x509/revocation.h"

#include <optional>

#include "der/oid.h"
#include "der/time.h"
#include "x509/ocsp/check.h"

namespace parley::x509 {

// What the evidence for one certificate said.
struct RevocationCheck::Weighed {
  std::optional<Finding> revoked;
  std::vector<Finding> problems;  // evidence that applies and cannot be trusted
  std::optional<RevocationStatus> covered;  // good evidence (the first found)
  std::optional<RevocationStatus> unknown;  // an OCSP responder that does not know the certificate
  bool good_staple = false;                 // a good OCSP answer standing for a staple (must-staple)
};

namespace {

// "fetched OCSP response from http://…", "stapled OCSP response".
std::string from_text(EvidenceSource source, const std::string& origin) {
  return std::string(evidence_source_name(source)) + (origin.empty() ? "" : " from " + origin);
}

std::string revoked_message(const Certificate& c, int64_t when, std::optional<CrlReason> reason,
                            EvidenceSource source, const std::string& origin) {
  return "certificate " + quoted(c) + " was revoked on " + der::format_rfc3339(when) + " (reason " +
         std::string(reason ? crl_reason_name(*reason) : "unspecified") + "), says the " + from_text(source, origin);
}

RevocationStatus status_of(int pos, const Certificate& c, std::optional<EvidenceSource> source, std::string text,
                           std::string origin = {}) {
  return RevocationStatus{pos, c.label(), source, std::move(text), std::move(origin)};
}

}  // namespace

std::string_view revocation_policy_name(RevocationPolicy p) {
  switch (p) {
    case RevocationPolicy::off: return "off";
    case RevocationPolicy::soft: return "soft";
    case RevocationPolicy::hard: return "hard";
  }
  return "unknown";
}

std::string source_text(const RevocationStatus& s) {
  return s.source ? from_text(*s.source, s.origin) : "none";
}

RevocationAnswer revocation_answer(const RevocationStatus& s) {
  return RevocationAnswer{s.position, s.label, s.source ? std::string(evidence_source_name(*s.source)) : "none",
                          s.origin, s.text};
}

std::string_view evidence_source_name(EvidenceSource s) {
  switch (s) {
    case EvidenceSource::staple: return "stapled OCSP response";
    case EvidenceSource::ocsp_file: return "OCSP response file";
    case EvidenceSource::ocsp_fetched: return "fetched OCSP response";
    case EvidenceSource::crl_file: return "CRL file";
    case EvidenceSource::crl_fetched: return "fetched CRL";
  }
  return "unknown source";
}

void RevocationCheck::weigh_ocsp(const Certificate& c, const Certificate& issuer, int pos,
                                 std::span<const OcspEvidence> evidence, Weighed& w) const {
  for (const OcspEvidence& e : evidence) {
    if (!e.response) continue;
    const bool staple_for_leaf = e.source == EvidenceSource::staple && pos == 0;
    // Other evidence counts only where it answers for this certificate; a
    // staple is the leaf's by definition (RFC 8446 §4.4.2.1).
    if (!staple_for_leaf && (e.response->status != ocsp::ResponseStatus::successful || !e.response->find(c, issuer))) {
      continue;
    }
    ocsp::CheckOptions options;
    options.now = o_.time;
    options.nonce = e.nonce;
    auto answer = ocsp::check(*e.response, c, issuer, options);
    const std::string from = from_text(e.source, e.origin);
    if (!answer) {
      const ocsp::Problem& p = answer.error();
      w.problems.push_back(make_finding(pos, c, p.rule, p.message + " (" + from + ")", p.expected, p.found, p.hint));
      continue;
    }
    switch (answer->status) {
      case ocsp::CertStatus::revoked:
        w.revoked = make_finding(pos, c, Rule::revoked,
                                 revoked_message(c, answer->revocation_time, answer->reason, e.source, e.origin),
                                 "status good from " + answer->signer, ocsp::describe(*answer),
                                 "the certificate must be replaced");
        return;
      case ocsp::CertStatus::unknown:
        w.unknown = status_of(pos, c, e.source, ocsp::describe(*answer), e.origin);
        break;
      case ocsp::CertStatus::good:
        if (!w.covered) w.covered = status_of(pos, c, e.source, ocsp::describe(*answer), e.origin);
        if (e.source == EvidenceSource::staple || e.source == EvidenceSource::ocsp_file) w.good_staple = true;
        break;
    }
  }
}

void RevocationCheck::weigh_crls(const Certificate& c, const Certificate& issuer, int pos,
                                 std::span<const CrlEvidence> crls, EvidenceSource source, Weighed& w) {
  for (const auto& [crl, origin] : crls) {
    if (!crl || !names_match(crl->issuer, c.issuer) || !names_match(crl->issuer, issuer.subject)) continue;
    std::vector<Finding> sig;
    if (!builder->check_signature(c, pos, issuer, crl->signature_algorithm, crl->tbs, crl->signature, sig)) {
      if (builder->budget_exhausted()) return;
      continue;  // not this issuer's CRL (another key with the same name)
    }
    const std::string from = from_text(source, origin);
    auto crl_bad = [&](Rule rule, std::string what) {
      w.problems.push_back(make_finding(pos, c, rule,
                                        "the CRL from " + quoted(issuer) + " for " + quoted(c) + " " + what + " (" +
                                            from + ")",
                                        "a valid, current CRL", what));
    };
    if (issuer.key_usage && !(*issuer.key_usage & kCrlSign)) {
      crl_bad(Rule::crl_invalid, "cannot be trusted: the issuer's keyUsage lacks cRLSign");
      continue;
    }
    if (crl->delta_crl) {
      crl_bad(Rule::crl_unsupported, "is a delta CRL, which parley does not process");
      continue;
    }
    if (!crl->crl_number) {
      crl_bad(Rule::crl_invalid, "has no cRLNumber (RFC 5280 §5.2.3 requires one)");
      continue;
    }
    bool number_critical = false;
    for (const Extension& e : crl->extensions) {
      if (der::equal(e.oid, der::kCrlNumber) && e.critical) number_critical = true;
    }
    if (number_critical) {
      crl_bad(Rule::crl_invalid, "has a critical cRLNumber (RFC 5280 §5.2.3 says MUST NOT)");
      continue;
    }
    if (const auto& idp = crl->issuing_distribution_point) {
      if (idp->indirect || idp->only_some_reasons || idp->only_attribute_certs) {
        crl_bad(Rule::crl_unsupported, "is indirect or partitioned, which parley does not process");
        continue;
      }
      if ((idp->only_user_certs && c.is_ca()) || (idp->only_ca_certs && !c.is_ca())) continue;  // out of scope
    }
    if (crl->this_update > o_.time) {
      crl_bad(Rule::crl_stale, "is not valid yet (thisUpdate " + der::format_rfc3339(crl->this_update) + ")");
      continue;
    }
    if (!crl->next_update) {
      crl_bad(Rule::crl_invalid, "has no nextUpdate (RFC 5280 §5.1.2.5 requires one)");
      continue;
    }
    if (*crl->next_update < o_.time) {
      crl_bad(Rule::crl_stale, "is stale: its nextUpdate was " + relative_time(*crl->next_update, o_.time) + " (" +
                                   der::format_rfc3339(*crl->next_update) + ")");
      continue;
    }
    if (const RevokedCertificate* r = crl->find(c.serial)) {
      if (r->reason && *r->reason == CrlReason::remove_from_crl) continue;
      w.revoked = make_finding(pos, c, Rule::revoked, revoked_message(c, r->revocation_date, r->reason, source, origin),
                               "not on the CRL of " + quoted(issuer),
                               "serial " + c.serial_hex() + " revoked " + relative_time(r->revocation_date, o_.time),
                               "the certificate must be replaced");
      return;
    }
    if (!w.covered) {
      w.covered = status_of(pos, c, source,
                            "not on the CRL of " + quoted(issuer) + " (this update " +
                                der::format_rfc3339(crl->this_update) + ", next update " +
                                der::format_rfc3339(*crl->next_update) + ")",
                            origin);
    }
  }
}

void RevocationCheck::check(const PathBuilder::Path& path, std::vector<Finding>& out) {
  statuses_.clear();
  if (o_.revocation == RevocationPolicy::off) return;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const Certificate& c = *path[i];
    const Certificate& issuer = *path[i + 1];
    const int pos = static_cast<int>(i);
    Weighed w;
    weigh_ocsp(c, issuer, pos, o_.ocsp, w);
    if (!w.revoked) weigh_crls(c, issuer, pos, crl_files_, EvidenceSource::crl_file, w);
    if (!w.revoked) weigh_crls(c, issuer, pos, o_.fetched_crls, EvidenceSource::crl_fetched, w);
    if (!w.revoked && !w.covered && o_.fetcher != nullptr && !builder->budget_exhausted()) {
      // What was given does not cover it: ask the fetcher (the caller's I/O, bounded by it).
      const auto fetched = o_.fetcher->fetch(c, issuer);
      weigh_ocsp(c, issuer, pos, fetched.ocsp, w);
      if (!w.revoked) weigh_crls(c, issuer, pos, fetched.crls, EvidenceSource::crl_fetched, w);
    }
    if (builder->budget_exhausted()) return;
    if (w.revoked) {
      out.push_back(std::move(*w.revoked));
      return;
    }
    if (pos == 0 && c.must_staple() && !w.good_staple) {
      // RFC 7633 §4.2.3: the client MUST treat a missing or bad status as fatal.
      out.push_back(make_finding(pos, c, Rule::staple_required,
                                 "certificate " + quoted(c) +
                                     " requires a stapled OCSP response (TLS Feature status_request, RFC 7633)" +
                                     (w.problems.empty() ? ", and none was given" : ", and the one given is not good"),
                                 "a good stapled OCSP response",
                                 w.problems.empty() ? "no staple" : w.problems.front().message,
                                 "the server must staple its OCSP response (parley serve --ocsp-staple)"));
      return;
    }
    if (w.covered) {
      statuses_.push_back(std::move(*w.covered));
      continue;
    }
    if (!w.problems.empty()) {
      out.insert(out.end(), w.problems.begin(), w.problems.end());
      return;
    }
    if (o_.revocation == RevocationPolicy::hard) {
      if (w.unknown) {
        out.push_back(make_finding(pos, c, Rule::ocsp_unknown,
                                   "the OCSP responder of " + quoted(issuer) + " does not know " + quoted(c) +
                                       " (status unknown), so its revocation status is unknown",
                                   "status good", w.unknown->text, "is the certificate from this CA?"));
      } else {
        out.push_back(make_finding(pos, c, Rule::revocation_unknown,
                                   "no OCSP response or CRL from " + quoted(issuer) + " covers " + quoted(c) +
                                       ", so its revocation status is unknown (policy hard)",
                                   "a good OCSP response or a current CRL issued by " + quoted(issuer),
                                   "none among the staple, the responses and the CRLs given or fetched",
                                   "give the CRL or OCSP response of " + quoted(issuer) +
                                       ", let parley fetch them from the URLs in the certificate, or use --revocation soft"));
      }
      return;
    }
    statuses_.push_back(w.unknown ? std::move(*w.unknown) : status_of(pos, c, std::nullopt, "no evidence"));
  }
}

}  // namespace parley::x509
