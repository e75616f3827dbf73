// Building v2 CRLs (RFC 5280 §5): entries with reasons, the CRL number and
// authority key identifier extensions, thisUpdate/nextUpdate.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ca/issuer.h"
#include "x509/crl.h"

namespace parley::ca {

struct CrlEntry {
  std::vector<uint8_t> serial;  // magnitude bytes
  int64_t revocation_date = 0;
  x509::CrlReason reason = x509::CrlReason::unspecified;
};

struct CrlTemplate {
  uint64_t number = 1;  // cRLNumber, increasing per issuer (§5.2.3)
  int64_t this_update = 0;
  int64_t next_update = 0;
  std::vector<CrlEntry> entries;
};

// The signed CertificateList DER. revokedCertificates is omitted when there
// are no entries (§5.1.2.6); a reasonCode entry extension is written unless
// the reason is unspecified (§5.3.1: SHOULD be absent then).
Result<std::vector<uint8_t>> build_crl(const CrlTemplate& t, const IssuerIdentity& issuer);

// "keyCompromise" -> CrlReason (the RFC 5280 names; removeFromCRL is refused:
// parley does not issue delta CRLs).
std::optional<x509::CrlReason> crl_reason_from_name(std::string_view name);

}  // namespace parley::ca
