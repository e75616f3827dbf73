// Extension parsers (RFC 5280 §4.2). Each takes the contents of the extnValue
// OCTET STRING and checks it strictly: the whole value is consumed, DEFAULT
// values are not encoded, SIZE (1..MAX) lists are non-empty.
#pragma once

#include <string>
#include <vector>

#include "x509/certificate.h"

namespace parley::x509 {

// Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension, given the SEQUENCE TLV.
// critical DEFAULT FALSE must not be encoded as FALSE; an OID appearing twice
// is an error (§4.2). What the extensions mean is left to the caller.
Result<std::vector<Extension>> parse_extension_list(Input tlv);

// §4.2.1.9. cA DEFAULT FALSE encoded as FALSE is a DER violation. A
// pathLenConstraint is recorded as found, even without cA (validation decides).
Result<BasicConstraints> parse_basic_constraints(Input value);
// §4.2.1.3: a non-empty BIT STRING with at least one bit set, as KeyUsageBit.
// Trailing zero bits (a non-minimal named bit list) are tolerated.
Result<uint16_t> parse_key_usage(Input value);
// §4.2.1.12: SEQUENCE SIZE (1..MAX) OF KeyPurposeId.
Result<std::vector<Input>> parse_ext_key_usage(Input value);
// §4.2.1.6: GeneralNames, non-empty.
Result<std::vector<GeneralName>> parse_subject_alt_name(Input value);
// §4.2.1.10: at least one of permitted/excluded, each non-empty; minimum and
// maximum absent (minimum DEFAULT 0 must not be encoded).
Result<NameConstraints> parse_name_constraints(Input value);
// §4.2.1.1
Result<AuthorityKeyIdentifier> parse_authority_key_id(Input value);
// §4.2.1.2: KeyIdentifier ::= OCTET STRING
Result<Input> parse_subject_key_id(Input value);
// §4.2.1.13: the URIs of every fullName; other forms are checked and skipped.
Result<std::vector<std::string>> parse_crl_distribution_points(Input value);
// DistributionPointName (the contents of [0] in a DistributionPoint or IDP): fullName URIs.
Result<std::vector<std::string>> parse_distribution_point_name(Input explicit_contents);

struct AuthorityInfoAccess {  // §4.2.2.1
  std::vector<std::string> ocsp;
  std::vector<std::string> ca_issuers;
};
Result<AuthorityInfoAccess> parse_authority_info_access(Input value);
// §4.2.1.4: the policy OIDs (each at most once); qualifiers are checked for
// shape (SEQUENCE { OID, ANY }) and skipped.
Result<std::vector<Input>> parse_certificate_policies(Input value);

// RFC 7633 §4: Features ::= SEQUENCE OF INTEGER (TLS extension code points,
// each 0..65535), non-empty, without duplicates.
Result<std::vector<uint16_t>> parse_tls_feature(Input value);

// Names for display.
std::vector<std::string> key_usage_names(uint16_t bits);  // "digitalSignature", ...

}  // namespace parley::x509
