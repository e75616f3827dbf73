// Signature AlgorithmIdentifiers (RFC 5280 §4.1.1.2) mapped onto crypto::SigAlg.
#pragma once

#include "x509/certificate.h"

namespace parley::x509 {

// Parses one AlgorithmIdentifier TLV. Only a malformed AlgorithmIdentifier
// (not a SEQUENCE of an OID and at most one parameters element) is an error; an
// algorithm parley does not verify, or known OIDs with parameters the RFCs
// forbid, yield alg == nullopt and a name that says why:
//   sha{256,384,512}WithRSAEncryption: parameters MUST be NULL (RFC 4055 §5);
//     absent parameters are refused (strict reading).
//   RSASSA-PSS (RFC 4055 §3.1): hash SHA-256/384/512, MGF1 with the same hash,
//     saltLength equal to the hash length, trailerField omitted (DEFAULT 1).
//   ecdsa-with-SHA{256,384,512} (RFC 5758 §3.2) and Ed25519 (RFC 8410 §3):
//     parameters MUST be absent.
//   md5/sha1WithRSAEncryption, ecdsa-with-SHA1: weak = true.
Result<SignatureAlgorithm> parse_signature_algorithm(Input tlv);

}  // namespace parley::x509
