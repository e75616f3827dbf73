// A certificate revocation list (RFC 5280 §5), parsed once, strictly, into views.
//
// Same shape as Certificate: the Crl owns its DER buffer, every Input points
// into it, and CRLs are shared as shared_ptr<const Crl>. Parsing checks the
// structure only; the signature, the issuer and the scope are for the
// revocation check in validation.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "der/parser.h"
#include "x509/certificate.h"

namespace parley::x509 {

// CRLReason (RFC 5280 §5.3.1); the wire value of the ENUMERATED. 7 is unused
// and rejected.
enum class CrlReason : uint8_t {
  unspecified = 0,
  key_compromise = 1,
  ca_compromise = 2,
  affiliation_changed = 3,
  superseded = 4,
  cessation_of_operation = 5,
  certificate_hold = 6,
  remove_from_crl = 8,
  privilege_withdrawn = 9,
  aa_compromise = 10,
};

// "keyCompromise", as RFC 5280 spells it.
std::string_view crl_reason_name(CrlReason r);

struct RevokedCertificate {  // one revokedCertificates entry
  Input serial;                         // INTEGER contents, as Certificate::serial
  int64_t revocation_date = 0;          // Unix seconds
  std::optional<CrlReason> reason;      // reasonCode entry extension
  std::optional<int64_t> invalidity_date;  // invalidityDate entry extension
};

// IssuingDistributionPoint (RFC 5280 §5.2.5).
struct IssuingDistributionPoint {
  std::vector<std::string> uris;  // fullName URIs of distributionPoint
  bool only_user_certs = false;
  bool only_ca_certs = false;
  bool only_some_reasons = false;  // onlySomeReasons present: a partitioned CRL
  bool indirect = false;
  bool only_attribute_certs = false;
};

class Crl {
 public:
  // Parses and copies der. Strict DER; v2, or v1 only without any
  // extensions; outer and inner signature algorithms must match; unknown
  // critical CRL or entry extensions, duplicate extensions and reason code 7
  // are rejected. Entries need not be sorted.
  static Result<std::shared_ptr<const Crl>> parse(Input der);

  Crl(const Crl&) = delete;
  Crl& operator=(const Crl&) = delete;

  Input der() const { return der_; }

  // TBSCertList (RFC 5280 §5.1.2)
  Input tbs;        // the whole TBSCertList TLV: the signed bytes
  int version = 2;  // 1 or 2
  SignatureAlgorithm signature_algorithm;
  Name issuer;
  int64_t this_update = 0;             // Unix seconds
  std::optional<int64_t> next_update;  // Unix seconds
  std::vector<RevokedCertificate> revoked;
  Input signature;  // BIT STRING contents without the unused-bits octet

  // CRL extensions (RFC 5280 §5.2)
  std::vector<Extension> extensions;  // all of them, in order, for display
  std::optional<Input> crl_number;    // INTEGER contents (up to 20 octets)
  std::optional<AuthorityKeyIdentifier> authority_key_id;
  std::optional<IssuingDistributionPoint> issuing_distribution_point;
  bool delta_crl = false;  // deltaCRLIndicator present (validation refuses delta CRLs)

  // The entry for a certificate serial (INTEGER contents, compared as
  // numbers: a leading 00 pad is ignored), or nullptr.
  const RevokedCertificate* find(Input serial) const;

 private:
  Crl() = default;
  std::vector<uint8_t> der_;
  std::vector<size_t> index_;  // positions in revoked, sorted by serial value
};

using CrlPtr = std::shared_ptr<const Crl>;

}  // namespace parley::x509
