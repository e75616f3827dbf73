// What every CA artefact shares: the signature AlgorithmIdentifier, the
// SIGNED{} wrapper (RFC 5280 §4.1.1, §5.1.1; RFC 2986 §4.2) and key identifiers.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/provider.h"
#include "der/builder.h"
#include "der/parser.h"

namespace parley::ca {

using Bytes = std::vector<uint8_t>;
using der::Input;

// The algorithm a CA (or CSR) key signs with. Decision: the widely deployed
// forms, so Java, browsers and OpenSSL all read what we issue:
// ECDSA with the curve's own hash (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512),
// Ed25519, and sha256WithRSAEncryption (PKCS#1 v1.5, which TLS 1.3 allows in
// certificates, RFC 8446 §4.2.3) for RSA keys.
crypto::SigAlg signature_algorithm_for(crypto::KeyType type);

// AlgorithmIdentifier for alg: ECDSA and Ed25519 without parameters (RFC 5758
// §3.2, RFC 8410 §3), PKCS#1 v1.5 with NULL (RFC 4055 §5), RSASSA-PSS with
// explicit hash, MGF1 and salt length (RFC 4055 §3.1).
void write_algorithm_identifier(der::Builder& b, crypto::SigAlg alg);

// SEQUENCE { tbs, AlgorithmIdentifier, BIT STRING signature }: tbs is one DER
// element (TBSCertificate, TBSCertList or CertificationRequestInfo) that was
// built with the same algorithm where it carries one.
Result<Bytes> sign_structure(const crypto::PrivateKey& key, crypto::SigAlg alg, Input tbs);

// The subjectPublicKey bits of a SubjectPublicKeyInfo TLV.
Result<Input> subject_public_key_bits(Input spki_tlv);

// Key identifier by RFC 7093 §2 method 1: the leftmost 160 bits of the SHA-256
// of the subjectPublicKey BIT STRING value (without tag, length and the
// unused-bits octet). Decision: 20 bytes like the RFC 5280 SHA-1 method, so
// tools that expect that length are happy, without SHA-1.
Result<Bytes> key_identifier(const crypto::Hash& sha256, Input spki_tlv);

}  // namespace parley::ca
