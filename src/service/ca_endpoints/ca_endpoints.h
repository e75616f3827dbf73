// The CA's HTTP endpoints (what `parley ca serve` answers), as an
// http::Handler over an unlocked ca::Authority:
//
//   POST /ocsp (or POST /)     an OCSPRequest body (RFC 6960 appendix A.1)
//   GET  /ocsp/<base64>        the request base64-encoded, then URL-encoded (A.1, RFC 5019 §5)
//   GET  /crl/intermediate.crl the intermediate's CRL over the leaves (DER), what
//                              `ca init --crl-url http://HOST:PORT/crl/intermediate.crl` names
//   GET  /crl/root.crl         the root's CRL over the intermediate, when the root key is here
//
// OCSP answers are HTTP 200 with an OCSPResponse, errors included
// (malformedRequest, unauthorized: the client reads the OCSP status); a
// successful single answer carries the RFC 5019 §6.2 caching headers. The
// OCSP responder and its delegated signer, and the CRL publisher, are in
// src/ca (ocsp/responder.h, crl_publisher.h). Not thread-safe: serve it from
// one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "ca/authority.h"
#include "ca/crl_publisher.h"
#include "ca/ocsp/responder.h"
#include "service/http/server.h"

namespace parley::service {

struct CaEndpointsOptions {
  int64_t crl_validity = 24 * 3600;  // nextUpdate - thisUpdate of served CRLs
  ca::ocsp::ResponderOptions ocsp;
};

class CaEndpoints {
 public:
  // ca must be unlocked (its keys sign the delegated OCSP signer and the CRLs).
  static Result<std::unique_ptr<CaEndpoints>> make(ca::Authority ca, CaEndpointsOptions options = {});
  CaEndpoints(const CaEndpoints&) = delete;
  CaEndpoints& operator=(const CaEndpoints&) = delete;

  http::Response handle(const http::Request& request);
  // The CA answered for: a revocation through it shows in the next answer.
  ca::Authority& authority() { return ca_; }
  // One line per OCSP answer ("ocsp: good 3f09…") and per signed CRL.
  void on_log(std::function<void(std::string)> sink) { log_ = std::move(sink); }

 private:
  CaEndpoints(ca::Authority ca, CaEndpointsOptions options);
  http::Response ocsp(std::string_view request_der);
  http::Response crl(std::string_view issuer);
  void log(std::string line) const {
    if (log_) log_(std::move(line));
  }

  ca::Authority ca_;
  ca::ocsp::DelegatedSigner signer_;
  ca::ocsp::Responder responder_;
  ca::CrlPublisher crls_;
  std::function<void(std::string)> log_;
};

}  // namespace parley::service
