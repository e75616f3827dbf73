#include "ca/ocsp/response_builder.h"

#include "ca/signing.h"
#include "der/builder.h"
#include "der/oid.h"

namespace parley::ca::ocsp {
namespace {

// CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT NULL }
// RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
void write_cert_status(der::Builder& b, const SingleAnswer& a) {
  switch (a.status) {
    case CertStatus::good: b.implicit(der::context(0), {}); break;
    case CertStatus::unknown: b.implicit(der::context(2), {}); break;
    case CertStatus::revoked: {
      auto info = b.constructed(der::context_constructed(1));
      b.generalized_time(a.revocation_time);
      if (a.reason && *a.reason != x509::CrlReason::unspecified) {
        auto reason = b.constructed(der::context_constructed(0));
        b.enumerated(static_cast<int64_t>(*a.reason));
      }
      break;
    }
  }
}

// SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate GeneralizedTime,
//                               nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] OPTIONAL }
void write_single(der::Builder& b, const SingleAnswer& a) {
  auto single = b.sequence();
  a.cert_id.encode(b);
  write_cert_status(b, a);
  b.generalized_time(a.this_update);
  if (a.next_update) {
    auto next = b.constructed(der::context_constructed(0));
    b.generalized_time(*a.next_update);
  }
}

// ResponseData ::= SEQUENCE { version [0] DEFAULT v1 (omitted), responderID, producedAt, responses,
//                             responseExtensions [1] EXPLICIT Extensions OPTIONAL }
Result<std::vector<uint8_t>> build_tbs(const BasicResponseTemplate& t) {
  auto key_hash = x509::ocsp::public_key_hash(t.responder_spki, x509::ocsp::CertIdHash::sha1);
  if (key_hash.empty()) return err::api("OCSP response: the responder's SubjectPublicKeyInfo does not parse");
  der::Builder b;
  {
    auto data = b.sequence();
    {  // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }; KeyHash ::= OCTET STRING (SHA-1)
      auto by_key = b.constructed(der::context_constructed(2));
      b.octet_string(key_hash);
    }
    b.generalized_time(t.produced_at);
    {
      auto responses = b.sequence();
      for (const auto& a : t.answers) write_single(b, a);
    }
    if (t.nonce) {
      auto explicit_exts = b.constructed(der::context_constructed(1));
      auto exts = b.sequence();
      auto ext = b.sequence();
      b.oid(der::kOcspNonce);
      auto value = b.octet_string_scope();
      b.octet_string(*t.nonce);
    }
  }
  return std::move(b).finish();
}

}  // namespace

Result<std::vector<uint8_t>> build_response(const BasicResponseTemplate& t, const crypto::PrivateKey& key) {
  if (t.answers.empty()) return err::api("OCSP response: no answers");
  auto tbs = PARLEY_TRY(build_tbs(t));
  const crypto::SigAlg alg = signature_algorithm_for(key.type());
  auto signature = PARLEY_TRY(key.sign(alg, tbs));
  der::Builder b;
  {
    auto response = b.sequence();
    b.enumerated(static_cast<int64_t>(ResponseStatus::successful));
    auto explicit_bytes = b.constructed(der::context_constructed(0));
    auto bytes = b.sequence();
    b.oid(der::kOcspBasic);
    auto octets = b.octet_string_scope();
    // BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature BIT STRING,
    //                                  certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
    auto basic = b.sequence();
    b.raw(tbs);
    write_algorithm_identifier(b, alg);
    b.bit_string(signature);
    if (!t.certificates.empty()) {
      auto explicit_certs = b.constructed(der::context_constructed(0));
      auto certs = b.sequence();
      for (const auto& c : t.certificates) b.raw(c);
    }
  }
  return std::move(b).finish();
}

std::vector<uint8_t> build_error_response(ResponseStatus status) {
  // SEQUENCE { ENUMERATED status }: five octets, nothing that can fail.
  return {0x30, 0x03, 0x0a, 0x01, static_cast<uint8_t>(status)};
}

}  // namespace parley::ca::ocsp
