// The OCSP CertID (RFC 6960 §4.1.1): which certificate a request asks about
// and a response answers for, named by its issuer's name and key hashes and
// its serial number.
//
//   CertID ::= SEQUENCE {
//     hashAlgorithm  AlgorithmIdentifier,
//     issuerNameHash OCTET STRING, -- hash of the issuer's DN (DER)
//     issuerKeyHash  OCTET STRING, -- hash of the issuer's subjectPublicKey BIT STRING value
//     serialNumber   CertificateSerialNumber }
//
// SHA-1 (what OpenSSL and RFC 5019 clients send) and SHA-256 are understood;
// the AlgorithmIdentifier parameters may be absent or NULL (both are seen).
// A CertID owns its bytes: requests and responses are parsed into it and the
// responder keeps it in its cache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "der/builder.h"
#include "der/parser.h"
#include "x509/certificate.h"

namespace parley::x509::ocsp {

enum class CertIdHash : uint8_t { sha1, sha256 };

// "SHA-1", "SHA-256".
std::string_view cert_id_hash_name(CertIdHash h);

struct CertId {
  CertIdHash hash = CertIdHash::sha1;
  std::vector<uint8_t> issuer_name_hash;
  std::vector<uint8_t> issuer_key_hash;
  std::vector<uint8_t> serial;  // INTEGER contents, minimal DER as in the certificate

  // The CertID of `cert`, issued by `issuer` (whose key is hashed).
  static CertId of(const Certificate& cert, const Certificate& issuer, CertIdHash hash = CertIdHash::sha1);
  // Reads one CertID SEQUENCE from p. Strict: an unknown hash algorithm, a
  // hash of the wrong length, a negative or over-long serial are errors.
  static Result<CertId> read(der::Parser& p);
  void encode(der::Builder& b) const;

  // True when this CertID names `issuer` (name and key hash computed with
  // this CertID's algorithm over the issuer certificate's subject and key).
  bool names_issuer(const Certificate& issuer) const;
  // True when it names `cert` issued by `issuer`.
  bool matches(const Certificate& cert, const Certificate& issuer) const;

  // Without the issuer's key: the serial and the issuer name hash only.
  bool matches_serial_and_issuer_name(const Certificate& cert) const;

  // "serial 0a:1b, issuer name hash 5f3c…, key hash 9a01… (SHA-1)", for messages.
  std::string to_string() const;

  friend bool operator==(const CertId&, const CertId&) = default;
};

// The hash of a public key as a CertID and a ResponderID byKey use it: over
// the subjectPublicKey BIT STRING value (without tag, length and unused-bits
// octet) of an SPKI TLV. Empty when spki does not parse.
std::vector<uint8_t> public_key_hash(Input spki, CertIdHash hash);

}  // namespace parley::x509::ocsp
