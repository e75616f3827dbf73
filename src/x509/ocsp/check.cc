#include "x509/ocsp/check.h"

#include <algorithm>

#include "der/oid.h"
#include "der/time.h"
#include "x509/hex.h"
#include "x509/path_builder.h"

namespace parley::x509::ocsp {
namespace {

using Failed = std::unexpected<Problem>;

Failed problem(Rule rule, std::string message, std::string expected, std::string found, std::string hint = {}) {
  return Failed(Problem{rule, std::move(message), std::move(expected), std::move(found), std::move(hint)});
}

// True when the ResponderID (§4.2.1) names `c`: byName its subject, byKey the
// SHA-1 hash of its public key.
bool responder_id_names(const Response& r, const Certificate& c) {
  if (r.responder_name) return names_match(*r.responder_name, c.subject);
  if (r.responder_key_hash) return std::ranges::equal(*r.responder_key_hash, public_key_hash(c.spki, CertIdHash::sha1));
  return false;
}

std::string responder_id_text(const Response& r) {
  if (r.responder_name) return "byName " + to_string(*r.responder_name);
  if (r.responder_key_hash) return "byKey " + detail::hex(*r.responder_key_hash);
  return "none";
}

bool has_ocsp_signing(const Certificate& c) {
  if (!c.extended_key_usage) return false;
  return std::ranges::any_of(*c.extended_key_usage, [](Input oid) { return der::equal(oid, der::kOcspSigning); });
}

// Verifies `signed_bytes` with `signer`'s key; the error says why not.
std::optional<std::string> signature_problem(const Certificate& signer, const SignatureAlgorithm& alg,
                                              Input signed_bytes, Input signature) {
  if (alg.weak) return "it uses " + std::string(alg.name) + ", which is no longer secure";
  if (!alg.alg) return "its algorithm " + std::string(alg.name) + " is not supported";
  if (!signer.public_key) return "the key of " + quoted(signer) + " cannot be used: " + signer.public_key_error;
  if (auto ok = signer.public_key->verify(*alg.alg, signed_bytes, signature); !ok) {
    return "it does not verify with the key of " + quoted(signer);
  }
  return std::nullopt;
}

// §4.2.2.2: the CA itself, or a delegated responder it issued for OCSP.
std::expected<std::string, Problem> authorised_signer(const Response& r, const Certificate& cert,
                                                      const Certificate& issuer, const CheckOptions& o) {
  const std::string about = "the OCSP response for " + quoted(cert);
  if (responder_id_names(r, issuer)) {
    if (auto bad = signature_problem(issuer, r.signature_algorithm, r.tbs, r.signature)) {
      return problem(Rule::ocsp_invalid, about + " claims to be signed by its CA " + quoted(issuer) + ", but " + *bad,
                     "a signature by " + quoted(issuer), *bad);
    }
    return "the issuing CA " + quoted(issuer);
  }
  for (const auto& candidate : r.certs) {
    const Certificate& responder = *candidate;
    if (!responder_id_names(r, responder)) continue;
    if (!names_match(responder.issuer, issuer.subject)) {
      return problem(Rule::ocsp_invalid,
                     about + " is signed by " + quoted(responder) + ", which was not issued by the certificate's CA " +
                         quoted(issuer),
                     "a responder certificate issued by " + quoted(issuer), "issued by " + to_string(responder.issuer),
                     "the CA must sign its responses itself or delegate to a certificate it issued");
    }
    if (auto bad = signature_problem(issuer, responder.signature_algorithm, responder.tbs, responder.signature)) {
      return problem(Rule::ocsp_invalid,
                     about + " is signed by the responder " + quoted(responder) + " whose certificate " + *bad,
                     "a responder certificate signed by " + quoted(issuer), *bad);
    }
    if (!has_ocsp_signing(responder)) {
      return problem(Rule::ocsp_invalid,
                     about + " is signed by " + quoted(responder) + ", which has no authority to sign OCSP responses",
                     "id-kp-OCSPSigning in the responder's extendedKeyUsage (RFC 6960 §4.2.2.2)",
                     "no id-kp-OCSPSigning", "issue the responder certificate with the OCSPSigning purpose");
    }
    if (o.now + o.skew < responder.validity.not_before || o.now - o.skew > responder.validity.not_after) {
      return problem(Rule::ocsp_invalid, about + " is signed by the responder " + quoted(responder) +
                                             ", whose certificate is not valid now",
                     "valid " + der::format_rfc3339(responder.validity.not_before) + " to " +
                         der::format_rfc3339(responder.validity.not_after),
                     "now is " + der::format_rfc3339(o.now), "renew the OCSP responder certificate");
    }
    if (auto bad = signature_problem(responder, r.signature_algorithm, r.tbs, r.signature)) {
      return problem(Rule::ocsp_invalid, about + " is not signed by the responder it names (" + quoted(responder) +
                                             "): " + *bad,
                     "a signature by " + quoted(responder), *bad);
    }
    return "the delegated responder " + quoted(responder) +
           (has_ocsp_nocheck(responder) ? " (id-pkix-ocsp-nocheck)" : " (its own revocation not checked)");
  }
  return problem(Rule::ocsp_invalid,
                 about + " is signed by a responder that is neither its CA " + quoted(issuer) +
                     " nor a certificate included in the response",
                 "ResponderID naming " + quoted(issuer) + " or an included OCSP signing certificate",
                 "ResponderID " + responder_id_text(r), "the responder must include its delegated certificate");
}

}  // namespace

int64_t current_until(const SingleResponse& single) {
  return single.next_update.value_or(single.this_update + kMaxAgeWithoutNextUpdate);
}

std::expected<void, Problem> check_current(const SingleResponse& single, const Certificate& cert,
                                           const CheckOptions& o) {
  const std::string about = "the OCSP response for " + quoted(cert);
  const int64_t expires = current_until(single);
  if (single.this_update > o.now + o.skew) {
    return problem(Rule::ocsp_stale, about + " is not valid yet: its thisUpdate is " +
                                         relative_time(single.this_update, o.now),
                   "thisUpdate before " + der::format_rfc3339(o.now + o.skew),
                   "thisUpdate " + der::format_rfc3339(single.this_update), "check the responder's clock");
  }
  if (expires < o.now - o.skew) {
    return problem(Rule::ocsp_stale, about + " has expired: it was current until " + relative_time(expires, o.now),
                   single.next_update ? "nextUpdate after " + der::format_rfc3339(o.now - o.skew)
                                       : "thisUpdate within " + humanize_duration(kMaxAgeWithoutNextUpdate),
                   (single.next_update ? "nextUpdate " : "current until ") + der::format_rfc3339(expires),
                   "fetch a fresh response (a server refreshes its staple before nextUpdate)");
  }
  return {};
}

std::expected<Answer, Problem> check(const Response& r, const Certificate& cert, const Certificate& issuer,
                                     const CheckOptions& o) {
  const std::string about = "the OCSP response for " + quoted(cert);
  if (r.status != ResponseStatus::successful) {
    return problem(Rule::ocsp_invalid, about + " is an error from the responder: " +
                                           std::string(response_status_name(r.status)),
                   "successful", std::string(response_status_name(r.status)), "ask the responder again later");
  }
  const SingleResponse* single = r.find(cert, issuer);
  if (!single) {
    const CertId want = CertId::of(cert, issuer, r.responses.front().cert_id.hash);
    return problem(Rule::ocsp_wrong_certificate, about + " answers for another certificate",
                   "CertID " + want.to_string(), "CertID " + r.responses.front().cert_id.to_string() +
                   (r.responses.size() > 1 ? " and " + std::to_string(r.responses.size() - 1) + " more" : ""),
                   "the server staples a response for a certificate it no longer uses?");
  }
  Answer a;
  auto signer = authorised_signer(r, cert, issuer, o);
  if (!signer) return Failed(std::move(signer).error());
  a.signer = std::move(*signer);
  if (o.nonce && !(r.nonce && std::ranges::equal(*r.nonce, *o.nonce))) {
    return problem(Rule::ocsp_invalid, about + " does not echo the nonce of our request (a replayed response?)",
                   "nonce " + detail::hex(*o.nonce), r.nonce ? "nonce " + detail::hex(*r.nonce) : "no nonce");
  }
  a.status = single->status;
  a.this_update = single->this_update;
  a.next_update = single->next_update;
  a.revocation_time = single->revocation_time;
  a.reason = single->reason;
  a.expires = current_until(*single);
  auto current = check_current(*single, cert, o);
  if (!current) return Failed(std::move(current).error());
  return a;
}

std::string describe(const Answer& a) {
  std::string s(cert_status_name(a.status));
  if (a.status == CertStatus::revoked) {
    s += " since " + der::format_rfc3339(a.revocation_time) + " (reason " +
         std::string(a.reason ? crl_reason_name(*a.reason) : "unspecified") + ")";
  }
  s += " (this update " + der::format_rfc3339(a.this_update);
  if (a.next_update) s += ", next update " + der::format_rfc3339(*a.next_update);
  s += "; signed by " + a.signer + ")";
  return s;
}

}  // namespace parley::x509::ocsp
