// Checking an OCSP response for one certificate (RFC 6960 §3.2, §4.2.2.2):
//
//  1. the response status is successful and it has an answer whose CertID
//     names the certificate and its issuer (SHA-1 or SHA-256);
//  2. it is signed by the issuing CA itself, or by a delegated responder: a
//     certificate in the response, issued (and signed) by that CA, with
//     id-kp-OCSPSigning in its extendedKeyUsage and valid now. The
//     ResponderID must name the signer. Weak (SHA-1, MD5) signatures are
//     refused. A delegated responder without id-pkix-ocsp-nocheck is noted:
//     parley does not look for its revocation status (§4.2.2.2.1 leaves how to
//     the client);
//  3. thisUpdate is not in the future and nextUpdate not in the past, both
//     with kClockSkew of slack; without nextUpdate the answer counts as
//     current for kMaxAgeWithoutNextUpdate after thisUpdate;
//  4. when a nonce was sent, the response echoes it.
//
// The status (good, revoked with time and reason, unknown) is the Answer; a
// response that fails a rule is a Problem naming the rule (report.h), what
// was expected and what was found.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "x509/ocsp/response.h"
#include "x509/report.h"

namespace parley::x509::ocsp {

inline constexpr int64_t kClockSkew = 5 * 60;                      // seconds, both ways
inline constexpr int64_t kMaxAgeWithoutNextUpdate = 24 * 60 * 60;  // seconds

struct CheckOptions {
  int64_t now = 0;  // Unix seconds
  int64_t skew = kClockSkew;
  std::optional<std::vector<uint8_t>> nonce;  // the nonce our request carried
};

struct Answer {
  CertStatus status = CertStatus::good;
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
  int64_t revocation_time = 0;      // revoked only
  std::optional<CrlReason> reason;  // revoked only
  // Who signed: "the issuing CA 'CN=Root'" or "the delegated responder 'CN=OCSP' (id-pkix-ocsp-nocheck)".
  std::string signer;
  // When the answer stops being current (nextUpdate, or thisUpdate plus
  // kMaxAgeWithoutNextUpdate): a server refreshes its staple before this.
  int64_t expires = 0;
};

struct Problem {
  Rule rule{};
  std::string message;  // one sentence naming the certificate
  std::string expected;
  std::string found;
  std::string hint;
};

std::expected<Answer, Problem> check(const Response& response, const Certificate& cert, const Certificate& issuer,
                                     const CheckOptions& options);

// Rule 3 alone: the answer is current at options.now (a server checks its
// staple with it before every handshake it sends it in).
std::expected<void, Problem> check_current(const SingleResponse& single, const Certificate& cert,
                                           const CheckOptions& options);
// When the answer stops being current: nextUpdate, or thisUpdate plus kMaxAgeWithoutNextUpdate.
int64_t current_until(const SingleResponse& single);

// One line for people: "good (this update 2026-12-03T10:00:00Z, next update ...; signed by ...)".
std::string describe(const Answer& answer);

}  // namespace parley::x509::ocsp
