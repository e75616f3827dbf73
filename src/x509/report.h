// The verification report: why a chain was rejected, in plain English.
//
// A failed verification returns a VerifyReport listing, for the best
// candidate path and every other path tried, the findings on it: which
// certificate (position 0 is the leaf, its label), which rule (Rule), what was
// expected and what was found, and a hint for fixing it. The report reduces to
// exactly one TLS alert (RFC 8446 §6.2) for the handshake, renders as text for
// people, and exposes plain fields that the CLI serialises as JSON (the
// library itself has no JSON dependency). After BoringSSL pki's CertErrors,
// with sentences instead of codes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parley/error.h"
#include "x509/certificate.h"

namespace parley::x509 {

// Every rule that can reject a certificate path. Stable identifiers (rule_id)
// are part of the JSON output.
enum class Rule : uint8_t {
  malformed_certificate,       // the DER did not parse (leaf only: others are skipped)
  unsupported_version,         // a non-anchor certificate that is not v3
  malformed_extension,         // profile violation in an extension (criticality, empty, inconsistent)
  no_issuer,                   // no certificate or anchor has the issuer's name
  signature_invalid,           // the issuer's key does not verify the signature
  signature_algorithm_unsupported,
  signature_algorithm_weak,    // MD5, SHA-1
  public_key_unsupported,      // a key parley cannot load (DSA, P-192, explicit curves)
  public_key_too_small,        // RSA below the policy minimum, or not a multiple of 8 bits
  not_yet_valid,
  expired,
  not_a_ca,                    // an issuer without basicConstraints cA
  path_length_exceeded,        // pathLenConstraint of an issuer
  max_depth_exceeded,          // VerifyOptions::max_depth
  key_usage_no_cert_sign,      // an issuer whose keyUsage lacks keyCertSign
  key_usage_no_digital_signature,  // a TLS leaf whose keyUsage lacks digitalSignature
  key_usage_inconsistent,      // keyCertSign on a non-CA certificate
  extended_key_usage_mismatch, // EKU present without the purpose
  ca_used_as_leaf,
  name_constraint_violation,
  name_constraint_invalid,     // a malformed constraint (non-contiguous mask, "*.x", ".x" for DNS)
  name_constraint_unsupported, // a constrained name form parley cannot evaluate (otherName, ...)
  hostname_mismatch,
  ip_mismatch,
  invalid_subject_alt_name,    // a malformed SAN entry, or a missing SAN
  revoked,
  revocation_unknown,          // CRLs were given but none covers this certificate
  crl_invalid,                 // a CRL that cannot be trusted (signature, cRLSign, profile)
  crl_stale,                   // nextUpdate in the past, or thisUpdate in the future
  crl_unsupported,             // delta, indirect or partitioned CRLs
  ocsp_invalid,                // an OCSP response that cannot be trusted (signature, responder authority, nonce)
  ocsp_stale,                  // outside its thisUpdate/nextUpdate window (with the allowed skew)
  ocsp_wrong_certificate,      // a response (a staple) that answers for another certificate
  ocsp_unknown,                // the responder does not know the certificate (status unknown)
  staple_required,             // RFC 7633 must-staple without a good stapled response
  loop,                        // the only issuers are already on the path
  budget_exhausted,            // the search hit its signature/step/comparison limit
};

// "expired", "name_constraint_violation", ...
std::string_view rule_id(Rule r);
// The one TLS alert a finding maps to.
Alert rule_alert(Rule r);

struct Finding {
  int position = 0;       // 0 = leaf; the anchor is the last position of its path
  std::string label;      // Certificate::label() of that certificate
  Rule rule{};
  std::string message;    // one English sentence: "certificate 'CN=orders' expired 3 days ago (...)"
  std::string expected;   // "not after ≥ 2026-11-23T00:00:00Z"
  std::string found;      // "not after 2026-11-20T10:00:00Z"
  std::string hint;       // "renew the certificate", may be empty
};

struct CandidatePath {
  std::vector<CertificatePtr> certificates;  // leaf first; the anchor last when complete
  bool reaches_anchor = false;
  std::vector<Finding> findings;
};

struct BudgetUse {
  uint32_t signatures = 0;
  uint32_t steps = 0;
  uint32_t name_constraint_comparisons = 0;
};

class VerifyReport {
 public:
  // Best first: paths that reach a trust anchor before those that do not, then
  // the fewest findings. A finding that concerns no particular path (budget
  // exhaustion, a malformed leaf) sits on the best path.
  std::vector<CandidatePath> paths;
  size_t paths_not_kept = 0;  // tried but not kept (the report keeps a bounded number)
  BudgetUse used;

  const CandidatePath* best() const { return paths.empty() ? nullptr : &paths.front(); }
  // The first finding of the best path, which decides the alert.
  const Finding* primary() const;
  // One alert for the whole report: the primary finding's, or certificate_unknown.
  Alert alert() const;
  // The primary finding's sentence.
  std::string summary() const;
  // Every path with its findings, for people.
  std::string to_text() const;
  // For an Error::detail or a log line.
  Error to_error() const;
};

// "3 days", "2 hours", "45 seconds", "1 year": the largest unit, rounded down.
std::string humanize_duration(int64_t seconds);
// "3 days ago" / "in 2 hours" / "now", for a time against a reference time.
std::string relative_time(int64_t when, int64_t now);

}  // namespace parley::x509
