#include "x509/ocsp/response.h"

#include "der/oid.h"
#include "der/time.h"
#include "x509/algorithm.h"
#include "x509/extensions.h"
#include "x509/name.h"

namespace parley::x509::ocsp {
namespace {

// §4.4.1 and RFC 8954 §2.1: Nonce ::= OCTET STRING (SIZE(1..32)), inside the
// extnValue. Older responders echo up to 128 octets; more is refused.
constexpr size_t kMaxNonce = 128;

Result<ResponseStatus> parse_status(Input v) {
  uint64_t code = PARLEY_TRY(der::parse_uint64(v));
  switch (code) {
    case 0: return ResponseStatus::successful;
    case 1: return ResponseStatus::malformed_request;
    case 2: return ResponseStatus::internal_error;
    case 3: return ResponseStatus::try_later;
    case 5: return ResponseStatus::sig_required;
    case 6: return ResponseStatus::unauthorized;
    default: return err::decode("OCSP: invalid responseStatus", std::to_string(code));
  }
}

// RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
Result<void> parse_revoked_info(der::Parser& info, SingleResponse& r) {
  r.revocation_time = PARLEY_TRY(der::parse_generalized_time(PARLEY_TRY(info.read(der::kGeneralizedTime))));
  auto reason = PARLEY_TRY(info.read_optional_constructed(der::context_constructed(0)));
  if (reason) {
    Input v = PARLEY_TRY(reason->read(der::kEnumerated));
    PARLEY_TRY(reason->expect_end());
    uint64_t code = PARLEY_TRY(der::parse_uint64(v));
    if (code == 7 || code > 10) return err::decode("OCSP: invalid revocationReason", std::to_string(code));
    r.reason = static_cast<CrlReason>(code);
  }
  return info.expect_end();
}

// Extensions under an EXPLICIT [n]: unknown critical ones are refused.
Result<std::vector<Extension>> read_extensions(der::Parser& p, uint8_t n, const char* where) {
  auto wrapper = PARLEY_TRY(p.read_optional_constructed(der::context_constructed(n)));
  if (!wrapper) return std::vector<Extension>{};
  Input list = PARLEY_TRY(wrapper->read_raw(der::kSequence));
  PARLEY_TRY(wrapper->expect_end());
  auto exts = PARLEY_TRY(parse_extension_list(list));
  for (const auto& e : exts) {
    if (e.critical && !der::equal(e.oid, der::kOcspNonce)) {
      return err::decode(where, "unknown critical extension " + der::oid_name(e.oid));
    }
  }
  return exts;
}

// SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate, nextUpdate [0] EXPLICIT OPTIONAL,
//                               singleExtensions [1] EXPLICIT OPTIONAL }
Result<SingleResponse> parse_single(der::Parser& list) {
  auto seq = PARLEY_TRY(list.read_sequence());
  SingleResponse r;
  r.cert_id = PARLEY_TRY(CertId::read(seq));
  // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
  auto status = PARLEY_TRY(seq.read_element());
  if (status.tag == der::context(0) || status.tag == der::context(2)) {
    if (!status.value.empty()) return err::decode("OCSP: certStatus good/unknown must be an empty NULL");
    r.status = status.tag == der::context(0) ? CertStatus::good : CertStatus::unknown;
  } else if (status.tag == der::context_constructed(1)) {
    r.status = CertStatus::revoked;
    der::Parser info(status.value);
    PARLEY_TRY(parse_revoked_info(info, r));
  } else {
    return err::decode("OCSP: certStatus is not good [0], revoked [1] or unknown [2]");
  }
  r.this_update = PARLEY_TRY(der::parse_generalized_time(PARLEY_TRY(seq.read(der::kGeneralizedTime))));
  auto next = PARLEY_TRY(seq.read_optional_constructed(der::context_constructed(0)));
  if (next) {
    r.next_update = PARLEY_TRY(der::parse_generalized_time(PARLEY_TRY(next->read(der::kGeneralizedTime))));
    PARLEY_TRY(next->expect_end());
  }
  PARLEY_TRY(read_extensions(seq, 1, "OCSP singleExtensions"));
  PARLEY_TRY(seq.expect_end());
  return r;
}

Result<Input> parse_nonce(const Extension& e) {
  der::Parser p(e.value);
  Input nonce = PARLEY_TRY(p.read(der::kOctetString));
  PARLEY_TRY(p.expect_end());
  if (nonce.empty() || nonce.size() > kMaxNonce) {
    return err::decode("OCSP nonce: size out of range", "expected 1.." + std::to_string(kMaxNonce) + " octets, found " +
                                                            std::to_string(nonce.size()));
  }
  return nonce;
}

}  // namespace

std::string_view response_status_name(ResponseStatus s) {
  switch (s) {
    case ResponseStatus::successful: return "successful";
    case ResponseStatus::malformed_request: return "malformedRequest";
    case ResponseStatus::internal_error: return "internalError";
    case ResponseStatus::try_later: return "tryLater";
    case ResponseStatus::sig_required: return "sigRequired";
    case ResponseStatus::unauthorized: return "unauthorized";
  }
  return "unknown";
}

std::string_view cert_status_name(CertStatus s) {
  switch (s) {
    case CertStatus::good: return "good";
    case CertStatus::revoked: return "revoked";
    case CertStatus::unknown: return "unknown";
  }
  return "unknown";
}

Result<std::shared_ptr<const Response>> Response::parse(Input der) {
  return parse(der, *crypto::openssl_provider().keys);
}

Result<std::shared_ptr<const Response>> Response::parse(Input der, const crypto::KeyFactory& keys) {
  if (der.size() > kMaxResponseSize) {
    return err::decode("OCSP response: too large", std::to_string(der.size()) + " bytes, at most " +
                                                       std::to_string(kMaxResponseSize) + " accepted");
  }
  std::shared_ptr<Response> r(new Response());
  r->der_.assign(der.begin(), der.end());

  der::Parser top(r->der_);
  auto outer = PARLEY_TRY(top.read_sequence());
  if (top.has_more()) return err::decode("OCSP response: trailing data after the OCSPResponse");
  r->status = PARLEY_TRY(parse_status(PARLEY_TRY(outer.read(der::kEnumerated))));
  auto bytes = PARLEY_TRY(outer.read_optional_constructed(der::context_constructed(0)));
  PARLEY_TRY(outer.expect_end());
  if (r->status != ResponseStatus::successful) {
    // §4.2.1: responseBytes only with a successful status.
    if (bytes) return err::decode("OCSP response: responseBytes with an unsuccessful status");
    return std::shared_ptr<const Response>(std::move(r));
  }
  if (!bytes) return err::decode("OCSP response: successful without responseBytes");
  auto rb = PARLEY_TRY(bytes->read_sequence());
  PARLEY_TRY(bytes->expect_end());
  Input type = PARLEY_TRY(rb.read(der::kOid));
  Input body = PARLEY_TRY(rb.read(der::kOctetString));
  PARLEY_TRY(rb.expect_end());
  if (!der::equal(type, der::kOcspBasic)) {
    return err::decode("OCSP response: responseType is not id-pkix-ocsp-basic", der::oid_name(type));
  }

  der::Parser basic_outer(body);
  auto basic = PARLEY_TRY(basic_outer.read_sequence());
  PARLEY_TRY(basic_outer.expect_end());
  r->tbs = PARLEY_TRY(basic.read_raw(der::kSequence));
  r->signature_algorithm = PARLEY_TRY(parse_signature_algorithm(PARLEY_TRY(basic.read_raw(der::kSequence))));
  r->signature = PARLEY_TRY(der::parse_bit_string_bytes(PARLEY_TRY(basic.read(der::kBitString))));
  auto certs = PARLEY_TRY(basic.read_optional_constructed(der::context_constructed(0)));
  PARLEY_TRY(basic.expect_end());
  if (certs) {
    auto list = PARLEY_TRY(certs->read_sequence());
    PARLEY_TRY(certs->expect_end());
    while (list.has_more()) {
      if (r->certs.size() == kMaxCertificates) {
        return err::decode("OCSP response: too many certificates", "at most " + std::to_string(kMaxCertificates));
      }
      Input cert_der = PARLEY_TRY(list.read_raw(der::kSequence));
      auto cert = Certificate::parse(cert_der, keys);
      if (!cert) return err::decode("OCSP response: an embedded certificate does not parse", cert.error().message());
      r->certs.push_back(std::move(*cert));
    }
  }

  der::Parser tbs_outer(r->tbs);
  auto tbs = PARLEY_TRY(tbs_outer.read_sequence());
  auto version = PARLEY_TRY(tbs.read_optional_constructed(der::context_constructed(0)));
  if (version) {
    // DEFAULT v1 (0): DER forbids encoding it, and no other version exists.
    return err::decode("OCSP ResponseData: version must be omitted (v1 is the DEFAULT)");
  }
  // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash } (EXPLICIT tags).
  auto responder = PARLEY_TRY(tbs.read_element());
  der::Parser rid(responder.value);
  if (responder.tag == der::context_constructed(1)) {
    r->responder_name = PARLEY_TRY(parse_name(PARLEY_TRY(rid.read_raw(der::kSequence))));
  } else if (responder.tag == der::context_constructed(2)) {
    Input hash = PARLEY_TRY(rid.read(der::kOctetString));
    if (hash.size() != 20) return err::decode("OCSP ResponderID byKey: not a 20-octet SHA-1 hash");
    r->responder_key_hash = hash;
  } else {
    return err::decode("OCSP ResponseData: responderID is not byName [1] or byKey [2]");
  }
  PARLEY_TRY(rid.expect_end());
  r->produced_at = PARLEY_TRY(der::parse_generalized_time(PARLEY_TRY(tbs.read(der::kGeneralizedTime))));
  auto list = PARLEY_TRY(tbs.read_sequence());
  while (list.has_more()) {
    if (r->responses.size() == kMaxSingleResponses) {
      return err::decode("OCSP response: too many SingleResponses", "at most " + std::to_string(kMaxSingleResponses));
    }
    r->responses.push_back(PARLEY_TRY(parse_single(list)));
  }
  if (r->responses.empty()) return err::decode("OCSP response: no SingleResponse");
  r->extensions = PARLEY_TRY(read_extensions(tbs, 1, "OCSP responseExtensions"));
  PARLEY_TRY(tbs.expect_end());
  PARLEY_TRY(tbs_outer.expect_end());
  for (const auto& e : r->extensions) {
    if (der::equal(e.oid, der::kOcspNonce)) r->nonce = PARLEY_TRY(parse_nonce(e));
  }
  return std::shared_ptr<const Response>(std::move(r));
}

const SingleResponse* Response::find(const Certificate& cert, const Certificate& issuer) const {
  for (const auto& single : responses) {
    if (single.cert_id.matches(cert, issuer)) return &single;
  }
  return nullptr;
}

bool has_ocsp_nocheck(const Certificate& c) {
  for (const auto& e : c.extensions) {
    if (der::equal(e.oid, der::kOcspNoCheck)) return true;
  }
  return false;
}

}  // namespace parley::x509::ocsp
