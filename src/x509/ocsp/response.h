// An OCSPResponse (RFC 6960 §4.2.1) parsed once, strictly, into a view.
//
//   OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
//   ResponseBytes ::= SEQUENCE { responseType OID (id-pkix-ocsp-basic), response OCTET STRING }
//   BasicOCSPResponse ::= SEQUENCE { tbsResponseData ResponseData, signatureAlgorithm, signature BIT STRING,
//                                    certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
//   ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT v1, responderID ResponderID,
//                               producedAt GeneralizedTime, responses SEQUENCE OF SingleResponse,
//                               responseExtensions [1] EXPLICIT Extensions OPTIONAL }
//
// Parsing checks the structure only: who signed it, for which certificate and
// whether it is current are for check.h. Bounded: a response over
// kMaxResponseSize bytes, with more than kMaxSingleResponses answers or
// kMaxCertificates certificates is refused before anything is allocated for it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "x509/certificate.h"
#include "x509/crl.h"
#include "x509/ocsp/cert_id.h"

namespace parley::x509::ocsp {

inline constexpr size_t kMaxResponseSize = 64 * 1024;
inline constexpr size_t kMaxSingleResponses = 64;
inline constexpr size_t kMaxCertificates = 8;

// OCSPResponseStatus (§4.2.1); 4 is not used.
enum class ResponseStatus : uint8_t {
  successful = 0,
  malformed_request = 1,
  internal_error = 2,
  try_later = 3,
  sig_required = 5,
  unauthorized = 6,
};
std::string_view response_status_name(ResponseStatus s);  // "tryLater"

enum class CertStatus : uint8_t { good, revoked, unknown };
std::string_view cert_status_name(CertStatus s);  // "good"

struct SingleResponse {  // §4.2.1
  CertId cert_id;
  CertStatus status = CertStatus::good;
  int64_t revocation_time = 0;        // revoked only (Unix seconds)
  std::optional<CrlReason> reason;    // revoked only, when given
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
};

class Response {
 public:
  // Parses and copies der. Only id-pkix-ocsp-basic responses are understood;
  // unknown critical extensions are refused; the embedded certificates are
  // parsed with keys (a certificate that does not parse fails the response).
  static Result<std::shared_ptr<const Response>> parse(Input der, const crypto::KeyFactory& keys);
  static Result<std::shared_ptr<const Response>> parse(Input der);  // with the OpenSSL provider's keys

  Response(const Response&) = delete;
  Response& operator=(const Response&) = delete;

  Input der() const { return der_; }

  ResponseStatus status = ResponseStatus::successful;
  // Everything below is set only when status is successful.
  Input tbs;  // the whole ResponseData TLV: the signed bytes
  SignatureAlgorithm signature_algorithm;
  Input signature;  // BIT STRING contents without the unused-bits octet
  std::optional<Name> responder_name;  // ResponderID byName, or
  std::optional<Input> responder_key_hash;  // byKey: SHA-1 of the responder's public key
  int64_t produced_at = 0;
  std::vector<SingleResponse> responses;
  std::vector<Extension> extensions;  // responseExtensions, for display
  std::optional<Input> nonce;         // id-pkix-ocsp-nonce (§4.4.1): the Nonce OCTET STRING contents
  std::vector<CertificatePtr> certs;  // the responder's certificate (and chain) when sent

  // The answer for `cert` issued by `issuer`, or nullptr.
  const SingleResponse* find(const Certificate& cert, const Certificate& issuer) const;

 private:
  Response() = default;
  std::vector<uint8_t> der_;
};

using ResponsePtr = std::shared_ptr<const Response>;

// id-pkix-ocsp-nocheck (§4.2.2.2.1) on a delegated responder certificate.
bool has_ocsp_nocheck(const Certificate& c);

}  // namespace parley::x509::ocsp
