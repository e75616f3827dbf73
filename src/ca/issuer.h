// Building and signing certificates (RFC 5280 §4.1): the TBSCertificate of a
// profile (profile.h) for a subject key, signed by an issuer's key.
//
// Every certificate is v3 with: a 16-byte random serial (serial.h); the
// subject's SKI by RFC 7093 §2 method 1 (signing.h) and the issuer's SKI as
// AKI keyIdentifier (root included, so chain builders find it the same way);
// basicConstraints, keyUsage and EKU by profile; for leaves the SANs as
// requested (critical when the subject is empty, §4.2.1.6), and the CRL
// distribution point and OCSP URL (AIA) when the CA config names them, and
// the TLS Feature status_request (must-staple, RFC 7633) when asked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ca/names.h"
#include "ca/profile.h"
#include "crypto/provider.h"

namespace parley::ca {

// Name constraints for a CA certificate (RFC 5280 §4.2.1.10). IP entries hold
// address then mask (8 or 32 octets), as the extension encodes them.
struct NameConstraintsSpec {
  std::vector<SanEntry> permitted;
  std::vector<SanEntry> excluded;
  bool empty() const { return permitted.empty() && excluded.empty(); }
};

struct CertificateTemplate {
  Profile profile = Profile::server;
  std::vector<uint8_t> serial;   // magnitude bytes (random_serial)
  std::vector<uint8_t> subject;  // Name DER
  std::vector<uint8_t> spki;     // SubjectPublicKeyInfo DER
  std::vector<SanEntry> sans;    // leaves
  int64_t not_before = 0;        // Unix seconds
  int64_t not_after = 0;
  NameConstraintsSpec name_constraints;  // CA profiles only
  std::optional<std::string> crl_url;    // cRLDistributionPoints fullName URI
  std::optional<std::string> ocsp_url;   // authorityInfoAccess id-ad-ocsp
  bool must_staple = false;              // TLS Feature status_request (RFC 7633), leaves
};

// Who signs: the issuer's subject Name DER, its SKI and its key. For a
// self-signed root, the root's own.
struct IssuerIdentity {
  std::vector<uint8_t> subject;
  std::vector<uint8_t> key_id;
  const crypto::PrivateKey* key = nullptr;
};

// The signed certificate DER. Checks the template against the profile (SANs
// present for leaves, none for CAs; not_before < not_after).
Result<std::vector<uint8_t>> build_certificate(const CertificateTemplate& t, const IssuerIdentity& issuer,
                                               const crypto::Hash& sha256);

// Name constraints that keep a CA inside DNS domains: permitted dNSName D,
// URI D and .D (hosts within D), rfc822Name D and .D (mailboxes within D) for
// each D, and excluded iPAddress 0.0.0.0/0 and ::/0. Decision: a dNSName-only
// constraint leaves the other forms unconstrained (§4.2.1.10 applies a
// subtree only to names of its own form), so without the exclusion a CA
// "limited to example.internal" could still issue for any IP address.
NameConstraintsSpec dns_only_constraints(const std::vector<std::string>& domains);

}  // namespace parley::ca
