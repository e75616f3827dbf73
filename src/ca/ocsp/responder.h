// The OCSP responder's logic, sans I/O (RFC 6960 with the RFC 5019 profile):
// request bytes in, a signed response out; the HTTP side is
// service/ca_endpoints.
//
// - Every answer is an OCSPResponse, never an exception: a request that does
//   not parse gets malformedRequest, one about certificates of another issuer
//   unauthorized (RFC 5019 §2.2.3), a ledger or signing failure internalError.
// - The status comes from the CA ledger at every request (one indexed read):
//   issued by the intermediate and valid -> good; revoked -> revoked with its
//   time and reason; anything else (never issued, issued by the root) ->
//   unknown. Several responders may answer from one ledger.
// - Responses are signed by the delegated signer (delegated_signer.h) and
//   carry its certificate. thisUpdate is the signing time, nextUpdate
//   response_validity later (never past the signer's notAfter).
// - A single-certificate response without a nonce is cached pre-signed and
//   handed out again until half its validity has passed, as long as the
//   ledger still says the same: a revocation changes the ledger, so the next
//   query is answered revoked, freshly signed. A nonce (§4.4.1) is echoed,
//   which makes that response unique: it is signed for the request.
// Not thread-safe: one responder per serving thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ca/ledger.h"
#include "ca/ocsp/delegated_signer.h"
#include "ca/ocsp/request.h"
#include "ca/ocsp/response_builder.h"

namespace parley::ca::ocsp {

struct CertState {
  CertStatus status = CertStatus::unknown;
  int64_t revoked_at = 0;
  std::optional<x509::CrlReason> reason;
  friend bool operator==(const CertState&, const CertState&) = default;
};

// What the responder knows of a serial (lowercase hex, as the ledger keys it).
using StatusLookup = std::function<Result<CertState>(std::string_view serial_hex)>;
// The intermediate's certificates in the ledger: good or revoked; the rest unknown.
StatusLookup ledger_lookup(const Ledger& ledger);

struct ResponderOptions {
  int64_t response_validity = 4 * 3600;  // seconds from thisUpdate to nextUpdate
  size_t max_cached = 10'000;            // pre-signed responses kept (then the cache starts over)
};

struct OcspAnswer {
  std::vector<uint8_t> der;  // the OCSPResponse
  ResponseStatus status = ResponseStatus::successful;
  std::string summary;  // for the log: "good 3f09…", "malformedRequest: …"
  // A successful single answer: its window, for HTTP caching (RFC 5019 §6).
  std::optional<int64_t> this_update, next_update;
  bool from_cache = false;
};

class Responder {
 public:
  Responder(x509::CertificatePtr issuer, StatusLookup lookup, DelegatedSigner& signer, const crypto::Clock& clock,
            ResponderOptions options = {});

  OcspAnswer respond(der::Input request);
  // Drops every pre-signed response.
  void invalidate() { cache_.clear(); }
  size_t cached() const { return cache_.size(); }

 private:
  struct Cached {
    CertState state;
    OcspAnswer answer;
  };
  OcspAnswer fail(ResponseStatus status, std::string why) const;

  x509::CertificatePtr issuer_;
  StatusLookup lookup_;
  DelegatedSigner* signer_;
  const crypto::Clock* clock_;
  ResponderOptions options_;
  std::map<std::vector<uint8_t>, Cached> cache_;  // by the CertID's DER
  uint64_t cache_generation_ = 0;                 // the signer generation the cache was signed with
};

}  // namespace parley::ca::ocsp
