// PKCS#10 certification requests (RFC 2986): strict parsing, the
// self-signature check (proof that the requester holds the private key), and
// building one.
//
//   CertificationRequest ::= SEQUENCE {
//     certificationRequestInfo  SEQUENCE { version INTEGER (0), subject Name,
//                                          subjectPKInfo SubjectPublicKeyInfo,
//                                          attributes [0] IMPLICIT SET OF Attribute },
//     signatureAlgorithm AlgorithmIdentifier, signature BIT STRING }
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "ca/names.h"
#include "crypto/provider.h"
#include "x509/certificate.h"

namespace parley::ca {

using der::Input;

struct CsrAttribute {  // Attribute ::= SEQUENCE { type OID, values SET SIZE(1..MAX) OF ANY }
  Input type;          // OID contents
  Input values;        // contents of the SET
};

class CertificationRequest {
 public:
  // Parses and copies der. Strict DER, version 0, a valid subject Name, the
  // attributes [0] present (RFC 2986 makes it mandatory, even when empty), at
  // most one extensionRequest (PKCS#9, RFC 2985 §5.4.2) holding exactly one
  // Extensions value, and nothing after the structure. The public key must be
  // one parley can use (it is loaded through keys). The signature is NOT
  // checked here: call verify_signature().
  static Result<std::shared_ptr<const CertificationRequest>> parse(Input der, const crypto::KeyFactory& keys);

  CertificationRequest(const CertificationRequest&) = delete;
  CertificationRequest& operator=(const CertificationRequest&) = delete;

  // RFC 2986 §3: the requester signed CertificationRequestInfo with the key it
  // asks to certify. Refuses weak (MD5, SHA-1) and unknown algorithms.
  Result<void> verify_signature() const;

  Input der() const { return der_; }

  Input info;  // the whole CertificationRequestInfo TLV: the signed bytes
  x509::Name subject;
  Input spki;  // the whole SubjectPublicKeyInfo TLV
  std::unique_ptr<const crypto::PublicKey> public_key;
  std::vector<CsrAttribute> attributes;
  bool has_extension_request = false;
  std::vector<x509::Extension> requested_extensions;       // from extensionRequest
  std::vector<x509::GeneralName> requested_sans;           // subjectAltName among them
  x509::SignatureAlgorithm signature_algorithm;
  Input signature;  // BIT STRING contents without the unused-bits octet

 private:
  CertificationRequest() = default;
  std::vector<uint8_t> der_;
};

using CsrPtr = std::shared_ptr<const CertificationRequest>;

// A CSR for key with the given subject Name DER (build_cn_name) and SANs in an
// extensionRequest (SAN critical when the subject is empty, RFC 5280 §4.2.1.6),
// signed with signature_algorithm_for(key.type()).
Result<std::vector<uint8_t>> build_csr(const crypto::PrivateKey& key, Input subject_name,
                                       std::span<const SanEntry> sans);

}  // namespace parley::ca
